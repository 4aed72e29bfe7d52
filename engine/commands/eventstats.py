"""eventstats: add the aggregates of each row's group to the row; rows and their order stay.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eventstats
`eventstats [allnum=<bool>] <stats-func>(<field> | eval(<expr>)) [AS <field>]... [BY <field-list>]`,
with the functions of engine/aggregates.py and the grouping of engine/commands/stats.py.
- "Generates summary statistics from fields in your events and saves those statistics in a new
  field. Only those events that have fields pertinent to the aggregation are used in generating
  the summary statistics": each row keeps all its fields and gains one field per aggregation,
  named as stats names it (`avg(x)`) unless renamed with AS.
- `allnum=true` "computes numerical statistics on each field, if and only if, all of the values of
  that field are numerical. If you have a BY clause, the allnum argument applies to each group
  independently."
Choices where the page is silent: a row whose BY field is null is left as it is (stats does not
group it, so it has no group to take aggregates from); a row with a multivalue BY field counts in
the group of each value and takes the aggregates of the group of its first values; an aggregate
that is null (say avg of no numbers) clears a field of that name, as eval does; a field the row
already has under an aggregate's name is overwritten.
Binds to an Eventstats node (the checked terms, BY fields and allnum), run with stats' grouping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.stats import (Settings, accumulate, annotating_label, annotating_needs,
                                   check_terms, expand_terms, group_keys, read_settings, results,
                                   with_results)
from engine.table import Row, Table
from engine.values import Value

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("allnum",)


@dataclass(frozen=True, kw_only=True)
class Eventstats(plan.Command):
    """Each row with the aggregates of its group added. A row's aggregates cover the rows
    after it too, so the input is read whole before the first row is given."""

    aggregations: tuple[ast.Aggregation, ...]
    by: tuple[str, ...] = ()
    allnum: bool = False

    def needs(self, after: plan.Needed) -> plan.Needed:
        return annotating_needs(after, self.aggregations, self.by)

    def label(self) -> str:
        return annotating_label("Eventstats", self.aggregations, self.by,
                                {"allnum": True} if self.allnum else {})


def bind(node: ast.Eventstats, input: plan.Node, binder: Binder) -> plan.Node:
    settings = read_settings(node.options, OPTIONS, "eventstats")
    check_terms(node.aggregations, node.by, node.span)
    return Eventstats(input=input, command=node, aggregations=node.aggregations, by=node.by,
                      allnum=settings.allnum)


def run(node: Eventstats, table: Table, runtime: Runtime) -> Table:
    rows, fields = table.materialize()
    terms = expand_terms(node.aggregations, fields, node.by)
    groups = accumulate(rows, terms, node.by, Settings(allnum=node.allnum))
    values = {key: results(terms, accumulators) for key, accumulators in groups.items()}
    output = [_annotated(row, node.by, values) for row in rows]
    names = list(dict.fromkeys(term.name for term in terms))
    known = table.fields
    return Table(output, None if known is None else known + [n for n in names if n not in known])


def _annotated(row: Row, by: tuple[str, ...], values: dict[tuple, dict[str, Value]]) -> Row:
    keys = group_keys(row, by)
    return with_results(row, values[keys[0]]) if keys else row
