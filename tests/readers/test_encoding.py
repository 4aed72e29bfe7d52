"""Logs in UTF-16 (Windows PowerShell 5.1's `>` and Out-File write UTF-16 LE with a byte order
mark by default) and UTF-8 with a byte order mark (Notepad's) give the same events as UTF-8,
in every text format; a UTF-16 code unit that is no character is reported with its record."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from engine.diagnostics import Diagnostics
from engine.readers import detect_format, read_events
from spl.cli import main

DATA = Path(__file__).parent / "data"
TEXT_LOGS = {
    "xml": DATA / "sysmon.log",
    "xml (multi-line records)": DATA / "sysmon_multiline.log",
    "json lines": DATA / "sysmon_export.json",
    "pretty json": DATA / "sysmon_evtx.json",
    "winlogbeat": DATA / "winlogbeat.ndjson",
}
ENCODINGS = {
    "utf-16-le": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-8 with bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
}


def read(path: Path) -> tuple[list[dict[str, object]], Diagnostics]:
    diagnostics = Diagnostics()
    return list(read_events(path, diagnostics)), diagnostics


def recoded(tmp_path: Path, log: Path, encoding: str, name: str | None = None) -> Path:
    path = tmp_path / (name or log.name)
    path.write_bytes(ENCODINGS[encoding](log.read_text(encoding="utf-8")))
    return path




@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("kind", list(TEXT_LOGS))
def test_every_text_format_reads_the_same_in_each_encoding(tmp_path, kind, encoding):
    log = TEXT_LOGS[kind]
    expected, _ = read(log)
    path = recoded(tmp_path, log, encoding)
    events, diagnostics = read(path)
    assert diagnostics.problems == []
    assert events == expected
    assert detect_format(path) == detect_format(log)


def test_a_json_array_in_utf16_is_read(tmp_path):
    results = [json.loads(line)["result"] for line in
               (DATA / "sysmon_export.json").read_text(encoding="utf-8").splitlines()]
    array = tmp_path / "array.json"
    array.write_text(json.dumps(results, indent=2), encoding="utf-8")
    expected, _ = read(array)
    events, diagnostics = read(recoded(tmp_path, array, "utf-16-le", "array16.json"))
    assert (events, diagnostics.problems) == (expected, [])
    assert len(events) == 4


def test_a_powershell_redirected_log_runs_through_spl_run(capsys, tmp_path):
    # Before: "1 record(s) skipped, 0 read".
    path = recoded(tmp_path, DATA / "sysmon.log", "utf-16-le")
    status = main(["run", "--data", str(path), "--format", "csv", "| stats count by EventCode"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.splitlines() == ["EventCode,count", "1,1", "11,1", "12,1", "13,1"]
    assert captured.err == ""


def test_a_code_unit_that_is_no_character_is_reported_with_its_record(tmp_path):
    lines = (DATA / "sysmon.log").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = lines[1].replace("<EventID>", "<EventID>\ud800", 1)  # a lone high surrogate
    data = codecs.BOM_UTF16_LE + "".join([lines[0], broken, *lines[2:]]).encode(
        "utf-16-le", "surrogatepass") + b"\x00"  # and an odd byte after the last line
    path = tmp_path / "broken16.log"
    path.write_bytes(data)
    events, diagnostics = read(path)
    expected, _ = read(DATA / "sysmon.log")
    assert [e["EventRecordID"] for e in events] == [
        e["EventRecordID"] for e in expected[:1] + expected[2:]]
    assert [(p.line, p.reason.split(" (")[0]) for p in diagnostics.problems] == [
        (2, "not valid UTF-8"), (5, "text outside any <Event> record")]
