"""Spark, the store's engine on a cluster: the same SQL as DuckDB runs (engine/storesql.py,
generated for Spark's dialect) over the store's Parquet files, on `--master URL` or in local
mode on every core of this machine.

Column names are case-sensitive in the session (`spark.sql.caseSensitive`): Sysmon's fields
and a JSON log's may differ only in case, and each keeps its own column. The rows come back to
the Python engine as Arrow, which runs the rest of the plan.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Callable, Iterator

import pyarrow as pa
from pyspark.errors import PySparkRuntimeError
from pyspark.sql import SparkSession
from sqlglot import exp

from engine.storesql import TABLE
from spl.errors import UsageError

LOCAL = "local[*]"


def batches(parts: list[Path], query: Callable[[list[str]], exp.Select],
            master: str | None) -> Iterator[pa.RecordBatch]:
    """The result over the Parquet files `parts` of the query `query` makes from their column
    names."""
    spark = session(master or LOCAL)
    events = spark.read.option("mergeSchema", "true").parquet(*(str(path) for path in parts))
    events.createOrReplaceTempView(TABLE)
    yield from spark.sql(query(events.columns).sql(dialect="spark")).toArrow().to_batches()


@cache
def session(master: str) -> SparkSession:
    """One Spark session per process and master: starting one takes seconds."""
    builder = (SparkSession.builder.master(master).appName("spl-local")
               .config("spark.sql.caseSensitive", "true")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    try:
        spark = builder.getOrCreate()
    except PySparkRuntimeError as error:
        raise UsageError(f"--engine spark: Spark did not start on {master} (it needs Java 17 "
                         f"or newer, found through JAVA_HOME or PATH): {error}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark
