"""Epoch seconds to text and back, with Splunk's time format variables.

Reference: "Date and time format variables",
https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.3/time-format-variables-and-modifiers

Formatting: Python's strftime covers the common variables; Splunk adds subsecond ones (`%N`,
`%3N`, `%6N`, `%9N`, default 9 digits; `%Q`, `%3Q`, `%6Q`, `%9Q`, default 3), `%s` for epoch
seconds, `%:z` for an offset like +02:00 and `%Ez` for the offset in minutes, which are expanded
here first. Times render in the zone the user chose (UTC unless `--tz`), where Splunk would use
the searching user's zone.

Parsing (`parse_time`, used by strptime() and convert's mktime()) reads the same variables with
its own small matcher rather than Python's strptime, because Splunk's follows C's: leading zeros
are optional, a space in the format matches any run of spaces, and text after the end of the
format is ignored. Choices where the page is silent: parts the format does not name default to
1970-01-01 00:00:00 in the run's zone; a two-digit year 69-99 is 19xx and 00-68 is 20xx (POSIX);
`%Z` understands UTC, GMT and Z, and any other zone name leaves the run's zone in force.

How a time is held. `_time`, and every epoch the time functions make, is a float of epoch
seconds that stands for a whole number of microseconds: `epoch_from(seconds, microseconds)` is
the float nearest that count (one correctly rounded division), and `microseconds_of(epoch)`
gives the count back exactly, by integer arithmetic on the float's exact value. Finer digits are
truncated where a time is read (Sysmon writes seven fraction digits; `.9999999` is 999999
microseconds, never the next second), and a float that stands for no whole microsecond (the
result of arithmetic) counts as the last microsecond not after it. Formatting splits that count
into whole seconds and microseconds and never rounds, so `%S` is the second a time is in, `%3N`
and `%6N` are its leading fraction digits, and `%s` its whole seconds. Why so: the page defines
`%N` as "the number of subsecond digits" (digits shown, not a rounded value), `%f` as
"microseconds", and Splunk keeps `_time` in UNIX time ("Time modifiers", `_time`:
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/time-format-variables-and-modifiers/time-modifiers);
neither page says how a digit past the microsecond is treated, and truncation is the only choice
under which a time never shows a second it has not reached. A float keeps the microsecond
exactly up to the year 2242 (its spacing stays below a microsecond while the epoch is below
2**33), and a float keeps comparisons, sorting and eval arithmetic on `_time` what they were;
Python's own `datetime.fromtimestamp(epoch)` rounds to the nearest microsecond, which is why
nothing here hands it a fraction.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from engine.values import to_text

DEFAULT_TIMEFORMAT = "%m/%d/%Y %H:%M:%S"

# Shown for `_time` in results, as Splunk's exports show it.
RESULT_TIMEFORMAT = "%Y-%m-%dT%H:%M:%S.%3N%:z"

_SPLUNK_VARIABLES = re.compile(r"%(\d?)N|%(\d?)Q|%s|%:z|%Ez")
_MICRO = 1_000_000


def epoch_from(seconds: int, microseconds: int = 0) -> float:
    """The epoch of a moment `microseconds` after the whole epoch second `seconds`.

    >>> epoch_from(1709547607, 999999)
    1709547607.999999
    """
    return (seconds * _MICRO + microseconds) / _MICRO


def microseconds_of(epoch: int | float) -> int:
    """The whole microseconds since the epoch that `epoch` stands for: the count whose
    epoch_from() is `epoch`, or else the last one not after it (never rounded up).

    >>> microseconds_of(1709547607.999999), microseconds_of(1709547607.9999996)
    (1709547607999999, 1709547607999999)
    """
    if isinstance(epoch, int):
        return epoch * _MICRO
    numerator, denominator = epoch.as_integer_ratio()
    count = numerator * _MICRO // denominator
    # The float of `count + 1` microseconds may lie a hair below that count, and so below
    # `epoch` by less than the floor sees: it still names that microsecond.
    return count + 1 if (count + 1) / _MICRO <= epoch else count


def split_epoch(epoch: int | float) -> tuple[int, int]:
    """Whole epoch seconds (rounded down) and the microseconds into that second."""
    return divmod(microseconds_of(epoch), _MICRO)


def moment_of(epoch: int | float, tz: tzinfo) -> datetime:
    """`epoch` as a datetime in `tz`, to the microsecond it stands for (see the module's note);
    raises OverflowError, ValueError or OSError for an epoch no datetime holds."""
    seconds, microseconds = split_epoch(epoch)
    return datetime.fromtimestamp(seconds, tz).replace(microsecond=microseconds)


def format_time(epoch: float, timeformat: str = DEFAULT_TIMEFORMAT,
                tz: tzinfo = timezone.utc) -> str:
    """`epoch` as text in `timeformat`, every field truncated to the microsecond `epoch` stands
    for.

    >>> format_time(1761398493.5, "%Y-%m-%dT%H:%M:%S.%3N")
    '2025-10-25T13:21:33.500'
    >>> format_time(1709547607.999999, "%H:%M:%S %s")
    '10:20:07 1709547607'

    An epoch outside the years 1 to 9999, which no calendar date here holds, is shown as the
    number it is (the format variables page is silent on such times; `eval _time=1e300` must
    still print):

    >>> format_time(1e300)
    '1e+300'
    """
    try:
        moment = moment_of(epoch, tz)
    except (OverflowError, ValueError, OSError):
        return to_text(epoch)

    def splunk_variable(match: re.Match) -> str:
        token = match.group(0)
        if token == "%s":
            return str(split_epoch(epoch)[0])
        if token in ("%:z", "%Ez"):
            offset = moment.utcoffset() or timedelta(0)
            minutes = int(offset.total_seconds() // 60)
            sign = "-" if minutes < 0 else "+"
            hours, minutes = divmod(abs(minutes), 60)
            if token == "%Ez":
                return f"{sign}{hours * 60 + minutes}"
            return f"{sign}{hours:02d}:{minutes:02d}"
        digits = int(match.group(1) or 9) if token.endswith("N") else int(match.group(2) or 3)
        return f"{moment.microsecond:06d}000"[:digits]

    return moment.strftime(_SPLUNK_VARIABLES.sub(splunk_variable, timeformat))


# ---- parsing -------------------------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SHORTHANDS = {"F": "%Y-%m-%d", "T": "%H:%M:%S", "D": "%m/%d/%y", "R": "%H:%M"}
_PATTERNS = {
    "Y": r"(?P<Y>[0-9]{4})", "y": r"(?P<y>[0-9]{2})", "m": r"(?P<m>[0-9]{1,2})",
    "d": r"(?P<d>[0-9]{1,2})", "e": r" ?(?P<d>[0-9]{1,2})", "j": r"(?P<j>[0-9]{1,3})",
    "H": r"(?P<H>[0-9]{1,2})", "k": r" ?(?P<H>[0-9]{1,2})", "I": r"(?P<I>[0-9]{1,2})",
    "l": r" ?(?P<I>[0-9]{1,2})", "M": r"(?P<M>[0-9]{1,2})", "S": r"(?P<S>[0-9]{1,2})",
    "p": r"(?P<p>[AP]M)", "b": r"(?P<b>[A-Z]{3,9})", "h": r"(?P<b>[A-Z]{3,9})",
    "B": r"(?P<b>[A-Z]{3,9})", "a": r"[A-Z]{3,9}", "A": r"[A-Z]{3,9}",
    "z": r"(?P<z>Z|[+-][0-9]{2}:?[0-9]{2})", ":z": r"(?P<z>Z|[+-][0-9]{2}:?[0-9]{2})",
    "Z": r"(?P<Z>[A-Z]{1,5})", "s": r"(?P<s>-?[0-9]+)", "f": r"(?P<f>[0-9]{1,6})",
    "n": r"\s*", "t": r"\s*", "%": "%",
}
_DIRECTIVE = re.compile(r"%(:z|[0-9]?[NQ]|.)|(\s+)|(.)", re.DOTALL)


def parse_time(text: str, timeformat: str = DEFAULT_TIMEFORMAT,
               tz: tzinfo = timezone.utc) -> float | None:
    """Text in `timeformat` as epoch seconds, or None when it does not fit the format.

    >>> parse_time("2026-3-9 7:05:01 trailing text", "%Y-%m-%d %H:%M:%S")
    1773039901.0
    """
    regex = _format_regex(timeformat)
    found = regex.match(text.strip()) if regex is not None else None
    if found is None:
        return None
    try:
        return _epoch({k: v for k, v in found.groupdict().items() if v is not None}, tz)
    except (ValueError, OverflowError):
        return None


def _format_regex(timeformat: str) -> re.Pattern | None:
    for short, long in _SHORTHANDS.items():
        timeformat = timeformat.replace(f"%{short}", long)
    parts, named = [], set()
    for directive, space, literal in _DIRECTIVE.findall(timeformat):
        if space or literal:
            parts.append(r"\s*" if space else re.escape(literal))
            continue
        pattern = r"(?P<N>[0-9]{1,9})" if directive[-1:] in ("N", "Q") else _PATTERNS.get(directive)
        if pattern is None:
            return None
        names = set(re.findall(r"\(\?P<(\w+)>", pattern))
        parts.append(re.sub(r"\(\?P<\w+>", "(?:", pattern) if names & named else pattern)
        named |= names
    return re.compile("".join(parts), re.IGNORECASE)


def _epoch(parts: dict[str, str], tz: tzinfo) -> float:
    """The epoch the parts name; subsecond digits past the sixth are dropped, as a read time's
    are (see the module's note), so `%9N` reading .999999999 stays in its second."""
    microseconds = int((parts.get("N") or parts.get("f") or "")[:6].ljust(6, "0"))
    if "s" in parts:
        return epoch_from(int(parts["s"]), microseconds)
    moment = datetime(_year(parts), _month(parts), int(parts.get("d", 1)), _hour(parts),
                      int(parts.get("M", 0)), int(parts.get("S", 0)), tzinfo=_zone(parts, tz))
    if "j" in parts:
        moment = moment.replace(month=1, day=1) + timedelta(days=int(parts["j"]) - 1)
    return epoch_from(int(moment.timestamp()), microseconds)


def _year(parts: dict[str, str]) -> int:
    if "Y" in parts:
        return int(parts["Y"])
    if "y" in parts:
        short = int(parts["y"])
        return short + (1900 if short >= 69 else 2000)
    return 1970


def _month(parts: dict[str, str]) -> int:
    if "b" in parts:
        name = parts["b"][:3].lower()
        if name not in _MONTHS:
            raise ValueError(f"unknown month {parts['b']!r}")
        return _MONTHS.index(name) + 1
    return int(parts.get("m", 1))


def _hour(parts: dict[str, str]) -> int:
    if "I" not in parts:
        return int(parts.get("H", 0))
    hour = int(parts["I"]) % 12
    return hour + 12 if parts.get("p", "").upper() == "PM" else hour


def _zone(parts: dict[str, str], tz: tzinfo) -> tzinfo:
    offset = parts.get("z")
    if offset is not None and offset.upper() != "Z":
        digits = offset.replace(":", "")
        minutes = int(digits[1:3]) * 60 + int(digits[3:5])
        return timezone(timedelta(minutes=-minutes if digits[0] == "-" else minutes))
    if offset is not None or parts.get("Z", "").upper() in ("UTC", "GMT", "Z"):
        return timezone.utc
    return tz
