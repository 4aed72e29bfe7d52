"""What a running search can see: the events, the data models, the time zone, the diagnostics."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from pathlib import Path
from typing import Iterable, Iterator

from engine.datamodels import DataModels, Dataset
from engine.diagnostics import Diagnostics
from engine.knowledge import SourceKnowledge
from engine.pushdown import Scan
from engine.readers import read_events
from engine.table import Row, Table
from spl.ast import Pipeline, SearchExpr


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
    # Keep events and dataset rows once read, for running many searches over the same logs
    # (engine.session); a single run streams instead.
    keep_in_memory: bool = False
    now: float = field(default_factory=time.time)  # when the search started: `now`, `-24h`
    format_in: str = "auto"  # --format-in: xml, evtx, json, or auto (told from the content)
    _events: list[Row] | None = field(default=None, init=False, repr=False)
    _dataset_rows: dict[str, list[Row]] = field(default_factory=dict, init=False, repr=False)

    def subsearch(self, pipeline: Pipeline) -> Table:
        """Bind and run a `[...]` subsearch over the same data, as join and append need."""
        from engine.plan import bind  # the binder knows every command, which may call this
        from engine.runner import run_steps

        return run_steps(bind(pipeline, self), self)

    def events(self, scan: Scan = Scan()) -> Iterator[Row]:
        """Every event of every data file, with its source knowledge applied; read lazily.
        `scan` lets records and events that its consumer cannot use be skipped early."""
        if not self.keep_in_memory:
            return self._read(scan)
        if self._events is None:
            self._events = list(self._read(Scan()))
        return (dict(event) for event in self._events)  # commands may change their rows

    def dataset_rows(self, dataset: Dataset, where: SearchExpr | None,
                     used: set[str]) -> Iterable[Row]:
        """The rows of a data model dataset that `where` could match, with at least the fields
        in `used` (`<Dataset>.<field>` names); tstats only reads them."""
        if not self.keep_in_memory:
            scan = dataset.scan(where, self.knowledge, used)
            return dataset.rows(self.events(scan), scan.fields)
        key = f"{dataset.model}.{dataset.name}"
        if key not in self._dataset_rows:
            events = self.events() if self._events is not None else self._read(Scan())
            self._dataset_rows[key] = list(dataset.rows(events))
        return self._dataset_rows[key]

    def _read(self, scan: Scan) -> Iterator[Row]:
        for path in self.data:
            fixed = self.overrides.get(path, {})
            for event in read_events(path, self.diagnostics, scan.records, self.format_in):
                event.update(fixed)
                if scan.events is None or scan.events(event):
                    yield self.knowledge.enrich(event, scan.fields)


