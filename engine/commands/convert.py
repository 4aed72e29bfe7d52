"""convert: change field values with conversion functions, in place or into a new field (AS).

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/convert
`ctime` renders epoch seconds with `timeformat` (default `%m/%d/%Y %H:%M:%S`) in the run's time
zone (UTC unless --tz); `mktime` reads such text back. `dur2sec` reads [D+]HH:MM:SS, `mstime`
[MM:]SS.SSS, `memk` sizes with a k, m or g suffix as kilobytes; `num`/`auto` read numbers, `rmunit`
the number before a unit, `rmcomma` numbers with thousands separators. A value a function cannot
convert is left as it is.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Callable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnknownFunctionError, suggestion
from engine.commands.rename import new_name
from engine.table import Row, Table
from engine.timefmt import DEFAULT_TIMEFORMAT, format_time, parse_time
from engine.values import Scalar, to_number, to_text

if TYPE_CHECKING:
    from engine.context import Context

Converter = Callable[[Scalar, str, tzinfo], Scalar | None]


def convert(table: Table, node: ast.Convert, context: Context) -> Table:
    options = {o.name: o.value for o in node.options}
    timeformat = options.get("timeformat", DEFAULT_TIMEFORMAT)
    fields = table.fields
    if fields is not None:
        aliases = [c.alias for c in node.conversions if c.alias and c.alias not in fields]
        fields = fields + aliases
    rows = (_convert_row(row, node.conversions, timeformat, context.tz) for row in table.rows)
    return Table(rows, fields)


def check(node: ast.Convert, context: Context) -> None:
    for option in node.options:
        if option.name.lower() != "timeformat":
            raise BadArgumentError(f"convert has no option `{option.name}`", option.span,
                                   suggestion(option.name, ["timeformat"]))
    for conversion in node.conversions:
        if conversion.function.lower() not in CONVERTERS:
            raise UnknownFunctionError(f"unknown convert function `{conversion.function}`",
                                       conversion.span, suggestion(conversion.function, CONVERTERS))


def _convert_row(row: Row, conversions, timeformat: str, tz: tzinfo) -> Row:
    row = dict(row)
    for conversion in conversions:
        converter = CONVERTERS[conversion.function.lower()]
        for name in [n for n in row if new_name(n, conversion.field, conversion.field)]:
            value = _apply(converter, row[name], timeformat, tz)
            target = conversion.alias or name
            if conversion.alias and "*" in conversion.field:
                target = new_name(name, conversion.field, conversion.alias) or target
            row[target] = value
    return row


def _apply(converter: Converter, value, timeformat: str, tz: tzinfo):
    if isinstance(value, tuple):
        return tuple(_one(converter, v, timeformat, tz) for v in value)
    return _one(converter, value, timeformat, tz)


def _one(converter: Converter, value: Scalar, timeformat: str, tz: tzinfo) -> Scalar:
    converted = converter(value, timeformat, tz)
    return value if converted is None else converted


def _ctime(value: Scalar, timeformat: str, tz: tzinfo) -> str | None:
    epoch = to_number(value)
    return None if epoch is None else format_time(float(epoch), timeformat, tz)


def _mktime(value: Scalar, timeformat: str, tz: tzinfo) -> float | None:
    return parse_time(to_text(value), timeformat, tz)


_LEADING_NUMBER = re.compile(r"\s*([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)")


def _rmunit(value: Scalar, timeformat: str, tz: tzinfo) -> Scalar | None:
    match = _LEADING_NUMBER.match(to_text(value))
    return None if match is None else to_number(match.group(1))


def _rmcomma(value: Scalar, timeformat: str, tz: tzinfo) -> Scalar | None:
    return to_number(to_text(value).replace(",", ""))


def _num(value: Scalar, timeformat: str, tz: tzinfo) -> Scalar | None:
    return to_number(value)


_DURATION = re.compile(r"\s*(?:(\d+)\+)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d*)?)\s*")
_MSTIME = re.compile(r"\s*(?:(\d+):)?(\d+(?:\.\d*)?)\s*")
_MEMORY = re.compile(r"\s*([-+]?\d+(?:\.\d*)?)\s*([kmg]?)\s*", re.IGNORECASE)


def _dur2sec(value: Scalar, timeformat: str, tz: tzinfo) -> Scalar | None:
    """`[D+]HH:MM:SS` as seconds."""
    match = _DURATION.fullmatch(to_text(value))
    if match is None:
        return None
    days, hours, minutes, seconds = match.groups()
    total = int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return int(total) if total.is_integer() else total


def _mstime(value: Scalar, timeformat: str, tz: tzinfo) -> Scalar | None:
    """`[MM:]SS.SSS` as seconds."""
    match = _MSTIME.fullmatch(to_text(value))
    if match is None:
        return None
    total = int(match.group(1) or 0) * 60 + float(match.group(2))
    return int(total) if total.is_integer() else total


def _memk(value: Scalar, timeformat: str, tz: tzinfo) -> Scalar | None:
    """A size with an optional k, m or g suffix as kilobytes (no suffix means kilobytes)."""
    match = _MEMORY.fullmatch(to_text(value))
    if match is None:
        return None
    total = float(match.group(1)) * {"": 1, "k": 1, "m": 1024, "g": 1024 ** 2}[match.group(2).lower()]
    return int(total) if total.is_integer() else total


def _none(value: Scalar, timeformat: str, tz: tzinfo) -> None:
    return None


CONVERTERS: dict[str, Converter] = {
    "ctime": _ctime,
    "mktime": _mktime,
    "num": _num,
    "auto": _num,
    "rmunit": _rmunit,
    "rmcomma": _rmcomma,
    "none": _none,
    "dur2sec": _dur2sec,
    "mstime": _mstime,
    "memk": _memk,
}
