"""The SQL an engine runs for a search over the event store, as sqlglot expression trees.

One tree per query, and one generator per dialect (`tree.sql(dialect="duckdb")`, `"spark"`):
quoting, escaping and function names differ between DuckDB and Spark (Spark escapes `\\` in
string literals, DuckDB does not; DuckDB's STRPOS is Spark's LOCATE), and sqlglot knows each.

Today the SQL covers the StoreScan: the store's events in run order, with two prefilters that
keep every event the engine's own filters could keep (they run after it, on what passes):

- the Scan's `columns`: for each group, one of its fields holds its literal (lower-cased, as
  the engine's matching lowers values). A field no column holds has no value, so it holds no
  literal; a value that is not ASCII passes (beyond ASCII, Python's case-insensitive matching
  and an engine's LOWER may disagree: U+017F matches `s`), and so does an event whose `_extra`
  names the field (a multivalue, a number, a name that differs only in case from another's:
  no column holds those values);
- the Scan's `literals`, as engine.pushdown.RecordFilter tests a record's bytes: for each group
  one of its literals in the lower-cased `_raw`, or a character reference, CDATA or one of the
  two non-ASCII letters whose lower case is ASCII (looked for as they are: RecordFilter lowers
  bytes in ASCII only, and Unicode's lower case of U+212A is "k"). This test is only applied to
  events read from XML, whose `_raw` is the record's own text; events of other formats pass.

The column test reads a few small columns where the `_raw` test reads every record's text, so
it is the one that makes a selective search fast; when a Scan has column tests, its `_raw` test
is left out (it would cost more than the rows it removes: a bare term's).
"""

from __future__ import annotations

import json
from typing import Iterable

from sqlglot import exp

from engine.pushdown import UNSAFE_TEXT
from engine.store import EXTRA, FILE, FORMAT, SEQ

TABLE = "events"  # the name each engine gives the store's Parquet files
_FILTERED_FORMAT = "xml"


Columns = tuple[tuple[tuple[str, str], ...], ...]


def scan_query(literals: tuple[tuple[str, ...], ...], columns: Columns = (),
               available: Iterable[str] | None = None,
               time_range: tuple[float | None, float | None] = (None, None)) -> exp.Select:
    """The store's events that can pass the Scan's tests, in run order. `available` are the
    store's column names (None: take every field to have one, as `spl explain --plan` shows
    the query before reading a store); `time_range` bounds `_time`, both ends inclusive."""
    query = exp.select("*").from_(TABLE)
    first, last = time_range
    time = exp.column("_time")
    conditions = [*([exp.GTE(this=time, expression=exp.Literal.number(first))]
                    if first is not None else []),
                  *([exp.LTE(this=time, expression=exp.Literal.number(last))]
                    if last is not None else [])]
    conditions += [_column_test(group, available) for group in columns]
    if literals and not columns:  # (with column tests, reading every _raw costs more than it saves)
        conditions.append(_raw_test(literals))
    if conditions:
        query = query.where(exp.and_(*conditions))
    return query.order_by(FILE, SEQ)


def _column_test(group: tuple[tuple[str, str], ...],
                 available: Iterable[str] | None) -> exp.Expression:
    """One of the group's fields holds its literal (or a value the test cannot judge)."""
    by_fold: dict[str, list[str]] = {}
    for name in available or ():
        by_fold.setdefault(name.lower(), []).append(name)
    tests = []
    for field, literal in group:
        # Every column a field's values can be in: DuckDB folds names that differ in case into
        # one, Spark keeps them apart.
        for name in ([field] if available is None else by_fold.get(field.lower(), [])):
            column = exp.column(name, quoted=True)
            not_ascii = exp.NEQ(this=exp.BitLength(this=column),
                                expression=exp.Mul(this=exp.Literal.number(8),
                                                   expression=exp.Length(this=column)))
            tests += [_contains(exp.Lower(this=column), literal), not_ascii]
    for field in dict.fromkeys(field for field, _ in group):
        # The field's value kept in _extra (its JSON names it): Sysmon's EventData ProcessId is
        # there in every event, beside the System ProcessID that has its column.
        tests.append(_contains(exp.Lower(this=exp.column(EXTRA)), json.dumps(field).lower()))
    return exp.paren(exp.or_(*tests))


def _raw_test(literals: tuple[tuple[str, ...], ...]) -> exp.Expression:
    raw = exp.column("_raw")
    lowered = exp.Lower(this=raw)
    unsafe = [_contains(lowered if text.isascii() else raw, text) for text in UNSAFE_TEXT]
    groups = [exp.or_(*(_contains(lowered, literal) for literal in group)) for group in literals]
    other_format = exp.NEQ(this=exp.column(FORMAT),
                           expression=exp.Literal.string(_FILTERED_FORMAT))
    return exp.paren(exp.or_(other_format, *unsafe, exp.and_(*groups)))


def _contains(text: exp.Expression, part: str) -> exp.Expression:
    position = exp.StrPosition(this=text, substr=exp.Literal.string(part))
    return exp.GT(this=position, expression=exp.Literal.number(0))
