"""Times at the microsecond: held, compared, bucketed and shown without ever rounding up.

Splunk keeps `_time` in UNIX time ("Time modifiers",
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/time-format-variables-and-modifiers/time-modifiers)
and shows subseconds as digits: `%N` is "the number of subsecond digits", `%3N` milliseconds,
`%6N` microseconds ("Date and time format variables",
https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.3/time-format-variables-and-modifiers).
The pages do not say how a digit past the microsecond, or a time between two microseconds, is
treated; engine/timefmt.py holds every time as a whole microsecond and drops the rest, so that a
time never shows a second, bin or bound it has not reached. Each test puts a value one
microsecond (or less) from a boundary.
"""

from __future__ import annotations

import math
import random
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest

from engine.clock import parse_now
from engine.output import with_time_text
from engine.spans import parse_span
from engine.timefmt import epoch_from, format_time, microseconds_of, parse_time
from engine.timemodifiers import resolve
from spl.errors import BadArgumentError
from spl.parser import parse
from support import bind_search, run_command

BASE = 1709547607  # 2024-03-04T10:20:07Z
LAST = epoch_from(BASE, 999999)  # 10:20:07.999999, the last microsecond of that second


def test_every_microsecond_survives_the_float() -> None:
    # Up to 2**33 seconds (the year 2242) a float's spacing is under a microsecond, so the float
    # nearest a count of microseconds gives that count back.
    rng = random.Random(20240304)
    counts = [rng.randrange(0, 2**33 * 10**6) for _ in range(20000)]
    counts += [BASE * 10**6 + 999999, (2**33 - 1) * 10**6 + 999999, 0, 1]
    for count in counts:
        assert microseconds_of(epoch_from(*divmod(count, 10**6))) == count


def test_a_float_between_two_microseconds_is_the_earlier_one() -> None:
    after = math.nextafter(LAST, math.inf)  # above 10:20:07.999999, below 10:20:08
    assert after > LAST and after < BASE + 1
    assert microseconds_of(after) == BASE * 10**6 + 999999
    assert format_time(after, "%H:%M:%S.%6N") == "10:20:07.999999"
    assert format_time(math.nextafter(float(BASE + 1), 0.0), "%H:%M:%S") == "10:20:07"


@pytest.mark.parametrize("timeformat, expected", [
    ("%Y-%m-%dT%H:%M:%S", "2024-03-04T10:20:07"),  # the security_content_ctime format
    ("%m/%d/%Y %H:%M:%S", "03/04/2024 10:20:07"),  # convert's default
    ("%S.%3N", "07.999"), ("%S.%6N", "07.999999"), ("%N", "999999000"), ("%9N", "999999000"),
    ("%Q", "999"), ("%6Q", "999999"), ("%f", "999999"), ("%s", str(BASE)), ("%T", "10:20:07"),
])
def test_formatting_truncates_every_variable(timeformat: str, expected: str) -> None:
    assert format_time(LAST, timeformat) == expected


def test_the_last_microsecond_of_a_day_stays_in_that_day_in_a_zone() -> None:
    # 22:59:59.999999 UTC is 23:59:59.999999 in Paris (UTC+1 in March).
    midnight_paris = 1709593200  # 2024-03-05T00:00:00+01:00
    moment = epoch_from(midnight_paris - 1, 999999)
    assert format_time(moment, "%F %T.%6N %:z", ZoneInfo("Europe/Paris")) == \
        "2024-03-04 23:59:59.999999 +01:00"


def test_result_time_shows_milliseconds_truncated() -> None:
    # A result's _time renders as Splunk's exports write it, %Y-%m-%dT%H:%M:%S.%3N%:z.
    assert with_time_text({"_time": LAST}, timezone.utc)["_time"] == \
        "2024-03-04T10:20:07.999+00:00"
    assert with_time_text({"_time": "1709547607.999999"}, timezone.utc)["_time"] == \
        "2024-03-04T10:20:07.999+00:00"


def test_parsing_drops_digits_past_the_microsecond() -> None:
    assert parse_time("2024-03-04 10:20:07.999999999", "%Y-%m-%d %H:%M:%S.%9N") == LAST
    assert parse_time("2024-03-04 10:20:07.9999999", "%Y-%m-%d %H:%M:%S.%N") == LAST
    assert parse_time("1709547607.9999999", "%s.%N") == LAST


def test_now_given_with_seven_digits_is_read_as_the_readers_read_it() -> None:
    assert parse_now("2024-03-04T10:20:07.9999999Z") == LAST


@pytest.mark.parametrize("modifier, now, expected", [
    ("1709547607.9999999", 0.0, LAST),       # an epoch modifier, seventh digit dropped
    ("1709547607.999999", 0.0, LAST),
    ("@s", BASE + 0.9999996, BASE),          # a `now` between microseconds snaps in its second
    ("-1s@s", LAST, BASE - 1),
    ("+1s", LAST, epoch_from(BASE + 1, 999999)),
    ("@m", epoch_from(BASE + 52, 999999), BASE - 7),  # 10:20:59.999999 snaps to 10:20:00
])
def test_modifiers_resolve_to_the_microsecond(modifier: str, now: float,
                                              expected: float) -> None:
    assert resolve(modifier, now, timezone.utc) == expected


def test_earliest_is_inclusive_and_latest_exclusive_at_the_microsecond() -> None:
    rows = [{"_time": epoch_from(BASE, 999998), "n": "before"}, {"_time": LAST, "n": "first"},
            {"_time": float(BASE + 1), "n": "last"}]
    table = run_command("| search earliest=1709547607.999999 latest=1709547608", rows)
    assert [row["n"] for row in table.materialize()[0]] == ["first"]
    table = run_command("| search earliest=1709547607.9999989 latest=1709547608.0000001", rows)
    assert [row["n"] for row in table.materialize()[0]] == ["before", "first"]


def test_spans_are_whole_microseconds() -> None:
    # 7ds as a float product is 0.06999999999999999 s, which floored one microsecond short.
    assert microseconds_of(parse_span("0.7ds").size) == 70000
    assert microseconds_of(parse_span("100ms").size) == 100000
    assert microseconds_of(parse_span("1us").size) == 1


@pytest.mark.parametrize("text, message", [
    ("| bin span=1.5us _time", "whole number of microseconds"),
    ("| bin span=0.0000001 _time", "under a microsecond"),
])
def test_a_span_finer_than_a_microsecond_is_an_error_under_the_option(text: str,
                                                                      message: str) -> None:
    # A span's amount is documented as an integer ("A time unit is an integer",
    # https://help.splunk.com/splunk-enterprise/search/spl2-search-manual/dates-and-time/specifying-time-spans);
    # the docs are silent on finer spans, which `_time`'s microseconds cannot tell apart.
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in error.value.message
    assert error.value.span in [o.span for o in node.options]


@pytest.mark.parametrize("span, below, start", [
    ("100ms", epoch_from(BASE, 99999), BASE),           # 10:20:07.099999 is in the 07.0 bin
    ("1s", LAST, BASE),
    ("1m", epoch_from(BASE - 8, 999999), BASE - 67),    # 10:19:59.999999 is in 10:19
    ("1h", epoch_from(BASE - 1208, 999999), BASE - 4807),  # 09:59:59.999999 is in 09:00
])
def test_a_time_just_below_a_boundary_stays_in_the_lower_bin(span: str, below: float,
                                                             start: float) -> None:
    boundary = microseconds_of(below) + 1
    rows = [{"_time": below}, {"_time": epoch_from(*divmod(boundary, 10**6))}]
    binned = [row["_time"] for row in run_command(f"| bin span={span} _time", rows)
              .materialize()[0]]
    assert binned[0] == start
    assert microseconds_of(binned[1]) == boundary
