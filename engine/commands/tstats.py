"""tstats: aggregate the rows of a data model dataset, grouped by fields.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
Without acceleration, tstats over a data model is its constraint search plus stats, which is what
this does. `summariesonly` and `allow_old_summaries` only choose which summaries Splunk reads, so
they are accepted and change nothing here. A row whose BY field is null is dropped unless
`fillnull_value` is given, and then shows that value. Output: BY fields first, then aggregates.
It binds to the relational plan it is: the dataset's rows (engine/binder.py, dataset_rows), a
Filter for WHERE, and the Aggregate that stats runs too; `append=true` puts its rows after its
input's.
A BY, WHERE or aggregation field that names no field of the dataset (`by Registry.dets`) is
null in every row, so the search quietly finds nothing. Splunk runs such a search without a word
(the page documents no check; it says only that fillnull_value "substitutes for null values for
any field within its group-by field list"), so it is no error here either, but a notice with a
did-you-mean. A dataset's fields are `<Root>.<field>` and the inherited `_time`, `host`,
`source` and `sourcetype` (engine/datamodels.py); `index=` in WHERE is a search modifier.
prestats=true "outputs the answer in prestats format, in case you want to pipe the results to a
different type of processor that takes prestats output, like chart or timechart" (searchbnf.conf,
tstats-command; the page's example is `| tstats prestats=t count by _time span=1d | timechart
span=1d count`). Splunk's prestats rows are partial aggregates in an internal form; here they are
the rows the Aggregate would have read, cut to the BY and aggregated fields, `_time` put in its
span's bin, rows with a null BY field left out (or filled with fillnull_value), so that a stats
or timechart of the same aggregations after it gives what tstats alone gives. Any other command
after it sees those rows, not Splunk's internal fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import UnsupportedCommandError, suggestion
from engine import plan
from engine.aggregates import check_aggregation
from engine.datamodels import Dataset
from engine.options import bool_option, int_option, option_map, span_option
from engine.commands.fields import field_matcher
from engine.spans import Span, time_binner
from engine.table import Row, Table
from engine.values import values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

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
    prestats = bool_option(options.get("prestats"), False)
    span = span_option(options.get("span"))
    if node.datamodel is None:
        raise UnsupportedCommandError("tstats runs over data models here; add "
                                      "FROM datamodel=<model>.<dataset>", node.span)
    reference, where = target(node)
    dataset = binder.catalog.datamodels.dataset(reference, node.datamodel_span)
    for aggregation in node.aggregations:
        check_aggregation(aggregation, allow_eval=False)
    fillnull = options.get("fillnull_value")
    rows = binder.dataset_rows(dataset, node)
    if where is not None:
        where = binder.time_bounded(where)  # earliest= and latest= become `_time` bounds
        rows = plan.Filter(input=rows, command=node, condition=where)
    known = dataset.field_names()
    for name, role in _fields_read(node, where):
        if name not in known and name != "index" and "*" not in name:
            binder.notice(_unknown_field(name, role, dataset, fillnull is None))
    own = plan.Aggregate(input=rows, command=node, aggregations=node.aggregations, by=node.by,
                         fillnull=None if fillnull is None else fillnull.value,
                         span=span)
    if prestats:
        own = Prestats(input=rows, command=node, by=node.by, fillnull=own.fillnull, span=span,
                       fields=node.by + tuple(a.field for a in node.aggregations if a.field))
    return binder.generated(own, input, bool_option(options.get("append"), False), node,
                            "tstats")


@dataclass(frozen=True, kw_only=True)
class Prestats(plan.Command):
    """prestats=true: the rows an Aggregate of the same terms would read (see the module's
    docstring), only `fields` of them (BY and aggregated fields, `*` patterns allowed)."""

    fields: tuple[str, ...]
    by: tuple[str, ...] = ()
    fillnull: str | None = None
    span: Span | None = None

    def needs(self, after: plan.Needed) -> plan.Needed:
        return None if any("*" in f for f in self.fields) else frozenset(self.fields)


def run_prestats(node: Prestats, table: Table, runtime: Runtime) -> Table:
    binner = None if node.span is None else time_binner(node.span, runtime.clock.tz)
    keep = [field_matcher(f) for f in node.fields]
    return Table(row for row in (_prestats_row(r, node, keep, binner) for r in table.rows)
                 if row is not None)


def _prestats_row(row: Row, node: Prestats, keep, binner) -> Row | None:
    """The row cut to the kept fields, or None when tstats would leave it out of every group."""
    out = {name: value for name, value in row.items() if any(test(name) for test in keep)}
    if binner is not None and "_time" in node.by and values_of(out.get("_time")):
        out["_time"] = binner(float(values_of(out["_time"])[0]))
    for name in node.by:
        if not values_of(out.get(name)):
            if node.fillnull is None:
                return None
            out[name] = node.fillnull
    return out


def _fields_read(node: ast.Tstats, where: ast.SearchExpr | None) -> list[tuple[str, str]]:
    """Each field the command reads from the dataset's rows, with the clause it is in."""
    return [*((name, "BY") for name in node.by),
            *((a.field, "aggregation") for a in node.aggregations if a.field),
            *((t.field, "WHERE") for t in ast.search_terms(where)
              if isinstance(t, (ast.Compare, ast.In)))]


def _unknown_field(name: str, role: str, dataset: Dataset, drops_rows: bool) -> str:
    """The notice for a field the dataset lacks; the did-you-mean tries the field under the
    dataset's own prefix first (`dest` or `Process.dest` for `Processes.dest`)."""
    consequence = ", and tstats drops each row whose BY field is null" if (
        role == "BY" and drops_rows) else ""
    prefixed = dataset.prefix + name.rpartition(".")[2]
    hint = (f"did you mean `{prefixed}`?" if prefixed in dataset.field_names()
            else suggestion(name, dataset.field_names()))
    return (f"tstats: the {role} field `{name}` names no field of {dataset.model}."
            f"{dataset.name}, so it is null in every row{consequence}"
            + (f"; {hint}" if hint else ""))


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
