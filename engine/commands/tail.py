"""tail: the last N rows (default 10), last row first.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/tail
`tail [<N>]`: "Returns the last N number of specified results. The events are returned in reverse
order, starting at the end of the result set. The last 10 events are returned if no integer is
specified." The page gives tail no options, so `tail limit=5` is an error (write `tail 5`).
Binds to a Limit from the end, which engine/commands/head.py runs: only the last N rows are
held while the input is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan

if TYPE_CHECKING:
    from engine.binder import Binder


def bind(node: ast.Tail, input: plan.Node, binder: Binder) -> plan.Node:
    for option in node.options:
        raise BadArgumentError(f"tail has no option `{option.name}`", option.span,
                               "tail takes only a number of rows, e.g. `tail 5`")
    return plan.Limit(input=input, command=node, count=node.count, from_end=True)
