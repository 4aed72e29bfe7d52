"""What a running search has that binding does not: the input files, the rows a caller hands in,
caches, diagnostics, the hook that `explain` watches the run through and the one the search page
counts and cancels it through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from engine.clock import Clock
from engine.diagnostics import Diagnostics
from engine.plan import Node
from engine.table import Row, Table


class Observer(Protocol):
    """Told about every operator the executor runs: its rows in (None for a source) and out.
    Seeing the rows means materializing them, so an observed run is for explaining, not for
    large logs."""

    def __call__(self, node: Node, rows_in: list[Row] | None, table_out: Table) -> Table: ...


Watch = Callable[[Node, Iterable[Row]], Iterator[Row]]
"""Given each operator's rows as they stream (engine/executor.py), and gives them back: the
search page (spl/serve) counts them for its progress line and stops a cancelled search by
raising from it."""


@dataclass
class Runtime:
    clock: Clock = field(default_factory=Clock.started)  # the search's start and time zone
    data: list[Path] = field(default_factory=list)  # the log files, in the order they are read
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    # Fields set on every event of a file, as `spl test` gives each file the source and
    # sourcetype its test entry names.
    overrides: dict[Path, dict[str, str]] = field(default_factory=dict)
    format_in: str = "auto"  # --format-in: xml, evtx, json, or auto (told from the content)
    rows: Table | None = None  # the rows a plan.Rows source stands for
    # Keep the rows of every source once read, for running many searches over the same logs
    # (engine.session); a single run streams instead.
    keep_in_memory: bool = False
    observer: Observer | None = None
    memo: dict[Node, list[Row]] = field(default_factory=dict, repr=False)
    lookups_out: Path | None = None  # --lookups-out: the one folder outputlookup writes into
    geoip: Path | None = None  # --geoip: the .mmdb iplocation reads; None: the shipped one
    watch: Watch | None = None

    def remembered(self, node: Node, compute: Callable[[], Table]) -> list[Row] | None:
        """The rows of `node` kept from an earlier search, when rows are kept in memory."""
        if not self.keep_in_memory:
            return None
        if node not in self.memo:
            self.memo[node] = list(compute().rows)
        return self.memo[node]
