"""Choosing the reader: the same events in every format give the same fields, the format is told
from the content unless forced, and folders and glob patterns stand for the files in them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.diagnostics import Diagnostics, Problem
from engine.readers import FORMATS, detect_format, expand_inputs, read_events

DATA = Path(__file__).parent / "data"
SYSMON = DATA / "sysmon.log"  # the four records every file below holds
SAME_EVENTS = {
    "xml": SYSMON,
    "evtx": DATA / "sysmon.evtx",
    "json (Splunk export)": DATA / "sysmon_export.json",
    "json (evtx tools)": DATA / "sysmon_evtx.json",
}


def read(path: Path, format_in: str = "auto") -> tuple[list[dict[str, object]], Diagnostics]:
    diagnostics = Diagnostics()
    return list(read_events(path, diagnostics, format_in=format_in)), diagnostics


def without_raw(events: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{name: value for name, value in event.items() if name != "_raw"} for event in events]


@pytest.mark.parametrize("kind", list(SAME_EVENTS))
def test_the_same_events_in_every_format_give_the_same_fields(kind: str) -> None:
    events, diagnostics = read(SAME_EVENTS[kind])
    expected, _ = read(SYSMON)
    assert len(events) == 4
    assert without_raw(events) == without_raw(expected)
    assert diagnostics.problems == []


def test_raw_is_the_record_as_each_format_holds_it() -> None:
    raws = {kind: [e["_raw"] for e in read(path)[0]] for kind, path in SAME_EVENTS.items()}
    assert raws["json (Splunk export)"] == raws["xml"]  # the export carries the record itself
    assert raws["json (evtx tools)"] == raws["evtx"]  # both rebuilt in the one-line form
    assert raws["evtx"][:3] == raws["xml"][:3]
    assert raws["evtx"][3] == raws["xml"][3].replace("'", '"')  # Splunk's single quotes


@pytest.mark.parametrize(("content", "expected"), [
    (b"ElfFile\0" + b"\0" * 100, "evtx"),
    (b'<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">', "xml"),
    (b'{"result": {}}\n', "json"),
    (b"[\n  {}\n]\n", "json"),
    (b"\xef\xbb\xbf\r\n\n   \t{", "json"),  # a byte order mark and blank lines first
    (b"\n" * 5000 + b"[", "json"),  # past the first block read
    (b"\xef\xbb\xbf<Event", "xml"),
    (b"", "xml"),
    (b"Sysmon export\n<Event", "xml"),  # the XML reader reports the stray text
])
def test_format_is_told_from_the_first_bytes(tmp_path: Path, content: bytes,
                                             expected: str) -> None:
    path = tmp_path / "events.log"  # the name says nothing
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_real_fixtures_are_detected() -> None:
    assert {kind: detect_format(path) for kind, path in SAME_EVENTS.items()} == {
        "xml": "xml", "evtx": "evtx", "json (Splunk export)": "json", "json (evtx tools)": "json"}
    assert detect_format(DATA / "winlogbeat.ndjson") == "json"


def test_format_in_forces_the_reader() -> None:
    assert FORMATS == ("auto", "xml", "evtx", "json")
    events, diagnostics = read(SYSMON, format_in="json")
    assert events == []
    assert diagnostics.problems == [Problem(str(SYSMON), 1, "text outside any JSON object")]
    assert read(SYSMON, format_in="xml")[0] == read(SYSMON)[0]
    events, diagnostics = read(DATA / "sysmon_export.json", format_in="xml")
    assert events == []
    assert diagnostics.problems[0] == Problem(
        str(DATA / "sysmon_export.json"), 1, "text outside any <Event> record")


def test_a_binary_file_read_as_json_is_reported_once() -> None:
    events, diagnostics = read(DATA / "sysmon.evtx", format_in="json")
    assert events == []
    [problem] = diagnostics.problems
    assert (problem.line, problem.reason.startswith("not valid UTF-8")) == (1, True)


def test_an_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown input format 'csv'"):
        read(SYSMON, format_in="csv")


def tree(tmp_path: Path) -> Path:
    """logs/ holding the fixtures in folders, a hidden file and a hidden folder."""
    root = tmp_path / "logs"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(SYSMON, root / "z_sysmon.log")
    shutil.copy(DATA / "sysmon.evtx", root / "b" / "sysmon.evtx")
    shutil.copy(DATA / "sysmon_export.json", root / "b" / "deeper" / "export.json")
    shutil.copy(DATA / "sysmon_evtx.json", root / "a.json")
    (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return root


def test_a_folder_is_every_file_under_it_sorted(tmp_path: Path) -> None:
    root = tree(tmp_path)
    assert expand_inputs([root]) == [root / "a.json", root / "b" / "deeper" / "export.json",
                                     root / "b" / "sysmon.evtx", root / "z_sysmon.log"]


def test_glob_patterns(tmp_path: Path) -> None:
    root = tree(tmp_path)
    assert expand_inputs([str(root / "*.log")]) == [root / "z_sysmon.log"]
    assert expand_inputs([root / "**" / "*.json"]) == [root / "a.json",
                                                     root / "b" / "deeper" / "export.json"]
    assert expand_inputs([root / "b" / "*"]) == [root / "b" / "deeper" / "export.json",
                                               root / "b" / "sysmon.evtx"]  # a folder matched


def test_each_file_once_in_the_order_given(tmp_path: Path) -> None:
    root = tree(tmp_path)
    assert expand_inputs([root / "z_sysmon.log", root / "*.json", root / "z_sysmon.log"]) == [
        root / "z_sysmon.log", root / "a.json"]


def test_missing_paths_and_patterns_matching_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        expand_inputs([tmp_path / "nope.log"])
    with pytest.raises(FileNotFoundError, match="no file matches"):
        expand_inputs([tmp_path / "*.evtx"])


def test_a_file_whose_name_looks_like_a_pattern_is_itself(tmp_path: Path) -> None:
    odd = tmp_path / "sysmon[1].log"
    shutil.copy(SYSMON, odd)
    assert expand_inputs([odd]) == [odd]


def test_read_events_over_a_folder_reads_every_format(tmp_path: Path) -> None:
    root = tree(tmp_path)
    events, diagnostics = read(root)
    assert len(events) == 16
    assert without_raw(events) == without_raw(read(SYSMON)[0]) * 4
    assert diagnostics.problems == []
    assert set(diagnostics.records_read.values()) == {4}
