"""fillnull on small tables (fillnull reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command, rows, fields=None):
    return run_command(command, rows, fields).materialize()


def test_without_a_list_every_field_of_any_row_is_filled_with_0():
    # "If you do not specify a field list, the value is applied to all fields"; default 0.
    rows, fields = run("| fillnull", [{"a": "1"}, {"b": "2"}])
    assert rows == [{"a": "1", "b": "0"}, {"b": "2", "a": "0"}]
    assert fields == ["a", "b"]


def test_value_sets_the_filler():
    rows, _ = run('| fillnull value="N/A" a', [{"a": "1"}, {"b": "2"}])
    assert rows == [{"a": "1"}, {"b": "2", "a": "N/A"}]


def test_a_listed_field_that_no_row_has_is_created():
    # "If you specify a field that didn't previously exist, the field is created."
    rows, fields = run("| fillnull value=unknown host kbps", [{"host": "h"}], ["host"])
    assert rows == [{"host": "h", "kbps": "unknown"}]
    assert fields == ["host", "kbps"]


def test_empty_strings_and_multivalues_are_values_not_nulls():
    rows, _ = run("| fillnull a m", [{"a": "", "m": ("x", "y")}])
    assert rows == [{"a": "", "m": ("x", "y")}]


def test_without_a_list_the_known_columns_are_filled():
    rows, fields = run("| fillnull", [{"a": "1"}], ["a", "b"])
    assert rows == [{"a": "1", "b": "0"}] and fields == ["a", "b"]


def test_with_a_list_rows_stream():
    result = run_command("| fillnull a", iter([{}]))
    assert not isinstance(result.rows, list)
    assert list(result.rows) == [{"a": "0"}]


@pytest.mark.parametrize("text, message", [("| fillnull count*", "not wildcards"),
                                           ("| fillnull vaule=0 a", "did you mean `value`")])
def test_bad_arguments(text, message):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in error.value.message + (error.value.hint or "")
