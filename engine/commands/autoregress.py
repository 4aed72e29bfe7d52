"""autoregress: copy a field's values from earlier rows into each row.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/autoregress
`autoregress <field> [AS <newfield>] [ p=<int> | p=<int>-<int> ]`
- "Prepares your events for calculating the autoregression, or the moving average, by copying one
  or more of the previous values for field into each event. The first few events will lack the
  augmentation of prior values, since the prior values do not exist."
- p (default 1): "For a single value, such as 3, the autoregress command copies field values from
  the third prior event into a new field"; "if you specify a range such as p=2-4, then the field
  values from the second, third, and fourth prior events are copied into new fields".
- newfield: "If p is set to a single integer, the newfield argument specifies a field name to copy
  the single field value into. Invalid if p is set to a range." Otherwise the fields are named
  `<field>_p<num>` ("if p=2-4 and field=count, the field names are count_p2, count_p3, count_p4").
Choices where the page is silent: every prior row counts, whether or not it has the field, and a
prior row without it gives no copy; a multivalue value is copied whole.
Binds to an Autoregress node holding the field and, for each p, the field its copy goes to.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from spl.parser import MAX_COUNT
from engine import plan
from engine.options import option_map
from engine.table import Row, Table
from engine.values import Value

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

_P = re.compile(r"\s*([0-9]+)\s*(?:-\s*([0-9]+)\s*)?")
MAX_FIELDS = 10_000
"""The most fields a p= range makes (not Splunk's: the page names no limit): a guard against
p=2-99999999999 making a field per row back."""


@dataclass(frozen=True, kw_only=True)
class Autoregress(plan.Command):
    """For each (p, name) of `outputs`, the value `field` had p rows earlier, as `name`."""

    field: str
    outputs: tuple[tuple[int, str], ...]

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Autoregress, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, ("p",), "autoregress")
    first, last = _p_range(options.get("p"))
    if node.alias is not None and first != last:
        raise BadArgumentError("autoregress AS names one field, so it takes a single p, not a "
                               "range", node.span, f"drop `AS {node.alias}` to get "
                               f"{node.field}_p{first} to {node.field}_p{last}")
    outputs = tuple((p, node.alias or f"{node.field}_p{p}") for p in range(first, last + 1))
    return Autoregress(input=input, command=node, field=node.field, outputs=outputs)


def run(node: Autoregress, table: Table, runtime: Runtime) -> Table:
    names = [name for _, name in node.outputs]
    fields = None if table.fields is None else list(dict.fromkeys([*table.fields, *names]))
    return Table(_copies(table.rows, node), fields)


def _p_range(option: ast.Option | None) -> tuple[int, int]:
    if option is None:
        return 1, 1
    match = _P.fullmatch(option.value)
    first = int(match.group(1)) if match else 0
    last = int(match.group(2) or first) if match else 0
    if first < 1 or last < first:
        raise BadArgumentError(f"autoregress p= takes a number of rows back, or a range such as "
                               f"p=2-4, not `{option.value}`", option.span)
    if last > MAX_COUNT:
        raise BadArgumentError(f"autoregress p= reaches back at most {MAX_COUNT:,} rows, not "
                               f"`{option.value}`", option.span)
    if last - first >= MAX_FIELDS:
        raise BadArgumentError(f"autoregress p=`{option.value}` would make {last - first + 1:,} "
                               f"fields; the limit is {MAX_FIELDS:,}", option.span)
    return first, last


def _copies(rows: Iterable[Row], node: Autoregress) -> Iterator[Row]:
    depth = node.outputs[-1][0]
    prior: deque[Value] = deque(maxlen=depth)  # the field's value in the last rows, latest first
    for row in rows:
        copied = {name: prior[p - 1] for p, name in node.outputs
                  if p <= len(prior) and prior[p - 1] is not None}
        prior.appendleft(row.get(node.field))
        yield {**row, **copied} if copied else row
