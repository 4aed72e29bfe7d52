"""Where rows come from, in the Python engine: the log files (Scan), the caller's table (Rows),
source knowledge (Enrich) and data model datasets (DatasetRows).

Events are read lazily, file by file, and a record whose bytes lack a Scan's literals is never
parsed (engine/pushdown.py says when that is exact). When the runtime keeps rows in memory
(engine.session), enriched events and dataset rows are computed once and later searches get
copies (the raw events are not kept: nothing reads them twice).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from engine import plan
from engine.pushdown import RecordFilter
from engine.readers import read_events, read_part
from engine.runtime import Runtime
from engine.table import Row, Table


@dataclass(frozen=True)
class Part:
    """One part of the input that a worker process reads (engine/parallel.py): a file, whole
    (start and stop None) or the byte range [start, stop) of an XML file."""

    file: Path
    start: int | None
    stop: int | None


# Set in a worker process: its Scan reads only this part of the run's one input path.
PART: ContextVar[Part | None] = ContextVar("scan_part", default=None)


def scan(node: plan.Scan, table: None, runtime: Runtime) -> Table:
    return Table(_read(node, runtime))


def _read(node: plan.Scan, runtime: Runtime) -> Iterator[Row]:
    records = RecordFilter.of(node.literals)
    part = PART.get()
    for path in runtime.data:
        fixed = runtime.overrides.get(path, {})
        events = read_events(path, runtime.diagnostics, records, runtime.format_in) \
            if part is None else \
            read_part(part.file, part.start, part.stop, runtime.diagnostics, records,
                      runtime.format_in)
        for event in events:
            event.update(fixed)
            yield event


def rows(node: plan.Rows, table: None, runtime: Runtime) -> Table:
    return runtime.rows if runtime.rows is not None else Table([])


def enrich(node: plan.Enrich, table: Table, runtime: Runtime) -> Table:
    def compute() -> Table:
        return Table(node.knowledge.enrich(event, node.fields) for event in table.rows)

    kept = runtime.remembered(node, compute)
    return compute() if kept is None else Table(dict(row) for row in kept)


def dataset_rows(node: plan.DatasetRows, table: Table, runtime: Runtime) -> Table:
    def compute() -> Table:
        return Table(node.dataset.rows(table.rows, node.fields))

    kept = runtime.remembered(node, compute)
    rows = compute().rows if kept is None else (dict(row) for row in kept)
    return Table(rows, node.dataset.columns())
