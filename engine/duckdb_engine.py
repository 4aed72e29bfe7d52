"""DuckDB, the store's engine on one machine: it reads the Parquet files in place, runs the
SQL of engine/storesql.py, and hands Arrow batches over without a copy per row."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import duckdb
import pyarrow as pa
from sqlglot import exp

from engine.storesql import TABLE

BATCH = 10_000  # events per Arrow batch


def batches(parts: list[Path], query: Callable[[list[str]], exp.Select],
            master: str | None) -> Iterator[pa.RecordBatch]:
    """The result over the Parquet files `parts` of the query `query` makes from their column
    names, in batches. `master` is Spark's; DuckDB runs in this process."""
    connection = duckdb.connect()
    try:
        # DuckDB draws a progress bar on stdout for a query of more than two seconds: the
        # results are written there.
        connection.execute("SET enable_progress_bar = false")
        events = connection.read_parquet([str(path) for path in parts], union_by_name=True)
        events.create_view(TABLE)
        sql = query(events.columns).sql(dialect="duckdb")
        yield from connection.sql(sql).to_arrow_reader(BATCH)
    finally:
        connection.close()
