"""The JSON reader tests an object's text for the search's literals before decoding it
(engine.pushdown; issue 11): results are the same with and without, over every JSON shape of
the records tests/pushdown/ builds to trip a careless prefilter (an entity, a character
reference, upper case), plus spellings JSON allows: `\\u` escapes, an escaped `/`, and
non-ASCII text written raw and escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from engine.diagnostics import Diagnostics
from engine.pushdown import RecordFilter
from engine.readers import jsonlines
from engine.readers.jsonlines import read_jsonlines
from pushdown.test_pushdown import OPTIONS_PATH, RMS_LOG
from support import run_search

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"

SEARCHES = [
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path='
    '"*\\\\SYSTEM\\\\Remote Manipulator System*" by Registry.registry_path',
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path='
    '"*Manipulator System & Co*" by Registry.registry_path',
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path IN '
    '("*\\\\v4\\\\B", "*\\\\v4\\\\c", "*\\\\v4\\\\d", "*\\\\v4\\\\e") OR Registry.action=created '
    'by Registry.registry_path',
    '| tstats count from datamodel=Endpoint.Processes where Processes.process_name=rutserv.exe '
    'by Processes.process',
    'search index=* "remote manipulator" | stats count by EventCode',
    'search EventCode=13 TargetObject="*Manipulator*" | stats count by TargetObject',
]


def xml_records() -> list[str]:
    """The example log's records, plus copies of a matching one whose TargetObject is spelled
    with an entity, a character reference (&#x53; is S), in upper case, and with non-ASCII."""
    records = [line.strip() for line in RMS_LOG.read_text(encoding="utf-8").splitlines()
               if line.lstrip().startswith("<Event")]  # one record per line
    (template,) = [r for r in records if OPTIONS_PATH + "<" in r][:1]
    variants = [r"HKLM\System\Remote Manipulator System &amp; Co\v4\A",
                r"HKLM\&#x53;YSTEM\Remote Manipulator System\v4\B",
                r"HKLM\SYSTEM\REMOTE MANIPULATOR SYSTEM\V4\C",
                r"HKLM\SYSTEM\Remote Manipulator Système\v4\D"]
    return records + [template.replace(OPTIONS_PATH, v) for v in variants]


def evtx_object(record: str) -> dict:
    """A record as the evtx tools write it in JSON."""
    def node(element):
        attributes = {"#attributes": dict(element.attrib)} if element.attrib else {}
        children = [c for c in element if isinstance(c.tag, str)]
        if not children:
            return {**attributes, "#text": element.text} if attributes else element.text
        return {**attributes, **{c.tag.replace(NS, ""): node(c) for c in children}}

    root = etree.fromstring(record.encode())
    event: dict = {"#attributes": {"xmlns": NS[1:-1]}}
    for section in root:
        name = section.tag.replace(NS, "")
        event[name] = ({d.get("Name"): d.text for d in section} if name == "EventData"
                       else node(section))
    return {"Event": event}


def export_object(record: str) -> dict:
    return {"preview": False, "offset": 0, "result": {"_raw": record, "host": "wks-01"}}


def escaped_slash(text: str) -> str:
    return text.replace("/", "\\/")


def u_escaped(value: object) -> str:
    """JSON of `value` with every `M` and `s` in its strings written as a \\u escape."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{u_escaped(k)}: {u_escaped(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return json.dumps(value).replace("M", "\\u004d").replace("s", "\\u0073")
    return json.dumps(value)


SHAPES = {
    "export": lambda r: json.dumps(export_object(r), ensure_ascii=False),
    "export, ASCII only": lambda r: json.dumps(export_object(r)),
    "export, \\/ escaped": lambda r: escaped_slash(json.dumps(export_object(r))),
    "export, \\u escaped": lambda r: u_escaped(export_object(r)),
    "evtx json": lambda r: json.dumps(evtx_object(r), ensure_ascii=False),
    "evtx json, \\u escaped": lambda r: u_escaped(evtx_object(r)),
    "evtx json, pretty": lambda r: json.dumps(evtx_object(r), ensure_ascii=False, indent=2),
}


def json_log(tmp_path: Path, shape: str) -> Path:
    path = tmp_path / "records.json"
    path.write_text("\n".join(SHAPES[shape](r) for r in xml_records()) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("search", SEARCHES)
def test_pushdown_gives_the_same_rows_over_json(tmp_path, search, shape):
    log = json_log(tmp_path, shape)
    with_pushdown, result = run_search(search, [log])
    without, _ = run_search(search, [log], pushdown=False)
    assert with_pushdown == without
    assert len(with_pushdown.splitlines()) > 1
    assert result.diagnostics.problems == []


@pytest.mark.parametrize("shape", ["export", "evtx json", "evtx json, pretty"])
def test_objects_without_the_literals_are_not_decoded(tmp_path, shape, monkeypatch):
    log = json_log(tmp_path, shape)
    decoded = []
    decoder = jsonlines.JSON_DECODER

    class Counting:
        def raw_decode(self, text, position=0):
            decoded.append(text)
            return decoder.raw_decode(text, position)

    monkeypatch.setattr(jsonlines, "JSON_DECODER", Counting())
    records = RecordFilter.of([frozenset({"\\system\\remote manipulator system"})])
    diagnostics = Diagnostics()
    events = list(read_jsonlines(log, diagnostics, records))
    assert {e.get("TargetObject", "").split("\\")[-1] for e in events} >= {"Options", "A", "B", "C"}
    assert len(decoded) == len(events) < len(xml_records()) / 2
    assert diagnostics.records_read[str(log)] == len(xml_records())
