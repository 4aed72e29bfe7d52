"""reverse: the rows in the opposite order.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/reverse
`reverse`: "Reverses the order of the results. The reverse command does not affect which results
are returned by the search, only the order in which the results are displayed." It takes no
arguments. Like Splunk's, it must hold every row before giving the first.
Binds to a Reverse node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Reverse(plan.Command):
    """Every row, last first."""

    def needs(self, after: plan.Needed) -> plan.Needed:
        return after


def bind(node: ast.Reverse, input: plan.Node, binder: Binder) -> plan.Node:
    return Reverse(input=input, command=node)


def run(node: Reverse, table: Table, runtime: Runtime) -> Table:
    return Table(list(table.rows)[::-1], table.fields)
