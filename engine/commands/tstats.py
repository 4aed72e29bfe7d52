"""tstats: aggregate the rows of a data model dataset, grouped by fields.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
Without acceleration, tstats over a data model is its constraint search plus stats, which is what
this does. `summariesonly` and `allow_old_summaries` only choose which summaries Splunk reads, so
they are accepted and change nothing here. A row whose BY field is null is dropped unless
`fillnull_value` is given, and then shows that value. Output: BY fields first, then aggregates.
"""

from __future__ import annotations

from typing import Iterable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, SplError, UnsupportedCommandError, suggestion
from engine.aggregates import AGGREGATES, Accumulator, check_aggregation
from engine.commands.bin import Binner, parse_span, time_binner
from engine.matching import compile_search, search_fields
from engine.table import Row, Table
from engine.timemodifiers import check_time_bounds, with_time_bounds
from engine.values import Value, to_number, to_text, values_of

if TYPE_CHECKING:
    from engine.context import Context

OPTIONS = ("summariesonly", "allow_old_summaries", "fillnull_value", "chunk_size", "local",
           "append", "include_reduced_buckets", "prestats", "span")

def tstats(table: Table, node: ast.Tstats, context: Context) -> Table:
    options = {o.name.lower(): o.value for o in node.options}
    reference, where = target(node)
    dataset = context.datamodels.dataset(reference, node.datamodel_span)
    used = search_fields(where) | set(node.by) | {a.field for a in node.aggregations if a.field}
    rows = context.dataset_rows(dataset, where, used)
    if where is not None:
        matches = compile_search(with_time_bounds(where, context.now, context.tz))
        rows = (row for row in rows if matches(row))
    binner = time_binner(options["span"], context.tz) if "span" in options else None
    groups = _group(rows, node, options.get("fillnull_value"), binner)
    if not groups and not node.by:  # like stats: no BY, no rows -> one row, count 0
        groups[()] = [Accumulator() for _ in node.aggregations]
    names = [a.output_name for a in node.aggregations]
    output = [_output_row(key, accumulators, node) for key, accumulators in sorted(
        groups.items(), key=lambda item: _sort_key(item[0]))]
    return Table(output, list(node.by) + list(dict.fromkeys(names)))


def target(node: ast.Tstats) -> tuple[str, ast.SearchExpr | None]:
    """The dataset to read and the filter to apply: `where nodename=All_Traffic.Blocked_Traffic`
    names a child dataset of the FROM data model (the tstats reference) and is no filter."""
    reference = node.datamodel or ""
    terms = node.where.operands if isinstance(node.where, ast.And) else (node.where,)
    chosen = [t for t in terms if isinstance(t, ast.Compare) and t.field.lower() == "nodename"]
    if not chosen:
        return reference, node.where
    model = reference.partition(".")[0]
    rest = tuple(t for t in terms if t not in chosen and t is not None)
    where = None if not rest else rest[0] if len(rest) == 1 else ast.And(rest, span=node.where.span)
    return f"{model}.{chosen[-1].value.rsplit('.', 1)[-1]}", where


def check(node: ast.Tstats, context: Context) -> None:
    """Options, data model, dataset and aggregations resolve, before any event is read."""
    for option in node.options:
        _check_option(option)
    if node.datamodel is None:
        raise UnsupportedCommandError("tstats runs over data models here; add "
                                      "FROM datamodel=<model>.<dataset>", node.span)
    reference, where = target(node)
    context.datamodels.dataset(reference, node.datamodel_span)
    check_time_bounds(where, context.now, context.tz)
    for aggregation in node.aggregations:
        check_aggregation(aggregation, allow_eval=False)


def _check_option(option: ast.Option) -> None:
    name = option.name.lower()
    if name not in OPTIONS:
        raise BadArgumentError(f"tstats has no option `{option.name}`", option.span,
                               suggestion(name, OPTIONS))
    if name == "prestats" and option.value.lower() in ("t", "true", "1"):
        raise UnsupportedCommandError("tstats prestats=true is not supported yet", option.span)
    if name == "span":
        try:
            parse_span(option.value)
        except SplError as error:
            error.span = option.span
            raise


def _group(rows: Iterable[Row], node: ast.Tstats, fillnull: str | None,
           binner: Binner | None):
    groups: dict[tuple, list[Accumulator]] = {}
    for row in rows:
        for key in _keys(row, node.by, fillnull, binner):
            accumulators = groups.get(key)
            if accumulators is None:
                accumulators = groups[key] = [Accumulator() for _ in node.aggregations]
            for aggregation, accumulator in zip(node.aggregations, accumulators):
                value = row.get(aggregation.field) if aggregation.field else None
                accumulator.add(value, row.get("_time"))
    return groups


def _keys(row: Row, by: tuple[str, ...], fillnull: str | None,
          binner: Binner | None) -> list[tuple]:
    """The group keys of a row: one per combination of its BY values (multivalues split)."""
    keys: list[tuple] = [()]
    for field in by:
        values = values_of(row.get(field))
        if field == "_time" and binner and values:
            values = (binner(float(values[0])),)
        if not values:
            if fillnull is None:
                return []
            values = (fillnull,)
        keys = [key + (v,) for key in keys for v in values]
    return keys


def _sort_key(key: tuple) -> tuple:
    """Groups in ascending order of their BY values, numbers before text."""
    return tuple((0, n, "") if (n := to_number(v)) is not None else (1, 0, to_text(v)) for v in key)


def _output_row(key: tuple, accumulators: list[Accumulator], node: ast.Tstats) -> Row:
    row: dict[str, Value] = dict(zip(node.by, key))
    for aggregation, accumulator in zip(node.aggregations, accumulators):
        function = AGGREGATES[aggregation.function.lower()]
        row[aggregation.output_name] = function(accumulator, aggregation.field)
    return row


