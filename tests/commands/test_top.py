"""top on small tables (top reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command, rows):
    return run_command(command, rows).materialize()


ROWS = [{"user": u, "host": h} for u, h in
        [("ann", "h1"), ("bob", "h1"), ("ann", "h2"), ("cy", "h2"), ("ann", "h1"), ("bob", "h2")]]


def test_most_common_first_with_count_and_percent():
    rows, fields = run("| top user", ROWS)
    assert fields == ["user", "count", "percent"]
    assert rows == [{"user": "ann", "count": 3, "percent": "50.000000"},
                    {"user": "bob", "count": 2, "percent": "33.333333"},
                    {"user": "cy", "count": 1, "percent": "16.666667"}]


def test_n_and_limit_cut_the_list_and_zero_keeps_all():
    assert len(run("| top 2 user", ROWS)[0]) == 2
    assert len(run("| top limit=1 user", ROWS)[0]) == 1
    assert len(run("| top limit=0 user", ROWS)[0]) == 3


def test_several_fields_count_combinations():
    rows, fields = run("| top limit=1 user host", ROWS)
    assert fields == ["user", "host", "count", "percent"]
    assert rows == [{"user": "ann", "host": "h1", "count": 2, "percent": "33.333333"}]


def test_by_clause_ranks_within_each_group():
    rows, fields = run("| top limit=1 user by host", ROWS)
    assert fields == ["host", "user", "count", "percent"]
    assert rows == [{"host": "h1", "user": "ann", "count": 2, "percent": "66.666667"},
                    {"host": "h2", "user": "ann", "count": 1, "percent": "33.333333"}]


def test_count_and_percent_fields_can_be_renamed_or_hidden():
    rows, fields = run("| top countfield=n percentfield=p limit=1 user", ROWS)
    assert rows == [{"user": "ann", "n": 3, "p": "50.000000"}]
    rows, fields = run("| top showcount=false showperc=f limit=1 user", ROWS)
    assert rows == [{"user": "ann"}] and fields == ["user"]


def test_useother_adds_a_row_for_the_values_cut_off():
    rows, _ = run("| top limit=1 useother=true otherstr=rest user", ROWS)
    assert rows[-1] == {"user": "rest", "count": 3, "percent": "50.000000"}
    assert run("| top limit=1 useother=t user", ROWS)[0][-1]["user"] == "OTHER"
    assert len(run("| top useother=t user", ROWS)[0]) == 3  # nothing was cut off


def test_rows_without_the_field_are_not_counted_and_multivalues_count_per_value():
    rows, _ = run("| top tag", [{"tag": ("a", "b")}, {"tag": "a"}, {"other": "x"}])
    assert rows == [{"tag": "a", "count": 2, "percent": "66.666667"},
                    {"tag": "b", "count": 1, "percent": "33.333333"}]


def test_equal_counts_are_ordered_by_value_numbers_first():
    rows, _ = run("| top v", [{"v": "b"}, {"v": "10"}, {"v": "9"}, {"v": "a"}])
    assert [row["v"] for row in rows] == ["9", "10", "a", "b"]


@pytest.mark.parametrize("command", ["| top limit=x user", "| top lmit=2 user",
                                     "| top showcount=maybe user", "| top limit=3",
                                     "| top user*"])
def test_check_rejects_bad_options(command):
    with pytest.raises(BadArgumentError):
        bind_search(command)
