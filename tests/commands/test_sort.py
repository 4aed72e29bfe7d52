"""sort on small tables (sort reference, Splunk Search Reference 9.0)."""

import pytest

from engine.table import Table
from spl.errors import BadArgumentError, UnknownFunctionError
from spl.parser import parse
from support import bind_search, execute_plan


def run_noticed(command, rows):
    """The sorted rows, and the notices the run gave."""
    table, runtime = execute_plan(bind_search(command), Table(rows))
    return table.materialize()[0], runtime.diagnostics.notices


def run(command, rows):
    return run_noticed(command, rows)[0]


def column(rows, name="x"):
    return [row.get(name) for row in rows]


def test_numeric_values_sort_numerically():
    # "If the field takes on numeric values, the collating sequence is numeric."
    rows = run("| sort x", [{"x": "10"}, {"x": "9"}, {"x": "100"}, {"x": "-2.5"}])
    assert column(rows) == ["-2.5", "9", "10", "100"]


def test_text_sorts_lexicographically_uppercase_first():
    # Lexicographical order: "Uppercase letters are sorted before lowercase letters."
    rows = run("| sort x", [{"x": "mb-07"}, {"x": "PZ-05"}, {"x": "BS-09"}, {"x": "pz-05"}])
    assert column(rows) == ["BS-09", "PZ-05", "mb-07", "pz-05"]


def test_numbers_come_before_text():
    rows = run("| sort x", [{"x": "abc"}, {"x": "10"}, {"x": "Zed"}, {"x": "9"}])
    assert column(rows) == ["9", "10", "Zed", "abc"]


def test_the_reference_examples_of_numeric_and_lexicographic_pairs():
    # Descending: 10.1 before 9.1 (numeric); 9.1.a before 10.1.a (lexicographic).
    assert column(run("| sort -x", [{"x": "9.1"}, {"x": "10.1"}])) == ["10.1", "9.1"]
    assert column(run("| sort -x", [{"x": "10.1.a"}, {"x": "9.1.a"}])) == ["9.1.a", "10.1.a"]


def test_missing_fields_sort_last_in_both_directions():
    # "treated as having the smallest or largest possible value ... if the order is descending
    # or ascending, respectively."
    rows = [{"x": "2", "id": 1}, {"id": 2}, {"x": "1", "id": 3}]
    assert column(run("| sort x", rows), "id") == [3, 1, 2]
    assert column(run("| sort -x", rows), "id") == [1, 3, 2]


def test_several_keys_each_with_its_direction():
    rows = [{"a": "x", "b": "1"}, {"a": "y", "b": "2"}, {"a": "x", "b": "3"}]
    assert run("| sort a, -b", rows) == [rows[2], rows[0], rows[1]]


def test_equal_rows_keep_their_input_order_in_both_directions():
    rows = [{"x": "1", "id": i} for i in range(4)]
    assert column(run("| sort -x", rows), "id") == [0, 1, 2, 3]


def test_str_sorts_numbers_as_text():
    assert column(run("| sort str(x)", [{"x": "9"}, {"x": "10"}])) == ["10", "9"]


def test_num_sorts_numbers_first_then_the_rest_as_text():
    rows = run("| sort num(x)", [{"x": "b"}, {"x": "20"}, {"x": "3"}, {"x": "A"}])
    assert column(rows) == ["3", "20", "A", "b"]


def test_ip_sorts_by_octets():
    rows = [{"x": "10.0.0.10"}, {"x": "10.0.0.2"}, {"x": "9.255.0.1"}]
    assert column(run("| sort ip(x)", rows)) == ["9.255.0.1", "10.0.0.2", "10.0.0.10"]
    assert column(run("| sort str(x)", rows)) == ["10.0.0.10", "10.0.0.2", "9.255.0.1"]


def test_auto_recognises_ip_addresses():
    rows = [{"x": "10.0.0.10"}, {"x": "10.0.0.2"}]
    assert column(run("| sort x", rows)) == ["10.0.0.2", "10.0.0.10"]


def test_a_multivalue_field_sorts_by_its_first_value_then_the_next():
    rows = [{"x": ("b", "a")}, {"x": ("a", "z")}, {"x": ("a", "c")}]
    assert column(run("| sort x", rows)) == [("a", "c"), ("a", "z"), ("b", "a")]


def test_trailing_desc_reverses_every_key():
    # "desc: Reverses the order of the results."
    rows = [{"a": "1", "b": "1"}, {"a": "2", "b": "2"}, {"a": "1", "b": "3"}]
    assert run("| sort a, b desc", rows) == [rows[1], rows[2], rows[0]]
    assert run("| sort a d", rows) == run("| sort -a", rows)


def test_default_limit_is_10000_with_a_notice():
    # "If no count is specified, the default limit of 10000 is used."
    rows, notices = run_noticed("| sort x", [{"x": str(i)} for i in range(10005)])
    assert len(rows) == 10000 and rows[-1] == {"x": "9999"}
    assert any("10000" in notice for notice in notices)


def test_sort_0_keeps_everything_and_counts_limit():
    rows = [{"x": str(i)} for i in range(10005)]
    assert len(run("| sort 0 x", rows)) == 10005
    assert column(run("| sort 2 -x", rows[:5])) == ["4", "3"]
    assert column(run("| sort limit=3 x", rows[:5])) == ["0", "1", "2"]


def test_no_notice_when_nothing_is_cut():
    _, notices = run_noticed("| sort x", [{"x": "1"}])
    assert notices == []


def test_unknown_sort_type_suggests_the_closest():
    (node,) = parse("| sort nmu(x)").commands
    with pytest.raises(UnknownFunctionError) as error:
        bind_search("| sort nmu(x)")
    assert error.value.hint == "did you mean `num`?"
    assert error.value.span == node.keys[0].span


def test_count_and_limit_together_are_an_error():
    with pytest.raises(BadArgumentError, match="count once"):
        bind_search("| sort 5 x limit=5")


@pytest.mark.parametrize("text, message", [("| sort limit=ten x", "whole number"),
                                           ("| sort limt=10 x", "did you mean")])
def test_bad_options(text, message):
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in str(error.value) or message in (error.value.hint or "")
    assert error.value.span == node.options[0].span
