"""Read Windows events from JSON: Splunk's export, Winlogbeat (Elastic) documents, and the JSON of
the evtx tools (`evtx_dump -o json`, pyevtx-rs's `records_json()`).

The file holds JSON objects one after another: one per line (JSON lines), or pretty-printed over
several lines, or the elements of one top-level array. Each object is recognised by its shape:

- **Splunk**: `{"result": {...}}` as `splunk search -output json` and the export endpoint write
  it (objects without a result, such as a closing `{"preview": false, "lastrow": true}`, hold no
  event), `{"results": [...]}`, or the plain field object itself. When `_raw` is an
  XmlWinEventLog `<Event>` document, the fields are extracted from it exactly as the
  XmlWinEventLog reader does (so `_time` comes from its SystemTime, to the microsecond, where the
  export's `_time` text keeps milliseconds); `host`, `source` and `sourcetype` are taken from the
  JSON when it gives them, as they are what Splunk assigned at index time. Otherwise the
  fields are taken as given: nested objects flattened to `a.b` names, arrays as multivalues,
  numbers and booleans as their JSON text, `_time` read from ISO 8601 text or epoch seconds.
- **Winlogbeat / Elastic** (a `winlog` object; an Elasticsearch hit's `_source` is unwrapped):
  when `event.original` holds the record's XML (Winlogbeat's `include_xml: true`), it is read as
  XmlWinEventLog. Otherwise `winlog.*` is mapped onto the XmlWinEventLog reader's field names
  (see WINLOG_FIELDS) and each `winlog.event_data` key becomes a field; `_time` is `@timestamp`
  (milliseconds, as Elastic keeps it). Level, Task, Opcode and Keywords are left out: Winlogbeat
  keeps only their display names (`log.level`, `winlog.task`...), not the numbers the XML holds.
  `_raw` is the JSON object's text.
- **evtx JSON** (`{"Event": {"System": ..., "EventData": ...}}`): mapped as the XML would be,
  and `_raw` is the XML rebuilt from it, in the one-line form the EVTX reader gives.

For Windows records (XML inside, Winlogbeat, evtx JSON) `source`, `sourcetype` and `host` follow
the XmlWinEventLog reader (`XmlWinEventLog:<Channel>`, `XmlWinEventLog`, Computer), unless a
Splunk export names them itself. The `Record N` lines evtx_dump prints between records are
skipped.

Broken input is reported with its line and skipped, and reading goes on: a line that is not JSON,
an object cut off (a new one begins at the start of a line before it closes, or the file ends),
text outside any object, bytes that are not UTF-8, an object without a time. A malformed object
is reported at the line where it begins, its reason saying where it breaks. So is one no event
can be made of: nested more than 100 levels deep, holding a lone surrogate escape, with
`#attributes` that are not an object or an `xmlns` that is not text, or a time past the years
1 to 9999. A bad element of a top-level array is passed over and the rest read. Numbers are
kept as written, however long (NaN and Infinity too). A UTF-16 file is read by its byte order
mark (engine/readers/encoding.py).

The search's literals (engine.pushdown) are looked for in an object's text before it is
decoded, in every spelling JSON and the XML inside it allow (see _JsonFilter); an object without
them is counted as read and never decoded.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Iterator

from engine.diagnostics import Diagnostics
from engine.locationpaths import JSON_DECODER, MAX_DEPTH, JsonNumber, json_text, too_deep
from engine.pushdown import UNSAFE_PROBES, RecordFilter, xml_unescaped
from engine.readers.encoding import first_text, open_utf8, read_utf8
from engine.readers.isotime import iso_epoch, iso_seconds
from engine.readers.xmlwineventlog import (
    SYSTEM_FIELDS,
    BadRecord,
    event_from_fields,
    event_from_record,
)

_TRUNCATED = "truncated JSON object (no closing brace)"
_STRAY = "text outside any JSON object"
_NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event"

# What Splunk assigned at index time, kept from a Splunk export over what the XML implies. Not
# `index`, nor Splunk's internal fields (_bkt, _cd, _si...): events carry the same fields
# whichever format holds them.
_INDEX_TIME = ("host", "source", "sourcetype")
# Keys of a Splunk export object that is not a result (its header, messages, last row marker).
_EXPORT_KEYS = frozenset({"preview", "offset", "init_offset", "lastrow", "messages", "fields",
                          "highlighted", "post_process_count", "sid", "links"})

# Winlogbeat's flattened name -> the XmlWinEventLog reader's field names for it.
WINLOG_FIELDS: dict[str, tuple[str, ...]] = {
    "winlog.provider_name": ("Name",),
    "winlog.provider_guid": ("Guid",),
    "winlog.event_id": ("EventID", "EventCode"),
    "winlog.version": ("Version",),
    "winlog.record_id": ("EventRecordID", "RecordNumber"),
    "winlog.process.pid": ("ProcessID",),
    "winlog.process.thread.id": ("ThreadID",),
    "winlog.channel": ("Channel",),
    "winlog.computer_name": ("Computer",),
    "winlog.user.identifier": ("UserID",),
}
_WINLOG_TIMES = ("winlog.time_created", "@timestamp")  # the first found is SystemTime and _time

_RECORD_HEADER = re.compile(rb"Record \d+")  # what evtx_dump prints before each record
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_PLAIN_EPOCH = re.compile(r"\+?\d+(\.\d*)?")  # its digits are the time's, as written
_MAX_EXPONENT = 400  # of an epoch number: 1e400 seconds is no time, and would take long to read

_STARTS = (b"{", b"[")  # what an object (or a list of them) starts with
_ENDS = (b"}", b"]")
_STRINGS = re.compile(rb'"(?:[^"\\\n]|\\.)*(?:"|$)', re.MULTILINE)  # one line's strings
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],]')  # strings, brackets and commas
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# An XML name (element or attribute; no namespace prefix), as lxml accepts it: a letter or
# underscore, then letters, digits, `.`, `-`, `_` and the combining marks \w covers.
_ESCAPE = re.compile(rb"\\[u/]")  # found faster than by two searches for the two bytes
_ASCII_ESCAPE = re.compile(rb"\\u(?:00[0-7]|0130|212a)", re.IGNORECASE)
_NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_.-")
_MARKUP_BYTES = _NAME_BYTES | frozenset(b" <>/=\"':;&#")  # what XML markup is written with
_EVTX_ADDED = (b"data", b"name", b"xmlns", _NAMESPACE.encode(), b"&amp;", b"&lt;", b"&gt;",
               b"&quot;")
_TIME_BYTES = frozenset(b"0123456789-:.tz")
_PUNCTUATION = frozenset(b"{}[]:,")
_XML_NAME = re.compile(r"[^\W\d][\w.\-\u00b7]*")


def read_jsonlines(path: Path, diagnostics: Diagnostics,
                   records: RecordFilter | None = None) -> Iterator[dict[str, object]]:
    """The events of one JSON file, read lazily; broken input goes to `diagnostics`. `records`
    is applied to an object's text before it is decoded (see _JsonFilter), and again to the XML
    of objects that carry one (the only text all their fields come from); a rejected object is
    counted as read but not parsed further."""
    source = str(path)
    for line, document, text in _documents(path, source, diagnostics, records):
        try:
            _check(document, text)
            for item, item_text in _results(document, text):
                try:
                    event = _event(item, item_text, records)
                except BadRecord as problem:
                    diagnostics.skip(source, line, str(problem))
                    continue
                diagnostics.records_read[source] += 1
                if event is not None:
                    yield event
        except BadRecord as problem:
            diagnostics.skip(source, line, str(problem))


def _check(document: object, text: str) -> None:
    """Raise BadRecord for a value no event can be made of: one nested too deeply to walk, or
    one holding a lone surrogate (`\\ud800`: JSON can spell it, but it is no character, and
    no output could write it)."""
    if too_deep(document, text):
        raise BadRecord(f"JSON nested more than {MAX_DEPTH} levels deep")
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        try:
            json_text(document).encode("utf-8")
        except UnicodeEncodeError:
            raise BadRecord("a lone surrogate escape (\\ud800-\\udfff) that is no character"
                            ) from None


# Splitting the file into JSON values.

def _documents(path: Path, source: str, diagnostics: Diagnostics,
               records: RecordFilter | None) -> Iterator[tuple[int, object, str]]:
    """Each top-level JSON value as (its first line, the value, its text)."""
    if first_text(path).startswith(b"["):
        yield from _array(path, source, diagnostics)
        return
    splitter = _Splitter(source, diagnostics, _JsonFilter.of(records))
    with open_utf8(path) as lines:  # UTF-8, or UTF-16 by its byte order mark
        for number, data in enumerate(lines, start=1):
            diagnostics.bytes_read[source] += len(data)
            yield from splitter.feed(number, data)
    yield from splitter.finish()


class _Splitter:
    """Objects one after another, fed a line at a time. An object ends on the line where its
    brackets balance (counted outside strings, which JSON keeps on one line), and is decoded
    once then: reading is linear in the file. One still open when a line starts with `{` in its
    first column (where a new object begins, in JSON lines as in pretty-printed output) was cut
    off. After a malformed object, the lines up to the next such start are its remains, and are
    not reported again.

    A line that is a whole object by itself (JSON lines) is first tested against the search's
    literals (`records`); when it lacks them it is held back, and dropped unparsed once the
    next line shows that the object did not go on (a new object starts, or the file ends)."""

    def __init__(self, source: str, diagnostics: Diagnostics,
                 records: _JsonFilter | None) -> None:
        self.source, self.diagnostics, self.records = source, diagnostics, records
        self.pending: list[bytes] = []  # the lines of the open object
        self.depth = 0  # how many of its brackets are open
        self.start = 0  # the line where it began
        self.skipping = False  # within the remains of a malformed object
        self.in_stray = False  # within a run of stray text, already reported
        self.held: tuple[int, bytes] | None = None  # a line rejected, if it is a whole object

    def feed(self, number: int, line: bytes) -> Iterator[tuple[int, object, str]]:
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if self.held is not None:
            if not line.strip():
                return
            held, self.held = self.held, None
            if line.startswith(_STARTS) or _RECORD_HEADER.fullmatch(line.strip()):
                self.diagnostics.records_read[self.source] += 1  # rejected: cannot match
            else:  # the object goes on, or stray text follows it: read it after all
                yield from self._take(*held, test=False)
        yield from self._take(number, line, test=self.records is not None)

    def finish(self) -> Iterator[tuple[int, object, str]]:
        if self.held is not None:
            self.diagnostics.records_read[self.source] += 1
            self.held = None
        if self.pending:
            yield from self._parse(final=True)

    def _take(self, number: int, line: bytes, test: bool) -> Iterator[tuple[int, object, str]]:
        if self.pending and line.startswith(_STARTS):
            yield from self._parse(final=True)
        if not self.pending:
            stripped = line.strip()
            if not stripped or _RECORD_HEADER.fullmatch(stripped):
                return
            if line.startswith(_STARTS) or (not self.skipping and stripped.startswith(_STARTS)):
                self.start, self.skipping, self.in_stray = number, False, False
                if test and stripped.endswith(_ENDS) and not self.records.accepts(line):
                    self.held = (number, line)
                    return
                self.pending, self.depth = [line], 0
                if stripped.endswith(_ENDS):  # most often a whole object: try it at once
                    yield from self._parse(final=False)
                    return
                self.depth = _depth(line)
                return
            if not (self.skipping or self.in_stray):
                self.diagnostics.skip(self.source, number, _not_utf8(line, number) or _STRAY)
                self.in_stray = True
            return
        self.pending.append(line)
        self.depth += _depth(line)
        if self.depth == 0 and test and line.rstrip().endswith(_ENDS) and not (
                self.records.accepts(b"".join(self.pending))):
            self.diagnostics.records_read[self.source] += 1  # a whole object that cannot match
            self.pending = []
        elif self.depth <= 0:
            yield from self._parse(final=False)

    def _parse(self, final: bool) -> Iterator[tuple[int, object, str]]:
        """The values in the pending text; what is left open stays pending unless `final`."""
        data, self.pending, self.depth = b"".join(self.pending), [], 0
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self._skip(self.start, _not_utf8(data, self.start))
            return
        position = _skip_blanks(text, 0)
        while position < len(text):
            line = self.start + text.count("\n", 0, position)
            if text[position] not in "{[":
                self._skip(line, _STRAY)
                return
            try:
                value, end = JSON_DECODER.raw_decode(text, position)
            except json.JSONDecodeError as error:
                if error.pos < len(text.rstrip()) and not error.msg.startswith("Unterminated"):
                    where = self.start + error.lineno - 1
                    self._skip(line, f"malformed JSON: {error.msg} (line {where}, column "
                                     f"{error.colno})")
                elif final:
                    self._skip(line, _TRUNCATED)
                else:
                    rest = text[position:]
                    self.pending, self.start = [rest.encode("utf-8")], line
                    self.depth = _depth(self.pending[0])
                return
            except RecursionError:
                self._skip(line, f"JSON nested more than {MAX_DEPTH} levels deep")
                return
            yield line, value, text[position:end]
            position = _skip_blanks(text, end)

    def _skip(self, line: int, reason: str) -> None:
        self.diagnostics.skip(self.source, line, reason)
        self.skipping = True


def _not_utf8(data: bytes, start: int) -> str | None:
    """Why lines from `start` on are not text, or None when they are UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = start + data.count(b"\n", 0, error.start)
        offset = error.start - (data.rfind(b"\n", 0, error.start) + 1)
        return f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {offset} of line {line})"
    return None


def _depth(line: bytes) -> int:
    """How many brackets the line opens less those it closes, outside strings."""
    bare = _STRINGS.sub(b"", line) if b'"' in line else line
    return bare.count(b"{") + bare.count(b"[") - bare.count(b"}") - bare.count(b"]")


def _skip_blanks(text: str, position: int) -> int:
    """Past whitespace, and the commas of objects written as a list without its brackets."""
    while position < len(text) and text[position] in " \t\r\n,":
        position += 1
    return position


def _array(path: Path, source: str,
           diagnostics: Diagnostics) -> Iterator[tuple[int, object, str]]:
    """The elements of a top-level array, read whole (such a file cannot be read a line at a
    time). A malformed element is reported and passed over to its closing bracket, and the
    elements after it are read; when its brackets never close, nothing after it can be
    located."""
    data = read_utf8(path)
    diagnostics.bytes_read[source] += len(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        diagnostics.skip(source, 1, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); the "
                                    "array is not read")
        return
    position = _skip_blanks(text, text.index("[") + 1)
    while position < len(text) and text[position] != "]":
        line = text.count("\n", 0, position) + 1
        try:
            value, end = JSON_DECODER.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError) as error:
            end = _value_end(text, position)
            reason = (f"malformed JSON: {error.msg} (line {error.lineno}, column {error.colno})"
                      if isinstance(error, json.JSONDecodeError)
                      else f"JSON nested more than {MAX_DEPTH} levels deep")
            if end is None:
                diagnostics.skip(source, line, f"{reason}; the rest of the array is not read")
                return
            diagnostics.skip(source, line, reason)
        else:
            yield line, value, text[position:end]
        position = _skip_blanks(text, end)
    if position >= len(text):
        diagnostics.skip(source, text.count("\n") + 1, "array not closed (no ])")
    elif text[position + 1:].strip():
        diagnostics.skip(source, text.count("\n", 0, position) + 1, _STRAY)


def _value_end(text: str, position: int) -> int | None:
    """Where the element starting at `position` ends, by its brackets (outside strings) or, for
    a scalar, at the next comma or bracket; None when its brackets never close."""
    depth = 0
    for token in _TOKENS.finditer(text, position):
        char = token.group()[0]
        if char == '"':
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth <= 0:
                return token.end() if depth == 0 else token.start()
        elif depth == 0:  # a comma after a scalar
            return token.start()
    return None


def _results(document: object, text: str) -> Iterator[tuple[object, str]]:
    """The event objects a top-level value holds, each with its text."""
    if isinstance(document, list):
        for item in document:
            yield from _results(item, json_text(item))
        return
    if isinstance(document, dict):
        if isinstance(document.get("result"), dict):
            yield document["result"], text
            return
        if isinstance(document.get("results"), list):
            for item in document["results"]:
                yield item, json_text(item)
            return
        hits = document.get("hits")
        if isinstance(hits, dict) and isinstance(hits.get("hits"), list):
            for hit in hits["hits"]:
                yield hit, json_text(hit)
            return
        if document and set(document) <= _EXPORT_KEYS:
            return  # a Splunk export's header or closing line: no event
    yield document, text


class _JsonFilter:
    """The search's literals (engine.pushdown) as they can be spelled in a JSON object's text,
    to test it before it is decoded. A field's value is in the text as a JSON string spells it
    (`\\` for a backslash) or a number as written; it may be XML inside a string (`_raw`,
    `event.original`) and be XML-escaped there, and `_raw` may be the text itself. So a literal
    passes in any of these spellings: as it is, XML-unescaped, and each JSON-escaped.

    What the text cannot tell, so that the object is decoded: a `\\/`, or a `\\u` escape of an
    ASCII character, or the characters pushdown already distrusts (character references, CDATA,
    the two non-ASCII letters whose lower case is ASCII). A group holding a literal made only of
    the characters of a UTC time (digits, `-:.TZ`) or holding JSON's punctuation (`{}[]:,`) is
    not tested: a time is computed from @timestamp, and an object's value is compact JSON
    re-written; neither is the text as it stands. For an object that may be evtx JSON (it holds
    `"Event"`), whose `_raw` is XML built around the values, only groups of literals that
    cannot come from what that XML adds are tested (see _in_evtx_text); the XML is tested
    again once built."""

    def __init__(self, groups: tuple[tuple[bytes, ...], ...],
                 evtx_groups: tuple[tuple[bytes, ...], ...]) -> None:
        self.groups, self.evtx_groups = groups, evtx_groups

    @classmethod
    def of(cls, records: RecordFilter | None) -> _JsonFilter | None:
        if records is None:
            return None
        groups = [(group, tuple(sorted({spelling for literal in group
                                        for spelling in _spellings(literal.decode())})))
                  for group in records.groups if all(_testable(g) for g in group)]
        evtx = tuple(spelt for group, spelt in groups if all(map(_in_evtx_text, group)))
        return cls(tuple(spelt for _, spelt in groups), evtx) if groups else None

    def accepts(self, record: bytes) -> bool:
        groups = self.evtx_groups if b'"Event"' in record else self.groups
        text = record.lower()
        if all(any(literal in text for literal in group) for group in groups):
            return True
        return _escapes_ascii(record) or any(probe in text and unsafe in text
                                             for unsafe, probe in UNSAFE_PROBES)


def _escapes_ascii(record: bytes) -> bool:
    """Whether the text spells a character that could be part of a literal with an escape
    other than a JSON string's usual ones: `\\/`, or `\\u` for an ASCII character (or for
    one of the two whose lower case is ASCII). Pairs of backslashes are escaped backslashes,
    taken out first as a decoder reads them, left to right."""
    if not _ESCAPE.search(record):
        return False
    bare = record.replace(b"\\\\", b"")
    return b"\\/" in bare or (b"\\u" in bare and _ASCII_ESCAPE.search(bare) is not None)


def _spellings(literal: str) -> set[bytes]:
    plain = xml_unescaped(literal)
    return {spelling.encode() for text in (literal, plain)
            for spelling in (text, json.dumps(text, ensure_ascii=False)[1:-1])}


def _testable(literal: bytes) -> bool:
    return not (set(literal) <= _TIME_BYTES or set(literal) & _PUNCTUATION)


def _in_evtx_text(literal: bytes) -> bool:
    """Whether a literal found in the XML built from evtx JSON is in the JSON text too. One
    holding a byte that no markup holds lies within one value (values end at `<` or `"`, which
    no literal holds), and the JSON holds the value as well, unless a character reference
    (`&#13;`) spelled part of it. One of letters, digits and `_.-` alone lies within one value
    or one name, which the JSON holds as well, unless it is part of what the XML adds: a
    `<Data Name=` element, the default namespace, an entity."""
    if b"#" in literal:
        return False
    if set(literal) - _MARKUP_BYTES:
        return True
    return set(literal) <= _NAME_BYTES and not any(literal in added for added in _EVTX_ADDED)


# Turning one object into an event.

def _event(item: object, text: str, records: RecordFilter | None) -> dict[str, object] | None:
    """The event of one object, or None when `records` rejects it; raises BadRecord."""
    if not isinstance(item, dict):
        kind = "number" if isinstance(item, JsonNumber) else type(item).__name__
        raise BadRecord(f"a JSON {kind} where an event object was expected")
    if isinstance(item.get("_source"), dict):  # an Elasticsearch hit
        item = item["_source"]
        text = json_text(item)
    windows = item.get("Event")
    if isinstance(windows, dict) and isinstance(windows.get("System"), dict):
        return _evtx_event(windows, records)
    flat = _flatten(item)
    if any(name.startswith("winlog.") for name in flat):
        return _winlogbeat_event(flat, text, records)
    return _splunk_event(item, flat, records)


def _splunk_event(item: dict, flat: dict[str, object],
                  records: RecordFilter | None) -> dict[str, object] | None:
    raw = item.get("_raw")
    if isinstance(raw, str) and raw.lstrip().startswith("<Event"):
        record = raw.strip().encode("utf-8")
        given = {name: value for name in _INDEX_TIME
                 if (value := _field_value(flat.get(name))) is not None}
        if records is not None and not records.accepts(
            b"\n".join([record, *(_xml_text(v).encode("utf-8") for v in given.values())])
        ):
            return None
        event = event_from_record(record)
        event.update(given)
        return event
    event = {name: value for name, item_value in flat.items()
             if (value := _field_value(item_value)) is not None}
    if "_time" not in event:
        raise BadRecord("no _time")
    event["_time"] = iso_epoch(_utc(flat["_time"], "_time"))
    return event


def _winlogbeat_event(flat: dict[str, object], text: str,
                      records: RecordFilter | None) -> dict[str, object] | None:
    original = flat.get("event.original")
    if isinstance(original, str) and original.lstrip().startswith("<Event"):
        record = original.strip().encode("utf-8")
        if records is not None and not records.accepts(record):
            return None
        return event_from_record(record)
    system: dict[str, str] = {}
    for name, fields in WINLOG_FIELDS.items():
        value = _field_value(flat.get(name))
        if isinstance(value, str):
            system.update(dict.fromkeys(fields, value))
    if "EventID" not in system and isinstance(code := _field_value(flat.get("event.code")), str):
        system.update(EventID=code, EventCode=code)
    moment = next((flat[name] for name in _WINLOG_TIMES if flat.get(name) is not None), None)
    if moment is None:
        raise BadRecord("no @timestamp")
    system["SystemTime"] = _utc(moment, "@timestamp")
    data: dict[str, object] = {}
    for name, item_value in flat.items():
        value = _field_value(item_value)
        if value is None:
            continue
        if name.startswith("winlog.event_data."):
            data[name.removeprefix("winlog.event_data.")] = value
        elif name.startswith("winlog.user_data.") and not name.endswith(".xml_name"):
            data[name.rsplit(".", 1)[1]] = value
    return event_from_fields(system, data, text)


def _evtx_event(windows: dict, records: RecordFilter | None) -> dict[str, object] | None:
    """An `Event` object as the evtx tools write it: elements as keys, attributes under
    `#attributes`, an element's text under `#text` when it also has attributes, and each named
    `<Data>` of EventData as a key of its own."""
    raw = _rebuild_xml(windows)
    if records is not None and not records.accepts(raw.encode("utf-8")):
        return None
    system: dict[str, str] = {}
    for name, value in windows["System"].items():
        if name not in SYSTEM_FIELDS:
            continue
        text_names, attribute_names = SYSTEM_FIELDS[name]
        system.update(dict.fromkeys(text_names, _node_text(value)))
        attributes = value.get("#attributes") if isinstance(value, dict) else None
        for attribute in attribute_names:
            if isinstance(attributes, dict) and attributes.get(attribute) is not None:
                system[attribute] = _scalar(attributes[attribute])
    data: dict[str, str] = {}
    if isinstance(windows.get("EventData"), dict):
        for name, value in windows["EventData"].items():
            if name in ("#attributes", "#text", "Binary") or (
                name == "Data" and isinstance(value, (dict, list))  # unnamed <Data>
            ):
                continue
            data[name] = _node_text(value)
    elif isinstance(windows.get("UserData"), dict):
        _leaves(windows["UserData"], data)
    return event_from_fields(system, data, raw)


def _leaves(node: dict, fields: dict[str, str]) -> None:
    """UserData's values, each named by its element, as the XmlWinEventLog reader takes them."""
    for name, value in node.items():
        if name in ("#attributes", "#text"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and set(item) - {"#attributes", "#text"}:
                _leaves(item, fields)
            else:
                fields[name] = _node_text(item)


def _rebuild_xml(windows: dict) -> str:
    """The one-line XmlWinEventLog document the evtx JSON was made from, written as the EVTX
    reader writes `_raw` (lxml's serialisation: double-quoted attributes, empty elements
    self-closed), built as text: no XML tree is needed to read the fields. A key that cannot be
    an XML name keeps the JSON itself as `_raw`; raises BadRecord for `#attributes` that are not
    an object, or a namespace that is not text."""
    namespace = _namespace(windows, _NAMESPACE)
    parts: list[str] = []
    try:
        _element(parts, "Event", windows, namespace, True, {}, in_event_data=False)
    except _NotAName:
        return json_text({"Event": windows})
    return "".join(parts)


class _NotAName(Exception):
    """A JSON key that cannot be an XML element or attribute name."""


def _element(parts: list[str], name: str, node: object, namespace: str, declare: bool,
             attributes: dict[str, str], in_event_data: bool) -> None:
    """One element as lxml writes it, appended to `parts`; `attributes` come first (the Name of
    a named `<Data>`), then the node's own, and `declare` writes its default namespace."""
    if not _XML_NAME.fullmatch(name):
        raise _NotAName(name)
    text = ""
    children: list[tuple[str, object]] = []
    if isinstance(node, dict):
        attributes = {**attributes, **{key: _scalar(value)
                                       for key, value in _attributes(node).items()
                                       if key != "xmlns" and value is not None}}
        for key, value in node.items():
            if key == "#text":
                text = _node_text(value)
            elif key != "#attributes":
                children.extend((key, item) for item in
                                (value if isinstance(value, list) else [value]))
    elif node is not None:
        text = _scalar(node)
    parts.append(f"<{name}")
    if declare:
        parts.append(f' xmlns="{_attribute_text(namespace)}"')
    for key, value in attributes.items():
        if not _XML_NAME.fullmatch(key):
            raise _NotAName(key)
        parts.append(f' {key}="{_attribute_text(value)}"')
    if not text and not children:
        parts.append("/>")
        return
    parts.append(">" + _element_text(text))
    for key, item in children:
        inner = _namespace(item, namespace) if isinstance(item, dict) else namespace
        named = in_event_data and key not in ("Data", "Binary")
        _element(parts, "Data" if named else key, item, inner, inner != namespace,
                 {"Name": key} if named else {}, in_event_data=key == "EventData")
    parts.append(f"</{name}>")


def _attributes(node: dict) -> dict:
    attributes = node.get("#attributes") or {}
    if not isinstance(attributes, dict):
        raise BadRecord(f"#attributes {json_text(attributes)[:40]!r} is not an object")
    return attributes


def _namespace(node: dict, default: str) -> str:
    namespace = _attributes(node).get("xmlns") or default
    if not isinstance(namespace, str) or isinstance(namespace, JsonNumber):
        raise BadRecord(f"xmlns {json_text(namespace)[:40]!r} is not text")
    return namespace


def _element_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def _attribute_text(text: str) -> str:
    return _element_text(text).replace('"', "&quot;").replace("\t", "&#9;").replace(
        "\n", "&#10;")


# Values.

def _flatten(value: dict, prefix: str = "",
             into: dict[str, object] | None = None) -> dict[str, object]:
    """Nested objects as dotted names (`winlog.event_data.Image`), as Splunk's JSON extraction
    and Elastic name them; names already dotted stay as they are."""
    into = {} if into is None else into
    for name, item in value.items():
        if isinstance(item, dict) and item:
            _flatten(item, f"{prefix}{name}.", into)
        else:
            into[f"{prefix}{name}"] = item
    return into


def _field_value(value: object) -> object:
    """A JSON value as a field value: text, a multivalue (tuple) for an array of several, or None
    (absent) for null, an empty object and an empty array."""
    if value is None or value == {}:
        return None
    if isinstance(value, list):
        values = tuple(_scalar(v) if not isinstance(v, (dict, list)) else json_text(v)
                       for v in value if v is not None)
        return None if not values else values[0] if len(values) == 1 else values
    if isinstance(value, dict):
        return json_text(value)
    return _scalar(value)


def _scalar(value: object) -> str:
    """A JSON scalar as the text the XML would hold: numbers as written, booleans as
    true/false, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return _node_text(value)
    return str(value)


def _node_text(node: object) -> str:
    if isinstance(node, dict):
        return _scalar(node.get("#text"))
    return _scalar(node)


def _xml_text(value: object) -> str:
    texts = value if isinstance(value, tuple) else (value,)
    return " ".join(str(t).replace("&", "&amp;").replace("<", "&lt;") for t in texts)


def _utc(value: object, name: str) -> str:
    """A time (ISO 8601 text in any offset, or epoch seconds) as UTC text in the form of
    SystemTime: "2025-03-14T09:26:53.589793Z"; raises BadRecord. An epoch number keeps the
    digits it was written with (a JSON number arrives as its text), so that iso_epoch truncates
    it as it truncates SystemTime, never a float rounding it first; one written with a sign or
    an exponent is read exactly and given six digits. A time past the years a datetime holds
    (1 to 9999) is bad, and so is an exponent too large to be one."""
    if not isinstance(value, str):
        raise BadRecord(f"bad {name} {_shown(value)}")
    text = value.strip()
    try:
        if _PLAIN_EPOCH.fullmatch(text):
            whole, _, fraction = text.lstrip("+").partition(".")
            seconds = int(whole)  # ValueError past Python's 4,300 digits
        elif number := _NUMBER.fullmatch(text):
            exponent = number.group(3)
            if exponent and abs(int(exponent[1:])) > _MAX_EXPONENT:
                raise ValueError(text)
            seconds, microseconds = divmod(math.floor(Fraction(text) * 1_000_000), 1_000_000)
            fraction = f"{microseconds:06d}"
        else:
            seconds, fraction = iso_seconds(text)
        moment = datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None).isoformat()
    except (OverflowError, ValueError, OSError):  # beyond the years a datetime holds
        raise BadRecord(f"bad {name} {_shown(value)}") from None
    return f"{moment}.{fraction}Z" if fraction else f"{moment}Z"


def _shown(value: object) -> str:
    """A value as a reason quotes it: its text, cut short."""
    text = value if isinstance(value, str) else json_text(value)
    return repr(text if len(text) <= 60 else text[:60] + "...")
