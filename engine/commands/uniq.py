"""uniq: drop each row that is an exact copy of the row before it.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/uniq
`uniq`: "This command removes any search result if that result is an exact duplicate of the
previous result. This command does not take any arguments."
Rows are compared in every field, internal ones included, as mvcombine compares them
(engine/commands/mvcombine.py `row_key`: values as they print, null fields absent); only
consecutive copies go, so a copy further down stays (the page says "previous result").
Binds to a Uniq node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.mvcombine import row_key
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Uniq(plan.Command):
    """The rows, each one equal in every field to the row before it left out. It compares every
    field, so it needs them all (the default `needs`)."""


def bind(node: ast.Uniq, input: plan.Node, binder: Binder) -> plan.Node:
    return Uniq(input=input, command=node)


def run(node: Uniq, table: Table, runtime: Runtime) -> Table:
    return Table(_unique(table.rows), table.fields)


def _unique(rows: Iterable[Row]) -> Iterator[Row]:
    previous = None
    for row in rows:
        key = row_key(row)
        if key != previous:
            yield row
        previous = key
