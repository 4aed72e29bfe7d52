"""Progress lines: what they say, and that they stay off stderr unless it is a terminal."""

from __future__ import annotations

import io
import time
from pathlib import Path

from engine import progress
from engine.diagnostics import Diagnostics
from engine.progress import Progress
from engine.table import Table


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _log(tmp_path: Path) -> Path:
    log = tmp_path / "a.log"
    log.write_bytes(b"x" * 1000)
    return log


def test_progress_line_reports_records_rate_and_matched(tmp_path: Path):
    log = _log(tmp_path)
    diagnostics = Diagnostics()
    diagnostics.records_read[str(log)] = 500
    shown = Progress(diagnostics, [log], Terminal())
    assert [row["n"] for row in shown.watch(Table([{"n": 1}, {"n": 2}])).rows] == [1, 2]
    assert shown.line(elapsed=2.0) == "500 records, 250/s, 2 matched"


def test_a_terminal_sees_the_share_read_the_counts_and_time_left_then_a_cleared_line(
        tmp_path: Path, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.01)
    log = _log(tmp_path)
    diagnostics = Diagnostics()
    stream = Terminal()
    with Progress(diagnostics, [log], stream) as shown:
        diagnostics.records_read[str(log)] = 500
        diagnostics.bytes_read[str(log)] = 250
        list(shown.watch(Table([{"n": 1}, {"n": 2}, {"n": 3}])).rows)
        deadline = time.monotonic() + 10
        while "3 matched" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    drawn = stream.getvalue()
    assert " 25%" in drawn and "500 records" in drawn and "3 matched" in drawn
    assert "left" in drawn
    assert drawn.endswith("\r")  # tqdm's leave=False clears the line it drew


def test_nothing_is_written_when_stderr_is_not_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = io.StringIO()
    rows = [{"n": 1}]
    with Progress(Diagnostics(), [_log(tmp_path)], stream) as hidden:
        table = Table(rows)
        assert hidden.watch(table) is table  # rows not even counted
    assert stream.getvalue() == ""
