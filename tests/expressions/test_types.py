"""eval's types: a quoted literal or `.` makes a String, field text is a String and a Number, and a
Boolean is never stored; the type an expression has by its form is checked when it is bound.

Pages:
- eval (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval):
  the period "concatenates both strings and numbers"; "The result of an eval expression cannot be
  a Boolean".
- informational functions (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/informational-functions):
  a literal "NaN" "is considered a string, not a number", while a field holding it "behaves as
  both a string and a number"; "the eval command can't directly accept a Boolean value".
- statistical eval functions (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/statistical-eval-functions):
  a field assigned "9" averages as 9, avg(1, 2, "3") is an error.
- conversion functions (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/conversion-functions):
  tostring's format "is only used when the value argument is a number".
- where (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/where):
  "These eval-expressions must be Boolean expressions"; the expression "is checked before running
  the search".
"""

from __future__ import annotations

import pytest

from engine.evaluation import EvalTypeError
from engine.expressions import evaluate
from engine.values import Text
from spl.errors import BadArgumentError
from spl.parser import parse_expression
from support import bind_search, run_rows

FIELDS = {"n": "12", "s": "abc", "ten": "10", "z": "012"}


def value(text: str):
    return evaluate(parse_expression(text), FIELDS)


def one_row(search: str, row=None) -> dict:
    (result,), _ = run_rows(search, [dict(row or {})])
    return result


# ---- String, Number and field text -----------------------------------------------------------


def test_a_concatenation_is_a_string_and_is_stored_as_text():
    row = one_row('| eval s=1 . 2, t=typeof(1 . 2), isnum=if(isnum(1 . 2), "y", "n"), '
                  'isstr=if(isstr(1 . 2), "y", "n")')
    assert row == {"s": "12", "t": "String", "isnum": "n", "isstr": "y"}
    assert type(row["s"]) is str  # field text, not the expression's Text


def test_a_stored_string_reads_as_a_number_in_the_next_expression():
    # the statistical page: eval a="1", c=avg(a, 2, 3) gives c=2; so a field holding eval's
    # "12" is the number 12 to the next expression, in the same command or a later one. What
    # typeof says of a field that is both is not on the informational page: Number, as its
    # typeof(_time) is (a choice)
    row = one_row('| eval s=1 . 2, same=s+1 | eval later=s+1, t=typeof(s)')
    assert (row["same"], row["later"], row["t"]) == (13, 13, "Number")


@pytest.mark.parametrize("text, expected", [
    ('ten > 9', True),                  # field text is a Number: compared as numbers
    ('"10" > 9', False),                # a String against a Number: compared as text
    ('"10" > "9"', False),              # two Strings: as text
    ('ten = "10"', True),
    ('n = 12.0', True),
    ('"012" = 12', False),              # "012" is no number: the texts differ
    ('z = 12', True),                   # a field's "012" is the number 12
    ('"3" + 1', None),                  # a String and a Number do not add
    ('"3" + "4"', "34"),                # two Strings join
    ('n + ten', 22),                    # field text adds as numbers
    ('-"3"', None),
    ('"6" * 2', None),
])
def test_operators_tell_strings_from_numbers(text, expected):
    assert value(text) == expected


def test_text_results_are_strings():
    assert type(value("lower(s)")) is Text
    assert type(value('"a" . 1')) is Text
    assert type(value("n")) is str  # a field's text is not made a String by reading it


@pytest.mark.parametrize("text, expected", [
    ('tostring(n, "hex")', "0xC"),      # numeric field text is a number to format
    ('tostring("15", "hex")', "15"),    # a quoted literal is a String, left as it is
    ('tostring(15, "hex")', "0xF"),     # the page's example
])
def test_tostring_formats_numbers_only(text, expected):
    assert value(text) == expected


def test_min_and_max_treat_a_quoted_number_as_a_string():
    # the statistical page: "Strings are greater than numbers"
    assert value('max(1, "3")') == "3"
    assert value("max(1, ten)") == "10"  # a field's "10" is a number, the greater one


# ---- a Boolean is never stored ----------------------------------------------------------------


@pytest.mark.parametrize("search, caret", [
    ("| eval x=(1==1)", "1==1"),
    ("| eval v=(a OR b)", "a OR b"),
    ("| eval v=s IN (1,2)", "s IN (1,2)"),
    ("| eval v=in(s, 200)", "in(s, 200)"),
    ("| eval v=NOT a", "NOT a"),
    ('| eval v=match(s, "a")', 'match(s, "a")'),
    ('| eval v=json_valid(s)', "json_valid(s)"),
    ('| eval v=if(a, b==1, c==2)', "if(a, b==1, c==2)"),   # both branches are Booleans
    ('| eval ok=1, v=isnull(a)', "isnull(a)"),
])
def test_eval_rejects_a_boolean_at_bind_time(search, caret):
    with pytest.raises(EvalTypeError) as raised:
        bind_search(search)
    error = raised.value
    assert "cannot be a Boolean" in error.message
    assert search[error.span.start:error.span.end] == caret
    assert "if(" in error.hint


@pytest.mark.parametrize("search", [
    '| eval v=if(a==1, "yes", "no")',   # the page's way to store a condition's outcome
    '| eval v=tostring(1==1)',          # the conversion page's example
    "| eval v=if(a==1, b==1, 2)",       # a Boolean or a number: known only per row
    "| eval v=coalesce(x, y)",
])
def test_eval_accepts_what_is_not_a_boolean_by_its_form(search):
    bind_search(search)


def test_a_boolean_known_only_per_row_leaves_the_field_empty():
    row = one_row('| eval v=if(a=1, a==1, 2), w=if(a=2, a==1, 2)', {"a": "1"})
    assert row == {"a": "1", "w": 2}


def test_foreach_templates_are_eval_and_reject_a_boolean_too():
    with pytest.raises(EvalTypeError):
        bind_search('| foreach a* [eval <<FIELD>> = <<FIELD>> > 1]')


# ---- where needs a Boolean ----------------------------------------------------------------------


@pytest.mark.parametrize("search, caret, kind", [
    ("| where (bytes+1)", "bytes+1", "Number"),
    ('| where "yes"', '"yes"', "String"),
    ("| where lower(s)", "lower(s)", "String"),
    ("| where len(s)", "len(s)", "Number"),
])
def test_where_rejects_what_is_not_a_boolean(search, caret, kind):
    with pytest.raises(EvalTypeError) as raised:
        bind_search(search)
    error = raised.value
    assert f"is a {kind}" in error.message
    assert search[error.span.start:error.span.end] == caret


@pytest.mark.parametrize("search", [
    "| where bytes > 1", "| where isnull(x)", '| where like(s, "a%")', "| where x",
    "| where if(a, b==1, c==2)", "| where NOT (a=1 OR b=2)", "| where s IN (1, 2)",
])
def test_where_accepts_booleans_and_what_only_a_row_can_tell(search):
    bind_search(search)


def test_where_over_a_field_keeps_no_row_where_it_is_not_true():
    rows, _ = run_rows("| where x", [{"x": "1"}, {"y": "1"}])
    assert rows == []


# ---- avg ----------------------------------------------------------------------------------------


def test_avg_rejects_a_string_argument_at_bind_time():
    search = '| eval c=avg(1, 2, "3")'  # the page: "returns an error"
    with pytest.raises(BadArgumentError) as raised:
        bind_search(search)
    assert search[raised.value.span.start:raised.value.span.end] == '"3"'
    bind_search('| eval c=avg(1, 2, tonumber("3"))')  # the page's way round it
