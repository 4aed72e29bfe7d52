"""Time modifiers (Search Manual, "Specify time modifiers in your search")."""

from datetime import datetime, timezone

import pytest

from engine.timemodifiers import resolve
from spl.errors import SplError

NOW = datetime(2026, 11, 28, 15, 45, 30, tzinfo=timezone.utc).timestamp()  # a Saturday


def at(text: str) -> str:
    return datetime.fromtimestamp(resolve(text, NOW, timezone.utc), timezone.utc).isoformat()


@pytest.mark.parametrize("modifier, expected", [
    ("now", "2026-11-28T15:45:30+00:00"),
    ("-24h", "2026-11-27T15:45:30+00:00"),
    ("-7d@d", "2026-11-21T00:00:00+00:00"),
    ("@d", "2026-11-28T00:00:00+00:00"),
    ("-1h@h", "2026-11-28T14:00:00+00:00"),
    ("@w0", "2026-11-22T00:00:00+00:00"),      # snap to Sunday
    ("@w1", "2026-11-23T00:00:00+00:00"),      # snap to Monday
    ("-1mon@mon", "2026-10-01T00:00:00+00:00"),
    ("@q", "2026-10-01T00:00:00+00:00"),
    ("-1y@y", "2025-01-01T00:00:00+00:00"),
    ("+2h", "2026-11-28T17:45:30+00:00"),
    ("-30m@m", "2026-11-28T15:15:00+00:00"),
    ("11/01/2026:08:00:00", "2026-11-01T08:00:00+00:00"),
    ("1764000000", "2025-11-24T16:00:00+00:00"),
])
def test_modifiers(modifier, expected):
    assert at(modifier) == expected


def test_month_offsets_clamp_to_the_last_day():
    march_31 = datetime(2026, 3, 31, tzinfo=timezone.utc).timestamp()
    moved = resolve("-1mon", march_31, timezone.utc)
    assert datetime.fromtimestamp(moved, timezone.utc).date().isoformat() == "2026-02-28"


@pytest.mark.parametrize("bad", ["yesterday", "-1x", "7d", ""])
def test_unreadable_modifiers_are_search_errors(bad):
    with pytest.raises(SplError):
        resolve(bad, NOW, timezone.utc)


@pytest.mark.parametrize("modifier", ["-99999999999y", "+99999999999d", "-99999999999999s",
                                      "+99999mon", "-3000y@y"])
def test_an_offset_past_the_calendar_is_an_error_saying_so(modifier):
    """Issue #16: these were OverflowError and ValueError tracebacks. The time-modifier page
    names no range; a datetime holds the years 1 to 9999."""
    with pytest.raises(SplError) as raised:
        resolve(modifier, NOW, timezone.utc)
    assert raised.value.message == (f"the time modifier `{modifier}` names a time outside the "
                                    "years 1 to 9999")


def test_the_last_offsets_inside_the_calendar_still_resolve():
    assert at("+7900y@y") == "9926-01-01T00:00:00+00:00"
    assert at("-2025y@y") == "0001-01-01T00:00:00+00:00"


def test_snapping_from_an_epoch_past_the_calendar_is_an_error():
    with pytest.raises(SplError, match="outside the years 1 to 9999"):
        resolve("@d", 1e300, timezone.utc)


@pytest.mark.parametrize("modifier", ["0/07/2026:14:00:00", "02/30/2026:00:00:00",
                                      "04/07/2026:25:00:00"])
def test_an_absolute_time_that_does_not_exist_is_an_error(modifier):
    """These were ValueError tracebacks from strptime."""
    with pytest.raises(SplError) as raised:
        resolve(modifier, NOW, timezone.utc)
    assert raised.value.message == (f"the time modifier `{modifier}` is not a date and time "
                                    "that exists; write %m/%d/%Y:%H:%M:%S")


@pytest.mark.parametrize("modifier", ["-٣d", "@w٣", "١٧٠٠٠٠٠٠٠٠"])
def test_non_ascii_digits_are_no_time_modifier(modifier):
    """SPL's numbers are ASCII digits; Python's regex `\\d` and int() also read `٣`."""
    with pytest.raises(SplError, match="cannot read the time modifier"):
        resolve(modifier, NOW, timezone.utc)
