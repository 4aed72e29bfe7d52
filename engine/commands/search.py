"""search: keep the rows the search expression matches (case-insensitive, `*` wildcards).

Splunk reference: https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/search-commands/search
"""

from __future__ import annotations

from spl import ast
from engine.context import Context
from engine.matching import compile_search
from engine.table import Table


def search(table: Table, node: ast.Search, context: Context) -> Table:
    if node.expr is None:
        return table
    matches = compile_search(node.expr)
    return Table((row for row in table.rows if matches(row)), table.fields)
