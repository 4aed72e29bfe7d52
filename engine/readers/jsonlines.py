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
is reported at the line where it begins, its reason saying where it breaks.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Iterator

from lxml import etree

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers.evtx import hide_controls, restore_controls
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

_RECORD_HEADER = re.compile(r"Record \d+")  # what evtx_dump prints before each record
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_PLAIN_EPOCH = re.compile(r"\+?\d+(\.\d*)?")  # its digits are the time's, as written


def read_jsonlines(path: Path, diagnostics: Diagnostics,
                   records: RecordFilter | None = None) -> Iterator[dict[str, object]]:
    """The events of one JSON file, read lazily; broken input goes to `diagnostics`. `records`
    is applied to the XML of objects that carry one (the only text all their fields come from);
    a rejected object is counted as read but not parsed further."""
    source = str(path)
    for line, document, text in _documents(path, source, diagnostics):
        for item, item_text in _results(document, text):
            try:
                event = _event(item, item_text, records)
            except BadRecord as problem:
                diagnostics.skip(source, line, str(problem))
                continue
            diagnostics.records_read[source] += 1
            if event is not None:
                yield event


# Splitting the file into JSON values.

def _documents(path: Path, source: str,
               diagnostics: Diagnostics) -> Iterator[tuple[int, object, str]]:
    """Each top-level JSON value as (its first line, the value, its text)."""
    head = b""
    with path.open("rb") as stream:
        while not head and (block := stream.read(4096)):
            head = block.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        yield from _array(path, source, diagnostics)
        return
    splitter = _Splitter(source, diagnostics)
    with path.open("rb") as lines:
        for number, data in enumerate(lines, start=1):
            diagnostics.bytes_read[source] += len(data)
            yield from splitter.feed(number, data)
    yield from splitter.finish()


class _Splitter:
    """Objects one after another, fed a line at a time. An object is complete when it parses;
    one still open when a line starts with `{` in its first column (where a new object begins,
    in JSON lines as in pretty-printed output) was cut off. After a malformed object, the lines up
    to the next such start are its remains, and are not reported again."""

    def __init__(self, source: str, diagnostics: Diagnostics) -> None:
        self.source, self.diagnostics = source, diagnostics
        self.decoder = json.JSONDecoder(parse_float=_Number)
        self.pending: list[str] = []  # the lines of the open object
        self.start = 0  # the line where it began
        self.skipping = False  # within the remains of a malformed object
        self.in_stray = False  # within a run of stray text, already reported

    def feed(self, number: int, data: bytes) -> Iterator[tuple[int, object, str]]:
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if self.pending or not (self.skipping or self.in_stray):  # once per run of them
                byte = data[error.start]
                self._skip(self.start if self.pending else number,
                           f"not valid UTF-8 (byte 0x{byte:02x} at offset {error.start} of line "
                           f"{number})")
            self.pending, self.skipping = [], True
            return
        if number == 1:
            line = line.lstrip("\ufeff")
        if self.pending and line.startswith(("{", "[")):
            yield from self._parse(final=True)
        if not self.pending:
            stripped = line.strip()
            if not stripped:
                return
            if _RECORD_HEADER.fullmatch(stripped):
                return
            if line.startswith(("{", "[")) or (not self.skipping and stripped[0] in "{["):
                self.start, self.skipping, self.in_stray = number, False, False
            else:
                if not (self.skipping or self.in_stray):
                    self.diagnostics.skip(self.source, number, _STRAY)
                    self.in_stray = True
                return
        self.pending.append(line)
        if line.rstrip().endswith(("}", "]")):
            yield from self._parse(final=False)

    def finish(self) -> Iterator[tuple[int, object, str]]:
        if self.pending:
            yield from self._parse(final=True)

    def _parse(self, final: bool) -> Iterator[tuple[int, object, str]]:
        """The values in the pending text; what is left open stays pending unless `final`."""
        text, self.pending = "".join(self.pending), []
        position = _skip_blanks(text, 0)
        while position < len(text):
            line = self.start + text.count("\n", 0, position)
            if text[position] not in "{[":
                self._skip(line, _STRAY)
                return
            try:
                value, end = self.decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                if error.pos < len(text.rstrip()) and not error.msg.startswith("Unterminated"):
                    where = self.start + error.lineno - 1
                    self._skip(line, f"malformed JSON: {error.msg} (line {where}, column "
                                     f"{error.colno})")
                elif final:
                    self._skip(line, _TRUNCATED)
                else:
                    self.pending, self.start = [text[position:]], line
                return
            yield line, value, text[position:end]
            position = _skip_blanks(text, end)

    def _skip(self, line: int, reason: str) -> None:
        self.diagnostics.skip(self.source, line, reason)
        self.skipping = True


def _skip_blanks(text: str, position: int) -> int:
    """Past whitespace, and the commas of objects written as a list without its brackets."""
    while position < len(text) and text[position] in " \t\r\n,":
        position += 1
    return position


def _array(path: Path, source: str,
           diagnostics: Diagnostics) -> Iterator[tuple[int, object, str]]:
    """The elements of a top-level array, read whole (such a file cannot be read a line at a
    time). A malformed element ends the reading: nothing after it can be located."""
    data = path.read_bytes()
    diagnostics.bytes_read[source] += len(data)
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        diagnostics.skip(source, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); the "
                                       "array is not read")
        return
    decoder = json.JSONDecoder(parse_float=_Number)
    position = _skip_blanks(text, text.index("[") + 1)
    while position < len(text) and text[position] != "]":
        line = text.count("\n", 0, position) + 1
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            diagnostics.skip(source, line, f"malformed JSON: {error.msg} (line {error.lineno}, "
                                           f"column {error.colno}); the rest of the array is "
                                           "not read")
            return
        yield line, value, text[position:end]
        position = _skip_blanks(text, end)
    if position >= len(text):
        diagnostics.skip(source, text.count("\n") + 1, "array not closed (no ])")
    elif text[position + 1:].strip():
        diagnostics.skip(source, text.count("\n", 0, position) + 1, _STRAY)


def _results(document: object, text: str) -> Iterator[tuple[object, str]]:
    """The event objects a top-level value holds, each with its text."""
    if isinstance(document, list):
        for item in document:
            yield from _results(item, _dump(item))
        return
    if isinstance(document, dict):
        if isinstance(document.get("result"), dict):
            yield document["result"], text
            return
        if isinstance(document.get("results"), list):
            for item in document["results"]:
                yield item, _dump(item)
            return
        hits = document.get("hits")
        if isinstance(hits, dict) and isinstance(hits.get("hits"), list):
            for hit in hits["hits"]:
                yield hit, _dump(hit)
            return
        if document and set(document) <= _EXPORT_KEYS:
            return  # a Splunk export's header or closing line: no event
    yield document, text


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Turning one object into an event.

def _event(item: object, text: str, records: RecordFilter | None) -> dict[str, object] | None:
    """The event of one object, or None when `records` rejects it; raises BadRecord."""
    if not isinstance(item, dict):
        raise BadRecord(f"a JSON {type(item).__name__} where an event object was expected")
    if isinstance(item.get("_source"), dict):  # an Elasticsearch hit
        item = item["_source"]
        text = _dump(item)
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
    reader writes `_raw`."""
    namespace = (windows.get("#attributes") or {}).get("xmlns") or _NAMESPACE
    try:
        root = etree.Element(f"{{{namespace}}}Event", nsmap={None: namespace})
        _fill(root, windows, namespace, in_event_data=False)
    except ValueError:  # a name that cannot be an XML name: keep the JSON itself
        return _dump({"Event": windows})
    return restore_controls(etree.tostring(root, encoding="unicode"))


def _fill(element: etree._Element, node: object, namespace: str, in_event_data: bool) -> None:
    if not isinstance(node, dict):
        if node is not None and (text := _scalar(node)):
            element.text = hide_controls(text)
        return
    for name, value in (node.get("#attributes") or {}).items():
        if name != "xmlns" and value is not None:
            element.set(name, hide_controls(_scalar(value)))
    for name, value in node.items():
        if name == "#attributes":
            continue
        if name == "#text":
            if (text := _node_text(value)):
                element.text = hide_controls(text)
            continue
        for item in value if isinstance(value, list) else [value]:
            inner = namespace
            if isinstance(item, dict) and isinstance(item.get("#attributes"), dict):
                inner = item["#attributes"].get("xmlns") or namespace
            named = in_event_data and name not in ("Data", "Binary")
            child = etree.SubElement(element, f"{{{inner}}}{'Data' if named else name}",
                                     nsmap={None: inner} if inner != namespace else None)
            if named:
                child.set("Name", name)
            _fill(child, item, inner, in_event_data=name == "EventData")


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
        values = tuple(_scalar(v) if not isinstance(v, (dict, list)) else _dump(v)
                       for v in value if v is not None)
        return None if not values else values[0] if len(values) == 1 else values
    if isinstance(value, dict):
        return _dump(value)
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
    digits it was written with (a JSON number arrives as a _Number holding its text), so that
    iso_epoch truncates it as it truncates SystemTime, never a float rounding it first; one
    written with a sign or an exponent is read exactly and given six digits."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadRecord(f"bad {name} {value!r}")
    text = value.strip()
    if _PLAIN_EPOCH.fullmatch(text):
        whole, _, fraction = text.lstrip("+").partition(".")
        seconds = int(whole)
    elif _NUMBER.fullmatch(text):
        seconds, microseconds = divmod(math.floor(Fraction(text) * 1_000_000), 1_000_000)
        fraction = f"{microseconds:06d}"
    else:
        try:
            seconds, fraction = iso_seconds(text)
        except ValueError:
            raise BadRecord(f"bad {name} {value!r}") from None
    try:
        moment = datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None).isoformat()
    except (OverflowError, ValueError, OSError):  # beyond the years a datetime holds
        raise BadRecord(f"bad {name} {value!r}") from None
    return f"{moment}.{fraction}Z" if fraction else f"{moment}Z"


class _Number(float):
    """A JSON number with a fraction or an exponent, as the decoder's `parse_float` makes it: a
    float that keeps the text it was written as, which str() gives back ("numbers as written";
    a float of 1709547607.9999999 is 1709547608.0)."""

    __slots__ = ("text",)

    def __new__(cls, text: str) -> _Number:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text
