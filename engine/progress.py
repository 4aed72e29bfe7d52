"""Progress of a long run on stderr: records read, rate and time left, redrawn in place.

Shown only when stderr is a terminal, so that logs and pipes stay clean. A background thread reads
the counters the readers keep anyway, so the reading loop pays nothing for it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TextIO

from engine.diagnostics import Diagnostics

INTERVAL = 0.5   # seconds between redraws
DELAY = 1.0      # runs shorter than this show nothing


class Progress:
    def __init__(self, diagnostics: Diagnostics, paths: list[Path], stream: TextIO):
        self._diagnostics = diagnostics
        self._total = sum(p.stat().st_size for p in paths if p.is_file())
        self._stream = stream
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._drawn = False

    def __enter__(self) -> Progress:
        if self._stream.isatty() and self._total:
            self._started = time.monotonic()
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._drawn:
            self._stream.write("\r\033[K")
            self._stream.flush()

    def _run(self) -> None:
        if self._done.wait(DELAY):
            return
        while not self._done.wait(INTERVAL):
            self._stream.write("\r\033[K" + self.line(time.monotonic() - self._started))
            self._stream.flush()
            self._drawn = True

    def line(self, elapsed: float) -> str:
        """"120,000 records, 85,000/s, 43%, about 3s left"."""
        records = sum(self._diagnostics.records_read.values())
        done = sum(self._diagnostics.bytes_read.values())
        rate = records / elapsed if elapsed else 0.0
        share = min(done / self._total, 1.0) if self._total else 0.0
        left = elapsed * (1 - share) / share if share else 0.0
        return f"{records:,} records, {rate:,.0f}/s, {share:.0%}, about {left:.0f}s left"
