"""append: the rows of a subsearch, after the rows of the search so far.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/append
`append [extendtimerange=<bool>] [maxtime=<int>] [maxout=<int>] <subsearch>`
- "Appends the results of a subsearch to the current results"; shared fields line up in the
  same columns and the rows keep their own values (the page's examples: the subsearch rows come
  last, with empty cells for the fields they lack).
- maxout: "The maximum number of result rows to return from the subsearch within the append
  command" (default 50000); further rows are dropped with a notice.
- maxtime (seconds before the subsearch is finalized, default 60) and extendtimerange (whether
  the subsearch's time range widens the whole search's, for later time bins) are accepted and
  change nothing here: a local run is never cut short by time, and no command here bins by the
  search's overall time range.
Binds to a Union with the subsearch's plan; this module runs every Union (a generating command
with `append=true` binds to one too).
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.options import bool_option, int_option, option_map
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("extendtimerange", "maxtime", "maxout")
DEFAULT_MAXOUT = 50_000


def bind(node: ast.Append, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "append")
    bool_option(options.get("extendtimerange"), False)
    int_option(options.get("maxtime"), 60)
    maxout = int_option(options.get("maxout"), DEFAULT_MAXOUT)
    return plan.Union(input=input, command=node, right=binder.bind(node.subsearch),
                      maxout=maxout)


def run(node: plan.Union, table: Table, runtime: Runtime, right: Table) -> Table:
    """Every Union: append's, and a generating command's with `append=true`."""
    sub_rows, sub_fields = right.materialize()
    if node.maxout and len(sub_rows) > node.maxout:
        runtime.diagnostics.notice(f"append: the subsearch returned {len(sub_rows)} rows; only "
                                   f"the first {node.maxout} are appended "
                                   f"(maxout={node.maxout})")
        sub_rows = sub_rows[:node.maxout]
    fields = None if table.fields is None else list(dict.fromkeys([*table.fields, *sub_fields]))
    return Table(chain(table.rows, sub_rows), fields)
