"""head: the first N rows (default 10), read lazily: rows after the Nth are never read.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/head
`head [<N>] [limit=<int>]`: "If no options or limits are specified, the head command returns the
first 10 results"; `limit=<int>` is "another way to specify the number of results", so giving
both with different numbers is an error here. The `(<eval-expression>)` form and its `null=` and
`keeplast=` options ("You must specify a eval-expression to use the keeplast argument") are not
supported yet and are rejected. Binds to a Limit; this module runs every Limit, tail's too.
"""

from __future__ import annotations

from collections import deque
from itertools import islice
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine import plan
from engine.options import int_option, option_map
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("limit", "null", "keeplast")


def bind(node: ast.Head, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "head")
    for name in ("null", "keeplast"):
        if name in options:
            raise UnsupportedCommandError(f"head `{name}=` goes with an eval expression, "
                                          "which head does not support yet", options[name].span)
    limit = options.get("limit")
    if limit is not None and int_option(limit, 10) != node.count:
        raise BadArgumentError("head takes one number of rows: `head 5` or `head limit=5`",
                               limit.span)
    return plan.Limit(input=input, command=node, count=node.count)


def run(node: plan.Limit, table: Table, runtime: Runtime) -> Table:
    """The first rows, read lazily; or the last ones, last first, holding only those."""
    if not node.from_end:
        return Table(islice(table.rows, node.count), table.fields)
    last = deque(table.rows, maxlen=node.count) if node.count else deque()
    return Table(list(reversed(last)), table.fields)
