"""Progress lines: what they say, and that they stay off stderr unless it is a terminal."""

from __future__ import annotations

import io
from pathlib import Path

from engine.diagnostics import Diagnostics
from engine.progress import Progress


def test_progress_line_reports_records_rate_share_and_time_left(tmp_path: Path):
    log = tmp_path / "a.log"
    log.write_bytes(b"x" * 1000)
    diagnostics = Diagnostics()
    diagnostics.records_read[str(log)] = 500
    diagnostics.bytes_read[str(log)] = 250
    line = Progress(diagnostics, [log], io.StringIO()).line(elapsed=2.0)
    assert line == "500 records, 250/s, 25%, about 6s left"


def test_nothing_is_written_when_stderr_is_not_a_terminal(tmp_path: Path):
    log = tmp_path / "a.log"
    log.write_bytes(b"x" * 1000)
    stream = io.StringIO()
    with Progress(Diagnostics(), [log], stream):
        pass
    assert stream.getvalue() == ""
