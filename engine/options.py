"""Options of commands, read one way everywhere: `name=value` pairs checked against what a
command accepts, with did-you-mean for misspelt names and clear errors for bad values."""

from __future__ import annotations

from typing import Callable, Iterable, TypeVar

from spl import ast
from spl.booleans import boolean
from spl.errors import BadArgumentError, SplError, suggestion
from spl.parser import MAX_COUNT, whole_number
from engine.spans import Span, parse_span

T = TypeVar("T")


def option_map(options: Iterable[ast.Option], allowed: Iterable[str],
               command: str) -> dict[str, ast.Option]:
    """The options by lower-cased name; an unknown or repeated name is a BadArgumentError."""
    allowed = tuple(allowed)
    found: dict[str, ast.Option] = {}
    for option in options:
        name = option.name.lower()
        if name not in allowed:
            hint = suggestion(name, allowed) or _valid(allowed)
            raise BadArgumentError(f"{command} has no option `{option.name}`", option.span, hint)
        if name in found:
            raise BadArgumentError(f"{command} option `{name}` is given twice", option.span)
        found[name] = option
    return found


def _valid(allowed: tuple[str, ...]) -> str:
    return "its options are " + ", ".join(allowed) if allowed else "it takes no options"


def bool_option(option: ast.Option | None, default: bool) -> bool:
    """`keepempty=true` as a bool, written true/false, t/f, 1/0 or yes/no."""
    if option is None:
        return default
    value = boolean(option.value)
    if value is not None:
        return value
    raise BadArgumentError(f"`{option.name}` takes true or false, not `{option.value}`",
                           option.span)


def int_option(option: ast.Option | None, default: int, minimum: int = 0,
               maximum: int = MAX_COUNT) -> int:
    """`limit=5` as an int from `minimum` to `maximum`, written in ASCII digits
    (spl.parser.whole_number)."""
    if option is None:
        return default
    number = whole_number(option.value.strip())
    if number is None or number < minimum:
        raise BadArgumentError(f"`{option.name}` takes a whole number of at least {minimum}, "
                               f"not `{option.value}`", option.span)
    if number > maximum:
        raise BadArgumentError(f"`{option.name}` takes a whole number up to {maximum:,}, not "
                               f"`{option.value}`", option.span)
    return number


def read_option(option: ast.Option, read: Callable[[str], T]) -> T:
    """`read(option.value)`, with any error it raises placed under the option."""
    try:
        return read(option.value)
    except SplError as error:
        error.span = option.span
        raise


def span_option(option: ast.Option | None) -> Span | None:
    """`span=5m` as engine/spans.py reads it (None when not given), an error under the option."""
    return None if option is None else read_option(option, parse_span)
