"""tstats: aggregate the rows of a data model dataset, grouped by fields.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
Without acceleration, tstats over a data model is its constraint search plus stats, which is what
this does. `summariesonly` and `allow_old_summaries` only choose which summaries Splunk reads, so
they are accepted and change nothing here. A row whose BY field is null is dropped unless
`fillnull_value` is given, and then shows that value. Output: BY fields first, then aggregates.
It binds to the relational plan it is: the dataset's rows (engine/binder.py, dataset_rows), a
Filter for WHERE, and the Aggregate that stats runs too; `append=true` puts its rows after its
input's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from spl.errors import SplError, UnsupportedCommandError
from engine import plan
from engine.aggregates import check_aggregation
from engine.options import bool_option, int_option, option_map
from engine.spans import Span, parse_span

if TYPE_CHECKING:
    from engine.binder import Binder

OPTIONS = ("summariesonly", "allow_old_summaries", "fillnull_value", "chunk_size", "local",
           "append", "include_reduced_buckets", "prestats", "span")
# Options that only choose which summaries or nodes Splunk reads: checked, and of no effect here.
_NO_EFFECT_FLAGS = ("summariesonly", "allow_old_summaries", "local", "include_reduced_buckets")


def bind(node: ast.Tstats, input: plan.Node | None, binder: Binder) -> plan.Node:
    """Options, data model, dataset and aggregations resolve, before any event is read."""
    options = option_map(node.options, OPTIONS, "tstats")
    for name in _NO_EFFECT_FLAGS:
        bool_option(options.get(name), False)
    int_option(options.get("chunk_size"), 10_000_000, minimum=1)
    if bool_option(options.get("prestats"), False):
        raise UnsupportedCommandError("tstats prestats=true is not supported yet",
                                      options["prestats"].span)
    span = _span(options.get("span"))
    if node.datamodel is None:
        raise UnsupportedCommandError("tstats runs over data models here; add "
                                      "FROM datamodel=<model>.<dataset>", node.span)
    reference, where = target(node)
    dataset = binder.catalog.datamodels.dataset(reference, node.datamodel_span)
    for aggregation in node.aggregations:
        check_aggregation(aggregation, allow_eval=False)
    rows = binder.dataset_rows(dataset, node)
    if where is not None:
        rows = plan.Filter(input=rows, command=node, condition=binder.time_bounded(where))
    fillnull = options.get("fillnull_value")
    own = plan.Aggregate(input=rows, command=node, aggregations=node.aggregations, by=node.by,
                         fillnull=None if fillnull is None else fillnull.value,
                         span=span)
    return binder.generated(own, input, bool_option(options.get("append"), False), node,
                            "tstats")


def _span(option: ast.Option | None) -> Span | None:
    if option is None:
        return None
    try:
        return parse_span(option.value)
    except SplError as error:
        error.span = option.span
        raise


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
