"""mvcombine on small tables (mvcombine reference, Splunk Search Reference 9.4)."""

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command, rows):
    return run_command(command, rows).materialize()[0]


def test_rows_identical_but_for_the_field_merge():
    # "finds groups of results where all field values are identical, except the specified field"
    rows = run("| mvcombine ip", [{"host": "a", "ip": "1"}, {"host": "b", "ip": "2"},
                                  {"host": "a", "ip": "3"}])
    assert rows == [{"host": "a", "ip": ("1", "3")}, {"host": "b", "ip": "2"}]


def test_any_other_difference_keeps_rows_apart():
    rows = [{"host": "a", "port": "80", "ip": "1"}, {"host": "a", "port": "443", "ip": "2"},
            {"host": "a", "ip": "3"}]
    assert run("| mvcombine ip", rows) == rows


def test_repeated_values_stay_in_input_order():
    # The field "contains all of the single values from the combined events."
    rows = run("| mvcombine v", [{"k": "x", "v": "b"}, {"k": "x", "v": "a"}, {"k": "x", "v": "b"}])
    assert rows == [{"k": "x", "v": ("b", "a", "b")}]


def test_multivalue_inputs_contribute_every_value():
    rows = run("| mvcombine v", [{"k": "x", "v": ("1", "2")}, {"k": "x", "v": "3"}])
    assert rows == [{"k": "x", "v": ("1", "2", "3")}]


def test_rows_without_the_field_pass_through_in_place():
    rows = [{"k": "x", "v": "1"}, {"k": "x"}, {"k": "x", "v": "2"}]
    assert run("| mvcombine v", rows) == [{"k": "x", "v": ("1", "2")}, {"k": "x"}]


def test_delim_only_matters_for_nomv():
    rows = [{"k": "x", "v": "1"}, {"k": "x", "v": "2"}]
    assert run('| mvcombine delim=";" v', rows) == run("| mvcombine v", rows)


@pytest.mark.parametrize("text, message", [("| mvcombine _time", "internal field"),
                                           ("| mvcombine dilim=\";\" v", "did you mean `delim`")])
def test_bad_arguments(text, message):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in error.value.message + " " + (error.value.hint or "")
