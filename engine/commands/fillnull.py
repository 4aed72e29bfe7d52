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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine.options import option_map
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.context import Context

DEFAULT_VALUE = "0"


def fillnull(table: Table, node: ast.Fillnull, context: Context) -> Table:
    option = option_map(node.options, ("value",), "fillnull").get("value")
    value = DEFAULT_VALUE if option is None else option.value
    if node.fields:
        names = list(dict.fromkeys(node.fields))
        known = None if table.fields is None else list(dict.fromkeys(table.fields + names))
        return Table((_fill(row, names, value) for row in table.rows), known)
    rows, names = table.materialize()
    return Table([_fill(row, names, value) for row in rows], names)


def check(node: ast.Fillnull, context: Context) -> None:
    option_map(node.options, ("value",), "fillnull")
    for name in node.fields:
        if "*" in name:
            raise BadArgumentError(f"fillnull takes field names, not wildcards (`{name}`)",
                                   node.span, "list the fields, e.g. `fillnull value=0 a b`")


def _fill(row: Row, names: list[str], value: str) -> Row:
    missing = [name for name in names if row.get(name) is None]
    return {**row, **dict.fromkeys(missing, value)} if missing else row
