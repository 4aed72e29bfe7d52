"""The eval expression evaluator shared by eval, where and the data model calculations.

A tree walk, one small function per node type. SPL's rules: `+` adds numbers or joins two
strings; `.` joins anything as text, and its result is a String (the eval page: "concatenates
both strings and numbers"); `- * / %` take numbers; comparisons are numeric when both sides are
Numbers, else by text (case-sensitive, unlike search); a null operand makes the result null;
dividing by zero gives null. A quoted literal is a String, field text is both a String and, when
it reads as one, a Number (engine.values and engine.evaluation say how values carry eval's
types). Booleans exist only inside an expression: eval cannot store one in a field, and binding
rejects an assignment whose type is Boolean (engine.functions.check_assignment). Splunk's eval
reference and "Types of expressions" are the sources.

A function call goes to its entry in engine.functions, handed `evaluate` to evaluate the
arguments with; the rules both share (EvalError, truth) are in engine.evaluation, LIKE's pattern in
engine.matching.
"""

from __future__ import annotations

import math
from typing import Callable

from spl import ast
from engine.evaluation import EvalError, compare, number, truth
from engine.functions import FUNCTIONS
from engine.matching import like
from engine.table import Row
from engine.values import Text, Value, stored, to_text, values_of


def evaluate(expr: ast.Expr, row: Row) -> Value | bool:
    """The value of `expr` for `row`; may be a bool for conditions."""
    return _EVALUATORS[type(expr)](expr, row)


def field_value(expr: ast.Expr, row: Row) -> Value:
    """The value `expr` stores in a field for `row`, as field text (engine.values.stored): null
    when it cannot be evaluated for this row or when it gives a boolean. The eval page: "The
    result of an eval expression cannot be a Boolean", and "If, at search time, the expression
    cannot be evaluated successfully for a given event, the eval command erases the resulting
    field"
    (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval).
    An expression that is Boolean by its form is rejected when it is bound; this null is for one
    whose type shows only per row (`if(c, a==1, 2)`). The eval command, data model calculated
    fields and props.conf EVAL- all store through this (props.conf's page allows a Boolean
    EVAL- and does not say what the field then holds: null, as here)."""
    try:
        value = evaluate(expr, row)
    except EvalError:
        return None
    return None if isinstance(value, bool) else stored(value)


def _field(node: ast.Field, row: Row) -> Value:
    return row.get(node.name)


def _literal(node: ast.Literal, row: Row) -> Value:
    """A quoted literal is a String: `"12"` is not the number 12 (the informational page's
    literal "NaN", which "is considered a string, not a number")."""
    return Text(node.value) if isinstance(node.value, str) else node.value


def _call(node: ast.Call, row: Row) -> Value | bool:
    memo = _memo_of(node)
    if memo is None:
        return FUNCTIONS[node.name].call(node.args, row, evaluate)
    key = tuple(_typed(evaluate(arg, row)) for arg in node.args)
    if key in memo:
        return memo[key]
    value = FUNCTIONS[node.name].call(node.args, row, evaluate)
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
    return value


# Functions whose value depends on nothing but their arguments' values (not on the row, the clock
# or chance). A call of one on fields and literals is remembered per distinct argument values:
# logs repeat the same image paths, users and keys event after event, and the regular
# expression functions run PCRE2, whose Python binding costs microseconds per call.
_PURE = frozenset({"replace", "match", "lower", "upper", "len", "substr", "trim", "ltrim",
                   "rtrim"})
_MEMO_SIZE = 4096  # values remembered per call; then it starts afresh
_MEMOS: dict[int, tuple[ast.Call, dict | None]] = {}  # id -> the call (kept alive), its memo


def _memo_of(node: ast.Call) -> dict | None:
    """The memo of a call that may be remembered, else None (decided once per call node)."""
    found = _MEMOS.get(id(node))
    if found is None or found[0] is not node:
        if len(_MEMOS) >= _MEMO_SIZE:  # calls of searches long done (a session runs many)
            _MEMOS.clear()
        pure = node.name in _PURE and all(isinstance(arg, (ast.Field, ast.Literal))
                                          for arg in node.args)
        found = _MEMOS[id(node)] = (node, {} if pure else None)
    return found[1]


def _typed(value: Value) -> tuple:
    """A value as a memo key: with its type, as "1", Text("1"), 1 and 1.0 differ in eval."""
    if isinstance(value, tuple):
        return (tuple, tuple(_typed(v) for v in value))
    return (type(value), value)


def _unary(node: ast.Unary, row: Row) -> Value | bool:
    operand = evaluate(node.operand, row)
    if node.op == "NOT":
        return None if operand is None else not truth(operand)
    negated = number(operand)
    return None if negated is None else -negated


def _binary(node: ast.Binary, row: Row) -> Value | bool:
    if node.op in _LOGIC:
        return _LOGIC[node.op](node, row)
    left, right = evaluate(node.left, row), evaluate(node.right, row)
    if left is None or right is None:
        return None
    return _OPERATORS[node.op](left, right)


def _and(node: ast.Binary, row: Row) -> bool:
    return truth(evaluate(node.left, row)) and truth(evaluate(node.right, row))


def _or(node: ast.Binary, row: Row) -> bool:
    return truth(evaluate(node.left, row)) or truth(evaluate(node.right, row))


def _xor(node: ast.Binary, row: Row) -> bool:
    return truth(evaluate(node.left, row)) != truth(evaluate(node.right, row))


def _plus(left, right) -> Value:
    """Numbers add; two strings join into a String; a String and a Number give null, `+` taking
    two numbers or two strings (the eval page's operators)."""
    a, b = number(left), number(right)
    if a is not None and b is not None:
        return a + b
    if isinstance(left, str) and isinstance(right, str):
        return Text(left + right)
    return None


def _arithmetic(op: Callable) -> Callable:
    def apply(left, right) -> Value:
        a, b = number(left), number(right)
        if a is None or b is None:
            return None
        try:
            result = op(a, b)
        except ZeroDivisionError:
            return None
        return None if isinstance(result, float) and math.isnan(result) else result

    return apply


def _divide(a, b):
    quotient = a / b
    return int(quotient) if isinstance(a, int) and isinstance(b, int) and a % b == 0 else quotient


def _concat(left, right) -> Value:
    return Text(_text(left) + _text(right))


def _text(value: Value | bool) -> str:
    if isinstance(value, tuple):
        return " ".join(to_text(v) for v in value)
    return to_text(value)


def _comparison(op: Callable) -> Callable:
    """Numeric when both sides are numbers, else by text; true if any value of a multivalue is."""

    def apply(left, right) -> bool:
        return any(compare(a, b, op) for a in values_of(left) for b in values_of(right))

    return apply


def _like(left, right) -> bool:
    matches = like(_text(right))
    return any(matches(to_text(v)) for v in values_of(left))


_LOGIC = {"AND": _and, "OR": _or, "XOR": _xor}

_OPERATORS: dict[str, Callable] = {
    "+": _plus,
    "-": _arithmetic(lambda a, b: a - b),
    "*": _arithmetic(lambda a, b: a * b),
    "/": _arithmetic(_divide),
    "%": _arithmetic(lambda a, b: a % b),
    ".": _concat,
    "=": _comparison(lambda a, b: a == b),
    "!=": _comparison(lambda a, b: a != b),
    "<": _comparison(lambda a, b: a < b),
    "<=": _comparison(lambda a, b: a <= b),
    ">": _comparison(lambda a, b: a > b),
    ">=": _comparison(lambda a, b: a >= b),
    "LIKE": _like,
}

_EVALUATORS: dict[type, Callable] = {
    ast.Field: _field,
    ast.Literal: _literal,
    ast.Call: _call,
    ast.Unary: _unary,
    ast.Binary: _binary,
}
