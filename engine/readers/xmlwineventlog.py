"""Read Splunk's XmlWinEventLog records, the format of Sysmon logs exported from Splunk.

Splunk's Windows add-on indexes each Windows event log record (Sysmon, Security, ...) as one
`<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">` document, usually one per
line; a record spans several lines when a value holds a newline (a multi-line command line). At
search time the add-on names the `<System>` header values EventID (alias EventCode), Computer,
EventRecordID (alias RecordNumber), the Provider's Name and Guid, and so on, and makes each
`<EventData><Data Name="X">` a field X. This module gives each record the same fields, plus
`_time`, `_raw`, `source`, `sourcetype` and `host`.

Logs are large and sometimes damaged, so the file is read line by line and parsed one record at a
time. A record begins at an `<Event` start tag at the start of a line and ends on the line holding
`</Event>`. A broken record (not XML, cut off, not UTF-8, without a time) is reported to the
diagnostics and skipped, and the records around it are still read.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, NamedTuple

from lxml import etree

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers.encoding import open_utf8
from engine.readers.isotime import iso_epoch

SOURCETYPE = "XmlWinEventLog"
# Sysmon for Linux writes the same XML to syslog; Splunk's Linux add-on indexes it under this
# source and sourcetype, which security_content's `sysmon` macro looks for.
LINUX_SYSMON = ("Linux-Sysmon/Operational", "Syslog:Linux-Sysmon/Operational", "sysmon:linux")

_START = b"<Event"
_END = b"</Event>"
_AFTER_START = {b" ", b"\t", b"\r", b"\n", b">"}  # what may follow `<Event` in its start tag
_TRUNCATED = "truncated record (no </Event>)"
_STRAY = "text outside any <Event> record"

# <System> child -> (fields named for its text, its attributes kept as fields). The second text
# name is the alias Splunk's Windows add-on adds.
SYSTEM_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Provider": ((), ("Name", "Guid")),
    "EventID": (("EventID", "EventCode"), ()),
    "Version": (("Version",), ()),
    "Level": (("Level",), ()),
    "Task": (("Task",), ()),
    "Opcode": (("Opcode",), ()),
    "Keywords": (("Keywords",), ()),
    "TimeCreated": ((), ("SystemTime",)),
    "EventRecordID": (("EventRecordID", "RecordNumber"), ()),
    "Execution": ((), ("ProcessID", "ThreadID")),
    "Channel": (("Channel",), ()),
    "Computer": (("Computer",), ()),
    "Security": ((), ("UserID",)),
}


class _Tags(NamedTuple):
    """Element tags as lxml spells them in one namespace ("{uri}", or "" for none)."""

    system: str
    event_data: str
    user_data: str
    system_children: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


class BadRecord(Exception):
    """A record that cannot be read; the message is the reason reported. The EVTX and JSON
    readers raise it too."""


def read_xmlwineventlog(path: Path, diagnostics: Diagnostics,
                        records: RecordFilter | None = None) -> Iterator[dict[str, object]]:
    """The events of one XmlWinEventLog file, read lazily; broken records go to `diagnostics`.
    A record whose bytes `records` rejects cannot match the search: it is counted as read but
    not parsed (so a record among them that is well delimited but not XML goes unreported;
    one that is cut off, or text outside records, is still reported)."""
    with open_utf8(path) as stream:  # UTF-8, or UTF-16 by its byte order mark
        yield from read_stream(stream, str(path), diagnostics, records)


def read_stream(stream: BinaryIO, source: str, diagnostics: Diagnostics,
                records: RecordFilter | None = None, stop: int | None = None,
                first_line: int = 1) -> Iterator[dict[str, object]]:
    """The events in UTF-8 bytes read from `stream` (from where it stands, up to the offset
    `stop` if given: a record boundary), whose first line is line `first_line` of `source`.
    Bytes in, so that a decoding step (another encoding) can sit in front."""
    for line, record in _wanted_records(_blocks(stream, stop), source, diagnostics, records,
                                        first_line):
        yield from _events(record, line, source, diagnostics)


_BLOCK = 1 << 18  # bytes read at a time; the prefilter looks for literals in a block at once


def _blocks(stream: BinaryIO, stop: int | None = None) -> Iterator[bytes]:
    """The stream's bytes in blocks of whole lines (each ends with a newline, but the last
    one of the file may not), about _BLOCK bytes each or one long line."""
    left = None if stop is None else stop - stream.tell()
    rest: list[bytes] = []
    while True:
        size = _BLOCK if left is None else min(_BLOCK, left)
        data = stream.read(size) if size > 0 else b""
        if left is not None:
            left -= len(data)
        if not data:
            if rest:
                yield b"".join(rest)
            return
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest.append(data)  # a line longer than a block: keep it whole
            continue
        rest.append(data[:cut])
        yield b"".join(rest)
        rest = [data[cut:]] if cut < len(data) else []


def _wanted_records(blocks: Iterable[bytes], source: str, diagnostics: Diagnostics,
                    records: RecordFilter | None, first_line: int) -> Iterator[tuple[int, bytes]]:
    """Each record that `records` accepts (all, without it) as (its first line, its bytes).

    A block in which every line is one whole record (as Splunk writes them) is split and
    prefiltered in bulk: the literals are looked for in the whole block, lower-cased once, and
    only the lines around hits are cut out and tested. Any other block (a record over several
    lines, a record cut off, text outside records) goes line by line through _Splitter, which
    reports what is broken."""
    splitter = _Splitter(source, diagnostics, first_line)
    for block in blocks:
        diagnostics.bytes_read[source] += len(block)
        lines = _records_in(block) if splitter.idle() else 0
        if not lines:
            for line, record in splitter.feed(_lines(block)):
                if records is None or records.accepts(record):
                    yield line, record
                else:
                    diagnostics.records_read[source] += 1
            continue
        line = splitter.line
        splitter.line += lines
        if records is None:
            for number, record in enumerate(block.split(b"\n")[:-1], start=line):
                yield number, record.rstrip()
            continue
        rejected = lines
        counted = 0  # line has been counted up to this offset
        lower = block.lower()
        anchor, unsafe = records.needles(block)
        for start, end in _hit_lines(lower, anchor + unsafe):
            line += block.count(b"\n", counted, start)
            counted = start
            if records.holds(lower[start:end]) if not unsafe else \
                    records.accepts(block[start:end]):
                rejected -= 1
                yield line, block[start:end].rstrip()
        diagnostics.records_read[source] += rejected
    splitter.finish()


def _records_in(block: bytes) -> int:
    """The number of lines in `block` if every one starts with `<Event ` and ends with
    `</Event>` and a newline (then _Splitter, idle, would give each line as one record and
    report nothing, so the lines can be taken as records without it); else 0."""
    if not block.startswith(b"<Event "):
        return 0
    lines = block.count(b"\n")
    for end in (b"</Event>\n", b"</Event>\r\n"):
        if block.endswith(end) and block.count(end + b"<Event ") == lines - 1:
            return lines
    return 0


def _hit_lines(lower: bytes, needles: tuple[bytes, ...]) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of the lower-cased block holding one of `needles`, in order."""
    starts: set[int] = set()
    for needle in needles:
        pos = lower.find(needle)
        while pos != -1:
            starts.add(lower.rfind(b"\n", 0, pos) + 1)
            pos = lower.find(needle, lower.find(b"\n", pos) + 1)
    for start in sorted(starts):
        yield start, lower.find(b"\n", start)


def _lines(block: bytes) -> list[bytes]:
    """The lines of `block`, each with its newline (the file's last may lack one), as reading
    the file line by line gives them."""
    lines = [line + b"\n" for line in block.split(b"\n")]
    last = lines.pop()
    if last != b"\n":
        lines.append(last[:-1])
    return lines


class _Splitter:
    """Cuts lines into records, reporting what is broken: each record as (number of its first
    line, its bytes from `<Event` through `</Event>`).

    A record still open when the next one begins, or when the file ends, is reported as truncated;
    text outside records is reported once per run of such lines (blank lines are ignored). It
    is fed a file's lines in runs and keeps its state from one run to the next.
    """

    def __init__(self, source: str, diagnostics: Diagnostics, first_line: int = 1) -> None:
        self.source, self.diagnostics = source, diagnostics
        self.line = first_line  # the number of the next line fed
        self.pending: list[bytes] = []  # lines of the open record
        self.start = 0  # the line where it began
        self.in_stray = False  # within a run of stray text, already reported

    def idle(self) -> bool:
        """Whether no record is open and no run of stray text goes on."""
        return not self.pending and not self.in_stray

    def feed(self, lines: list[bytes]) -> Iterator[tuple[int, bytes]]:
        pending, diagnostics, source = self.pending, self.diagnostics, self.source
        for number, line in enumerate(lines, start=self.line):
            if pending and _starts_record(line):
                diagnostics.skip(source, self.start, _TRUNCATED)
                pending.clear()
            if not pending:
                offset = _find_start(line)
                if _is_text(line if offset == -1 else line[:offset]):
                    if not self.in_stray:
                        diagnostics.skip(source, number, _STRAY)
                    self.in_stray = True
                if offset == -1:
                    continue
                self.in_stray, self.start, line = False, number, line[offset:]
            pending.append(line)
            if _END in line:
                yield self.start, b"".join(pending).rstrip()
                pending.clear()
        self.line += len(lines)

    def finish(self) -> None:
        if self.pending:
            self.diagnostics.skip(self.source, self.start, _TRUNCATED)
            self.pending.clear()


def find_record_start(stream: BinaryIO, offset: int) -> int | None:
    """The offset of the first line at or after `offset` that begins with an `<Event` start
    tag, or None: where a part of the file may begin (reading from there, the splitter is in
    the state it would be in after reading everything before, but for line numbers)."""
    stream.seek(max(offset - 1, 0))
    base, carry = stream.tell(), b""
    while block := stream.read(1 << 20):
        data = carry + block
        pos = 0
        while (pos := data.find(b"\n" + _START, pos)) != -1:
            if pos + 8 > len(data):
                break  # the byte after `<Event` is in the next block
            if data[pos + 7 : pos + 8] in _AFTER_START:
                return base + pos + 1
            pos += 1
        keep = min(len(data), 7)
        base, carry = base + len(data) - keep, data[-keep:]
    return None


def _is_text(outside: bytes) -> bool:
    """Whether bytes outside records hold anything but blanks and byte order marks (Windows tools
    write one at the start of a file, so concatenated files hold several)."""
    return bool(outside.replace(codecs.BOM_UTF8, b"").strip())


def _starts_record(line: bytes) -> bool:
    head = line.lstrip()
    return head.startswith(_START) and head[6:7] in _AFTER_START


def _find_start(data: bytes, pos: int = 0) -> int:
    """The offset of the first `<Event` start tag (not `<EventData>` and the like) at or after
    `pos`, or -1."""
    while (pos := data.find(_START, pos)) != -1:
        if data[pos + 6 : pos + 7] in _AFTER_START:
            return pos
        pos += len(_START)
    return -1


def _events(
    record: bytes, line: int, source: str, diagnostics: Diagnostics
) -> Iterator[dict[str, object]]:
    """The event in one record. When it cannot be read but holds another `<Event` start tag (a
    record cut off and the next one written on the same line), each part is read on its own."""
    while True:
        try:
            event = event_from_record(record)
        except BadRecord as problem:
            nested = _find_start(record, 1)
            if nested == -1:
                diagnostics.skip(source, line, str(problem))
                return
            head = record[:nested].rstrip()  # holds no second `<Event`: recursion stops there
            if _END in head:
                yield from _events(head, line, source, diagnostics)
            else:
                diagnostics.skip(source, line, _TRUNCATED)
            line += record.count(b"\n", 0, nested)
            record = record[nested:]
        else:
            diagnostics.records_read[source] += 1
            yield event
            return


def event_from_record(record: bytes) -> dict[str, object]:
    """The fields of one record, `<Event` through `</Event>`; raises BadRecord when it cannot be
    read. The EVTX reader and the JSON reader call it too, for the XML they hold."""
    try:
        raw = record.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = record[error.start]
        raise BadRecord(f"not valid UTF-8 (byte 0x{byte:02x} at offset {error.start})") from None
    try:
        root = etree.fromstring(record)
    except etree.XMLSyntaxError as error:
        raise BadRecord(f"malformed XML: {error.msg}") from None
    system, data = _sections(root)
    return event_from_fields(system, data, raw)


def event_from_fields(system: dict[str, str], data: dict[str, str], raw: str) -> dict[str, object]:
    """The event of a record whose `<System>` fields (named as in SYSTEM_FIELDS) and
    `<EventData>`/`<UserData>` fields are known: these, `_time`, `_raw`, `source`, `sourcetype`
    and `host`. The JSON reader calls it for records it reads from JSON rather than XML."""
    if "SystemTime" not in system:
        raise BadRecord("no TimeCreated")
    event: dict[str, object] = {**system, **data}
    event["_time"] = _epoch(system["SystemTime"])
    event["_raw"] = raw
    event["sourcetype"] = SOURCETYPE
    if system.get("Channel") == LINUX_SYSMON[0]:
        event["source"], event["sourcetype"] = LINUX_SYSMON[1:]
    elif "Channel" in system:
        event["source"] = f"{SOURCETYPE}:{system['Channel']}"
    if "Computer" in system:
        event["host"] = system["Computer"]
    return event


def _sections(root: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """The fields of `<System>`, and those of `<EventData>` (or `<UserData>`)."""
    tags = _tags(root.tag[: -len("Event")])
    system: dict[str, str] = {}
    data: dict[str, str] = {}
    for section in root:
        if section.tag == tags.system:
            system = _system_fields(section, tags)
        elif section.tag == tags.event_data:
            data = {name: item.text or "" for item in section if (name := item.get("Name"))}
        elif section.tag == tags.user_data:
            data = _user_data_fields(section)
    return system, data


@lru_cache(maxsize=None)
def _tags(namespace: str) -> _Tags:
    children = {namespace + name: names for name, names in SYSTEM_FIELDS.items()}
    return _Tags(namespace + "System", namespace + "EventData", namespace + "UserData", children)


def _system_fields(system: etree._Element, tags: _Tags) -> dict[str, str]:
    fields: dict[str, str] = {}
    for child in system:
        names = tags.system_children.get(child.tag)  # None for an unknown child or a comment
        if names is None:
            continue
        text_names, attributes = names
        for name in text_names:
            fields[name] = child.text or ""
        for attribute in attributes:
            value = child.get(attribute)
            if value is not None:
                fields[attribute] = value
    return fields


def _user_data_fields(user_data: etree._Element) -> dict[str, str]:
    """UserData holds one provider-specific element; each value inside it becomes a field named by
    its element, as the add-on's generic `<name>value</name>` extraction does."""
    return {
        etree.QName(element).localname: element.text or ""
        for element in user_data.iterdescendants(etree.Element)
        if len(element) == 0
    }


def _epoch(system_time: str) -> float:
    """Epoch seconds of a SystemTime such as "2025-10-25T13:21:33.116889Z". Windows writes up to
    seven fraction digits (a FILETIME counts 100 ns); iso_epoch keeps six and drops the rest,
    as `_time` is held to the microsecond (engine/timefmt.py)."""
    try:
        return iso_epoch(system_time)
    except ValueError:
        raise BadRecord(f"bad TimeCreated SystemTime {system_time!r}") from None
