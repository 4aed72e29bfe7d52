"""Numbers that say how big or how far, given sizes no value has: eval must answer at once, with a
result or an error under the search's text, never a hang, a memory error or a traceback.

The evaluation-functions pages
(https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/)
are silent on arguments like 1e400 (infinity as a double) or 10**300 places; the choices are
stated per test. The error goldens in tests/errors/ show the rendered errors (printf_*,
mvrange_without_end, relative_time_out_of_range).
"""

from __future__ import annotations

import csv
import io

import pytest

from engine.evaluation import EvalError
from engine.expressions import evaluate
from engine.functions import PRINTF_LIMIT, check_calls
from spl.errors import BadArgumentError
from spl.parser import parse_expression
from support import run_search


def value(text: str, row: dict | None = None):
    expr = parse_expression(text)
    check_calls(expr)
    return evaluate(expr, row or {})


def column(search: str, field: str) -> list[str]:
    output, _ = run_search(search)
    return [row[field] for row in csv.DictReader(io.StringIO(output))]


# ---- round: places beyond any digit a double has ------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("round(1.5, 1e300)", 1.5),         # issue #16: it hung computing 10**(10**300)
    ("round(1.5, 1e400)", 1.5),         # infinitely many places: the number itself
    ("round(1e300, 100)", 1e300),       # 1e300 * 1e100 overflows a double; nothing to round
    ("round(123.456, -400)", 0),        # left of every digit a double reaches
    ("round(123.456, -1e300)", 0),
    ("round(2.5)", 3),                  # ordinary rounding is unchanged
    ("round(3.14159, 2)", 3.14),
    ("round(1234, -2)", 1200),
])
def test_round_at_places_no_double_reaches(text: str, expected) -> None:
    assert value(text) == expected


# ---- positions and bases past every text and list -----------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('mvindex("a", 1e400)', None),      # past the last value, as mvindex("a", 5) is
    ('mvindex("a", -1e400)', None),
    ('substr("abc", 1e400)', ""),       # starts past the end
    ('substr("abc", 1, 1e400)', "abc"),  # takes all there is
    ('substr("abc", -1e400, 2)', "ab"),  # a start before the beginning is the beginning
    ('substr("abc", 2, 1e18)', "bc"),
])
def test_positions_beyond_the_value_read_as_past_the_end(text: str, expected) -> None:
    assert value(text) == expected


def test_tonumber_base_that_is_infinite_is_refused_where_written() -> None:
    with pytest.raises(BadArgumentError, match="the base must be 2 to 36"):
        value('tonumber("11", 1e400)')
    assert value("tonumber(s, b)", {"s": "11", "b": "1e400"}) is None  # from a field: null


# ---- mvrange: more values than the guard allows --------------------------------------------------


@pytest.mark.parametrize("text", ["mvrange(1, 1e400)", "mvrange(-1e400, 0)",
                                  "mvrange(0, 1e9)"])
def test_mvrange_without_a_reachable_end_is_an_error_when_constant(text: str) -> None:
    with pytest.raises(BadArgumentError, match="mvrange would make more than 100,000 values"):
        value(text)


def test_mvrange_stepping_away_from_an_infinite_end_makes_no_values() -> None:
    assert value("mvrange(1e18, 1e400, -1e400)") is None
    assert value("mvrange(5, 1, 1)") is None  # as any end behind the start


def test_mvrange_from_fields_fails_only_that_row() -> None:
    """The eval page: an expression that cannot be evaluated for an event erases the field."""
    with pytest.raises(EvalError):
        value("mvrange(a, b)", {"a": "1", "b": "1e400"})
    assert column('| makeresults | eval b="1e400" | eval x=mvrange(1, b) | table x', "x") == [""]


# ---- printf: widths and precisions ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["%99999999999d", "%.99999999999f", "%-99999999999s",
                                 f"%{PRINTF_LIMIT + 1}x"])
def test_printf_width_or_precision_over_the_limit_is_refused_where_written(fmt: str) -> None:
    with pytest.raises(BadArgumentError, match="the limit is 100,000"):
        value(f'printf("{fmt}", 1)')


def test_printf_star_width_over_the_limit_fails_the_row() -> None:
    with pytest.raises(EvalError, match="the limit is 100,000"):
        value('printf("%*d", w, 1)', {"w": "1e400"})


def test_printf_widths_up_to_the_limit_still_pad() -> None:
    assert len(value(f'printf("%{PRINTF_LIMIT}d", 1)')) == PRINTF_LIMIT
    assert value('printf("%5.2f", 3.14159)') == " 3.14"


def test_printf_c_of_a_number_no_character_has_is_null() -> None:
    """Choice: %c of a code point outside Unicode is unformattable, as a non-number is."""
    assert value('printf("%c", n)', {"n": 99999999999}) is None
    assert value('printf("%c", n)', {"n": 65}) == "A"


# ---- times no calendar holds ---------------------------------------------------------------------


def test_time_far_outside_the_calendar_is_shown_as_its_number() -> None:
    """Issue #16: `eval _time=1e300 | table _time` was a traceback. The time-format pages are
    silent on such times; the epoch is shown as the number it is."""
    assert column("| makeresults | eval _time=1e300 | table _time", "_time") == ["1e+300"]
    assert column("| makeresults | eval _time=-1e300 | bin _time span=1d | table _time",
                  "_time") == ["-1e+300"]


def test_strftime_of_a_time_no_calendar_holds_is_null() -> None:
    assert value('strftime(1e300, "%Y")') is None
    assert value('strftime(0, "%Y")') == "1970"


def test_relative_time_from_a_field_out_of_range_is_null() -> None:
    assert value("relative_time(t, m)", {"t": "0", "m": "-99999999999y"}) is None


# ---- overflow ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["pow(10, 400)", "exp(99999)", "pow(1e300, 1e300)"])
def test_a_result_no_double_holds_is_null(text: str) -> None:
    """The mathematical-functions page is silent on overflow; such a result is null, as
    sqrt(-1) is (engine.functions._numeric)."""
    assert value(text) is None


@pytest.mark.parametrize("text, expected", [('json_extract(j, "a{²}")', None),
                                            ('json_set(j, "a{²}", 3)', '{"a":[1,2]}')])
def test_a_path_index_in_non_ascii_digits_is_no_index(text: str, expected) -> None:
    """`{²}` was an int() traceback; it indexes nothing (a JSON path index is ASCII digits), so
    nothing is found and nothing is set."""
    assert value(text, {"j": '{"a": [1, 2]}'}) == expected
    assert value('json_extract(j, "a{1}")', {"j": '{"a": [1, 2]}'}) == 2


def test_spath_with_a_non_ascii_index_reads_no_element() -> None:
    assert column('| makeresults | eval x="{\\"a\\":[1,2]}" | spath input=x path=a{²} '
                  '| table a{²}', "a{²}") == [""]


def test_field_text_of_thousands_of_digits_is_a_double_not_an_error() -> None:
    """Splunk's numbers are 64-bit: an integer past 19 digits reads as a double (here past
    float's range, so infinity), where Python's int() refuses 4,300 digits and more. The docs
    say nothing of such values."""
    digits = "7" * 5000
    assert evaluate(parse_expression("n + 1"), {"n": digits}) == float("inf")
    assert evaluate(parse_expression("n + 1"), {"n": "12345678901234567890"}) == \
        pytest.approx(1.2345678901234567e19)
    assert evaluate(parse_expression("n + 1"), {"n": "9223372036854775806"}) == \
        9223372036854775807
