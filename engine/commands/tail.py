"""tail: the last N rows (default 10), last row first.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/tail
`tail [<N>]`: "Returns the last N number of specified results. The events are returned in reverse
order, starting at the end of the result set. The last 10 events are returned if no integer is
specified." The page gives tail no options, so `tail limit=5` is an error (write `tail 5`).
Only the last N rows are held while the input is read.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine.table import Table

if TYPE_CHECKING:
    from engine.context import Context


def tail(table: Table, node: ast.Tail, context: Context) -> Table:
    last = deque(table.rows, maxlen=node.count) if node.count else deque()
    return Table(list(reversed(last)), table.fields)


def check(node: ast.Tail, context: Context) -> None:
    for option in node.options:
        raise BadArgumentError(f"tail has no option `{option.name}`", option.span,
                               "tail takes only a number of rows, e.g. `tail 5`")
