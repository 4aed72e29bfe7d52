"""Read Windows event log files (.evtx), the binary format Windows itself writes.

The `evtx` package (pyevtx-rs) decodes each record's Binary XML and renders it as an indented
XML document: an `<?xml ...?>` declaration, one element per line, and an empty element written as
`<Provider ...>` + newline + indentation + `</Provider>`. Splunk indexes the same record as
XmlWinEventLog: one `<Event>` document on one line. So each record is brought to that form
first, dropping the indentation between elements and inside empty ones (never a value's own
text), and then read exactly as the XmlWinEventLog reader reads a line of its files: the same
event, field for field, whichever of the two formats holds it. `_raw` is that one-line form, as
lxml writes it: double-quoted attributes, empty elements self-closed, `&`, `<` and `>` escaped
(and a carriage return in a value as `&#13;`, so that the value keeps it). Splunk's own
rendering, from the Windows API, writes single quotes and braced GUIDs; the values are the same.

Two things the parser's XML needs before an XML parser takes it: a carriage return in a value is
written as `&#13;` (else XML parsing turns CR LF into LF), and a control character XML 1.0 cannot
hold (a value may: an escape sequence in a command line) is stood in for while parsing, so that it
is kept in the fields and in `_raw` instead of the record being lost.

A record the parser cannot decode is reported with its record number as the "line", and the
records after it are still read. A file that is not EVTX at all is reported once, at line 0.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Iterator

from evtx import PyEvtxParser
from lxml import etree

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers.xmlwineventlog import BadRecord, event_from_record

MAGIC = b"ElfFile\0"
_FILE_HEADER_SIZE = 4096
_CHUNK_SIZE = 65536
_INDENT = "  "  # what the parser indents each level by
_RECORD_NUMBER = re.compile(r"record number (\d+)")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_STAND_IN = 0xF0000
_STAND_INS = re.compile("[\U000f0000-\U000f001f]")


def read_evtx(path: Path, diagnostics: Diagnostics,
              records: RecordFilter | None = None) -> Iterator[dict[str, object]]:
    """The events of one EVTX file, read lazily; broken records go to `diagnostics`. A record
    whose XML `records` rejects is counted as read but not parsed further."""
    source = str(path)
    try:
        parser = PyEvtxParser(source)
    except (OSError, RuntimeError, ValueError) as error:
        diagnostics.skip(source, 0, f"not a readable EVTX file: {_reason(error)}")
        return
    size = path.stat().st_size
    share = size // max(1, _record_count(path))  # bytes counted per record, for progress
    number = 0  # the last record number seen
    iterator = iter(parser.records())
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            break
        except (OSError, RuntimeError, ValueError) as error:  # what the parser raises
            reason = _reason(error)
            found = _RECORD_NUMBER.search(reason)
            number = int(found.group(1)) if found else number + 1
            diagnostics.skip(source, number, f"corrupt EVTX record: {reason}")
            continue
        number = record["event_record_id"]
        diagnostics.bytes_read[source] += share
        xml = record["data"].encode("utf-8")
        if records is not None and not records.accepts(xml):
            diagnostics.records_read[source] += 1
            continue
        try:
            event = event_from_evtx_xml(xml)
        except BadRecord as problem:
            diagnostics.skip(source, number, str(problem))
            continue
        diagnostics.records_read[source] += 1
        yield event
    chunks, partial = divmod(max(0, size - _FILE_HEADER_SIZE), _CHUNK_SIZE)
    if partial or chunks < _declared_chunks(path):
        # The parser drops a chunk cut short (or cut off whole) without a word: say that its
        # records are missing.
        diagnostics.skip(source, number + 1, "file ends inside a chunk (truncated): the records "
                                             "of that chunk could not be read")


def event_from_evtx_xml(xml: str | bytes) -> dict[str, object]:
    """The event of one record as PyEvtxParser renders it; raises BadRecord."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    event = event_from_record(splunk_xml(data))
    if _CONTROL_BYTES.search(data):
        event = {name: restore_controls(value) if isinstance(value, str) else value
                 for name, value in event.items()}
    return event


def splunk_xml(xml: str | bytes) -> bytes:
    """A record rendered by PyEvtxParser, as the one-line XmlWinEventLog document Splunk would
    index (UTF-8, no XML declaration), control characters stood in for (see hide_controls);
    raises BadRecord."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    if _CONTROL_BYTES.search(data):
        data = hide_controls(data.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape")
    # The parser indents with "\n" only, so a carriage return is a value's own (a CR LF in a
    # scheduled task's XML, say): written as a reference, XML parsing keeps it instead of
    # turning CR LF into LF.
    data = data.replace(b"\r", b"&#13;")
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as error:
        raise BadRecord(f"malformed XML from the EVTX parser: {error.msg}") from None
    _drop_indentation(root, 0)
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _drop_indentation(element: etree._Element, depth: int) -> None:
    """Remove the whitespace the parser adds: around child elements (event XML has no mixed
    content), and inside an element with no value (`\\n` and its closing tag's indentation)."""
    if len(element):
        if element.text is not None and not element.text.strip():
            element.text = None
        for child in element:
            if child.tail is not None and not child.tail.strip():
                child.tail = None
            if isinstance(child.tag, str):
                _drop_indentation(child, depth + 1)
    elif element.text == "\n" + _INDENT * depth:
        element.text = None


def hide_controls(text: str) -> str:
    """`text` with each control character that XML 1.0 cannot hold (a value may: an escape
    sequence in a command line, say) replaced by a stand-in from a private use plane, U+F0000
    plus its code, so that the record can still be parsed; restore_controls undoes it."""
    return _CONTROLS.sub(lambda found: chr(_STAND_IN + ord(found.group())), text)


def restore_controls(text: str) -> str:
    return _STAND_INS.sub(lambda found: chr(ord(found.group()) - _STAND_IN), text)


def _reason(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _declared_chunks(path: Path) -> int:
    """How many chunks the file header says the file holds (0 when it cannot tell)."""
    with path.open("rb") as stream:
        header = stream.read(44)
    return struct.unpack_from("<H", header, 42)[0] if len(header) == 44 else 0


def _record_count(path: Path) -> int:
    """How many records the file header says the file holds (next record number less the first
    chunk's first record number); 1 when the header cannot tell."""
    try:
        with path.open("rb") as stream:
            header = stream.read(_FILE_HEADER_SIZE + 32)
        next_record = struct.unpack_from("<Q", header, 24)[0]
        first_record = struct.unpack_from("<Q", header, _FILE_HEADER_SIZE + 24)[0]
    except (OSError, struct.error):
        return 1
    return next_record - first_record if next_record > first_record else 1
