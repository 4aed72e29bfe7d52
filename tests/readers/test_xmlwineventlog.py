"""The XmlWinEventLog reader: fields named as Splunk's Windows add-on names them, and broken
records reported with their line while the records around them are still read.

The fixtures under data/ hold one record per line except sysmon_multiline.log, whose first record
spans two lines; broken files are built in each test from those good records.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from engine.diagnostics import Diagnostics, Problem
from engine.readers import read_events
from engine.readers.xmlwineventlog import read_xmlwineventlog

DATA = Path(__file__).parent / "data"
SYSMON = DATA / "sysmon.log"  # EventID 1, 13, 11, then 12 as Splunk renders it
MULTILINE = DATA / "sysmon_multiline.log"  # EventID 1 on lines 1-2, EventID 13 on line 3
USERDATA = DATA / "security_userdata.log"  # Security 1102, values in <UserData>
SYSMON_SOURCE = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
TRUNCATED = "truncated record (no </Event>)"

SYSTEM_NAMES = (
    "Name", "Guid", "EventID", "EventCode", "Version", "Level", "Task", "Opcode", "Keywords",
    "SystemTime", "EventRecordID", "RecordNumber", "ProcessID", "ThreadID", "Channel",
    "Computer", "UserID",
)
PROCESS_CREATE_DATA = (
    "RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image", "FileVersion", "Description",
    "Product", "Company", "OriginalFileName", "CommandLine", "CurrentDirectory", "User",
    "LogonGuid", "LogonId", "TerminalSessionId", "IntegrityLevel", "Hashes", "ParentProcessGuid",
    "ParentProcessId", "ParentImage", "ParentCommandLine", "ParentUser",
)
METADATA = {"_time", "_raw", "source", "sourcetype", "host"}


def read(path: Path) -> tuple[list[dict[str, object]], Diagnostics]:
    diagnostics = Diagnostics()
    return list(read_xmlwineventlog(path, diagnostics)), diagnostics


def records(path: Path) -> list[bytes]:
    """The lines of a one-record-per-line fixture, newline kept."""
    return path.read_bytes().splitlines(keepends=True)


def write(tmp_path: Path, *chunks: bytes) -> Path:
    path = tmp_path / "sysmon.log"
    path.write_bytes(b"".join(chunks))
    return path


def record_ids(events: list[dict[str, object]]) -> list[object]:
    return [event["EventRecordID"] for event in events]


def test_process_creation_fields() -> None:
    event = read(SYSMON)[0][0]
    assert {name: event[name] for name in SYSTEM_NAMES} == {
        "Name": "Microsoft-Windows-Sysmon",
        "Guid": "5770385F-C22A-43E0-BF4C-06F5698FFBD9",
        "EventID": "1", "EventCode": "1", "Version": "5", "Level": "4", "Task": "1",
        "Opcode": "0", "Keywords": "0x8000000000000000",
        "SystemTime": "2025-03-14T09:26:53.589793Z",
        "EventRecordID": "431207", "RecordNumber": "431207",
        "ProcessID": "2916", "ThreadID": "3744",
        "Channel": "Microsoft-Windows-Sysmon/Operational",
        "Computer": "lab-wks-02.contoso.local", "UserID": "S-1-5-18",
    }
    assert event["Image"] == r"C:\Windows\System32\cmd.exe"
    assert event["ProcessGuid"] == "7C3E9A21-F81D-67D3-2A05-000000000C00"
    assert event["ParentImage"] == r"C:\Windows\explorer.exe"
    assert event["CurrentDirectory"] == "C:\\Users\\jsmith\\"
    assert event["Product"] == "Microsoft® Windows® Operating System"
    assert event["IntegrityLevel"] == "Medium"
    assert set(event) == set(SYSTEM_NAMES) | set(PROCESS_CREATE_DATA) | METADATA


def test_registry_value_set_fields() -> None:
    event = read(SYSMON)[0][1]
    assert {name: value for name, value in event.items() if name not in SYSTEM_NAMES} == {
        "RuleName": "technique_id=T1547.001,technique_name=Registry Run Keys / Start Folder",
        "EventType": "SetValue",
        "UtcTime": "2025-03-14 09:27:02.001",
        "ProcessGuid": "7C3E9A21-F826-67D3-2D05-000000000C00",
        "ProcessId": "7420",
        "Image": r"C:\Windows\System32\reg.exe",
        "TargetObject": r"HKU\S-1-5-21-3623811015-3361044348-30300820-1013\SOFTWARE\Microsoft"
                        r"\Windows\CurrentVersion\Run\OneDriveSync",
        "Details": r"C:\Users\Public\Libraries\syncsvc.exe",
        "User": r"CONTOSO\jsmith",
        "_time": datetime(2025, 3, 14, 9, 27, 2, 4518, tzinfo=timezone.utc).timestamp(),
        "_raw": records(SYSMON)[1].decode("utf-8").rstrip("\n"),
        "source": SYSMON_SOURCE,
        "sourcetype": "XmlWinEventLog",
        "host": "lab-wks-02.contoso.local",
    }
    assert (event["EventID"], event["EventCode"], event["RecordNumber"]) == ("13", "13", "431215")


def test_time_is_utc_epoch_seconds_with_the_fraction() -> None:
    event = read(SYSMON)[0][0]
    moment = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=timezone.utc)
    assert event["_time"] == moment.timestamp()
    assert event["_time"] == 1741944413.589793


def test_time_drops_fraction_digits_past_the_microsecond(tmp_path: Path) -> None:
    # Splunk keeps _time to the microsecond and its %N "number of subsecond digits" shows digits,
    # not a rounded value (https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.3/time-format-variables-and-modifiers);
    # the docs do not say how a nanosecond digit is dropped, and rounding it up would move a time
    # past an instant it never reached. .771002999 is 771002 microseconds.
    line = records(SYSMON)[2].replace(b"09:27:05.771002Z", b"09:27:05.771002999Z")
    events, _ = read(write(tmp_path, line))
    assert events[0]["_time"] == 1741944425.771002


def test_source_sourcetype_and_host() -> None:
    events, diagnostics = read(SYSMON)
    assert {(e["source"], e["sourcetype"], e["host"]) for e in events} == {
        (SYSMON_SOURCE, "XmlWinEventLog", "lab-wks-02.contoso.local")
    }
    assert diagnostics.records_read == {str(SYSMON): 4}
    assert diagnostics.problems == []


def test_entities_are_decoded_in_values_and_kept_in_raw() -> None:
    event = read(SYSMON)[0][0]
    assert event["CommandLine"] == (
        r'cmd.exe /c "whoami /groups & echo <done> > C:\Users\jsmith\AppData\Local\Temp\out.txt"'
    )
    assert "/groups &amp; echo &lt;done&gt; &gt; C:" in event["_raw"]
    assert event["_raw"] == records(SYSMON)[0].decode("utf-8").rstrip("\n")


def test_splunk_rendering_with_single_quotes_and_braced_guids() -> None:
    event = read(SYSMON)[0][3]
    assert event["Guid"] == "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"
    assert event["ProcessGuid"] == "{7C3E9A21-F826-67D3-2D05-000000000C00}"
    assert (event["EventCode"], event["EventType"]) == ("12", "CreateKey")
    assert event["TargetObject"] == r"HKLM\System\CurrentControlSet\Services\SyncSvc"


def test_user_data_values_become_fields() -> None:
    events, diagnostics = read(USERDATA)
    event = events[0]
    assert (event["EventCode"], event["source"], event["Guid"]) == (
        "1102", "XmlWinEventLog:Security", "FC65DDD8-D6EF-4962-83D5-6E5CFE9CE148"
    )
    assert event["SubjectUserName"] == "jsmith"
    assert event["SubjectLogonId"] == "0xB1E5C"
    assert "UserID" not in event  # <Security/> carries no UserID here
    assert diagnostics.problems == []


def test_event_data_wins_over_a_system_field_of_the_same_name(tmp_path: Path) -> None:
    level = b'<Data Name="Level">Verbose</Data></EventData>'
    line = records(SYSMON)[2].replace(b"</EventData>", level)
    event = read(write(tmp_path, line))[0][0]
    assert event["Level"] == "Verbose"


def test_multiline_command_line_keeps_its_newline() -> None:
    events, diagnostics = read(MULTILINE)
    assert record_ids(events) == ["432001", "432006"]
    assert events[0]["CommandLine"] == (
        "powershell.exe -NoProfile -Command \"$d = 'C:\\Users\\Public';\n"
        "Get-ChildItem $d -Recurse | Out-File $d\\list.txt\""
    )
    assert events[0]["_raw"] == MULTILINE.read_text(encoding="utf-8").split("\n<Event")[0]
    assert events[1]["EventCode"] == "13"
    assert diagnostics.problems == []


def test_truncated_record_in_the_middle(tmp_path: Path) -> None:
    one, two, three, four = records(SYSMON)
    path = write(tmp_path, one, two[:700] + b"\n", three, four)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "431218", "431221"]
    assert diagnostics.problems == [Problem(str(path), 2, TRUNCATED)]
    assert diagnostics.records_read == {str(path): 3}


def test_multiline_record_missing_its_end_is_reported_at_its_first_line(tmp_path: Path) -> None:
    first_line, _, next_record = records(MULTILINE)
    path = write(tmp_path, *records(SYSMON)[:1], first_line, next_record)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "432006"]
    assert diagnostics.problems == [Problem(str(path), 2, TRUNCATED)]


def test_record_cut_off_with_the_next_on_the_same_line(tmp_path: Path) -> None:
    one, two, three, _ = records(SYSMON)
    path = write(tmp_path, one, two[:700] + three)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "431218"]
    assert diagnostics.problems == [Problem(str(path), 2, TRUNCATED)]


def test_truncated_record_at_the_end_of_the_file(tmp_path: Path) -> None:
    one, two, *_ = records(SYSMON)
    path = write(tmp_path, one, two[:700])
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207"]
    assert diagnostics.problems == [Problem(str(path), 2, TRUNCATED)]


def test_malformed_xml(tmp_path: Path) -> None:
    one, two, three, _ = records(SYSMON)
    broken = two.replace(b'</Data><Data Name="ProcessId">', b'</Dat><Data Name="ProcessId">')
    path = write(tmp_path, one, broken, three)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "431218"]
    [problem] = diagnostics.problems
    assert (problem.source, problem.line) == (str(path), 2)
    assert problem.reason.startswith("malformed XML: Opening and ending tag mismatch")


def test_non_utf8_byte(tmp_path: Path) -> None:
    one, two, three, _ = records(SYSMON)
    latin1 = two.replace(b"CONTOSO\\jsmith", "CONTOSO\\jsmith-é".encode("latin-1"))
    path = write(tmp_path, one, latin1, three)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "431218"]
    offset = latin1.index(b"\xe9")
    assert diagnostics.problems == [
        Problem(str(path), 2, f"not valid UTF-8 (byte 0xe9 at offset {offset})")
    ]


def test_record_without_time_created(tmp_path: Path) -> None:
    one, two, *_ = records(SYSMON)
    timeless = one.replace(b'<TimeCreated SystemTime="2025-03-14T09:26:53.589793Z"/>', b"")
    path = write(tmp_path, timeless, two)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431215"]
    assert diagnostics.problems == [Problem(str(path), 1, "no TimeCreated")]


def test_stray_text_is_reported_once_per_run(tmp_path: Path) -> None:
    one, two, *_ = records(SYSMON)
    path = write(tmp_path, b"Sysmon export\n", b"---\n", b"\n", one, b"\n", b"end of export\n", two)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "431215"]
    stray = "text outside any <Event> record"
    assert diagnostics.problems == [Problem(str(path), 1, stray), Problem(str(path), 6, stray)]


def test_blank_lines_byte_order_marks_and_crlf_are_not_problems(tmp_path: Path) -> None:
    one, two, *_ = records(SYSMON)
    bom = "\ufeff".encode("utf-8")
    path = write(tmp_path, bom, one.replace(b"\n", b"\r\n"), b"\r\n  \n", bom, two)
    events, diagnostics = read(path)
    assert record_ids(events) == ["431207", "431215"]
    assert events[0]["_raw"] == one.decode("utf-8").rstrip("\n")
    assert diagnostics.problems == []


def test_reading_is_lazy(tmp_path: Path) -> None:
    one, two, *_ = records(SYSMON)
    path = write(tmp_path, one, two[:700] + b"\n")
    diagnostics = Diagnostics()
    events = read_xmlwineventlog(path, diagnostics)
    assert next(events)["EventRecordID"] == "431207"
    assert diagnostics.records_read == {str(path): 1}
    assert diagnostics.problems == []  # the truncated record after it is not reached yet
    assert list(events) == []
    assert diagnostics.problems == [Problem(str(path), 2, TRUNCATED)]


def test_read_events_reads_xmlwineventlog() -> None:
    diagnostics = Diagnostics()
    assert list(read_events(SYSMON, diagnostics)) == read(SYSMON)[0]

