"""Field values and the coercions SPL applies to them.

A field is absent (None), a string, a number (int or float), or a multivalue (a tuple of strings
and numbers). Values read from logs are strings; numbers appear where a command computes them.
"""

from __future__ import annotations

import math
import re

Scalar = str | int | float
Value = Scalar | tuple[Scalar, ...] | None

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


def values_of(value: Value) -> tuple[Scalar, ...]:
    """Every value of a field: () when absent, the tuple when multivalue, else one value."""
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def multivalue(values: list[Scalar] | tuple[Scalar, ...]) -> Value:
    """The field value holding `values`: None when empty, the value itself when single."""
    if not values:
        return None
    return values[0] if len(values) == 1 else tuple(values)


def to_number(value: Scalar | None) -> int | float | None:
    """The number a value reads as, or None: "13" -> 13, "1.5" -> 1.5, "abc" -> None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if not _NUMBER.fullmatch(value):
        return None
    text = value.strip()
    return float(text) if any(c in text for c in ".eE") else int(text)


def to_text(value: Scalar) -> str:
    """A scalar as Splunk prints it: integral floats without ".0", others in shortest form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def to_output(value: Value) -> str | tuple[str, ...] | None:
    """A value as the renderers print it."""
    if isinstance(value, tuple):
        return tuple(to_text(v) for v in value)
    return None if value is None else to_text(value)
