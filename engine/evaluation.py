"""The rules of eval evaluation that the evaluator and the eval functions share.

engine.expressions walks an expression and calls the functions of engine.functions; the
functions apply these same rules (a row's failure, what counts as true, LIKE's pattern) and, the
lazy ones, evaluate their own arguments with the evaluator they are handed (`Evaluate`). Both
import this module and neither imports the other back: engine.expressions imports
engine.functions, and engine.functions imports nothing of engine.expressions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from spl import ast
from spl.errors import SplError
from engine.table import Row
from engine.values import Value

Evaluate = Callable[[ast.Expr, Row], Value | bool]
"""The evaluator, `engine.expressions.evaluate`: the value of an expression for a row."""


class EvalError(SplError):
    """An expression that fails for one row (Splunk then leaves the target field empty)."""

    kind = "eval"


def truth(value: Value | bool) -> bool:
    """A condition's outcome: only True is true; null and non-booleans are false."""
    return value is True


def like_pattern(pattern: str) -> re.Pattern:
    """SQL LIKE as Splunk uses it: `%` any run of characters, `_` exactly one."""
    return _like_regex(pattern)


@lru_cache(maxsize=1024)
def _like_regex(pattern: str) -> re.Pattern:
    parts = ("." if c == "_" else ".*" if c == "%" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.DOTALL)
