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
The lookup is found as `lookup` finds it (engine/lookups.py). Deviation: Splunk only warns about a
missing lookup unless `strict=true`; here a lookup that does not resolve is always an error at
bind time, so `strict` is accepted and changes nothing. start and max count the rows read from
the file, before WHERE (they bound what is read, as the page says).
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

from spl import ast
from engine.options import bool_option, int_option, option_map
from engine.lookups import LookupTable, resolve
from engine.matching import compile_search
from engine.table import Table

if TYPE_CHECKING:
    from engine.context import Context

OPTIONS = ("append", "strict", "start", "max")
DEFAULT_MAX = 1_000_000_000


def inputlookup(table: Table, node: ast.Inputlookup, context: Context) -> Table:
    options = option_map(node.options, OPTIONS, "inputlookup")
    lookup = resolve(node.name, context.lookups, node.span).table()
    start = int_option(options.get("start"), 0)
    stop = start + int_option(options.get("max"), DEFAULT_MAX)
    matches = compile_search(node.where)
    rows = (dict(row) for row in lookup.rows[start:stop] if matches(row))
    if not bool_option(options.get("append"), False):
        return Table(rows, list(lookup.fields))
    return Table(chain(table.rows, rows), _fields(table, lookup))


def check(node: ast.Inputlookup, context: Context) -> None:
    options = option_map(node.options, OPTIONS, "inputlookup")
    for name in ("append", "strict"):
        bool_option(options.get(name), False)
    int_option(options.get("start"), 0)
    int_option(options.get("max"), DEFAULT_MAX)
    resolve(node.name, context.lookups, node.span)
    compile_search(node.where)  # a subsearch in WHERE is refused here, before any run


def _fields(table: Table, lookup: LookupTable) -> list[str] | None:
    if table.fields is None:
        return None
    return list(dict.fromkeys([*table.fields, *lookup.fields]))
