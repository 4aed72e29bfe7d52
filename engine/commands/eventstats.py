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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.commands.stats import (accumulate, check_terms, expand_terms, group_keys,
                                   read_settings, results, with_results)
from engine.table import Row, Table
from engine.values import Value

if TYPE_CHECKING:
    from engine.context import Context

OPTIONS = ("allnum",)


def eventstats(table: Table, node: ast.Eventstats, context: Context) -> Table:
    rows, fields = table.materialize()
    terms = expand_terms(node.aggregations, fields, node.by)
    groups = accumulate(rows, terms, node.by, read_settings(node.options, OPTIONS, "eventstats"))
    values = {key: results(terms, accumulators) for key, accumulators in groups.items()}
    output = [_annotated(row, node.by, values) for row in rows]
    names = list(dict.fromkeys(term.name for term in terms))
    known = table.fields
    return Table(output, None if known is None else known + [n for n in names if n not in known])


def check(node: ast.Eventstats, context: Context) -> None:
    read_settings(node.options, OPTIONS, "eventstats")
    check_terms(node.aggregations, node.by, node.span)


def _annotated(row: Row, by: tuple[str, ...], values: dict[tuple, dict[str, Value]]) -> Row:
    keys = group_keys(row, by)
    return with_results(row, values[keys[0]]) if keys else row
