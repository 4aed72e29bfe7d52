"""Splunk's time units: the one table of how a search may spell them.

Time modifiers (`earliest=-2hr`, `relative_time(_time, "-2hr")`), bin spans (`bin span=2hr`,
tstats' `span=`) and eval's time-span steps (`mvrange(..., "2hr")`) all read their unit here, so
that one spelling names one unit everywhere.
- The spellings are the "Valid unit abbreviations" table of the relative time modifiers
  ("Specifying relative time", https://docs.splunk.com/Documentation/SCS/current/Search/Specifyrelativetime;
  the syntax is that of the Search Manual's "Specify time modifiers in your search"): s, sec,
  secs, second, seconds; m, min, mins, minute, minutes; h, hr, hrs, hour, hours; d, day, days;
  w, week, weeks; mon, month, months; q, qtr, qtrs, quarter, quarters; y, yr, yrs, year, years.
- The subsecond units are bin's `<subseconds>`: "microseconds (us), milliseconds (ms),
  centiseconds (cs), or deciseconds (ds)"
  (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin).
  The time modifier pages list none, so time modifiers do not take them.
Which units a place accepts is that place's rule (bin's timescale has no weeks, quarters or
years); this module says only which unit a spelling names. Spellings are case-insensitive.
"""

from __future__ import annotations

UNITS: dict[str, str] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "s"),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "m"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "h"),
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "week", "weeks"), "w"),
    **dict.fromkeys(("mon", "month", "months"), "mon"),
    **dict.fromkeys(("q", "qtr", "qtrs", "quarter", "quarters"), "q"),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), "y"),
    **{unit: unit for unit in ("us", "ms", "cs", "ds")},
}
SUBSECONDS: dict[str, float] = {"us": 1e-6, "ms": 1e-3, "cs": 1e-2, "ds": 1e-1}
# The units of a fixed length in seconds; months, quarters and years vary with the calendar.
SECONDS: dict[str, int | float] = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400,
                                   **SUBSECONDS}
# The units of a relative time modifier: every unit but the subsecond ones.
MODIFIER_UNITS = frozenset(UNITS.values()) - SUBSECONDS.keys()


def time_unit(spelling: str) -> str | None:
    """The unit a spelling names (`hrs` and `Hour` name `h`), or None when it names none.

    >>> time_unit("qtrs"), time_unit("hrss")
    ('q', None)
    """
    return UNITS.get(spelling.lower())
