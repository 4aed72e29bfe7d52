"""The Python engine: runs a plan operator by operator, each over its input's table.

It is the reference: every other engine must give its rows. Tables stream where the operators
can (rows are pulled through the chain of generators), so a run holds only what a blocking
operator (sort, stats, tail) must. When the runtime has an observer (`spl explain`), each
operator's rows in and out are shown to it, which materializes them. When it has a watch (the
search page), each operator's rows stream through it, to be counted or stopped.
"""

from __future__ import annotations

from spl.errors import SplError
from engine import plan
from engine.clock import CLOCK
from engine.commands import operator
from engine.runtime import Runtime
from engine.table import Table


def execute(node: plan.Node, runtime: Runtime,
            given: tuple[plan.Node, Table] | None = None) -> Table:
    """The table `node` gives. Eval's time functions read the runtime's clock from here on
    (the rows are computed as the caller reads them). Operators that run plans of their own
    (appendpipe, map) run them through here too. `given`: an operator of the plan (that very
    object) and its table, already computed (by worker processes, engine/parallel.py)."""
    CLOCK.set(runtime.clock)
    return _run(node, runtime, given)


def _run(node: plan.Node, runtime: Runtime, given: tuple[plan.Node, Table] | None = None) -> Table:
    if given is not None and node is given[0]:
        return given[1]
    table = None if node.input is None else _run(node.input, runtime, given)
    subtables = [_run(subplan, runtime) for subplan in node.subplans()]
    rows_in = None
    if runtime.observer is not None and table is not None:
        rows_in = list(table.rows)
        table = Table(rows_in, table.fields)
    try:
        result = operator(type(node))(node, table, runtime, *subtables)
    except SplError as error:
        error.span = error.span or (node.command.span if node.command is not None else None)
        raise
    if runtime.watch is not None:
        result = Table(runtime.watch(node, result.rows), result.fields)
    if runtime.observer is not None:
        result = runtime.observer(node, rows_in, result)
    return result
