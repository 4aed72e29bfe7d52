"""eval: compute fields from expressions, left to right; a failing expression erases its field.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
Binds to an Eval operator; this module runs every Eval (data model constraints bind to them too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.expressions import field_value
from engine.functions import check_calls
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


def bind(node: ast.Eval, input: plan.Node, binder: Binder) -> plan.Node:
    for assignment in node.assignments:
        check_calls(assignment.expr)
    return plan.Eval(input=input, command=node, assignments=node.assignments)


def run(node: plan.Eval, table: Table, runtime: Runtime) -> Table:
    fields = None
    if table.fields is not None:
        fields = table.fields + [a.field for a in node.assignments if a.field not in table.fields]
    return Table((_assign(row, node.assignments) for row in table.rows), fields)


def _assign(row: Row, assignments: tuple[ast.Assignment, ...]) -> Row:
    row = dict(row)
    for assignment in assignments:
        value = field_value(assignment.expr, row)
        if value is None:
            row.pop(assignment.field, None)
        else:
            row[assignment.field] = value
    return row
