"""eval: compute fields from expressions, left to right; a failing expression erases its field.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.expressions import EvalError, evaluate
from engine.functions import check_calls
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.context import Context


def eval(table: Table, node: ast.Eval, context: Context) -> Table:  # noqa: A001 (the SPL name)
    fields = None
    if table.fields is not None:
        fields = table.fields + [a.field for a in node.assignments if a.field not in table.fields]
    return Table((_assign(row, node.assignments) for row in table.rows), fields)


def check(node: ast.Eval, context: Context) -> None:
    for assignment in node.assignments:
        check_calls(assignment.expr)


def _assign(row: Row, assignments: tuple[ast.Assignment, ...]) -> Row:
    row = dict(row)
    for assignment in assignments:
        try:
            value = evaluate(assignment.expr, row)
        except EvalError:
            value = None
        if value is None or isinstance(value, bool):
            row.pop(assignment.field, None)
        else:
            row[assignment.field] = value
    return row
