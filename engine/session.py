"""A library API for running many searches over the same logs, read once.

    session = Session([Path("examples/data/rms_sysmon.log")])
    rows, fields = session.run("| tstats count from datamodel=Endpoint.Registry").materialize()

The first search that needs the events reads and enriches them all and keeps them in memory;
later searches (a detection test suite, a notebook) reuse them, so only the search itself costs.
"""

from __future__ import annotations

from datetime import timezone, tzinfo
from pathlib import Path

from engine.context import Context
from engine.runner import execute, load_datamodels, load_macros, prepare
from engine.table import Table


class Session:
    def __init__(self, data: list[Path], macro_dirs: list[Path] = (), lookups: list[Path] = (),
                 tz: tzinfo = timezone.utc):
        datamodels, knowledge = load_datamodels()
        self.macros = load_macros(list(macro_dirs))
        self.context = Context(list(data), datamodels, knowledge, tz, lookups=list(lookups),
                               keep_in_memory=True)

    def run(self, search: str) -> Table:
        """The result of `search`; raises SplError for a mistake in it."""
        return execute(prepare(search, self.macros, self.context), self.context)
