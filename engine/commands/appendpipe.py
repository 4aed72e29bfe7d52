"""appendpipe: run a subpipeline over the results so far, and append what it gives.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/appendpipe
`appendpipe [run_in_preview=<bool>] [<subpipeline>]`
- "Appends the result of the subpipeline applied to the current result set to results"; unlike a
  subsearch, "the subpipeline is not run first": it reads the rows that reach appendpipe. The
  page's example adds subtotals: `stats count by action user | appendpipe [stats sum(count) as
  count by action | eval user = "ALL USERS"]`.
- The subpipeline's rows come after the input rows, shared fields in the same columns, as with
  append (engine/commands/append.py).
- run_in_preview (default true) only says whether Splunk runs the subpipeline for previews of a
  running search; a local run has none, so it is checked and changes nothing.
The subpipeline is bound when the search is (its commands, options and names resolve first), to
read its input as a plan.Rows source, and is run over the input rows by the executor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.executor import execute
from engine.options import bool_option, option_map
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("run_in_preview",)


@dataclass(frozen=True, kw_only=True)
class Appendpipe(plan.Command):
    """The input rows, then what `pipe` (reading them as its plan.Rows) gives."""

    pipe: plan.Node

    def label(self) -> str:
        steps = reversed(list(plan.chain(self.pipe)))
        return "Appendpipe [" + " | ".join(step.label() for step in steps) + "]"


def bind(node: ast.Appendpipe, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "appendpipe")
    bool_option(options.get("run_in_preview"), True)
    return Appendpipe(input=input, command=node, pipe=binder.bind(node.subpipeline, plan.Rows()))


def run(node: Appendpipe, table: Table, runtime: Runtime) -> Table:
    rows, fields = table.materialize()
    piped = execute(node.pipe, replace(runtime, rows=Table(rows, fields)))
    pipe_rows, pipe_fields = piped.materialize()
    return Table(chain(rows, pipe_rows), list(dict.fromkeys([*fields, *pipe_fields])))
