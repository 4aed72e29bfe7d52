"""where: keep the rows for which the eval expression is true (case-sensitive, unlike search).

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/where
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.expressions import EvalError, evaluate, truth
from engine.functions import check_calls
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.context import Context


def where(table: Table, node: ast.Where, context: Context) -> Table:
    return Table((row for row in table.rows if _holds(node.expr, row)), table.fields)


def check(node: ast.Where, context: Context) -> None:
    check_calls(node.expr)


def _holds(expr: ast.Expr, row: Row) -> bool:
    try:
        return truth(evaluate(expr, row))
    except EvalError:
        return False
