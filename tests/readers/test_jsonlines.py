"""The JSON reader: Splunk's export, Winlogbeat documents and the evtx tools' JSON, mapped onto
the XmlWinEventLog reader's field names; bad JSON reported with its line while the rest is read.

Fixtures under data/ (each holding records of sysmon.log):
- sysmon_export.json: Splunk's export (`{"preview":..,"offset":..,"result":{..}}` per line) of
  the four records, with the internal fields an export carries;
- sysmon_evtx.json: the evtx JSON of sysmon.evtx (pyevtx-rs `records_json()`, pretty-printed),
  with numbers where Windows stores integer types, as the JSON of a real file has them;
- winlogbeat.ndjson: Winlogbeat 8 documents for records 1-3, the third with `event.original`
  (`include_xml: true`) in Windows' own rendering (single quotes).
"""

from __future__ import annotations

import json
from pathlib import Path

from engine.diagnostics import Diagnostics, Problem
from engine.pushdown import RecordFilter
from engine.readers.evtx import read_evtx
from engine.readers.jsonlines import read_jsonlines
from engine.readers.xmlwineventlog import read_xmlwineventlog

DATA = Path(__file__).parent / "data"
SYSMON = DATA / "sysmon.log"
EXPORT = DATA / "sysmon_export.json"
EVTX_JSON = DATA / "sysmon_evtx.json"
WINLOGBEAT = DATA / "winlogbeat.ndjson"
TRUNCATED = "truncated JSON object (no closing brace)"
STRAY = "text outside any JSON object"


def read(path: Path, records: RecordFilter | None = None
         ) -> tuple[list[dict[str, object]], Diagnostics]:
    diagnostics = Diagnostics()
    return list(read_jsonlines(path, diagnostics, records)), diagnostics


def write(tmp_path: Path, *lines: str | bytes, name: str = "events.json") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(line.encode("utf-8") if isinstance(line, str) else line
                              for line in lines))
    return path


def xml_events() -> list[dict[str, object]]:
    return list(read_xmlwineventlog(SYSMON, Diagnostics()))


def export_lines() -> list[str]:
    return EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)


def ids(events: list[dict[str, object]]) -> list[object]:
    return [event.get("EventRecordID") for event in events]


# Splunk's export.

def test_export_with_xml_raw_gives_the_xml_readers_events() -> None:
    events, diagnostics = read(EXPORT)
    assert events == xml_events()  # _raw included: it is the record itself
    assert diagnostics.problems == []
    assert diagnostics.records_read == {str(EXPORT): 4}


def test_export_keeps_splunks_host_source_and_sourcetype_not_its_internal_fields(
        tmp_path: Path) -> None:
    result = json.loads(export_lines()[0])["result"]
    result.update(host="LAB-WKS-02", source="WinEventLog:Sysmon", sourcetype="xmlwineventlog")
    event = read(write(tmp_path, json.dumps({"result": result})))[0][0]
    assert (event["host"], event["source"], event["sourcetype"]) == (
        "LAB-WKS-02", "WinEventLog:Sysmon", "xmlwineventlog")
    assert not {"index", "_bkt", "_cd", "_si", "_serial", "linecount", "splunk_server"} & set(event)
    # _time comes from SystemTime, to the microsecond; the export's text keeps milliseconds
    assert (result["_time"], event["_time"]) == ("2025-03-14T09:26:53.589+00:00", 1741944413.589793)


def test_export_lines_without_a_result_hold_no_event(tmp_path: Path) -> None:
    path = write(tmp_path, '{"preview":false,"offset":0,"messages":[]}\n', export_lines()[1],
                 '{"preview":false,"lastrow":true}\n')
    events, diagnostics = read(path)
    assert ids(events) == ["431215"]
    assert diagnostics.problems == []


def test_plain_fields_are_taken_as_given(tmp_path: Path) -> None:
    row = {"_time": "2025-03-14T10:26:53.500+01:00", "_raw": "user=alice action=login",
           "host": "web-01", "count": 3, "ratio": 0.5, "ok": True, "missing": None,
           "dest": ["10.0.0.1", "10.0.0.2"], "single": ["x"], "empty": [],
           "http": {"status": "200", "method": "GET"}}
    [event], diagnostics = read(write(tmp_path, json.dumps(row)))
    assert event == {
        "_time": 1741944413.5, "_raw": "user=alice action=login", "host": "web-01",
        "count": "3", "ratio": "0.5", "ok": "true", "dest": ("10.0.0.1", "10.0.0.2"),
        "single": "x", "http.status": "200", "http.method": "GET",
    }
    assert diagnostics.problems == []


def test_time_as_epoch_or_iso_text(tmp_path: Path) -> None:
    times = [1741944413.589793, "1741944413.589793", "2025-03-14T09:26:53.589793Z",
             "2025-03-14 09:26:53.589793", "2025-03-14T05:26:53.589793-04:00",
             "2025-03-14 09:26:53.589793 UTC"]
    path = write(tmp_path, *(json.dumps({"_time": t, "n": str(i)}) + "\n"
                             for i, t in enumerate(times)))
    events, diagnostics = read(path)
    assert [e["_time"] for e in events] == [1741944413.589793] * len(times)
    assert diagnostics.problems == []


def test_results_document_and_an_object_without_time(tmp_path: Path) -> None:
    results = {"preview": False, "results": [{"_time": "1700000000", "a": "1"}, {"a": "2"}]}
    path = write(tmp_path, json.dumps(results) + "\n", '{"b": "3"}\n')
    events, diagnostics = read(path)
    assert events == [{"_time": 1700000000.0, "a": "1"}]
    assert diagnostics.problems == [Problem(str(path), 1, "no _time"),
                                    Problem(str(path), 2, "no _time")]


# Winlogbeat.

def test_winlogbeat_fields_are_named_as_the_xml_readers() -> None:
    events, diagnostics = read(WINLOGBEAT)
    xml = xml_events()
    first = events[0]
    assert {name: first[name] for name in (
        "Name", "Guid", "EventID", "EventCode", "Version", "SystemTime", "EventRecordID",
        "RecordNumber", "ProcessID", "ThreadID", "Channel", "Computer", "UserID")} == {
        "Name": "Microsoft-Windows-Sysmon",
        "Guid": "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}",  # as Windows renders it
        "EventID": "1", "EventCode": "1", "Version": "5",
        "SystemTime": "2025-03-14T09:26:53.589Z",  # @timestamp: milliseconds
        "EventRecordID": "431207", "RecordNumber": "431207",  # given as a number
        "ProcessID": "2916", "ThreadID": "3744",
        "Channel": "Microsoft-Windows-Sysmon/Operational",
        "Computer": "lab-wks-02.contoso.local", "UserID": "S-1-5-18",
    }
    # Winlogbeat keeps only names for these, not the numbers the record holds
    assert not {"Level", "Task", "Opcode", "Keywords"} & set(first)
    assert first["_time"] == 1741944413.589
    assert (first["source"], first["sourcetype"], first["host"]) == (
        xml[0]["source"], "XmlWinEventLog", "lab-wks-02.contoso.local")
    system = {"Name", "Guid", "SystemTime", "_time", "_raw", "Level", "Task", "Opcode", "Keywords"}
    for event, expected in zip(events[:2], xml[:2], strict=True):
        assert {k: v for k, v in event.items() if k not in system} == {
            k: v for k, v in expected.items() if k not in system}
    assert first["_raw"] == WINLOGBEAT.read_text(encoding="utf-8").splitlines()[0]
    assert diagnostics.problems == []


def test_winlogbeat_with_the_original_xml_reads_the_xml() -> None:
    event = read(WINLOGBEAT)[0][2]
    expected = xml_events()[2]
    assert {k: v for k, v in event.items() if k != "_raw"} == {
        k: v for k, v in expected.items() if k != "_raw"}
    assert event["_raw"] == str(expected["_raw"]).replace('"', "'")


def test_elasticsearch_hits_and_flattened_names(tmp_path: Path) -> None:
    flat = {"@timestamp": "2025-03-14T10:15:40.118Z", "winlog.event_id": 1102,
            "winlog.channel": "Security", "winlog.computer_name": "lab-wks-02.contoso.local",
            "winlog.user_data.xml_name": "LogFileCleared",
            "winlog.user_data.SubjectUserName": "jsmith"}
    hits = {"hits": {"total": 1, "hits": [{"_index": "winlogbeat-8", "_source": flat}]}}
    [event], diagnostics = read(write(tmp_path, json.dumps(hits)))
    assert (event["EventCode"], event["source"], event["SubjectUserName"]) == (
        "1102", "XmlWinEventLog:Security", "jsmith")
    assert "xml_name" not in event
    assert diagnostics.problems == []


def test_winlogbeat_without_a_time_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, '{"winlog": {"event_id": "1"}}\n')
    assert read(path)[1].problems == [Problem(str(path), 1, "no @timestamp")]


# The evtx tools' JSON.

def test_evtx_json_gives_the_xml_readers_fields_and_the_evtx_readers_raw() -> None:
    events, diagnostics = read(EVTX_JSON)
    evtx_events = list(read_evtx(DATA / "sysmon.evtx", Diagnostics()))
    assert events == evtx_events  # numbers made text, _raw rebuilt as the EVTX reader writes it
    assert [e["_raw"] for e in events[:3]] == SYSMON.read_text(encoding="utf-8").splitlines()[:3]
    assert diagnostics.problems == []


def test_evtx_json_user_data_and_unnamed_data(tmp_path: Path) -> None:
    record = {"Event": {
        "#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
        "System": {"Provider": {"#attributes": {"Name": "Microsoft-Windows-Eventlog"}},
                   "EventID": {"#attributes": {"Qualifiers": 0}, "#text": 1102},
                   "TimeCreated": {"#attributes": {"SystemTime": "2025-03-14T10:15:40.118204Z"}},
                   "EventRecordID": 88412, "Channel": "Security", "Security": None},
        "UserData": {"LogFileCleared": {
            "#attributes": {"xmlns": "http://manifests.microsoft.com/win/2004/08/windows/eventlog"},
            "SubjectUserName": "jsmith", "SubjectLogonId": "0xB1E5C"}}}}
    unnamed = {"Event": {**record["Event"], "UserData": None,
                         "EventData": {"Data": {"#text": ["a", "b"]}, "Binary": "00FF"}}}
    path = write(tmp_path, json.dumps(record) + "\n" + json.dumps(unnamed) + "\n")
    (first, second), diagnostics = read(path)
    assert (first["EventCode"], first["RecordNumber"], first["SubjectUserName"]) == (
        "1102", "88412", "jsmith")
    assert "UserID" not in first
    assert first["_raw"] == (
        '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
        '<Provider Name="Microsoft-Windows-Eventlog"/><EventID Qualifiers="0">1102</EventID>'
        '<TimeCreated SystemTime="2025-03-14T10:15:40.118204Z"/>'
        "<EventRecordID>88412</EventRecordID><Channel>Security</Channel><Security/></System>"
        '<UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/'
        'eventlog"><SubjectUserName>jsmith</SubjectUserName><SubjectLogonId>0xB1E5C'
        "</SubjectLogonId></LogFileCleared></UserData></Event>")
    assert not {"Data", "Binary", "a"} & set(second)  # unnamed values are not fields
    assert diagnostics.problems == []


def test_evtx_json_control_characters(tmp_path: Path) -> None:
    first = EVTX_JSON.read_text(encoding="utf-8").split("\n}\n")[0] + "\n}\n"
    record = json.loads(first)
    record["Event"]["EventData"]["CommandLine"] = "echo \x1b[31mred"
    [event], diagnostics = read(write(tmp_path, json.dumps(record)))
    assert event["CommandLine"] == "echo \x1b[31mred"
    assert '<Data Name="CommandLine">echo \x1b[31mred</Data>' in str(event["_raw"])
    assert diagnostics.problems == []


def test_evtx_dump_record_headers_are_not_stray_text(tmp_path: Path) -> None:
    text = EVTX_JSON.read_text(encoding="utf-8")
    objects = ["{" + part for part in text.split("\n{")]
    objects[0] = objects[0][1:]
    path = write(tmp_path, *(f"Record {n}\n{obj.strip()}\n" for n, obj in enumerate(objects, 1)))
    events, diagnostics = read(path)
    assert ids(events) == ["431207", "431215", "431218", "431221"]
    assert diagnostics.problems == []


# Broken input.

def test_a_bad_line_is_reported_and_the_next_ones_read(tmp_path: Path) -> None:
    one, two, three, four = export_lines()
    path = write(tmp_path, one, two.replace('"result":{', '"result":{{', 1), three, four)
    events, diagnostics = read(path)
    assert ids(events) == ["431207", "431218", "431221"]
    [problem] = diagnostics.problems
    assert (problem.source, problem.line) == (str(path), 2)
    assert problem.reason.startswith("malformed JSON: Expecting property name enclosed in double "
                                     "quotes (line 2, column ")


def test_a_line_cut_off(tmp_path: Path) -> None:
    one, two, three, four = export_lines()
    path = write(tmp_path, one, two[:300] + "\n", three, four[:200])
    events, diagnostics = read(path)
    assert ids(events) == ["431207", "431218"]
    assert diagnostics.problems == [Problem(str(path), 2, TRUNCATED),
                                    Problem(str(path), 4, TRUNCATED)]


def test_a_malformed_pretty_printed_object_is_reported_once(tmp_path: Path) -> None:
    lines = EVTX_JSON.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[14] = lines[14].replace(",", "")  # `"Level": 4,` without its comma, in object 1
    path = write(tmp_path, *lines)
    events, diagnostics = read(path)
    assert ids(events) == ["431215", "431218", "431221"]
    [problem] = diagnostics.problems
    assert problem.line == 1  # where the object begins; the reason says where it breaks
    assert problem.reason == "malformed JSON: Expecting ',' delimiter (line 16, column 7)"


def test_stray_text_and_non_utf8_bytes(tmp_path: Path) -> None:
    one, two, three, _ = export_lines()
    latin1 = two.replace("CONTOSO\\\\jsmith", "CONTOSO\\\\jsmith-é").encode("latin-1")
    path = write(tmp_path, "# exported\n", "---\n", one, "\n", latin1, three, "trailer\n")
    events, diagnostics = read(path)
    assert ids(events) == ["431207", "431218"]
    offset = latin1.index(b"\xe9")
    assert diagnostics.problems == [
        Problem(str(path), 1, STRAY),
        Problem(str(path), 5, f"not valid UTF-8 (byte 0xe9 at offset {offset} of line 5)"),
        Problem(str(path), 7, STRAY),
    ]


def test_objects_in_a_top_level_array(tmp_path: Path) -> None:
    results = [json.loads(line)["result"] for line in export_lines()]
    path = write(tmp_path, json.dumps(results, indent=2))
    events, diagnostics = read(path)
    assert events == xml_events()
    assert diagnostics.problems == []


def test_a_bad_element_of_an_array_is_passed_over(tmp_path: Path) -> None:
    path = write(tmp_path, '[\n  {"_time": 1, "a": "1"},\n', '  {"_time": 2, "a": },\n',
                 '  {"_time": 3}\n]')
    events, diagnostics = read(path)
    assert events == [{"_time": 1.0, "a": "1"}, {"_time": 3.0}]
    assert diagnostics.problems == [
        Problem(str(path), 3, "malformed JSON: Expecting value (line 3, column 21)")]


def test_an_element_whose_brackets_never_close_ends_an_array(tmp_path: Path) -> None:
    path = write(tmp_path, '[\n  {"_time": 1},\n', '  {"_time": 2, "a": [},\n',
                 '  {"_time": 3}\n]')
    events, diagnostics = read(path)
    assert events == [{"_time": 1.0}]  # the `[` left open takes in the rest, the `]` with it
    assert diagnostics.problems == [
        Problem(str(path), 3, "malformed JSON: Expecting value (line 3, column 22)"),
        Problem(str(path), 5, "array not closed (no ])")]


def test_a_value_that_is_not_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, '["text", {"_time": 5}]\n')
    events, diagnostics = read(path)
    assert events == [{"_time": 5.0}]
    assert diagnostics.problems == [
        Problem(str(path), 1, "a JSON str where an event object was expected")]


def test_records_the_filter_rejects_are_counted_but_not_parsed() -> None:
    only_run_key = RecordFilter.of([frozenset({"onedrivesync"})])
    for path in (EXPORT, EVTX_JSON):
        events, diagnostics = read(path, only_run_key)
        assert [e["EventCode"] for e in events] == ["13"]
        assert diagnostics.records_read == {str(path): 4}
