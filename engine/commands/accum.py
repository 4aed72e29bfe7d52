"""accum: a running total of a numeric field, row by row in order.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/accum
`accum <field> [AS <newfield>]`: "For each event where field is a number, the accum command
calculates a running total or sum of the numbers. The accumulated sum can be returned to either
the same field, or a newfield that you specify."
Choices where the page is silent: a row whose field is not a number (or is null) is left as it
is and adds nothing to the total; a multivalue field counts by its first value, as eval's
arithmetic reads one; integers sum to an integer, and the total becomes a decimal number once a
decimal is added.
Binds to an Accum node holding the field and where the total goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from engine import plan
from engine.table import Row, Table
from engine.values import to_number, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Accum(plan.Command):
    """The running total of `field`, written to `output` (the field itself by default)."""

    field: str
    output: str

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Accum, input: plan.Node, binder: Binder) -> plan.Node:
    return Accum(input=input, command=node, field=node.field, output=node.alias or node.field)


def run(node: Accum, table: Table, runtime: Runtime) -> Table:
    fields = None if table.fields is None else list(dict.fromkeys([*table.fields, node.output]))
    return Table(_accumulate(table.rows, node), fields)


def number_of(row: Row, field: str) -> int | float | None:
    """The number a row's field holds, by its first value when multivalue (accum, delta)."""
    values = values_of(row.get(field))
    return to_number(values[0]) if values else None


def _accumulate(rows: Iterable[Row], node: Accum) -> Iterator[Row]:
    total: int | float = 0
    for row in rows:
        number = number_of(row, node.field)
        if number is None:
            yield row
            continue
        total += number
        yield {**row, node.output: total}
