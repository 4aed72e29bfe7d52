"""eval: compute fields from expressions, left to right; a failing expression erases its field.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval
Binds to an Eval operator, rejecting an expression that is a Boolean by its form ("The result of
an eval expression cannot be a Boolean"); this module runs every Eval (data model constraints
bind to them too).
A name written with `{field}` parts (`eval {aName}=aValue`) writes the field named by the value
of `field` in each row, as the page's usage notes show (aName=counter gives counter=1234): such an
eval binds to a DynamicEval, which names its fields per row. Where the page is silent: a
multivalue field names the field by its first value, and a null one writes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.render import expr_text
from engine import plan
from engine.expressions import field_value
from engine.functions import check_assignment
from engine.table import Row, Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


def bind(node: ast.Eval, input: plan.Node, binder: Binder) -> plan.Node:
    for assignment in node.assignments:
        check_assignment(assignment.expr)
    if any(a.dynamic for a in node.assignments):
        return DynamicEval(input=input, command=node, assignments=node.assignments)
    return plan.Eval(input=input, command=node, assignments=node.assignments)


@dataclass(frozen=True, kw_only=True)
class DynamicEval(plan.Command):
    """An eval whose `{field}` names are filled in per row, so the fields it writes are known
    only as it runs: it reads what it is asked for and what its names and expressions read."""

    assignments: tuple[ast.Assignment, ...]

    def label(self) -> str:
        return "DynamicEval " + ", ".join(f"{a.field}={expr_text(a.expr)}"
                                          for a in self.assignments)

    def needs(self, after: plan.Needed) -> plan.Needed:
        if after is None:
            return None
        read = set(after)
        for assignment in self.assignments:
            read |= assignment.name_fields | ast.expression_fields(assignment.expr)
        return frozenset(read)


def run_dynamic(node: DynamicEval, table: Table, runtime: Runtime) -> Table:
    return Table(_assign(row, node.assignments) for row in table.rows)


def run(node: plan.Eval, table: Table, runtime: Runtime) -> Table:
    fields = None
    if table.fields is not None:
        fields = table.fields + [a.field for a in node.assignments if a.field not in table.fields]
    return Table((_assign(row, node.assignments) for row in table.rows), fields)


def _assign(row: Row, assignments: tuple[ast.Assignment, ...]) -> Row:
    row = dict(row)
    for assignment in assignments:
        name = _name(assignment, row)
        value = field_value(assignment.expr, row)
        if name is None:
            continue
        if value is None:
            row.pop(name, None)
        else:
            row[name] = value
    return row


def _name(assignment: ast.Assignment, row: Row) -> str | None:
    """The field an assignment writes in `row`; None when a `{field}` part is null."""
    if not assignment.dynamic:
        return assignment.field
    parts = {name: values_of(row.get(name)) for name in assignment.name_fields}
    if not all(parts.values()):
        return None
    return re.sub(r"\{([^{}]*)\}", lambda m: to_text(parts[m.group(1)][0]), assignment.field)
