"""bin (and its alias bucket) on small tables (bin reference, Splunk Search Reference 9.4)."""

from datetime import timezone
from zoneinfo import ZoneInfo

import pytest

from engine.commands import COMMANDS
from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from spl.parser import parse
from support import bind_search, run_command

T = 1700000123  # 2023-11-14 22:15:23 UTC, 23:15:23 in Paris
PARIS = ZoneInfo("Europe/Paris")


def run(command, rows, fields=None, tz=timezone.utc):
    return run_command(command, rows, fields, tz=tz).materialize()


def binned(command, value, field="_time", tz=timezone.utc):
    rows, _ = run(command, [{field: value}], tz=tz)
    return rows[0][field]


@pytest.mark.parametrize("span, expected", [
    ("5m", 1700000100),    # 22:15:00
    ("1h", 1699999200),    # 22:00:00
    ("60", 1700000100),    # a bare number on _time is seconds
    ("1d", 1699920000),    # midnight UTC, 14 November
    ("2d", 1699833600),    # 13 November: day 19674 since the epoch is even
    ("1mon", 1698796800),  # 1 November
    ("3mon", 1696118400),  # 1 October: the quarter
])
def test_time_spans_floor_to_the_start_of_their_bin(span, expected):
    assert binned(f"| bin span={span} _time", T) == expected


def test_time_values_as_text_and_fractions():
    assert binned("| bin span=1h _time", "1700000123.75") == 1699999200
    assert binned("| bin span=100ms _time", 1700000123.456) == pytest.approx(1700000123.4)


def test_day_bins_start_at_midnight_in_the_users_time_zone():
    # "When a <span-length> of a day or more is used, the span is aligned to midnight in the
    # timezone of the user."  1700002800 is 23:00 UTC but 00:00 on 15 November in Paris.
    assert binned("| bin span=1d _time", 1700002800) == 1699920000
    assert binned("| bin span=1d _time", 1700002800, tz=PARIS) == 1700002800
    assert binned("| bin span=1d _time", T, tz=PARIS) == 1699916400


def test_hour_bins_stay_aligned_to_utc_epoch_0():
    assert binned("| bin span=1h _time", T, tz=PARIS) == 1699999200


def test_aligntime_moves_the_bin_starts():
    assert binned("| bin span=1m aligntime=30 _time", T) == 1700000070


@pytest.mark.parametrize("value, span, expected", [
    ("15", "10", "10-20"), (20, "10", "20-30"), ("-5", "10", "-10-0"), ("0", "10", "0-10"),
    ("1.7", "0.5", "1.5-2"), ("7", "2.5", "5-7.5"),
])
def test_numbers_become_ranges(value, span, expected):
    assert binned(f"| bin span={span} size", value, "size") == expected


def test_as_writes_a_new_field_and_keeps_the_old():
    rows, fields = run("| bin span=10 size AS bucket", [{"size": "42"}], ["size"])
    assert rows == [{"size": "42", "bucket": "40-50"}]
    assert fields == ["size", "bucket"]


def test_text_null_and_multivalue():
    rows, _ = run("| bin span=10 x", [{"x": "abc"}, {}, {"x": ("3", "17", "n/a")}])
    assert rows == [{"x": "abc"}, {}, {"x": ("0-10", "10-20", "n/a")}]


def test_bucket_is_the_same_command():
    (node,) = parse("| bucket _time span=1h").commands
    assert isinstance(node, ast.Bin)
    assert COMMANDS[ast.Bin].name == "bin"


@pytest.mark.parametrize("text, message", [
    ("| bin span=foo _time", "cannot read span `foo`"),
    ("| bin span=0 x", "cannot read span"),
    ("| bin span=1w _time", "no weeks"),
    ("| bin span=5q _time", "unknown time unit `q`"),
    ("| bin span=1d aligntime=30 _time", "only applies to time spans under a day"),
    ("| bin span=10 aligntime=30 x", "only applies to time spans"),
    ("| bin spna=1h _time", "did you mean `span`"),
])
def test_bad_arguments_point_at_the_option(text, message):
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in error.value.message + " " + (error.value.hint or "")
    assert error.value.span in [o.span for o in node.options]


@pytest.mark.parametrize("text", ["| bin bins=10 x", "| bin minspan=1h span=1h _time",
                                  "| bin span=10 start=0 x", "| bin span=log10 x",
                                  "| bin span=1h aligntime=@d+3h _time"])
def test_unsupported_options_are_rejected(text):
    with pytest.raises(UnsupportedCommandError):
        bind_search(text)


def test_a_span_is_required():
    with pytest.raises(UnsupportedCommandError, match="needs span="):
        bind_search("| bin _time")
