"""fields on small tables (fields reference, Splunk Search Reference), and the option helpers the
row commands share."""

import pytest

from engine.options import bool_option, int_option, option_map
from spl import ast
from spl.errors import BadArgumentError, Span
from support import run_command

EVENT = {"_time": 1700000000.0, "host": "h1", "user": "alice", "user_id": "7", "_raw": "<Event/>"}


def run(command, rows, known=None):
    return run_command(command, rows, known).materialize()


def test_keeping_fields_keeps_time_and_raw_too():
    # "The fields command does not remove these internal fields unless you explicitly specify".
    rows, names = run("| fields host", [EVENT])
    assert rows == [{"_time": 1700000000.0, "host": "h1", "_raw": "<Event/>"}]
    assert names == ["_time", "host", "_raw"]


def test_plus_is_the_same_as_no_sign():
    assert run("| fields + host", [EVENT]) == run("| fields host", [EVENT])


def test_minus_removes_only_the_listed_fields():
    rows, _ = run("| fields - user, host", [EVENT])
    assert rows == [{"_time": 1700000000.0, "user_id": "7", "_raw": "<Event/>"}]


def test_internal_fields_go_only_when_named():
    assert run("| fields - _raw", [EVENT])[0] == [
        {k: v for k, v in EVENT.items() if k != "_raw"}]
    assert run("| fields - _*", [EVENT])[0] == [{"host": "h1", "user": "alice", "user_id": "7"}]


def test_a_leading_star_does_not_match_internal_fields():
    rows, _ = run("| fields - *", [EVENT])
    assert rows == [{"_time": 1700000000.0, "_raw": "<Event/>"}]


def test_wildcards_keep_every_matching_field_in_the_listed_order():
    rows, names = run("| fields user*, host", [EVENT], list(EVENT))
    assert names == ["_time", "user", "user_id", "host", "_raw"]
    assert list(rows[0]) == names
    assert rows[0] == {"_time": 1700000000.0, "user": "alice", "user_id": "7", "host": "h1",
                       "_raw": "<Event/>"}


def test_a_listed_field_no_row_has_is_not_created():
    rows, names = run("| fields host, nothing", [{"host": "h"}], ["host"])
    assert rows == [{"host": "h"}] and names == ["host"]


def test_field_names_are_case_sensitive():
    rows, _ = run("| fields Host", [{"host": "h", "Host": "H"}])
    assert rows == [{"Host": "H"}]


def test_rows_stream():
    result = run_command("| fields a", iter([{"a": 1, "b": 2}]))
    assert not isinstance(result.rows, list) and result.fields is None
    assert list(result.rows) == [{"a": 1}]


def test_option_map_suggests_the_closest_name():
    option = ast.Option("keepempy", "true")
    with pytest.raises(BadArgumentError) as error:
        option_map([option], ("keepempty", "keepevents"), "dedup")
    assert error.value.message == "dedup has no option `keepempy`"
    assert error.value.hint == "did you mean `keepempty`?"


def test_option_map_rejects_an_option_given_twice():
    with pytest.raises(BadArgumentError, match="given twice"):
        option_map([ast.Option("limit", "1"), ast.Option("LIMIT", "2")], ("limit",), "sort")


@pytest.mark.parametrize("text, expected", [("true", True), ("T", True), ("1", True),
                                            ("false", False), ("f", False), ("0", False)])
def test_bool_option_reads_splunk_booleans(text, expected):
    assert bool_option(ast.Option("keepempty", text), not expected) is expected


def test_bad_values_are_errors_under_the_option():
    option = ast.Option("keepempty", "maybe", span=Span(10, 25))
    with pytest.raises(BadArgumentError) as error:
        bool_option(option, False)
    assert error.value.span == Span(10, 25)
    with pytest.raises(BadArgumentError, match="whole number"):
        int_option(ast.Option("limit", "-3"), 0)
