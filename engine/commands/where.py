"""where: keep the rows for which the eval expression is true (case-sensitive, unlike search).

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/where
Binds to a Filter over an eval expression, rejecting one that is not a Boolean by its form
(`where (bytes+1)`: "These eval-expressions must be Boolean expressions"); an expression whose
type shows only per row (a field) keeps the rows where it is true. engine/commands/search.py runs
every Filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.evaluation import EvalError, truth
from engine.expressions import evaluate
from engine.functions import check_condition
from engine.matching import Predicate
from engine.table import Row

if TYPE_CHECKING:
    from engine.binder import Binder


def bind(node: ast.Where, input: plan.Node, binder: Binder) -> plan.Node:
    check_condition(node.expr)
    return plan.Filter(input=input, command=node, condition=node.expr)


def where_predicate(expr: ast.Expr) -> Predicate:
    """A row test: the expression is true (an expression that fails is not)."""
    return lambda row: _holds(expr, row)


def _holds(expr: ast.Expr, row: Row) -> bool:
    try:
        return truth(evaluate(expr, row))
    except EvalError:
        return False
