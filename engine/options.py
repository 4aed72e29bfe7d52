"""Options of commands, read one way everywhere: `name=value` pairs checked against what a
command accepts, with did-you-mean for misspelt names and clear errors for bad values."""

from __future__ import annotations

from typing import Iterable

from spl import ast
from spl.booleans import boolean
from spl.errors import BadArgumentError, suggestion


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


def int_option(option: ast.Option | None, default: int, minimum: int = 0) -> int:
    """`limit=5` as an int of at least `minimum`."""
    if option is None:
        return default
    text = option.value.strip()
    if not text.lstrip("-").isdigit() or int(text) < minimum:
        raise BadArgumentError(f"`{option.name}` takes a whole number of at least {minimum}, "
                               f"not `{option.value}`", option.span)
    return int(text)
