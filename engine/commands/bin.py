"""bin (alias bucket): put numeric values and times into equal-sized bins.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
and https://docs.splunk.com/Documentation/Splunk/9.0.5/SearchReference/Bin; "The bucket command is
an alias for the bin command" (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.1/search-commands/bucket).
`bin span=<span-length> [aligntime=<epoch>] <field> [AS <newfield>]`, options before or after.
- A span with a time unit, or any span on `_time`, bins times: the value becomes the start of its
  bin, in epoch seconds. Units: s/sec/secs/second/seconds, m/min/mins/minute/minutes,
  h/hr/hrs/hour/hours, d/day/days, mon/month/months, and us/ms/cs/ds for subseconds, spelt as
  time modifiers spell them (engine/timeunits.py).
- Bins are aligned to "base UTC time (epoch 0)" unless `aligntime=<epoch>` moves them. "When a
  <span-length> of a day or more is used, the span is aligned to midnight in the timezone of the
  user": day and month bins start at midnight in the run's time zone (UTC unless --tz), and
  aligntime does not apply to them (Splunk ignores it there; here it is an error).
- A span without a unit on another field bins numbers. The page describes span=10 bins as "0-9,
  10-19, 20-29"; Splunk prints each as `<start>-<start + span>` ("0-10", "10-20"), which is what
  this gives. A value that is not a number is left as it is; each value of a multivalue field is
  binned; null stays null.
Not supported yet, and rejected: bins= and minspan= (spans inferred from the data), start= and end=
(which only matter when the span is inferred), log spans (`span=log10`), week spans, and aligntime
values other than an epoch number.
Binds to a Bin holding the span and the alignment; this module also reads spans for tstats.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Callable, TypeVar, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, SplError, UnsupportedCommandError
from engine import plan
from engine.options import option_map
from engine.table import Row, Table
from engine.timeunits import SECONDS, SUBSECONDS, time_unit
from engine.values import Scalar, Value, to_number, to_text

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("span", "aligntime", "bins", "minspan", "start", "end")
_INFERRED = ("bins", "minspan", "start", "end")
_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]*)")
_UNITS = frozenset({"s", "m", "h", "d", "mon", *SUBSECONDS})  # the page's <timescale>
_CALENDAR = {"d": "days", "mon": "months"}  # aligned to midnight in the run's time zone
_EPOCH = date(1970, 1, 1)
Binner = Callable[[int | float], Scalar]
T = TypeVar("T")


@dataclass(frozen=True)
class Span:
    """How wide a bin is: `size` in seconds (or plain units), days or months, per `unit`."""

    size: int | float
    unit: str  # "number", "seconds", "days" or "months"


@dataclass(frozen=True, kw_only=True)
class Bin(plan.Command):
    """Put each value of `field` into its bin of width `span` (starting at `align`, for times
    under a day), written to `target`."""

    field: str
    target: str
    span: Span
    align: float = 0.0

    def needs(self, after: plan.Needed) -> plan.Needed:
        return None if after is None else after | {self.field}


def bind(node: ast.Bin, input: plan.Node, binder: Binder) -> plan.Node:
    span, align = _read(node)
    return Bin(input=input, command=node, field=node.field, target=node.alias or node.field,
               span=span, align=align)


def run(node: Bin, table: Table, runtime: Runtime) -> Table:
    binner = _binner(node.span, node.align, runtime.clock.tz)
    known = table.fields
    if known is not None and node.target not in known:
        known = known + [node.target]
    rows = (_bin_row(row, node.field, node.target, binner) for row in table.rows)
    return Table(rows, known)


def _read(node: ast.Bin) -> tuple[Span, float]:
    """The span and the alignment (epoch seconds), or an error under the faulty option."""
    options = option_map(node.options, OPTIONS, "bin")
    for name in _INFERRED:
        if name in options:
            raise UnsupportedCommandError(f"bin `{name}=` is not supported yet; give span=",
                                          options[name].span)
    if "span" not in options:
        raise UnsupportedCommandError("bin needs span= here: spans inferred from the data are "
                                      "not supported yet", node.span, "e.g. `bin span=1h _time`")
    span = _under_option(options["span"], parse_span)
    if node.field == "_time":
        span = _as_time(span)
    align = options.get("aligntime")
    return span, 0.0 if align is None else _under_option(align, lambda text: _aligntime(text, span))


def _under_option(option: ast.Option, read: Callable[[str], T]) -> T:
    """`read(option.value)`, with any error it raises placed under the option."""
    try:
        return read(option.value)
    except SplError as error:
        error.span = option.span
        raise


def parse_span(text: str) -> Span:
    """`span=5m` as a Span; a bare number is a plain (non-time) span."""
    match = _SPAN.fullmatch(text.strip().lower())
    if "log" in text.lower():
        raise UnsupportedCommandError(f"log spans (`span={text}`) are not supported yet")
    if not match or float(match.group(1)) <= 0:
        raise BadArgumentError(f"cannot read span `{text}`; use e.g. 10, 30s, 5m, 1h, 1d or 1mon")
    amount, spelling = to_number(match.group(1)), match.group(2)
    unit = time_unit(spelling) if spelling else None
    if unit == "w":
        raise BadArgumentError(f"bin spans have no weeks (`{text}`); use days, e.g. 7d")
    if spelling and unit not in _UNITS:
        raise BadArgumentError(f"unknown time unit `{spelling}` in span `{text}`; "
                               "use s, m, h, d or mon")
    if unit in _CALENDAR and not float(amount).is_integer():
        raise BadArgumentError(f"day and month spans must be whole numbers, not `{text}`")
    if unit is None:
        return Span(amount, "number")
    if unit in _CALENDAR:
        return Span(int(amount), _CALENDAR[unit])
    return Span(amount * SECONDS[unit], "seconds")


def time_binner(span: Span, tz: tzinfo) -> Binner:
    """What `span=` does to `_time`, for tstats' `BY _time span=`: the start of its bin."""
    return _binner(_as_time(span), 0.0, tz)


def _as_time(span: Span) -> Span:
    """On `_time`, a bare number counts seconds."""
    return Span(span.size, "seconds") if span.unit == "number" else span


def _aligntime(text: str, span: Span) -> float:
    if span.unit != "seconds":
        raise BadArgumentError("aligntime= only applies to time spans under a day")
    epoch = to_number(text)
    if epoch is None:
        raise UnsupportedCommandError(f"aligntime=`{text}` is not supported yet; give an epoch "
                                      "time in seconds, e.g. aligntime=1500567890")
    return float(epoch)


def _binner(span: Span, align: float, tz: tzinfo) -> Binner:
    if span.unit == "number":
        return lambda value: _number_range(value, span.size)
    if span.unit == "seconds":
        return lambda value: _floor(value, span.size, align)
    if span.unit == "days":
        return lambda value: _days(value, span.size, tz)
    return lambda value: _months(value, span.size, tz)


def _bin_row(row: Row, field: str, target: str, binner: Binner) -> Row:
    value: Value = row.get(field)
    if value is None:
        return row
    if isinstance(value, tuple):
        binned: Value = tuple(_or_same(binner, v) for v in value)
    else:
        binned = _or_same(binner, value)
    return {**row, target: binned}


def _or_same(binner: Binner, value: Scalar) -> Scalar:
    number = to_number(value)
    return value if number is None or not math.isfinite(number) else binner(number)


def _number_range(value: int | float, size: int | float) -> str:
    start = math.floor(value / size) * size
    return f"{_clean(start)}-{_clean(start + size)}"


def _clean(number: int | float) -> str:
    return to_text(round(number, 9) if isinstance(number, float) else number)


def _floor(value: int | float, size: int | float, align: float) -> int | float:
    start = math.floor((value - align) / size) * size + align
    return int(start) if float(start).is_integer() else round(start, 6)


def _days(value: int | float, size: int, tz: tzinfo) -> int:
    ordinal = (datetime.fromtimestamp(value, tz).date() - _EPOCH).days
    day = _EPOCH + timedelta(days=ordinal // size * size)
    return int(datetime.combine(day, time(0), tzinfo=tz).timestamp())


def _months(value: int | float, size: int, tz: tzinfo) -> int:
    moment = datetime.fromtimestamp(value, tz)
    index = (moment.year * 12 + moment.month - 1) // size * size
    first = date(index // 12, index % 12 + 1, 1)
    return int(datetime.combine(first, time(0), tzinfo=tz).timestamp())
