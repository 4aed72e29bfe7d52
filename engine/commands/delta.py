"""delta: the difference between a field's value and its value some rows earlier.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/delta
`delta <field> [AS <newfield>] [p=int]`
- "For each event where <field> is a number, the delta command computes the difference, in search
  order, between the <field> value for the current event and the <field> value for the previous
  event. The delta command writes this difference into <newfield>." "If <field> is not a numeric
  field, no output field is generated."
- newfield defaults to `delta(<field>)`.
- p (default 1): "how many results prior to the current result to use for the comparison";
  "If p=2, compares the current result value against the value in the result that is two results
  prior to the current result". Results come in search order ("not necessarily chronological").
Choices where the page is silent: "prior results" are the prior rows whose field is a number (a
row without one neither gets a delta nor counts as a prior result), so the first p such rows get
no delta; a multivalue field counts by its first value, as accum reads it.
Binds to a Delta node holding the field, the output field and p.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.accum import number_of
from engine.options import int_option, option_map
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Delta(plan.Command):
    """`field` minus its value `p` numeric rows earlier, written to `output`."""

    field: str
    output: str
    p: int = 1

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Delta, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, ("p",), "delta")
    p = int_option(options.get("p"), 1, minimum=1)
    output = node.alias or f"delta({node.field})"
    return Delta(input=input, command=node, field=node.field, output=output, p=p)


def run(node: Delta, table: Table, runtime: Runtime) -> Table:
    fields = None if table.fields is None else list(dict.fromkeys([*table.fields, node.output]))
    return Table(_deltas(table.rows, node), fields)


def _deltas(rows: Iterable[Row], node: Delta) -> Iterator[Row]:
    prior: deque[int | float] = deque(maxlen=node.p)
    for row in rows:
        number = number_of(row, node.field)
        if number is None:
            yield row
            continue
        if len(prior) == node.p:
            row = {**row, node.output: number - prior[0]}
        prior.append(number)
        yield row
