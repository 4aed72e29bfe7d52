"""eventstats on small tables (eventstats reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError, UnknownFunctionError
from support import bind_search, run_command


def run(command, rows, fields=None):
    return run_command(command, rows, fields).materialize()


ROWS = [
    {"id": 1, "city": "SF", "age": "25"},
    {"id": 2, "city": "Seattle", "age": "39"},
    {"id": 3, "city": "SF", "age": "31"},
    {"id": 4, "city": "Seattle"},
    {"id": 5, "age": "50"},
]


def test_every_row_gains_its_groups_aggregate_and_keeps_its_place():
    rows, _ = run("| eventstats avg(age) count by city", ROWS)
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0] == {"id": 1, "city": "SF", "age": "25", "avg(age)": 28, "count": 2}
    # The Seattle row without age still gets its group's average (SPL2 eventstats example).
    assert rows[3] == {"id": 4, "city": "Seattle", "avg(age)": 39, "count": 2}


def test_a_row_with_a_null_by_field_is_left_as_it_is():
    rows, _ = run("| eventstats count by city", ROWS)
    assert rows[4] == {"id": 5, "age": "50"}


def test_without_by_every_row_gets_the_overall_aggregate():
    rows, _ = run("| eventstats max(age) AS oldest stdev(age) AS sd", ROWS[:2])
    assert [row["oldest"] for row in rows] == [39, 39]
    assert rows[0]["sd"] == pytest.approx(9.899494936611665)


def test_known_columns_are_kept_and_the_aggregates_appended():
    _, fields = run("| eventstats count AS n by city", ROWS, ["id", "city", "age"])
    assert fields == ["id", "city", "age", "n"]


def test_a_null_aggregate_clears_a_field_of_that_name():
    rows, _ = run("| eventstats sum(age) AS total by city", [{"city": "X", "total": "old"}])
    assert rows == [{"city": "X"}]


def test_allnum_applies_to_each_group():
    data = [{"g": "a", "v": "1"}, {"g": "a", "v": "x"}, {"g": "b", "v": "2"}]
    rows, _ = run("| eventstats allnum=true sum(v) AS s by g", data)
    assert [row.get("s") for row in rows] == [None, None, 2]


def test_multivalue_by_field_counts_in_each_group_and_shows_the_first():
    data = [{"tag": ("p", "q")}, {"tag": "q"}]
    rows, _ = run("| eventstats count by tag", data)
    assert [row["count"] for row in rows] == [1, 2]


def test_wildcards_expand_over_the_fields_rows_have():
    rows, _ = run("| eventstats max(n*) AS top_n*", [{"n1": "3", "n2": "4"}, {"n1": "5"}])
    assert rows[1] == {"n1": "5", "top_n1": 5, "top_n2": 4}


@pytest.mark.parametrize("command, error", [
    ("| eventstats dedup_splitvals=t count", BadArgumentError),
    ("| eventstats cuont", UnknownFunctionError),
    ("| eventstats count(eval(a=1))", BadArgumentError),
])
def test_check_rejects(command, error):
    with pytest.raises(error):
        bind_search(command)
