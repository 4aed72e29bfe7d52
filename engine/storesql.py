"""The SQL an engine runs for a search over the event store, as sqlglot expression trees.

One tree per query, and one generator per dialect (`tree.sql(dialect="duckdb")`, `"spark"`):
quoting, escaping and function names differ between DuckDB and Spark (Spark escapes `\\` in
string literals, DuckDB does not; DuckDB's STRPOS is Spark's LOCATE), and sqlglot knows each.

Today the SQL covers the StoreScan: the store's events in run order, with the pushed-down
literals as a prefilter on `_raw` that keeps every event engine.pushdown.RecordFilter would
parse: for each group one of its literals in the lower-cased `_raw`, or a character reference,
CDATA or one of the two non-ASCII letters whose lower case is ASCII (looked for as they are:
RecordFilter lowers bytes in ASCII only, and Unicode's lower case of U+212A is "k"). The test is
only applied to events read from XML, whose `_raw` is the record's own text; events of other
formats all pass, and the engine's filters decide.
"""

from __future__ import annotations

from sqlglot import exp

from engine.pushdown import UNSAFE_TEXT
from engine.store import FILE, FORMAT, SEQ

TABLE = "events"  # the name each engine gives the store's Parquet files
_FILTERED_FORMAT = "xml"


def scan_query(literals: tuple[tuple[str, ...], ...]) -> exp.Select:
    query = exp.select("*").from_(TABLE)
    if literals:
        query = query.where(_prefilter(literals))
    return query.order_by(FILE, SEQ)


def _prefilter(literals: tuple[tuple[str, ...], ...]) -> exp.Expression:
    raw = exp.column("_raw")
    lowered = exp.Lower(this=raw)
    unsafe = [_contains(lowered if text.isascii() else raw, text) for text in UNSAFE_TEXT]
    groups = [exp.or_(*(_contains(lowered, literal) for literal in group)) for group in literals]
    other_format = exp.NEQ(this=exp.column(FORMAT), expression=exp.Literal.string(_FILTERED_FORMAT))
    return exp.or_(other_format, *unsafe, exp.and_(*groups))


def _contains(text: exp.Expression, part: str) -> exp.Expression:
    position = exp.StrPosition(this=text, substr=exp.Literal.string(part))
    return exp.GT(this=position, expression=exp.Literal.number(0))
