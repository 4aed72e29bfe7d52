"""One time-unit table: a spelling means the same unit to earliest=, relative_time(), bin and
mvrange, and one that is no unit is refused by all of them.

The spellings are the "Valid unit abbreviations" table of the relative time modifiers
("Specifying relative time", https://docs.splunk.com/Documentation/SCS/current/Search/Specifyrelativetime),
written out again here rather than read from engine/timeunits.py, so that the engine's table is
checked against the page. bin's `<timescale>`
(https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin) takes
the second, minute, hour, day and month spellings and the subseconds us, ms, cs and ds; it has no
weeks, quarters or years. The time modifier pages list no subsecond units. mvrange's page gives
only "7d" as a time-span step and names no units: here a step takes any spelling of a unit of
fixed length (s, m, h, d, w), and gives null otherwise, as eval functions do for what they
cannot read. Each copy of the table once had its own list ("2hours" was an hour to earliest= and
nothing to mvrange).
"""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timezone

import pytest

from engine.table import Table
from spl.errors import SplError
from support import run_search

SPELLINGS = {
    "s": ("s", "sec", "secs", "second", "seconds"),
    "m": ("m", "min", "mins", "minute", "minutes"),
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "d": ("d", "day", "days"),
    "w": ("w", "week", "weeks"),
    "mon": ("mon", "month", "months"),
    "q": ("q", "qtr", "qtrs", "quarter", "quarters"),
    "y": ("y", "yr", "yrs", "year", "years"),
}
SUBSECONDS = {"us": 1e-6, "ms": 1e-3, "cs": 1e-2, "ds": 1e-1}
NOT_UNITS = ("hrss", "mo", "sek", "minutess", "x")
FIXED = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
BIN_UNITS = ("s", "m", "h", "d", "mon", *SUBSECONDS)
# About how long each unit is, to put rows well inside and well outside an earliest= window.
ROUGHLY = {**FIXED, "mon": 30 * 86400, "q": 91 * 86400, "y": 365 * 86400, **SUBSECONDS}
T = datetime(2026, 11, 28, 15, 45, 30, tzinfo=timezone.utc)  # `_time` of the rows below
TWO_BEFORE = {"w": datetime(2026, 11, 14, 15, 45, 30, tzinfo=timezone.utc),
              "mon": datetime(2026, 9, 28, 15, 45, 30, tzinfo=timezone.utc),
              "q": datetime(2026, 5, 28, 15, 45, 30, tzinfo=timezone.utc),
              "y": datetime(2024, 11, 28, 15, 45, 30, tzinfo=timezone.utc)}
# `bin span=2<unit> _time` of T: the start of its bin (two-month bins from January 1970).
BINNED = {**{unit: T.timestamp() // (2 * FIXED[unit]) * (2 * FIXED[unit]) for unit in "smhd"},
          "mon": datetime(2026, 11, 1, tzinfo=timezone.utc).timestamp()}
CASES = [(spelling, unit) for unit, spellings in SPELLINGS.items() for spelling in spellings] \
    + [(spelling, spelling) for spelling in SUBSECONDS] + [(word, None) for word in NOT_UNITS]


def rows(text: str, times: list[float]) -> list[dict[str, str]]:
    table = Table([{"_time": t, "n": str(i)} for i, t in enumerate(times)], ["_time", "n"])
    output, _ = run_search(text, rows=table, format_="csv")
    return list(csv.DictReader(io.StringIO(output)))


def accepted(text: str, times: list[float]) -> list[dict[str, str]] | None:
    """The rows `text` gives, or None when the search is refused before it runs."""
    try:
        return rows(text, times)
    except SplError:
        return None


@pytest.mark.parametrize("spelling, unit", CASES, ids=[s for s, _ in CASES])
def test_earliest_and_relative_time_take_the_same_spellings(spelling: str, unit: str | None):
    modifier_unit = unit in SPELLINGS
    relative = accepted(f'| eval t = relative_time(_time, "-2{spelling}") | fields n, t',
                        [T.timestamp()])
    # A window of 120 units, wide enough that the test's own running time cannot move a row
    # across its edge even for seconds: one row half-way in, one as far again outside.
    now, width = time.time(), 120 * ROUGHLY.get(unit, 1)
    earliest = accepted(f"| search earliest=-120{spelling}", [now - width / 2, now - width * 1.5])
    assert (relative is not None, earliest is not None) == (modifier_unit, modifier_unit)
    if modifier_unit:
        expected = TWO_BEFORE[unit].timestamp() if unit in TWO_BEFORE else \
            T.timestamp() - 2 * FIXED[unit]
        assert float(relative[0]["t"]) == expected
        assert [row["n"] for row in earliest] == ["0"]


@pytest.mark.parametrize("spelling, unit", CASES, ids=[s for s, _ in CASES])
def test_bin_takes_the_same_spellings_for_the_units_it_has(spelling: str, unit: str | None):
    binned = accepted(f"| bin span=2{spelling} _time | eval t = _time | fields t",
                      [T.timestamp()])
    assert (binned is not None) == (unit in BIN_UNITS)
    if unit in BINNED:
        assert float(binned[0]["t"]) == BINNED[unit]
    elif unit in SUBSECONDS:
        assert float(binned[0]["t"]) == pytest.approx(T.timestamp())


@pytest.mark.parametrize("spelling, unit", CASES, ids=[s for s, _ in CASES])
def test_mvrange_steps_take_the_same_spellings(spelling: str, unit: str | None):
    (row,) = rows(f'| eval r = mvrange(0, {4 * FIXED.get(unit, 1)}, "2{spelling}") '
                  "| fields n, r", [T.timestamp()])
    assert row["r"].split("\n") == (["0", str(2 * FIXED[unit])] if unit in FIXED else [""])
