"""Progress of a long run on stderr: share of the bytes read, records read and their rate, results
matched so far and the time left, redrawn in place by tqdm.

Shown only when stderr is a terminal and the files' size is known, so that logs and pipes stay
clean, and only after DELAY, so that short runs show nothing. A background thread reads the
counters the readers keep anyway (engine/diagnostics.py), so the reading loop pays nothing for
it; counting the results matched wraps the result's rows, and only when the progress shows.
tqdm is imported with the module: it adds about 3 ms to the start-up of `spl run` (rich's
progress bar, 44 ms; measured with `python -X importtime -m spl.cli --help`).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from tqdm import tqdm

from engine.diagnostics import Diagnostics
from engine.table import Row, Table

INTERVAL = 0.5   # seconds between redraws
DELAY = 1.0      # runs shorter than this show nothing
BAR_FORMAT = "{percentage:3.0f}% |{bar:20}| {n_fmt}B/{total_fmt}B{postfix}, about {remaining} left"


class Progress:
    def __init__(self, diagnostics: Diagnostics, paths: list[Path], stream: TextIO):
        self._diagnostics = diagnostics
        self._total = sum(p.stat().st_size for p in paths if p.is_file())
        self._stream = stream
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.shown = stream.isatty() and self._total > 0
        self.matched = 0

    def __enter__(self) -> Progress:
        if self.shown:
            self._started = time.monotonic()
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def watch(self, table: Table) -> Table:
        """The table, its rows counted as `matched` as they stream out (when shown)."""
        return Table(self._counted(table.rows), table.fields) if self.shown else table

    def _counted(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            self.matched += 1
            yield row

    def _run(self) -> None:
        if self._done.wait(DELAY):
            return
        bar = tqdm(total=self._total, file=self._stream, unit="B", unit_scale=True,
                   unit_divisor=1024, leave=False, bar_format=BAR_FORMAT, smoothing=0.1,
                   mininterval=0, dynamic_ncols=True)
        try:
            while not self._done.wait(INTERVAL):
                done = min(sum(self._diagnostics.bytes_read.values()), self._total)
                bar.set_postfix_str(self.line(time.monotonic() - self._started), refresh=False)
                bar.update(done - bar.n)
                bar.refresh()
        finally:
            bar.close()  # leave=False: the line is cleared

    def line(self, elapsed: float) -> str:
        """"120,000 records, 85,000/s, 12 matched"."""
        records = sum(self._diagnostics.records_read.values())
        rate = records / elapsed if elapsed else 0.0
        return f"{records:,} records, {rate:,.0f}/s, {self.matched:,} matched"
