"""fillnull: give null fields a value (default "0").

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/fillnull
`fillnull [value=<string>] [<field-list>]`.
- "Null values are field values that are missing in a particular result but present in another
  result." Empty strings are values, not nulls, and stay as they are.
- With a field list, "all of the fields in that list are filled in with the value you specify. If
  you specify a field that didn't previously exist, the field is created." This streams.
- "If you do not specify a field list, the value is applied to all fields": every field that some
  row has is filled in the rows that lack it. That needs every row first (the page calls it
  dataset processing).
The field list holds plain names (`<field>...`, no wildcards), so a `*` in it is rejected rather
than taken as part of a name.
Binds to a Fillnull holding the value and the fields (empty: every field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.options import option_map
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

DEFAULT_VALUE = "0"


@dataclass(frozen=True, kw_only=True)
class Fillnull(plan.Command):
    """Set `value` in each of `fields` a row lacks; with no fields, in every field any row has
    (which needs every field)."""

    value: str = DEFAULT_VALUE
    fields: tuple[str, ...] = ()

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, self.fields) if self.fields else None


def bind(node: ast.Fillnull, input: plan.Node, binder: Binder) -> plan.Node:
    option = option_map(node.options, ("value",), "fillnull").get("value")
    for name in node.fields:
        if "*" in name:
            raise BadArgumentError(f"fillnull takes field names, not wildcards (`{name}`)",
                                   node.span, "list the fields, e.g. `fillnull value=0 a b`")
    return Fillnull(input=input, command=node, value=DEFAULT_VALUE if option is None else
                    option.value, fields=tuple(dict.fromkeys(node.fields)))


def run(node: Fillnull, table: Table, runtime: Runtime) -> Table:
    if node.fields:
        names = list(node.fields)
        known = None if table.fields is None else list(dict.fromkeys(table.fields + names))
        return Table((_fill(row, names, node.value) for row in table.rows), known)
    rows, names = table.materialize()
    return Table([_fill(row, names, node.value) for row in rows], names)


def _fill(row: Row, names: list[str], value: str) -> Row:
    missing = [name for name in names if row.get(name) is None]
    return {**row, **dict.fromkeys(missing, value)} if missing else row
