"""The EVTX reader: the same fields as the XmlWinEventLog reader for the same records, `_raw` in
Splunk's one-line form, and records the parser cannot decode reported by record number.

data/sysmon.evtx holds the four records of data/sysmon.log, written by make_evtx.py beside this
file (the first test checks that it still writes exactly that file). Broken files are made in
each test from the same records.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from readers.make_evtx import records_of, write_evtx

from engine.diagnostics import Diagnostics, Problem
from engine.pushdown import RecordFilter
from engine.readers import read_events
from engine.readers.evtx import event_from_evtx_xml, read_evtx, splunk_xml
from engine.readers.xmlwineventlog import BadRecord, read_xmlwineventlog

DATA = Path(__file__).parent / "data"
SYSMON = DATA / "sysmon.log"
SYSMON_EVTX = DATA / "sysmon.evtx"
USERDATA = DATA / "security_userdata.log"

# One record as PyEvtxParser.records() renders it: an XML declaration, two-space indentation,
# empty elements written open and closed on two lines, values exactly as stored (the trailing
# space of ParentCommandLine included).
PARSER_XML = """<?xml version="1.0" encoding="utf-8"?>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Sysmon" Guid="5770385F-C22A-43E0-BF4C-06F5698FFBD9">
    </Provider>
    <EventID>1</EventID>
    <Version>5</Version>
    <Level>4</Level>
    <Task>1</Task>
    <Opcode>0</Opcode>
    <Keywords>0x8000000000000000</Keywords>
    <TimeCreated SystemTime="2025-10-25T13:21:33.116889Z">
    </TimeCreated>
    <EventRecordID>8581967</EventRecordID>
    <Correlation>
    </Correlation>
    <Execution ProcessID="3308" ThreadID="4008">
    </Execution>
    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>
    <Computer>ar-win-dc.attackrange.local</Computer>
    <Security UserID="S-1-5-18">
    </Security>
  </System>
  <EventData>
    <Data Name="RuleName">-</Data>
    <Data Name="Image">C:\\Windows\\System32\\cmdkey.exe</Data>
    <Data Name="CommandLine">cmdkey  /list</Data>
    <Data Name="Description">
    </Data>
    <Data Name="ParentCommandLine">"C:\\Windows\\System32\\cmd.exe" </Data>
  </EventData>
</Event>
"""


def read(path: Path, records: RecordFilter | None = None
         ) -> tuple[list[dict[str, object]], Diagnostics]:
    diagnostics = Diagnostics()
    return list(read_evtx(path, diagnostics, records)), diagnostics


def xml_events(path: Path) -> list[dict[str, object]]:
    return list(read_xmlwineventlog(path, Diagnostics()))


def without_raw(events: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{name: value for name, value in event.items() if name != "_raw"} for event in events]


def record_offsets(data: bytes) -> list[int]:
    """Where each record of a make_evtx file starts (its `**\\0\\0` signature)."""
    offsets, at = [], data.find(b"ElfChnk\0") + 512
    while data[at:at + 4] == b"**\0\0":
        offsets.append(at)
        at += struct.unpack_from("<I", data, at + 4)[0]
    return offsets


def test_the_fixture_is_what_make_evtx_writes(tmp_path: Path) -> None:
    write_evtx(records_of(SYSMON), tmp_path / "sysmon.evtx")
    assert (tmp_path / "sysmon.evtx").read_bytes() == SYSMON_EVTX.read_bytes()


def test_same_events_as_the_xmlwineventlog_reader() -> None:
    events, diagnostics = read(SYSMON_EVTX)
    assert without_raw(events) == without_raw(xml_events(SYSMON))
    assert diagnostics.problems == []
    assert diagnostics.records_read == {str(SYSMON_EVTX): 4}


def test_raw_is_the_one_line_xmlwineventlog_form() -> None:
    events, _ = read(SYSMON_EVTX)
    lines = SYSMON.read_text(encoding="utf-8").splitlines()
    # The first three records are written as lxml writes XML; the fourth in Splunk's own
    # rendering (single quotes), which the EVTX reader writes with double quotes.
    assert [e["_raw"] for e in events[:3]] == lines[:3]
    assert events[3]["_raw"] == lines[3].replace("'", '"')
    assert all("\n" not in str(e["_raw"]) and "<?xml" not in str(e["_raw"]) for e in events)


def test_a_record_as_the_parser_renders_it() -> None:
    event = event_from_evtx_xml(PARSER_XML)
    assert (event["EventCode"], event["RecordNumber"], event["ThreadID"], event["UserID"]) == (
        "1", "8581967", "4008", "S-1-5-18")
    assert event["Name"] == "Microsoft-Windows-Sysmon"
    assert event["CommandLine"] == "cmdkey  /list"
    assert event["ParentCommandLine"] == '"C:\\Windows\\System32\\cmd.exe" '
    assert event["Description"] == ""  # an empty value, not the indentation
    assert event["_time"] == 1761398493.116889
    assert (event["source"], event["sourcetype"], event["host"]) == (
        "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog",
        "ar-win-dc.attackrange.local")
    assert event["_raw"] == (
        '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
        '<Provider Name="Microsoft-Windows-Sysmon" Guid="5770385F-C22A-43E0-BF4C-06F5698FFBD9"/>'
        "<EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>"
        "<Keywords>0x8000000000000000</Keywords>"
        '<TimeCreated SystemTime="2025-10-25T13:21:33.116889Z"/>'
        "<EventRecordID>8581967</EventRecordID><Correlation/>"
        '<Execution ProcessID="3308" ThreadID="4008"/>'
        "<Channel>Microsoft-Windows-Sysmon/Operational</Channel>"
        "<Computer>ar-win-dc.attackrange.local</Computer>"
        '<Security UserID="S-1-5-18"/></System><EventData><Data Name="RuleName">-</Data>'
        '<Data Name="Image">C:\\Windows\\System32\\cmdkey.exe</Data>'
        '<Data Name="CommandLine">cmdkey  /list</Data><Data Name="Description"/>'
        '<Data Name="ParentCommandLine">"C:\\Windows\\System32\\cmd.exe" </Data>'
        "</EventData></Event>"
    )


def test_values_keep_their_blanks_and_carriage_returns(tmp_path: Path) -> None:
    record = records_of(SYSMON)[2].replace(
        b'<Data Name="RuleName">EXE</Data>',
        b'<Data Name="RuleName"></Data><Data Name="Blanks">  </Data>'
        b'<Data Name="Task">line one&#13;&#10;line two</Data>',
    )
    write_evtx([record], tmp_path / "values.evtx")
    [event], diagnostics = read(tmp_path / "values.evtx")
    assert (event["RuleName"], event["Blanks"]) == ("", "  ")
    assert event["Task"] == "line one\r\nline two"  # EventData's Task wins over System's
    assert diagnostics.problems == []


def test_control_characters_xml_cannot_hold_are_kept(tmp_path: Path) -> None:
    record = records_of(SYSMON)[2].replace(b">EXE<", b">A~B<")
    write_evtx([record], tmp_path / "control.evtx")
    data = (tmp_path / "control.evtx").read_bytes()
    # the same length in UTF-16, so the record's sizes still hold
    (tmp_path / "control.evtx").write_bytes(
        data.replace("A~B".encode("utf-16-le"), "A\x1bB".encode("utf-16-le")))
    [event], diagnostics = read(tmp_path / "control.evtx")
    assert event["RuleName"] == "A\x1bB"
    assert '<Data Name="RuleName">A\x1bB</Data>' in str(event["_raw"])
    assert diagnostics.problems == []


def test_user_data(tmp_path: Path) -> None:
    write_evtx(records_of(USERDATA), tmp_path / "security.evtx")
    events, diagnostics = read(tmp_path / "security.evtx")
    assert without_raw(events) == without_raw(xml_events(USERDATA))
    assert events[0]["SubjectUserName"] == "jsmith"
    assert diagnostics.problems == []


def test_a_record_that_cannot_be_decoded_is_reported_by_its_number(tmp_path: Path) -> None:
    data = bytearray(SYSMON_EVTX.read_bytes())
    second = record_offsets(bytes(data))[1]
    element = second + 24 + 42  # record header, fragment and template headers: <Event>'s token
    assert data[element] == 0x41
    data[element] = 0xEE  # no such Binary XML token
    path = tmp_path / "broken.evtx"
    path.write_bytes(bytes(data))
    events, diagnostics = read(path)
    assert [e["EventRecordID"] for e in events] == ["431207", "431218", "431221"]
    [problem] = diagnostics.problems
    assert (problem.source, problem.line) == (str(path), 2)
    assert problem.reason.startswith("corrupt EVTX record: ")
    assert diagnostics.records_read == {str(path): 3}


def test_a_broken_record_header_loses_the_rest_of_its_chunk(tmp_path: Path) -> None:
    data = bytearray(SYSMON_EVTX.read_bytes())
    second = record_offsets(bytes(data))[1]
    data[second:second + 4] = b"XXXX"
    path = tmp_path / "broken.evtx"
    path.write_bytes(bytes(data))
    events, diagnostics = read(path)
    assert [e["EventRecordID"] for e in events] == ["431207"]
    [problem] = diagnostics.problems
    assert problem.line == 2  # the record after the last one read
    assert "record header" in problem.reason


def test_a_truncated_file_is_reported(tmp_path: Path) -> None:
    data = SYSMON_EVTX.read_bytes()
    path = tmp_path / "cut.evtx"
    path.write_bytes(data[: record_offsets(data)[2] + 100])
    events, diagnostics = read(path)
    assert events == []  # the parser reads no record of a chunk cut short
    assert diagnostics.problems == [Problem(
        str(path), 1, "file ends inside a chunk (truncated): the records of that chunk could "
                      "not be read")]


def test_a_file_cut_before_its_chunk_is_reported(tmp_path: Path) -> None:
    # The header alone: the chunk it counts (offset 42) is gone whole (found by
    # tests/fuzz/test_log_readers.py).
    path = tmp_path / "header_only.evtx"
    path.write_bytes(SYSMON_EVTX.read_bytes()[:4096])
    events, diagnostics = read(path)
    assert events == []
    assert [p.reason.split(":")[0] for p in diagnostics.problems] == [
        "file ends inside a chunk (truncated)"]


def test_not_an_evtx_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.evtx"
    path.write_bytes(b"ElfFile\0")
    events, diagnostics = read(path)
    assert events == []
    [problem] = diagnostics.problems
    assert (problem.line, problem.reason.startswith("not a readable EVTX file: ")) == (0, True)


def test_malformed_xml_is_bad_record() -> None:
    with pytest.raises(BadRecord, match="malformed XML from the EVTX parser"):
        splunk_xml("<Event><System></Event>")


def test_records_the_filter_rejects_are_counted_but_not_parsed() -> None:
    only_run_key = RecordFilter.of([frozenset({"onedrivesync"})])
    events, diagnostics = read(SYSMON_EVTX, only_run_key)
    assert [e["EventCode"] for e in events] == ["13"]
    assert diagnostics.records_read == {str(SYSMON_EVTX): 4}


def test_read_events_tells_evtx_by_its_signature() -> None:
    assert list(read_events(SYSMON_EVTX, Diagnostics())) == read(SYSMON_EVTX)[0]
