"""The rules of eval evaluation that the evaluator and the eval functions share.

engine.expressions walks an expression and calls the functions of engine.functions; the
functions apply these same rules (a row's failure, what counts as true, eval's
types: what is a number, how two values compare) and, the lazy ones, evaluate their own
arguments with the evaluator they are handed (`Evaluate`). Both import this module and neither
imports the other back: engine.expressions imports engine.functions, and engine.functions
imports nothing of engine.expressions.

eval's types (engine.values says how values carry them): a Number is an int or float, a String a
`Text`, a Boolean a bool; field text is both a String and, when it reads as one, a Number. The
static types of expressions, which binding checks, use the same names: NUMBER, STRING, BOOLEAN,
and None where the type is known only per row (a field, if(), coalesce()).
"""

from __future__ import annotations

from typing import Callable

from spl import ast
from spl.errors import SplError
from engine.table import Row
from engine.values import Scalar, Text, Value, to_number, to_text

Evaluate = Callable[[ast.Expr, Row], Value | bool]
"""The evaluator, `engine.expressions.evaluate`: the value of an expression for a row."""

NUMBER, STRING, BOOLEAN = "Number", "String", "Boolean"
"""eval's types, named as typeof() names them."""


class EvalError(SplError):
    """An expression that fails for one row (Splunk then leaves the target field empty)."""

    kind = "eval"


class EvalTypeError(SplError):
    """An expression whose type is wrong where it is written (a Boolean assigned to a field, a
    number as where's condition): found when the search is bound, before any event is read."""

    kind = "type"


def number(value: Value | bool) -> int | float | None:
    """The Number an operand is: a number, or field text that reads as one (the first value of
    a multivalue field); never a String (`Text`) or a Boolean."""
    if isinstance(value, tuple):
        value = value[0] if value else None
    if value.__class__ is str:  # field text: the same few values come back row after row
        found = _NUMBERS.get(value, _UNREAD)
        if found is _UNREAD:
            if len(_NUMBERS) >= _NUMBERS_KEPT:
                _NUMBERS.clear()
            found = _NUMBERS[value] = to_number(value)
        return found
    if isinstance(value, (bool, Text)) or value is None:
        return None
    return to_number(value)


# Field text -> the Number it reads as (or None), each text converted once (until there are
# _NUMBERS_KEPT of them). Comparing EventCode=13 in the add-on's EVALs read it per comparison.
_NUMBERS: dict[str, int | float | None] = {}
_NUMBERS_KEPT = 1 << 16
_UNREAD = object()


def compare(a: Scalar, b: Scalar, op: Callable) -> bool:
    """eval's comparison of two values: as numbers when both are Numbers, else as text
    (case-sensitive)."""
    x, y = number(a), number(b)
    if x is not None and y is not None:
        return op(x, y)
    return op(to_text(a), to_text(b))


def as_string(value: Value) -> Value:
    """A value of String type: every text in it a `Text` (numbers stay numbers)."""
    if isinstance(value, tuple):
        return tuple(Text(v) if isinstance(v, str) else v for v in value)
    return Text(value) if isinstance(value, str) else value


def truth(value: Value | bool) -> bool:
    """A condition's outcome: only True is true; null and non-booleans are false."""
    return value is True

