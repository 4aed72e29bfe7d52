"""addtotals: add to each row the sum of its numeric fields; optionally a last row of column sums.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/addtotals
`addtotals [row=<bool>] [col=<bool>] [labelfield=<field>] [label=<string>] [fieldname=<field>]
[<field-list>]`.
- "computes the arithmetic sum of all numeric fields for each search result", placed "in a new
  field"; with a field list "Only the fields specified in the <field-list> are summed", and the
  names may hold wildcards (`count*`).
- row (default true): the row's sum, in fieldname (default Total).
- col (default false): "adds a new result at the end that represents the sum of each field.
  labelfield, if specified, is a field that will be added to this summary event with the value
  set by the 'label' option" (label defaults to Total; without labelfield it does nothing).
Choices where the page is silent: a value is numeric when it reads as a number (a multivalue
field is not); without a field list every field but the internal ones (`_time`, ...) counts, as
the `*` pattern of fields matches; the row sum never counts the field it is written to; a row
with no numeric field gets a sum of 0; the last row sums the same fields, and the row sums, each
where some row has a number in it; no rows, no last row.
Binds to an Addtotals holding the options and the field patterns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.fields import field_matcher
from engine.options import bool_option, option_map
from engine.table import Row, Table
from engine.values import to_number

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("row", "col", "labelfield", "label", "fieldname")


@dataclass(frozen=True, kw_only=True)
class Addtotals(plan.Command):
    """Each row with the sum of its numeric `patterns` fields in `fieldname` (when `row`), then,
    when `col`, a row of each field's sum labelled `label` in `labelfield`."""

    patterns: tuple[str, ...] = ("*",)
    row: bool = True
    col: bool = False
    fieldname: str = "Total"
    labelfield: str | None = None
    label: str = "Total"

    def needs(self, after: plan.Needed) -> plan.Needed:
        # Rows pass on with their own fields; a wildcard may sum any field.
        if after is None or any("*" in p for p in self.patterns):
            return None
        return after | set(self.patterns)


def bind(node: ast.Addtotals, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "addtotals")
    text = {name: options[name].value for name in ("fieldname", "labelfield", "label")
            if name in options}
    return Addtotals(input=input, command=node, patterns=node.fields or ("*",),
                     row=bool_option(options.get("row"), True),
                     col=bool_option(options.get("col"), False), **text)


def run(node: Addtotals, table: Table, runtime: Runtime) -> Table:
    known = table.fields
    if known is not None:
        added = ([node.fieldname] if node.row else []) + \
            ([node.labelfield] if node.col and node.labelfield else [])
        known = known + [name for name in dict.fromkeys(added) if name not in known]
    return Table(_rows(node, table.rows), known)


def _rows(node: Addtotals, rows: Iterable[Row]) -> Iterator[Row]:
    tests = [field_matcher(pattern) for pattern in node.patterns]
    sums: dict[str, int | float] = {}
    seen = 0
    for seen, row in enumerate(rows, 1):
        numbers = {name: number for name, value in row.items()
                   if name != node.fieldname and any(test(name) for test in tests)
                   and (number := _numeric(value)) is not None}
        if node.row:
            row = {**row, node.fieldname: sum(numbers.values())}
            numbers[node.fieldname] = row[node.fieldname]
        for name, number in numbers.items():
            sums[name] = sums.get(name, 0) + number
        yield row
    if node.col and seen:
        yield {**sums, **({node.labelfield: node.label} if node.labelfield else {})}


def _numeric(value) -> int | float | None:
    return None if isinstance(value, tuple) else to_number(value)
