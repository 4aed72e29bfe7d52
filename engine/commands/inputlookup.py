"""inputlookup: the rows of a lookup table, optionally filtered with a WHERE search.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/inputlookup
`| inputlookup [append=<bool>] [strict=<bool>] [start=<int>] [max=<int>] <filename> | <tablename>
[WHERE <search-query>]`
- A generating command: it comes first, after a leading `|`, or first in a subsearch.
- `append=true`: "the data returned from the lookup file is appended to the current set of
  results rather than replacing it".
- `start`: "the 0-based offset of the first event to read" (default 0); `max`: "the maximum
  number of events to be read from the file" (default 1000000000).
- WHERE filters the rows with the search command's matching (case-insensitive, `*` wildcards,
  =, !=, <, >, <=, >=, AND, OR, NOT).
The lookup is found as `lookup` finds it (engine/lookups.py): a KV store collection with no
local rows gives no rows, with a notice. Deviation: Splunk only warns about a
missing lookup unless `strict=true`; here a lookup that does not resolve, or whose file cannot
be read, is always an error at bind time, so `strict` is accepted and changes nothing. start and max count the rows read from
the file, before WHERE (they bound what is read, as the page says).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.options import bool_option, int_option, option_map
from engine.lookups import Definition, resolve
from engine.matching import compile_search
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("append", "strict", "start", "max")
DEFAULT_MAX = 1_000_000_000


@dataclass(frozen=True, kw_only=True)
class Inputlookup(plan.Command):
    """The rows `start` to `stop` of a lookup's table that `where` matches."""

    definition: Definition
    start: int = 0
    stop: int = DEFAULT_MAX
    where: ast.SearchExpr | None = None


def bind(node: ast.Inputlookup, input: plan.Node | None, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "inputlookup")
    append = bool_option(options.get("append"), False)
    bool_option(options.get("strict"), False)
    start = int_option(options.get("start"), 0)
    count = int_option(options.get("max"), DEFAULT_MAX)
    definition = resolve(node.name, list(binder.catalog.lookups), node.name_span)
    if definition.notice:
        binder.notice(definition.notice)
    compile_search(node.where)  # a subsearch in WHERE is refused here, before any run
    own = Inputlookup(command=node, definition=definition, start=start, stop=start + count,
                      where=node.where)
    return binder.generated(own, input, append, node, "inputlookup")


def run(node: Inputlookup, table: None, runtime: Runtime) -> Table:
    lookup = node.definition.table()
    matches = compile_search(node.where)
    rows = (dict(row) for row in lookup.rows[node.start:node.stop] if matches(row))
    return Table(rows, list(lookup.fields))
