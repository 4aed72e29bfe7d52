"""convert: change field values with conversion functions, in place or into a new field (AS).

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/convert
`ctime` renders epoch seconds with `timeformat` (default `%m/%d/%Y %H:%M:%S`) in the run's time
zone (UTC unless --tz), truncated to the second it is in (10:20:07.999999 is 10:20:07, see
engine/timefmt.py); `mktime` reads such text back. `dur2sec` reads [D+]HH:MM:SS, `mstime`
[MM:]SS.SSS, `memk` sizes with a k, m or g suffix as kilobytes; `num`/`auto` read numbers, `rmunit`
the number before a unit, `rmcomma` numbers with thousands separators. A value a function cannot
convert is left as it is.
Binds to a Convert holding the timeformat and each conversion's resolved function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from typing import Callable, TYPE_CHECKING

from spl import ast
from spl.errors import UnknownFunctionError, suggestion
from engine import plan
from engine.commands.rename import new_name
from engine.options import option_map
from engine.table import Row, Table
from engine.timefmt import DEFAULT_TIMEFORMAT, format_time, parse_time
from engine.values import Scalar, to_number, to_text

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

Converter = Callable[[Scalar, str, tzinfo], Scalar | None]


@dataclass(frozen=True)
class Conversion:
    """`function(field) AS alias`, its function resolved to a name of CONVERTERS."""

    function: str
    field: str
    alias: str | None = None

    def __str__(self) -> str:
        call = f"{self.function}({self.field})"
        return f"{call} AS {self.alias}" if self.alias else call


@dataclass(frozen=True, kw_only=True)
class Convert(plan.Command):
    """Apply each conversion in turn to the fields its pattern matches, times read and written
    with `timeformat`."""

    conversions: tuple[Conversion, ...]
    timeformat: str = DEFAULT_TIMEFORMAT

    def needs(self, after: plan.Needed) -> plan.Needed:
        if after is None or any("*" in c.field for c in self.conversions):
            return None
        return after | {c.field for c in self.conversions} | \
            {c.alias for c in self.conversions if c.alias}


def bind(node: ast.Convert, input: plan.Node, binder: Binder) -> plan.Node:
    option = option_map(node.options, ("timeformat",), "convert").get("timeformat")
    conversions = []
    for conversion in node.conversions:
        function = conversion.function.lower()
        if function not in CONVERTERS:
            raise UnknownFunctionError(f"unknown convert function `{conversion.function}`",
                                       conversion.span, suggestion(conversion.function, CONVERTERS))
        conversions.append(Conversion(function, conversion.field, conversion.alias))
    return Convert(input=input, command=node, conversions=tuple(conversions),
                   timeformat=DEFAULT_TIMEFORMAT if option is None else option.value)


def run(node: Convert, table: Table, runtime: Runtime) -> Table:
    fields = table.fields
    if fields is not None:
        aliases = [c.alias for c in node.conversions if c.alias and c.alias not in fields]
        fields = fields + aliases
    tz = runtime.clock.tz
    return Table((_convert_row(row, node, tz) for row in table.rows), fields)


def _convert_row(row: Row, node: Convert, tz: tzinfo) -> Row:
    row = dict(row)
    for conversion in node.conversions:
        converter = CONVERTERS[conversion.function]
        for name in [n for n in row if new_name(n, conversion.field, conversion.field)]:
            value = _apply(converter, row[name], node.timeformat, tz)
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
