"""Eval functions: one explicit registry from name to implementation and arity.

Each entry says how many arguments it takes, so that binding rejects `lower(a, b)` before a
row is read, and whether it receives its arguments evaluated (most) or as expressions
(conditionals, which must not evaluate the branch they don't take). Semantics follow Splunk's
"Evaluation functions" reference; names are case-insensitive (the parser lower-cases them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from spl import ast
from spl.errors import BadArgumentError, UnknownFunctionError, suggestion
from engine.expressions import EvalError, Row, evaluate, like_pattern, truth
from engine.values import Value, multivalue, to_number, to_text, values_of


@dataclass(frozen=True)
class Function:
    fn: Callable
    min_args: int
    max_args: int | None
    lazy: bool = False

    def call(self, args: tuple[ast.Expr, ...], row: Row) -> Value | bool:
        if self.lazy:
            return self.fn(args, row)
        return self.fn(*(evaluate(a, row) for a in args))


def _null_if_any_null(fn: Callable) -> Callable:
    def guarded(*args):
        return None if any(a is None for a in args) else fn(*args)

    return guarded


def _scalar_text(value) -> str:
    if isinstance(value, tuple):
        return to_text(value[0]) if value else ""
    return to_text(value)


# ---- conditionals (lazy) ---------------------------------------------------------------------------


def _if(args, row):
    condition, then, otherwise = args
    return evaluate(then if truth(evaluate(condition, row)) else otherwise, row)


def _case(args, row):
    if len(args) % 2:
        raise EvalError("case() takes pairs of condition and value")
    for condition, value in zip(args[::2], args[1::2]):
        if truth(evaluate(condition, row)):
            return evaluate(value, row)
    return None


def _coalesce(args, row):
    for arg in args:
        value = evaluate(arg, row)
        if value is not None:
            return value
    return None


# ---- type tests ------------------------------------------------------------------------------------


def _isnum(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) or (
        isinstance(value, str) and to_number(value) is not None
    )


def _isstr(value) -> bool:
    return isinstance(value, str) and to_number(value) is None


# ---- text ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise EvalError(f"invalid regular expression {pattern!r}: {error}") from None


def _match(value, pattern) -> bool:
    return any(_regex(to_text(pattern)).search(to_text(v)) for v in values_of(value))


def _replace(value, pattern, replacement):
    regex, template = _regex(to_text(pattern)), to_text(replacement)
    return _each(value, lambda v: regex.sub(lambda m: _expand(template, m), to_text(v)))


_BACKREFERENCE = re.compile(r"\\(\d|\\)")


def _expand(template: str, match: re.Match) -> str:
    """A replacement with `\\1`..`\\9` group references and `\\\\` for a backslash; any other
    backslash stays literal (Windows paths), where Python's own template syntax would fail."""
    def piece(ref: re.Match) -> str:
        token = ref.group(1)
        return "\\" if token == "\\" else (match.group(int(token)) or "")

    return _BACKREFERENCE.sub(piece, template)


def _each(value, fn: Callable):
    """Apply fn to each value of a (possibly multivalue) field."""
    if isinstance(value, tuple):
        return tuple(fn(v) for v in value)
    return fn(value)


def _substr(value, start, length=None):
    text, start = _scalar_text(value), int(to_number(start) or 0)
    begin = start - 1 if start > 0 else len(text) + start if start < 0 else 0
    begin = max(begin, 0)
    if length is None:
        return text[begin:]
    return text[begin:begin + int(to_number(length) or 0)]


def _trim(chars_default: str, side: str) -> Callable:
    def trim(value, chars=None):
        chars = chars_default if chars is None else to_text(chars)
        strip = {"both": str.strip, "left": str.lstrip, "right": str.rstrip}[side]
        return _each(value, lambda v: strip(to_text(v), chars))

    return trim


def _like(value, pattern) -> bool:
    regex = like_pattern(to_text(pattern))
    return any(regex.fullmatch(to_text(v)) for v in values_of(value))


def _split(value, delimiter):
    delimiter = to_text(delimiter)
    text = _scalar_text(value)
    parts = list(text) if delimiter == "" else text.split(delimiter)
    return multivalue(parts)


# ---- multivalue -------------------------------------------------------------------------------------


def _mvindex(value, start, end=None):
    values = values_of(value)
    first = int(to_number(start) or 0)
    first = first + len(values) if first < 0 else first
    if end is None:
        return values[first] if 0 <= first < len(values) else None
    last = int(to_number(end) or 0)
    last = last + len(values) if last < 0 else last
    return multivalue(values[max(first, 0):last + 1])


def _mvcount(value):
    count = len(values_of(value))
    return count or None


def _mvjoin(value, delimiter):
    return to_text(delimiter).join(to_text(v) for v in values_of(value))


def _mvappend(*values):
    return multivalue([v for value in values for v in values_of(value)])


def _in(args, row) -> bool:
    value, *candidates = (evaluate(a, row) for a in args)
    wanted = {to_text(c) for c in candidates if c is not None}
    return any(to_text(v) in wanted for v in values_of(value))


# ---- numbers and conversion ---------------------------------------------------------------------------


def _tonumber(value, base=None):
    text = _scalar_text(value).strip()
    if base is None:
        return to_number(text)
    try:
        return int(text, int(to_number(base) or 10))
    except ValueError:
        return None


def _tostring(value, format_=None):
    if format_ is None:
        return _each(value, to_text)
    number = to_number(value) if not isinstance(value, tuple) else None
    if to_text(format_) == "hex" and number is not None:
        return hex(int(number))
    if to_text(format_) == "commas" and number is not None:
        return f"{number:,.2f}" if isinstance(number, float) else f"{number:,}"
    return to_text(value)


FUNCTIONS: dict[str, Function] = {
    "if": Function(_if, 3, 3, lazy=True),
    "case": Function(_case, 2, None, lazy=True),
    "coalesce": Function(_coalesce, 1, None, lazy=True),
    "in": Function(_in, 1, None, lazy=True),
    "isnull": Function(lambda v: v is None, 1, 1),
    "isnotnull": Function(lambda v: v is not None, 1, 1),
    "isnum": Function(_isnum, 1, 1),
    "isstr": Function(_isstr, 1, 1),
    "null": Function(lambda: None, 0, 0),
    "true": Function(lambda: True, 0, 0),
    "false": Function(lambda: False, 0, 0),
    "match": Function(_null_if_any_null(_match), 2, 2),
    "like": Function(_null_if_any_null(_like), 2, 2),
    "replace": Function(_null_if_any_null(_replace), 3, 3),
    "lower": Function(_null_if_any_null(lambda v: _each(v, lambda x: to_text(x).lower())), 1, 1),
    "upper": Function(_null_if_any_null(lambda v: _each(v, lambda x: to_text(x).upper())), 1, 1),
    "len": Function(_null_if_any_null(lambda v: len(_scalar_text(v))), 1, 1),
    "substr": Function(_null_if_any_null(_substr), 2, 3),
    "trim": Function(_null_if_any_null(_trim(" \t", "both")), 1, 2),
    "ltrim": Function(_null_if_any_null(_trim(" \t", "left")), 1, 2),
    "rtrim": Function(_null_if_any_null(_trim(" \t", "right")), 1, 2),
    "split": Function(_null_if_any_null(_split), 2, 2),
    "mvindex": Function(_null_if_any_null(_mvindex), 2, 3),
    "mvcount": Function(_mvcount, 1, 1),
    "mvjoin": Function(_null_if_any_null(_mvjoin), 2, 2),
    "mvappend": Function(_mvappend, 1, None),
    "tonumber": Function(_null_if_any_null(_tonumber), 1, 2),
    "tostring": Function(_null_if_any_null(_tostring), 1, 2),
}


def check_calls(expr: ast.Expr) -> None:
    """Every function called in `expr` exists and gets a number of arguments it accepts."""
    if isinstance(expr, ast.Call):
        _check_call(expr)
    for child in _children(expr):
        check_calls(child)


def _check_call(call: ast.Call) -> None:
    function = FUNCTIONS.get(call.name)
    if function is None:
        raise UnknownFunctionError(f"unknown function `{call.name}`", call.span,
                                   suggestion(call.name, FUNCTIONS))
    count, low, high = len(call.args), function.min_args, function.max_args
    if count < low or (high is not None and count > high):
        wanted = str(low) if high == low else f"{low} or more" if high is None else f"{low} to {high}"
        raise BadArgumentError(f"{call.name}() takes {wanted} argument(s), got {count}", call.span)


def _children(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    if isinstance(expr, ast.Call):
        return expr.args
    if isinstance(expr, ast.Binary):
        return (expr.left, expr.right)
    if isinstance(expr, ast.Unary):
        return (expr.operand,)
    return ()
