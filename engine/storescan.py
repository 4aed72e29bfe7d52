"""The Scan of a search over the event store (engine/store.py): the SQL of engine/storesql.py,
run by the engine the plan names (DuckDB in this process, or Spark), and its rows turned back
into the events the readers gave, for the Python engine to run the rest of the plan over."""

from __future__ import annotations

import importlib
import json
from functools import partial
from typing import Iterator

from engine import plan
from engine.runtime import Runtime
from engine.store import EXTRA, FIELDS, Store
from engine.storesql import Columns, scan_query
from engine.table import Row, Table
from spl.errors import UsageError

# Each engine's module, imported when a search first runs on it: a run on DuckDB does not
# start Java, and a run over log files imports neither.
ENGINES = {"duckdb": "engine.duckdb_engine", "spark": "engine.spark_engine"}


def scan(node: plan.StoreScan, table: None, runtime: Runtime) -> Table:
    return Table(read(Store.open(node.store), node.literals, node.columns, node.engine,
                      node.master, node.time_range))


def read(store: Store, literals: tuple[tuple[str, ...], ...] = (), columns: Columns = (),
         engine: str = "duckdb", master: str | None = None,
         time_range: tuple[float | None, float | None] = (None, None)) -> Iterator[Row]:
    """The stored events that can pass a Scan's `literals`, `columns` and `time_range` tests,
    each the dict its reader gave, in the order a run over the same files reads them."""
    parts = store.parts(time_range)
    if not parts:
        return
    try:
        batches = importlib.import_module(ENGINES[engine]).batches
    except ModuleNotFoundError as error:
        raise UsageError(f"--engine {engine} needs the Python package {error.name}: "
                         f"pip install 'spl-local[{engine}]'") from None
    shapes: dict[str, list[str]] = {}
    query = partial(scan_query, literals, columns, time_range=time_range)
    for batch in batches(parts, query, master):
        yield from _rows(batch.to_pydict(), shapes)


def _rows(columns: dict[str, list], shapes: dict[str, list[str]]) -> Iterator[Row]:
    """The events of one batch. Each event's `_fields` names its fields in order. DuckDB's
    column names are case-insensitive, so there one column holds a field of every spelling
    (`Image` of one file, `image` of another): a name without a column of its own is looked up
    case-blind. A field kept in `_extra` may have no column at all: it takes its place in the
    order here, and its value from `_extra`."""
    by_fold = {name.lower(): values for name, values in columns.items()}
    absent = [None] * len(columns[FIELDS])
    for index, fields in enumerate(columns[FIELDS]):
        names = shapes.get(fields)
        if names is None:
            names = shapes[fields] = json.loads(fields)
        row = {name: columns.get(name, by_fold.get(name.lower(), absent))[index]
               for name in names}
        extra = columns[EXTRA][index]
        if extra is not None:
            row.update((name, tuple(value) if isinstance(value, list) else value)
                       for name, value in json.loads(extra).items())
        yield row
