"""Where rows come from, in the Python engine: the log files (Scan), the caller's table (Rows),
source knowledge (Enrich) and data model datasets (DatasetRows).

Events are read lazily, file by file, and a record whose bytes lack a Scan's literals is never
parsed (engine/pushdown.py says when that is exact). When the runtime keeps rows in memory
(engine.session), enriched events and dataset rows are computed once and later searches get
copies (the raw events are not kept: nothing reads them twice).
"""

from __future__ import annotations

from typing import Iterator

from engine import plan
from engine.pushdown import RecordFilter
from engine.readers import read_events
from engine.runtime import Runtime
from engine.table import Row, Table


def scan(node: plan.Scan, table: None, runtime: Runtime) -> Table:
    return Table(_read(node, runtime))


def _read(node: plan.Scan, runtime: Runtime) -> Iterator[Row]:
    records = RecordFilter.of(node.literals)
    for path in runtime.data:
        fixed = runtime.overrides.get(path, {})
        for event in read_events(path, runtime.diagnostics, records, runtime.format_in):
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
