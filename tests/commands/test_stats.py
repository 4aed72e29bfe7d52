"""stats and its aggregation functions on small tables (stats reference, Aggregate functions,
Event order and Time functions, Multivalue stats functions and limits.conf [stats], Splunk docs)."""

import pytest

from engine.aggregates import AGGREGATES, NEEDS_FIELD, Accumulator
from spl.errors import BadArgumentError, UnknownFunctionError, UnsupportedCommandError
from support import bind_search, run_command


def run(command, rows, fields=None):
    return run_command(command, rows, fields).materialize()


def aggregate(name, values, times=None, field="x", allnum=False):
    accumulator = Accumulator(allnum)
    for value, time in zip(values, times or [None] * len(values)):
        accumulator.add(value, time)
    return AGGREGATES[name](accumulator, field)


def check_error(command):
    bind_search(command)


# ---- the aggregation functions -------------------------------------------------------------------


def test_count_counts_events_and_count_of_a_field_counts_its_values():
    # count(X) counts occurrences of X; a bare count counts events, null fields included.
    values = ["a", None, ("b", "c")]
    assert aggregate("count", values, field=None) == 3
    assert aggregate("count", values) == 3  # a, b, c
    assert aggregate("c", [None, None]) == 0


def test_dc_counts_distinct_text_so_1_and_1_point_0_differ():
    assert aggregate("dc", ["1", "1.0", "1", 1]) == 2
    assert aggregate("distinct_count", ["a", "b", "a"]) == 2
    assert aggregate("estdc", ["a", "b", "a"]) == 2  # exact here


def test_values_are_distinct_and_lexicographic_so_10_comes_before_9():
    assert aggregate("values", ["9", "10", "b", "A", "9", 100]) == ("10", "100", "9", "A", "b")
    assert aggregate("values", []) is None


def test_list_keeps_event_order_and_duplicates_up_to_100():
    assert aggregate("list", ["b", "a", "b"]) == ("b", "a", "b")
    assert len(aggregate("list", [str(i) for i in range(150)])) == 100


def test_min_and_max_compare_numbers_as_numbers():
    assert aggregate("min", ["10", "9", "100"]) == 9
    assert aggregate("max", ["10", "9", "100"]) == 100


def test_min_and_max_fall_back_to_text_and_numbers_sort_before_text():
    assert aggregate("min", ["b", "a", "c"]) == "a"
    assert aggregate("max", ["b", "a", "c"]) == "c"
    assert aggregate("min", ["b", "10", "9"]) == 9
    assert aggregate("max", ["b", "10", "9"]) == "b"


def test_sum_avg_range_and_sumsq_use_only_numbers():
    values = ["1", "2", "x", "3.5"]
    assert aggregate("sum", values) == 6.5
    assert aggregate("avg", values) == pytest.approx(6.5 / 3)
    assert aggregate("mean", ["2", "4"]) == 3
    assert aggregate("range", values) == 2.5
    assert aggregate("sumsq", ["1", "2", "3"]) == 14
    assert aggregate("sum", ["x"]) is None


def test_stdev_and_var_are_sample_and_stdevp_varp_population():
    values = ["2", "4", "4", "4", "5", "5", "7", "9"]  # mean 5, squares sum 32
    assert aggregate("varp", values) == 4
    assert aggregate("stdevp", values) == 2
    assert aggregate("var", values) == pytest.approx(32 / 7)
    assert aggregate("stdev", values) == pytest.approx((32 / 7) ** 0.5)
    assert aggregate("stdev", ["5"]) == 0


def test_allnum_makes_numeric_functions_null_when_any_value_is_not_a_number():
    # "computes numerical statistics on each field if and only if all of the values of that field
    # are numerical"
    assert aggregate("sum", ["1", "x"], allnum=True) is None
    assert aggregate("sum", ["1", "2"], allnum=True) == 3


def test_mode_is_the_most_frequent_value_first_seen_on_ties():
    assert aggregate("mode", ["a", "b", "b", "a", "c", "b"]) == "b"
    assert aggregate("mode", ["x", "y"]) == "x"


def test_exactperc_is_nearest_rank_from_limits_conf():
    # R = floor(percentile/100 * count), 0-based: exactperc90 of the community thread's ten
    # response times is the largest, 27.203.
    times = "1.379 1.276 1.351 2.062 1.465 3.107 1.621 1.901 1.562 27.203".split()
    assert aggregate("exactperc90", times) == 27.203
    assert aggregate("exactperc50", [str(i) for i in range(1, 11)]) == 6


def test_perc_interpolates_between_ranks_from_limits_conf():
    # F = percentile/100 * (count - 1): p90 of the same ten values is 3.107 + 0.1 * 24.096.
    times = "1.379 1.276 1.351 2.062 1.465 3.107 1.621 1.901 1.562 27.203".split()
    assert aggregate("p90", times) == pytest.approx(5.5166)
    one_to_ten = [str(i) for i in range(10, 0, -1)]
    assert aggregate("perc50", one_to_ten) == 5.5
    assert aggregate("perc95", one_to_ten) == 9.55
    assert aggregate("upperperc95", one_to_ten) == 9.55
    assert aggregate("p99.5", ["1", "2", "3"]) == pytest.approx(2.99)


def test_median_is_the_higher_middle_value_for_an_even_count():
    assert aggregate("median", [str(i) for i in range(1, 11)]) == 6
    assert aggregate("median", ["3", "1", "2"]) == 2


def test_first_and_last_follow_input_order():
    assert aggregate("first", ["b", "a", "c"]) == "b"
    assert aggregate("last", ["b", "a", "c"]) == "c"


def test_earliest_and_latest_follow_time_and_skip_untimed_values():
    values, times = ["late", "early", "middle", "untimed"], [300, 100, 200, None]
    assert aggregate("earliest", values, times) == "early"
    assert aggregate("latest", values, times) == "late"
    assert aggregate("earliest_time", values, times) == 100
    assert aggregate("latest_time", values, times) == 300


def test_registry_resolves_percentile_names_and_rejects_out_of_range_ones():
    for name in ("perc95", "p95", "p99.9", "exactperc50", "upperperc1", "p0", "p100"):
        assert name in AGGREGATES and name in NEEDS_FIELD
    for name in ("perc", "p", "perc101", "percx", "pp95"):
        assert name not in AGGREGATES
    assert "count" not in NEEDS_FIELD and "c" not in NEEDS_FIELD


# ---- the command ---------------------------------------------------------------------------------


ROWS = [
    {"host": "b", "x": "10", "user": "u1"},
    {"host": "a", "x": "9", "user": "u2"},
    {"host": "b", "x": "abc"},
    {"x": "5", "user": "u1"},
    {"host": "10", "x": "1"},
    {"host": "9", "x": "2"},
]


def test_no_by_clause_gives_one_row_with_by_fields_and_aggregates_in_order():
    rows, fields = run("| stats count dc(user) AS users values(x)", ROWS)
    assert fields == ["count", "users", "values(x)"]
    assert rows == [{"count": 6, "users": 2, "values(x)": ("1", "10", "2", "5", "9", "abc")}]


def test_no_by_clause_on_no_rows_still_gives_one_row():
    rows, fields = run("| stats count dc(x) count(x) sum(x) values(x)", [])
    assert rows == [{"count": 0, "dc(x)": 0, "count(x)": 0}]
    assert fields == ["count", "dc(x)", "count(x)", "sum(x)", "values(x)"]


def test_by_clause_on_no_rows_gives_no_rows():
    rows, fields = run("| stats count by host", [])
    assert rows == [] and fields == ["host", "count"]


def test_groups_sort_numbers_numerically_before_text_and_null_by_rows_are_dropped():
    rows, fields = run("| stats count max(x) by host", ROWS)
    assert fields == ["host", "count", "max(x)"]
    assert rows == [{"host": "9", "count": 1, "max(x)": 2},
                    {"host": "10", "count": 1, "max(x)": 1},
                    {"host": "a", "count": 1, "max(x)": 9},
                    {"host": "b", "count": 2, "max(x)": "abc"}]


def test_multivalue_by_field_counts_the_row_in_each_group():
    rows, _ = run("| stats count by tag", [{"tag": ("p", "q")}, {"tag": "p"}])
    assert rows == [{"tag": "p", "count": 2}, {"tag": "q", "count": 1}]


def test_dedup_splitvals_counts_a_repeated_value_once():
    data = [{"tag": ("p", "p", "q")}]
    assert run("| stats count by tag", data)[0][0] == {"tag": "p", "count": 2}
    assert run("| stats dedup_splitvals=true count by tag", data)[0][0] == {"tag": "p", "count": 1}


def test_count_eval_counts_the_rows_where_the_condition_holds():
    rows, _ = run('| stats count(eval(user="u1")) AS u1 sum(eval(x*2)) AS double by host', ROWS)
    assert rows[-1] == {"host": "b", "u1": 1, "double": 20}


def test_eval_that_fails_for_a_row_is_null_for_it():
    rows, _ = run('| stats count(eval(tonumber(x) > 4)) AS big', ROWS)
    assert rows == [{"big": 3}]


def test_wildcard_aggregation_expands_per_field_and_leaves_by_fields_out():
    data = [{"h": "a", "tcp.in": "1", "tcp.out": "3", "_time": 5}, {"h": "a", "tcp.in": "3"}]
    rows, fields = run("| stats avg(tcp.*) AS avg_tcp.* values(*) BY h", data)
    assert fields == ["h", "avg_tcp.in", "avg_tcp.out", "values(tcp.in)", "values(tcp.out)"]
    assert rows == [{"h": "a", "avg_tcp.in": 2, "avg_tcp.out": 3,
                     "values(tcp.in)": ("1", "3"), "values(tcp.out)": "3"}]


def test_as_renames_and_the_default_name_is_the_call_as_written():
    rows, fields = run("| stats p95(x) perc50(x) AS mid", [{"x": "1"}, {"x": "3"}])
    assert fields == ["p95(x)", "mid"]
    assert rows == [{"p95(x)": 2.9, "mid": 2}]


def test_partitions_is_accepted_and_changes_nothing():
    assert run("| stats partitions=4 count", ROWS)[0] == [{"count": 6}]


@pytest.mark.parametrize("command, error", [
    ("| stats valuse(x)", UnknownFunctionError),
    ("| stats perc(x)", UnknownFunctionError),
    ("| stats count(eval(x>1))", BadArgumentError),
    ("| stats count(eval(nosuch(x))) AS n", UnknownFunctionError),
    ("| stats sum", BadArgumentError),
    ('| stats delim="," values(x)', UnsupportedCommandError),
    ("| stats partition=2 count", BadArgumentError),
    ("| stats partitions=0 count", BadArgumentError),
    ("| stats allnum=maybe count", BadArgumentError),
    ("| stats values(a*) AS b", BadArgumentError),
    ("| stats count BY a*", BadArgumentError),
])
def test_check_rejects(command, error):
    with pytest.raises(error):
        check_error(command)


def test_unknown_names_get_a_did_you_mean():
    with pytest.raises(UnknownFunctionError) as raised:
        check_error("| stats valuse(x)")
    assert raised.value.hint == "did you mean `values`?"
    with pytest.raises(BadArgumentError) as raised:
        check_error("| stats dedup_splitval=t count")
    assert raised.value.hint == "did you mean `dedup_splitvals`?"
