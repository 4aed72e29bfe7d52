"""Spans and bins: how `bin span=` and tstats' `BY _time span=` bucket numbers and times.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
(its semantics are told in engine/commands/bin.py). A span with a time unit counts seconds, or
days or months, which start at midnight in the run's time zone; one without a unit bins numbers
into `<start>-<end>` ranges. Units are spelt as time modifiers spell them (engine/timeunits.py).

Time bins are counted in whole microseconds, the precision `_time` is held to (engine/timefmt.py):
a time just below a boundary stays in the lower bin and one on it starts the next, which float
division by a span such as 100ms (0.1, which no float holds exactly) got wrong. A span's amount
is documented as an integer ("A time unit is an integer", "Specifying time spans",
https://help.splunk.com/splunk-enterprise/search/spl2-search-manual/dates-and-time/specifying-time-spans),
so every documented span is a whole number of microseconds; a fractional one, which parse_span
also takes (`1.5ms`), must be one too, and a span below a microsecond is an error (the pages
are silent on both).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from fractions import Fraction
from typing import Callable

from spl.errors import BadArgumentError, UnsupportedCommandError
from engine.timefmt import epoch_from, microseconds_of, moment_of, split_epoch
from engine.timeunits import SECONDS, SUBSECONDS, time_unit
from engine.values import Scalar, to_number, to_text

_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]*)")
_UNITS = frozenset({"s", "m", "h", "d", "mon", *SUBSECONDS})  # the bin page's <timescale>
_CALENDAR = {"d": "days", "mon": "months"}  # aligned to midnight in the run's time zone
_EPOCH = date(1970, 1, 1)
# Each fixed unit's length in microseconds; every one is whole, so the table's floats convert
# exactly.
_MICROSECONDS = {unit: round(seconds * 1_000_000) for unit, seconds in SECONDS.items()}
Binner = Callable[[int | float], Scalar]


@dataclass(frozen=True)
class Span:
    """How wide a bin is: `size` in seconds (or plain units), days or months, per `unit`."""

    size: int | float
    unit: str  # "number", "seconds", "days" or "months"

    def __str__(self) -> str:
        """As a reader would say it: `10`, `3600 seconds`, `1 day(s)`, `3 month(s)`."""
        size = to_text(self.size)
        if self.unit == "number":
            return size
        return f"{size} {self.unit}" if self.unit == "seconds" else f"{size} {self.unit[:-1]}(s)"


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
    microseconds = Fraction(match.group(1)) * _MICROSECONDS[unit]
    if microseconds.denominator != 1:
        raise BadArgumentError(f"a time span is a whole number of microseconds, the precision "
                               f"of _time; `{text}` is not")
    return Span(epoch_from(*divmod(int(microseconds), 1_000_000)), "seconds")


def time_binner(span: Span, tz: tzinfo) -> Binner:
    """What `span=` does to `_time`, for tstats' `BY _time span=`: the start of its bin."""
    return binner(as_time(span), 0.0, tz)


def as_time(span: Span) -> Span:
    """On `_time`, a bare number counts seconds, to the microsecond as every time."""
    if span.unit != "number":
        return span
    if microseconds_of(span.size) < 1:
        raise BadArgumentError(f"a span on _time of {to_text(span.size)} seconds is under a "
                               "microsecond, the precision of _time")
    return Span(epoch_from(*split_epoch(span.size)), "seconds")


def number_span(low: int | float, high: int | float, most: int) -> Span:
    """The span `bins=<most>` gives numbers from `low` to `high`: the smallest power of ten
    whose ranges cover them in at most `most` bins (Splunk's pages say only that bins= sets
    the most bins; powers of ten keep the ranges readable, 0-100, 100-200)."""
    width = (high - low) / most
    exponent = math.floor(math.log10(width)) if width > 0 else 0
    # Ranges start at multiples of the span from 0, so numbers on both sides of 0 take two.
    most = max(most, 2) if low < 0 <= high else most
    while True:
        size = 10 ** exponent if exponent >= 0 else 10.0 ** exponent
        if math.floor(high / size) - math.floor(low / size) + 1 <= most:
            return Span(size, "number")
        exponent += 1


def binner(span: Span, align: float, tz: tzinfo) -> Binner:
    if span.unit == "number":
        return lambda value: _number_range(value, span.size)
    if span.unit == "seconds":
        return lambda value: _floor(value, span.size, align)
    if span.unit == "days":
        return lambda value: _days(value, span.size, tz)
    return lambda value: _months(value, span.size, tz)


def _number_range(value: int | float, size: int | float) -> str:
    start = math.floor(value / size) * size
    return f"{_clean(start)}-{_clean(start + size)}"


def _clean(number: int | float) -> str:
    return to_text(round(number, 9) if isinstance(number, float) else number)


def _floor(value: int | float, size: int | float, align: float) -> int | float:
    """The start of the bin `value` is in, in whole microseconds (see the module's note)."""
    step, origin = microseconds_of(size), microseconds_of(align)
    seconds, microseconds = divmod(origin + (microseconds_of(value) - origin) // step * step,
                                   1_000_000)
    return epoch_from(seconds, microseconds) if microseconds else seconds


def _days(value: int | float, size: int, tz: tzinfo) -> int:
    ordinal = (moment_of(value, tz).date() - _EPOCH).days
    day = _EPOCH + timedelta(days=ordinal // size * size)
    return int(datetime.combine(day, time(0), tzinfo=tz).timestamp())


def _months(value: int | float, size: int, tz: tzinfo) -> int:
    moment = moment_of(value, tz)
    index = (moment.year * 12 + moment.month - 1) // size * size
    first = date(index // 12, index % 12 + 1, 1)
    return int(datetime.combine(first, time(0), tzinfo=tz).timestamp())
