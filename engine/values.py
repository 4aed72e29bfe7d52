"""Field values and the coercions SPL applies to them.

A field is absent (None), a string, a number (int or float), or a multivalue (a tuple of strings
and numbers). Values read from logs are strings; numbers appear where a command computes them.

A string in a field is *field text*: it is text, and it reads as a number wherever a number is
needed when it looks like one ("13" -> 13). Splunk's informational functions page says so of
fields ("Splunk fields contain values that can be processed as either strings or numeric values
based on their context"; a field holding "NaN" "behaves as both a string and a number"), and its
statistical page shows a field assigned `"9"` averaging as 9.

Inside an eval expression a string made by the expression itself is a `Text`: a quoted literal,
a concatenation, the result of a text function. It is eval's String type, which does not read as
a number where eval tells the types apart (typeof, isnum, comparisons, arithmetic: the same page
says a literal "NaN" "is considered a string, not a number", and the statistical page that
`avg(1, 2, "3")` fails on the literal). A `Text` is stored in a field as plain field text
(`stored`), so a later expression reads it as both again. `to_number` is the reading of text as
a number that everything outside eval's typing uses (sort, stats, tonumber), for `Text` too.
"""

from __future__ import annotations

import math
import re

Scalar = str | int | float
Value = Scalar | tuple[Scalar, ...] | None

_NUMBER = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*")


class Text(str):
    """A String in eval's sense: text an expression made, as opposed to field text (see the
    module's docstring). It exists only while an expression is evaluated."""

    __slots__ = ()


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


def stored(value: Value) -> Value:
    """The value as a field keeps it: every `Text` becomes plain field text."""
    if isinstance(value, tuple):
        return tuple(str(v) if type(v) is Text else v for v in value)
    return str(value) if type(value) is Text else value


# Digits of the longest integer read as one (2**63 - 1 has 19): Splunk's numbers are 64-bit, so a
# longer one is a double, as here (which also spares int() its 4,300-digit limit, a ValueError).
_LONGEST_INTEGER = 19


def to_number(value: Scalar | None) -> int | float | None:
    """The number a value reads as, or None: "13" -> 13, "1.5" -> 1.5, "abc" -> None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if not _NUMBER.fullmatch(value):
        return None
    text = value.strip()
    if any(c in text for c in ".eE") or len(text.lstrip("+-")) > _LONGEST_INTEGER:
        return float(text)
    return int(text)


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
