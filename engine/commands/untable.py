"""untable: turn each row of a table into one row per field: (x value, field name, field value).

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/untable
`untable <x-field> <y-name-field> <y-data-field>`: "Converts results from a tabular format to a
format similar to stats output. This command is the inverse of the xyseries command."
- <x-field>: "The field to use for the x-axis labels or row names. This is the first field in
  the output." <y-name-field>: "All of the field names, other than <x-field>, are used as the
  values" of this new field; <y-data-field>: "All of the values from the fields, other than
  <x-field>, are used as the values" of this one.
- The SPL2 page's example
  (https://help.splunk.com/en/splunk-enterprise/search/spl2-search-reference/untable-command/untable-command-examples)
  untables `stats count by host, status` into count before status for each host: the fields
  come in order of their names.
Choices where the page is silent: a field the row lacks gives no row (so `xyseries` puts back exactly the cells there were);
internal fields (`_time`, `_raw`, ...) other than the x-field are left out, as the `*` pattern of
fields leaves them out; a multivalue value stays one multivalue row.
Binds to an Untable holding the three field names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, TYPE_CHECKING

from spl import ast
from engine import plan
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Untable(plan.Command):
    """One row (`x`, `name`: a field's name, `data`: its value) per field of each row."""

    x: str
    name: str
    data: str


def bind(node: ast.Untable, input: plan.Node, binder: Binder) -> plan.Node:
    return Untable(input=input, command=node, x=node.x, name=node.name, data=node.data)


def run(node: Untable, table: Table, runtime: Runtime) -> Table:
    rows, fields = table.materialize()
    columns = sorted(f for f in fields if f != node.x and not f.startswith("_"))
    return Table(_rows(node, rows, columns), [node.x, node.name, node.data])


def _rows(node: Untable, rows: list[Row], columns: list[str]) -> Iterator[Row]:
    for row in rows:
        x = row.get(node.x)
        for column in columns:
            value = row.get(column)
            if value is not None:
                yield {**({} if x is None else {node.x: x}), node.name: column,
                       node.data: value}
