"""search: keep the rows the search expression matches (case-insensitive, `*` wildcards).

Splunk reference: https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/search-commands/search
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.matching import compile_search
from engine.pushdown import RecordFilter, Scan, literal_groups
from engine.table import Table

if TYPE_CHECKING:
    from engine.context import Context


def scan(node: ast.Search, context: Context) -> Scan:
    """When the search is the first command, the records that cannot match need not be read."""
    groups = literal_groups(node.expr, context.knowledge.origins)
    return Scan(RecordFilter.of(groups))


def search(table: Table, node: ast.Search, context: Context) -> Table:
    if node.expr is None:
        return table
    matches = compile_search(node.expr)
    return Table((row for row in table.rows if matches(row)), table.fields)
