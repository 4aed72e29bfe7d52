"""The Scan of a search over the event store (engine/store.py), run by DuckDB.

DuckDB reads the store's Parquet files and keeps only events whose `_raw` can hold the Scan's
pushed-down literals, exactly as engine.pushdown.RecordFilter tests a record's bytes (for every
group one of its literals, lower-cased; every record with a character reference, CDATA or one of
the two non-ASCII letters whose lower case is ASCII passes); the engine then runs the plan over
the events that pass. The test is only applied to events read from XML, whose `_raw` is the
record's own text: events of other formats all pass, and the engine's filters decide.
"""

from __future__ import annotations

import json
from typing import Iterator

import duckdb

from engine import plan
from engine.pushdown import UNSAFE_TEXT
from engine.runtime import Runtime
from engine.store import EXTRA, FIELDS, FILE, FORMAT, SEQ, Store
from engine.table import Row, Table

BATCH = 10_000  # events per Arrow batch DuckDB hands over
_FILTERED_FORMAT = "xml"


def scan(node: plan.StoreScan, table: None, runtime: Runtime) -> Table:
    return Table(read(Store.open(node.store), node.literals))


def query(store: Store, literals: tuple[tuple[str, ...], ...]) -> tuple[str, list[object]]:
    """The SQL that reads the store's events in run order, keeping only those that can hold the
    literals, and its parameters (the Parquet files first)."""
    parameters: list[object] = [[str(path) for path in store.parts()]]
    where = ""
    if literals:
        # RecordFilter lowers bytes in ASCII only: the non-ASCII texts are looked for as they
        # are (Unicode's lower case of U+212A is "k").
        unsafe = [f"contains({'lower(_raw)' if text.isascii() else '_raw'}, ?)"
                  for text in UNSAFE_TEXT]
        groups = ["(" + " OR ".join("contains(lower(_raw), ?)" for _ in group) + ")"
                  for group in literals]
        where = f" WHERE {FORMAT} <> ? OR {' OR '.join(unsafe)} OR ({' AND '.join(groups)})"
        parameters += [_FILTERED_FORMAT, *UNSAFE_TEXT, *(lit for group in literals
                                                        for lit in group)]
    return (f"SELECT * FROM read_parquet(?, union_by_name = true){where} "
            f"ORDER BY {FILE}, {SEQ}"), parameters


def read(store: Store, literals: tuple[tuple[str, ...], ...] = ()) -> Iterator[Row]:
    """The stored events that can hold `literals`, each the dict its reader gave, in the order
    a run over the same files reads them."""
    if not store.parts():
        return
    sql, parameters = query(store, literals)
    connection = duckdb.connect()
    try:
        shapes: dict[str, list[tuple[str, str]]] = {}
        for batch in connection.sql(sql, params=parameters).to_arrow_reader(BATCH):
            yield from _rows(batch.to_pydict(), shapes)
    finally:
        connection.close()


def _rows(columns: dict[str, list], shapes: dict[str, list[tuple[str, str]]]) -> Iterator[Row]:
    """The events of one batch. DuckDB's names are case-insensitive, so one column holds a
    field of every spelling (`Image` of one file, `image` of another): each event's `_fields`
    says which is its own."""
    by_fold = {name.lower(): values for name, values in columns.items()}
    for index, fields in enumerate(by_fold[FIELDS]):
        names = shapes.get(fields)
        if names is None:
            names = shapes[fields] = [(name, name.lower()) for name in json.loads(fields)]
        # A field kept in _extra may have no column at all; it takes its place in the order here.
        row = {name: by_fold[fold][index] if fold in by_fold else None for name, fold in names}
        extra = by_fold[EXTRA][index]
        if extra is not None:
            row.update((name, tuple(value) if isinstance(value, list) else value)
                       for name, value in json.loads(extra).items())
        yield row
