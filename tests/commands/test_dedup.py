"""dedup on small tables (dedup reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError, UnknownFunctionError
from support import bind_search, run_command


def run(command, rows):
    return run_command(command, rows).materialize()[0]


def ids(rows):
    return [row["id"] for row in rows]


ROWS = [
    {"id": 1, "host": "www1", "action": "view"},
    {"id": 2, "host": "www2", "action": "addtocart"},
    {"id": 3, "host": "www1", "action": "view"},
    {"id": 4, "host": "www1", "action": "purchase"},
    {"id": 5, "host": "www2", "action": "remove"},
    {"id": 6, "action": "view"},
]


def test_keeps_the_first_row_of_each_value_in_search_order():
    assert ids(run("| dedup host", ROWS)) == [1, 2]


def test_a_count_keeps_that_many_of_each():
    # "dedup 3 source: keep the first 3 that occur and remove all subsequent results."
    assert ids(run("| dedup 2 host", ROWS)) == [1, 2, 3, 5]


def test_several_fields_dedup_their_combination():
    assert ids(run("| dedup host action", ROWS)) == [1, 2, 4, 5]


def test_rows_with_a_null_field_are_dropped_unless_keepempty():
    # "All events where any of the selected fields are null are dropped."
    assert 6 not in ids(run("| dedup action host", ROWS))
    assert ids(run("| dedup host keepempty=true", ROWS)) == [1, 2, 6]


def test_keepempty_keeps_every_row_with_a_null_field():
    rows = [{"id": 1}, {"id": 2}, {"id": 3, "x": "a"}, {"id": 4, "x": "a"}]
    assert ids(run("| dedup x keepempty=t", rows)) == [1, 2, 3]


def test_keepevents_keeps_duplicates_without_the_selected_fields():
    # "keep all events, but will remove the selected fields from events after the first event
    # containing a particular combination of values."
    rows = run("| dedup host keepevents=true", ROWS[:3])
    assert rows == [ROWS[0], ROWS[1], {"id": 3, "action": "view"}]


def test_consecutive_only_removes_runs():
    rows = [{"id": i, "x": x} for i, x in enumerate("aabaa")]
    assert ids(run("| dedup x consecutive=true", rows)) == [0, 2, 3]
    assert ids(run("| dedup 2 x consecutive=true", rows + [{"id": 5, "x": "a"}])) == [0, 1, 2, 3, 4]


def test_multivalue_fields_must_match_in_all_values():
    rows = [{"id": 1, "m": ("a", "b")}, {"id": 2, "m": ("a", "b")}, {"id": 3, "m": ("a", "b", "c")},
            {"id": 4, "m": "a"}, {"id": 5, "m": ("b", "a")}]
    assert ids(run("| dedup m", rows)) == [1, 3, 4, 5]


def test_values_are_compared_as_text():
    rows = [{"id": 1, "x": 1}, {"id": 2, "x": "1"}, {"id": 3, "x": "1.0"}, {"id": 4, "x": "A"},
            {"id": 5, "x": "a"}]
    assert ids(run("| dedup x", rows)) == [1, 3, 4, 5]


def test_sortby_sorts_the_rows_kept():
    # "dedup source sortby -_size: Remove duplicates ... and sort the events by the _size field
    # in descending order."
    rows = [{"id": 1, "src": "a", "size": "5"}, {"id": 2, "src": "b", "size": "10"},
            {"id": 3, "src": "a", "size": "50"}, {"id": 4, "src": "c", "size": "7"}]
    assert ids(run("| dedup src sortby -size", rows)) == [2, 4, 1]
    assert ids(run("| dedup src sortby +str(size)", rows)) == [2, 1, 4]


def test_streams_without_sortby():
    result = run_command("| dedup x", iter([{"x": "a"}, {"x": "a"}]))
    assert not isinstance(result.rows, list)
    assert list(result.rows) == [{"x": "a"}]


@pytest.mark.parametrize("text, message", [
    ("| dedup 0 x", "greater than 0"),
    ("| dedup x keepempty=perhaps", "true or false"),
    ("| dedup x keepempy=true", "no option `keepempy`"),
])
def test_bad_arguments(text, message):
    with pytest.raises(BadArgumentError, match=message):
        bind_search(text)


def test_unknown_sortby_type():
    with pytest.raises(UnknownFunctionError, match="nun"):
        bind_search("| dedup x sortby -nun(y)")
