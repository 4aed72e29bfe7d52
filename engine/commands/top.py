"""top: the most common values (or combinations of values) of fields, with count and percent.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/top
`top [<N>] [countfield=<string>] [limit=<int>] [otherstr=<string>] [percentfield=<string>]
[showcount=<bool>] [showperc=<bool>] [useother=<bool>] <field-list> [BY <field-list>]`.
- "Finds the most common values for the fields in the field list. Calculates a count and a
  percentage of the frequency the values occur in the events. If the <by-clause> is included, the
  results are grouped by the field you specify": one block of rows per BY group.
- limit / <N>: "how many results to return. To return all values, specify zero". Default 10.
- countfield (default count), percentfield (default percent): the names of the two columns;
  showcount=false / showperc=false leave them out.
- useother: "add a row that represents all values not included due to the limit cutoff", whose
  field values are otherstr (default OTHER).
Choices where the page is silent: a row lacking any listed field (or a BY field) is not counted,
as stats does not group it; a multivalue field counts once per value; the percent is the count
over all counted combinations of the group, shown with six decimals as Splunk shows it
(`33.333333`); equal counts are ordered by their values (numbers first, then text); the OTHER row
writes otherstr into every listed field; BY groups come in ascending order of their values.
This module also serves rare (engine/commands/rare.py), which lists the least common values.
Binds to a Top node with the options parsed; rare's Rare node is a Top, run by `frequent` too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.options import bool_option, int_option, option_map
from engine.commands.stats import group_keys, natural_key
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("limit", "countfield", "percentfield", "showcount", "showperc", "useother",
           "otherstr")
Key = tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Top(plan.Command):
    """The `limit` most common combinations of `fields` (0: all) per group of `by`, with their
    count and percent (rare's Rare node is the same settings, counted the other way)."""

    fields: tuple[str, ...]
    by: tuple[str, ...] = ()
    limit: int = 10
    countfield: str = "count"
    percentfield: str = "percent"
    showcount: bool = True
    showperc: bool = True
    useother: bool = False
    otherstr: str = "OTHER"

    def needs(self, after: plan.Needed) -> plan.Needed:
        # The output is made of the counts alone: only the counted fields are read.
        return frozenset(self.fields + self.by)


def bind(node: ast.Top, input: plan.Node, binder: Binder) -> plan.Node:
    settings = read_settings(node.options, OPTIONS, "top")
    check_fields(node, "top")
    return Top(input=input, command=node, fields=node.fields, by=node.by, **settings)


def run(node: Top, table: Table, runtime: Runtime) -> Table:
    return frequent(node, table, most=True)


def check_fields(node: ast.Top | ast.Rare, command: str) -> None:
    """The field list is required, and names no wildcard."""
    if not node.fields:
        raise BadArgumentError(f"{command} needs at least one field, e.g. `{command} user`",
                               node.span)
    for field in node.fields + node.by:
        if "*" in field:
            raise BadArgumentError(f"{command} takes field names, not patterns: `{field}`",
                                   node.span)


def read_settings(options: Iterable[ast.Option], allowed: tuple[str, ...],
                  command: str) -> dict[str, object]:
    """The options of top (or rare, which allows fewer), as keyword arguments of the node."""
    found = option_map(options, allowed, command)
    text = {name: found[name].value for name in ("countfield", "percentfield", "otherstr")
            if name in found}
    return {**text, "limit": int_option(found.get("limit"), 10),
            "showcount": bool_option(found.get("showcount"), True),
            "showperc": bool_option(found.get("showperc"), True),
            "useother": bool_option(found.get("useother"), False)}


def frequent(node: Top, table: Table, most: bool) -> Table:
    """The rows of top (most=True) or rare (most=False)."""
    groups = _counts(table.rows, node.fields, node.by)
    output: list[Row] = []
    for key in sorted(groups, key=natural_key):
        output += _group_rows(node, key, groups[key], most)
    columns = list(node.by) + list(node.fields)
    columns += [node.countfield] if node.showcount else []
    columns += [node.percentfield] if node.showperc else []
    return Table(output, list(dict.fromkeys(columns)))


def _counts(rows: Iterable[Row], fields: tuple[str, ...],
            by: tuple[str, ...]) -> dict[Key, Counter]:
    groups: dict[Key, Counter] = {}
    for row in rows:
        combinations = group_keys(row, fields)
        for key in group_keys(row, by) if combinations else ():
            groups.setdefault(key, Counter()).update(combinations)
    return groups


def _group_rows(node: Top, key: Key, counts: Counter, most: bool) -> list[Row]:
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1] if most else item[1],
                                                      natural_key(item[0])))
    kept = ranked[:node.limit] if node.limit else ranked
    rows = [_row(node, key, values, count, total) for values, count in kept]
    rest = sum(count for _, count in ranked[len(kept):])
    if node.useother and rest:
        other = (node.otherstr,) * len(node.fields)
        rows.append(_row(node, key, other, rest, total))
    return rows


def _row(node: Top, key: Key, values: Key, count: int, total: int) -> Row:
    row: Row = {**dict(zip(node.by, key)), **dict(zip(node.fields, values))}
    if node.showcount:
        row[node.countfield] = count
    if node.showperc:
        row[node.percentfield] = f"{100 * count / total:.6f}"
    return row
