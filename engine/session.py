"""A library API for running many searches over the same logs, read once.

    session = Session([Path("examples/data/rms_sysmon.log")])
    rows, fields = session.run("| tstats count from datamodel=Endpoint.Registry").materialize()

The first search that needs the events reads and enriches them all and keeps them in memory;
later searches (a detection test suite, a notebook) reuse them, so only the search itself costs.
Since every event is kept anyway, searches here are not rewritten to skip records.
"""

from __future__ import annotations

from datetime import timezone, tzinfo
from pathlib import Path

from engine.catalog import Catalog
from engine.clock import Clock
from engine.runner import run_search
from engine.runtime import Runtime
from engine.table import Table


class Session:
    def __init__(self, data: list[Path], macro_dirs: list[Path] = (), lookups: list[Path] = (),
                 tz: tzinfo = timezone.utc):
        self.catalog = Catalog.load(macro_dirs, lookups)
        self.tz = tz
        self.runtime = Runtime(data=list(data), keep_in_memory=True)

    def run(self, search: str) -> Table:
        """The result of `search`; raises SplError for a mistake in it."""
        self.runtime.clock = Clock.started(self.tz)
        return run_search(search, catalog=self.catalog, runtime=self.runtime,
                          pushdown=False).table
