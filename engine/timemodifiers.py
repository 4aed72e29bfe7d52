"""Splunk's time modifiers, as in `earliest=-7d@d latest=now`: relative offsets and snapping.

Syntax (Search Manual, "Specify time modifiers in your search"): `now`; an epoch number; an
absolute time `%m/%d/%Y:%H:%M:%S`; or `[+|-]<integer><unit>` offsets, each optionally followed by
`@<unit>` to snap down to the start of that unit (`@w0` is Sunday, `@w1` Monday). Units: s, m, h,
d, w, mon, q, y and their long spellings (engine/timeunits.py). Snapping happens in the run's time
zone.

A resolved time is held as `_time` is (engine/timefmt.py): to the microsecond, digits past the
sixth of an epoch number dropped, so `earliest=` and `latest=` compare with `_time` exactly,
earliest inclusive and latest exclusive. The pages say only that such a search "finds every
event with a timestamp beginning, ending, or between the specified timestamps" ("Time
modifiers", https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/time-format-variables-and-modifiers/time-modifiers);
a latest that excludes its own instant lets `latest=@d` and `earliest=@d` split a day cleanly.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, tzinfo

from spl import ast
from spl.errors import BadArgumentError, SplError
from engine.timefmt import epoch_from, moment_of
from engine.timeunits import MODIFIER_UNITS, SECONDS, time_unit

_PART = re.compile(r"([+-][0-9]*)([a-z]+)|@([a-z]+)([0-9]?)")  # ASCII digits, as SPL's


def resolve(modifier: str, now: float, tz: tzinfo) -> float:
    """The epoch seconds a time modifier names, relative to `now`."""
    text = modifier.strip().lower()
    if text == "now":
        return now
    if epoch := re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?", text):
        return epoch_from(int(epoch.group(1)), int((epoch.group(2) or "")[:6].ljust(6, "0")))
    if re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}:[0-9]{1,2}:[0-9]{2}:[0-9]{2}", text):
        try:
            return datetime.strptime(text, "%m/%d/%Y:%H:%M:%S").replace(tzinfo=tz).timestamp()
        except ValueError:  # month 0, day 32, hour 25, ...
            raise BadArgumentError(f"the time modifier `{modifier}` is not a date and time "
                                   "that exists; write %m/%d/%Y:%H:%M:%S") from None
    try:
        moment = moment_of(now, tz)
        position = 0
        for match in _PART.finditer(text):
            if match.start() != position:
                break
            position = match.end()
            moment = _offset(moment, match) if match.group(2) else _snap(moment, match)
        if position == len(text) and text:
            return moment.timestamp()
    except (OverflowError, ValueError, OSError):  # beyond the years 1 to 9999 a datetime holds
        raise BadArgumentError(f"the time modifier `{modifier}` names a time outside the years "
                               "1 to 9999") from None
    raise BadArgumentError(f"cannot read the time modifier `{modifier}`; write e.g. -24h, "
                           "-7d@d, @w1, now or 11/28/2026:00:00:00")


def _unit(name: str) -> str:
    found = time_unit(name)
    if found not in MODIFIER_UNITS:
        raise BadArgumentError(f"unknown time unit `{name}`")
    return found


def _offset(moment: datetime, match: re.Match) -> datetime:
    sign_and_count, unit = match.group(1), _unit(match.group(2))
    count = int(sign_and_count[1:] or 1) * (-1 if sign_and_count[0] == "-" else 1)
    if unit in SECONDS:
        return moment + timedelta(seconds=count * SECONDS[unit])
    months = count * {"mon": 1, "q": 3, "y": 12}[unit]
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def _snap(moment: datetime, match: re.Match) -> datetime:
    unit, weekday = _unit(match.group(3)), match.group(4)
    if unit == "s":
        return moment.replace(microsecond=0)
    if unit == "m":
        return moment.replace(second=0, microsecond=0)
    if unit == "h":
        return moment.replace(minute=0, second=0, microsecond=0)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "d":
        return day
    if unit == "w":
        start = int(weekday or 0)  # 0 = Sunday
        return day - timedelta(days=(day.isoweekday() % 7 - start) % 7)
    month = day.replace(day=1)
    if unit == "mon":
        return month
    if unit == "q":
        return month.replace(month=(month.month - 1) // 3 * 3 + 1)
    return month.replace(month=1)


def with_time_bounds(expr: ast.SearchExpr | None, now: float,
                     tz: tzinfo) -> ast.SearchExpr | None:
    """A search expression with `earliest=X` and `latest=Y` turned into `_time>=X` and
    `_time<Y` (earliest is inclusive, latest exclusive)."""
    def bound(term: ast.SearchExpr) -> ast.SearchExpr:
        if not (_is_time_modifier(term) and term.op == "="):
            return term
        op = ">=" if term.field.lower() == "earliest" else "<"
        return ast.Compare("_time", op, repr(resolve(term.value, now, tz)), span=term.span)

    return ast.map_search_terms(expr, bound)


def check_time_bounds(expr: ast.SearchExpr | None, now: float, tz: tzinfo) -> None:
    """Every earliest= and latest= of a search can be read; a mistake points at its term."""
    for term in ast.search_terms(expr):
        if _is_time_modifier(term):
            try:
                resolve(term.value, now, tz)
            except SplError as error:
                error.span = term.span
                raise


def _is_time_modifier(term: ast.SearchExpr) -> bool:
    return isinstance(term, ast.Compare) and term.field.lower() in ("earliest", "latest")
