"""What a running search can see: the events, the data models, the time zone, the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from pathlib import Path
from typing import Iterator

from engine.datamodels import DataModels
from engine.diagnostics import Diagnostics
from engine.knowledge import SourceKnowledge
from engine.pushdown import Scan
from engine.readers import read_events
from engine.table import Row, Table
from spl.ast import Pipeline


@dataclass
class Context:
    data: list[Path]
    datamodels: DataModels
    knowledge: SourceKnowledge
    tz: tzinfo = timezone.utc
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    lookups: list[Path] = field(default_factory=list)  # folders searched for lookups by name
    # Fields set on every event of a file, as `spl test` gives each file the source and
    # sourcetype its test entry names.
    overrides: dict[Path, dict[str, str]] = field(default_factory=dict)

    def subsearch(self, pipeline: Pipeline) -> Table:
        """Bind and run a `[...]` subsearch over the same data, as join and append need."""
        from engine.plan import bind  # the binder knows every command, which may call this
        from engine.runner import run_steps

        return run_steps(bind(pipeline, self), self)

    def events(self, scan: Scan = Scan()) -> Iterator[Row]:
        """Every event of every data file, with its source knowledge applied; read lazily.
        `scan` lets records and events that its consumer cannot use be skipped early."""
        for path in self.data:
            fixed = self.overrides.get(path, {})
            for event in read_events(path, self.diagnostics, scan.records):
                event.update(fixed)
                if scan.events is None or scan.events(event):
                    yield self.knowledge.enrich(event)


