"""DuckDB, the store's engine on one machine: it reads the Parquet files in place, runs the
SQL of engine/storesql.py, and hands Arrow batches over without a copy per row."""

from __future__ import annotations

from typing import Iterator

import duckdb
import pyarrow as pa
from sqlglot import exp

from engine.store import Store
from engine.storesql import TABLE

BATCH = 10_000  # events per Arrow batch


def batches(store: Store, query: exp.Select, master: str | None) -> Iterator[pa.RecordBatch]:
    """The result of `query` over the store, in batches. `master` is Spark's; DuckDB runs in
    this process."""
    connection = duckdb.connect()
    try:
        parts = [str(path) for path in store.parts()]
        connection.read_parquet(parts, union_by_name=True).create_view(TABLE)
        yield from connection.sql(query.sql(dialect="duckdb")).to_arrow_reader(BATCH)
    finally:
        connection.close()
