"""mvexpand: one row for each value of a multivalue field.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/mvexpand
`mvexpand <field> [limit=<int>]`: "Expands the values of a multivalue field into separate events,
one event for each value in the multivalue field"; the other fields are copied unchanged.
`limit` is "the number of values of <field> to use for each input event", default 0 (no limit).
"The mvexpand command can't be applied to internal fields", so `mvexpand _raw` is an error.
A single-valued field gives one row. Choice where the page is silent: a row without the field has
no value to give a row for, so it is dropped (fillnull first to keep it).
Binds to an Mvexpand holding the field and the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.options import int_option, option_map
from engine.table import Row, Table
from engine.values import values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Mvexpand(plan.Command):
    """One row per value of `field`, using at most `limit` values of each row (0: all)."""

    field: str
    limit: int = 0

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Mvexpand, input: plan.Node, binder: Binder) -> plan.Node:
    check_not_internal(node.field, "mvexpand", node.span)
    limit = int_option(option_map(node.options, ("limit",), "mvexpand").get("limit"), 0)
    return Mvexpand(input=input, command=node, field=node.field, limit=limit)


def run(node: Mvexpand, table: Table, runtime: Runtime) -> Table:
    return Table(_expand(table.rows, node.field, node.limit), table.fields)


def check_not_internal(field: str, command: str, span) -> None:
    """The multivalue commands do not apply to internal fields (`_raw`, `_time`, ...)."""
    if field.startswith("_"):
        raise BadArgumentError(f"{command} can't be applied to the internal field `{field}`",
                               span, "copy it first, e.g. `eval raw=_raw`")


def _expand(rows: Iterable[Row], field: str, limit: int) -> Iterator[Row]:
    for row in rows:
        values = values_of(row.get(field))
        for value in values[:limit] if limit else values:
            yield {**row, field: value}
