"""`spl` run in process for the fuzz properties: in an empty working folder, output captured,
stopped after HANG seconds (a guard against the unbounded hangs issue #16 found, not a measure
of speed)."""

from __future__ import annotations

import contextlib
import io
import signal
import tempfile
from pathlib import Path

from spl.cli import main

HANG = 60


def _on_alarm(signum, frame):
    raise TimeoutError(f"spl ran for more than {HANG} s")


def run_spl(argv: list[str], files: dict[str, str] | None = None) -> tuple[int, str]:
    """The exit status of `spl <argv>` and what it printed on stderr. `files` (name -> text) are
    written to the working folder first, whose path replaces `{folder}` in argv. A status of 1
    must come with an error printed as one."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(HANG)
    try:
        with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder), \
                contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()) as err:
            for name, text in (files or {}).items():
                Path(folder, name).write_text(text, encoding="utf-8", errors="surrogateescape")
            try:
                status = main([a.replace("{folder}", folder) for a in argv])
            except SystemExit as exit_:  # argparse's usage errors
                status = exit_.code
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if status == 1:
        assert err.getvalue().startswith("error["), err.getvalue()
    return status, err.getvalue()
