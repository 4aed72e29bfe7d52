"""streamstats on small tables (streamstats reference, Splunk Search Reference)."""

from types import GeneratorType

import pytest

from spl.errors import BadArgumentError, UnsupportedCommandError
from support import bind_search, run_command


def run(command, rows, fields=None):
    return run_command(command, rows, fields).materialize()


def column(rows, name):
    return [row.get(name) for row in rows]


ROWS = [
    {"host": "a", "v": "1"},
    {"host": "b", "v": "2"},
    {"host": "a", "v": "3"},
    {"v": "4"},
    {"host": "a", "v": "5"},
    {"host": "b", "v": "6"},
]


def test_running_count_and_sum_in_input_order():
    rows, _ = run("| streamstats count sum(v) AS total", ROWS)
    assert column(rows, "count") == [1, 2, 3, 4, 5, 6]
    assert column(rows, "total") == [1, 3, 6, 10, 15, 21]


def test_by_groups_run_separately_and_null_by_rows_pass_unchanged():
    rows, _ = run("| streamstats count AS n by host", ROWS)
    assert column(rows, "n") == [1, 1, 2, None, 3, 2]
    assert rows[3] == {"v": "4"}


def test_current_false_leaves_the_row_itself_out():
    # "If false, the search uses the field value from the previous event."
    rows, _ = run("| streamstats current=false count last(v) AS previous", ROWS[:3])
    assert column(rows, "count") == [0, 1, 2]
    assert column(rows, "previous") == [None, "1", "2"]


def test_window_keeps_the_last_n_rows():
    rows, _ = run("| streamstats window=2 sum(v) AS s", ROWS)
    assert column(rows, "s") == [1, 3, 5, 7, 9, 11]


def test_global_window_is_shared_by_the_groups():
    # global=true (the default): one window of the last 2 rows; each group sees its rows in it.
    # The row without host takes no part, so the fifth row's window is rows 3 and 5, both "a".
    rows, _ = run("| streamstats window=2 count AS n by host", ROWS)
    assert column(rows, "n") == [1, 1, 1, None, 2, 1]


def test_global_false_gives_each_group_its_own_window():
    rows, _ = run("| streamstats window=2 global=false sum(v) AS s by host", ROWS)
    assert column(rows, "s") == [1, 2, 4, None, 8, 8]


def test_reset_on_change_starts_over_when_the_by_values_change():
    data = [{"h": "a"}, {"h": "a"}, {"h": "b"}, {"x": 1}, {"h": "b"}, {"h": "a"}]
    rows, _ = run("| streamstats reset_on_change=true count by h", data)
    assert column(rows, "count") == [1, 2, 1, None, 2, 1]


def test_rows_stream_and_known_columns_are_extended():
    table = run_command("| streamstats count", iter(ROWS), ["host", "v"])
    assert isinstance(table.rows, GeneratorType)
    assert table.fields == ["host", "v", "count"]


def test_range_of_time_over_a_window_of_two():
    # The detection idiom `streamstats window=2 current=1 range(_time) as TimeDelta by session_id`.
    data = [{"s": "x", "_time": 10.0}, {"s": "x", "_time": 25.0}, {"s": "x", "_time": 27.0}]
    rows, _ = run("| streamstats window=2 current=1 range(_time) AS d by s", data)
    assert column(rows, "d") == [0, 15, 2]


@pytest.mark.parametrize("command, error", [
    ("| streamstats time_window=1h count", UnsupportedCommandError),
    ('| streamstats reset_after="(x>1)" count', UnsupportedCommandError),
    ('| streamstats reset_before="(x>1)" count', UnsupportedCommandError),
    ("| streamstats values(*) AS *", UnsupportedCommandError),
    ("| streamstats window=-1 count", BadArgumentError),
    ("| streamstats windw=2 count", BadArgumentError),
    ("| streamstats current=maybe count", BadArgumentError),
])
def test_check_rejects(command, error):
    with pytest.raises(error):
        bind_search(command)
