"""nomv: a multivalue field as one value, its values on separate lines.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/nomv
`nomv <field>`: "Converts values of the specified multivalue field into one single value.
Separates the values using a new line "\\n delimiter."
The mvcombine page (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvcombine)
gives its delim= to nomv: "To use the delim argument, you must use the nomv command immediately
after the mvcombine command", whose values are then joined with that delimiter.
Choices where the pages are silent: a single value and a null field are left as they are; the
delimiter of an mvcombine without delim= is the new line, as nomv's page says.
Binds to a Nomv node holding the field and the delimiter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.mvcombine import Mvcombine
from engine.table import Row, Table
from engine.values import to_text

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

NEWLINE = "\n"


@dataclass(frozen=True, kw_only=True)
class Nomv(plan.Command):
    """The values of `field` joined with `delim` into one value."""

    field: str
    delim: str = NEWLINE

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Nomv, input: plan.Node, binder: Binder) -> plan.Node:
    delim = NEWLINE
    if isinstance(input, Mvcombine) and input.field == node.field and input.delim is not None:
        delim = input.delim
    return Nomv(input=input, command=node, field=node.field, delim=delim)


def run(node: Nomv, table: Table, runtime: Runtime) -> Table:
    return Table((_joined(row, node) for row in table.rows), table.fields)


def _joined(row: Row, node: Nomv) -> Row:
    value = row.get(node.field)
    if not isinstance(value, tuple):
        return row
    return {**row, node.field: node.delim.join(to_text(v) for v in value)}
