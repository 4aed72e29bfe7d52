"""A library API for running many searches over the same logs, read once.

    session = Session([Path("examples/data/rms_sysmon.log")])
    rows, fields = session.run("| tstats count from datamodel=Endpoint.Registry").materialize()

    session = Session(store=Path("store"))          # a store that `spl ingest` made
    session.run("EventCode=13 rutserv.exe | stats count by host")

Over log files, the first search that needs the events reads and enriches them all and keeps
them in memory; later searches (a detection test suite, a notebook) reuse them, so only the
search itself costs. Since every event is kept anyway, those searches are not rewritten to skip
records. Over a store, nothing is kept: each search's SQL runs on DuckDB (or Spark), which
reads only what the search's literals let through, so memory stays that of one search.
"""

from __future__ import annotations

from datetime import timezone, tzinfo
from pathlib import Path

from engine.catalog import Catalog
from engine.clock import Clock
from engine.runner import run_search
from engine.runtime import Runtime
from engine.store import Store, StoreSource
from engine.table import Table


class Session:
    def __init__(self, data: list[Path] = (), macro_dirs: list[Path] = (),
                 lookups: list[Path] = (), tz: tzinfo = timezone.utc, *,
                 store: Path | None = None, engine: str = "duckdb"):
        if store is not None and data:
            raise ValueError("a session reads log files or a store, not both")
        source = None if store is None else StoreSource(Store.open(store).root, engine)
        self.catalog = Catalog.load(macro_dirs, lookups, source)
        self.tz = tz
        self.runtime = Runtime(data=list(data), keep_in_memory=store is None)

    def run(self, search: str) -> Table:
        """The result of `search`; raises SplError for a mistake in it."""
        self.runtime.clock = Clock.started(self.tz)
        return run_search(search, catalog=self.catalog, runtime=self.runtime,
                          pushdown=not self.runtime.keep_in_memory).table
