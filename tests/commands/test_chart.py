"""chart on small tables.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/chart
Where a test follows a choice the page leaves open, it says so.
"""

import pytest

from spl.errors import BadArgumentError, UnsupportedCommandError
from engine.commands.chart import Chart
from engine.explain import describe
from support import bind_search, run_rows

ROWS = [{"host": h, "status": s, "bytes": b} for h, s, b in
        [("a", "200", 10), ("a", "404", 5), ("b", "200", 7), ("b", "200", 1), ("c", "500", 2)]]


def test_a_row_split_alone_is_stats_by_that_field():
    """`chart count by host` (or `over host`): one row per host, as stats gives."""
    stats = run_rows("| stats count avg(bytes) by host", ROWS)
    assert run_rows("| chart count avg(bytes) by host", ROWS) == stats
    assert run_rows("| chart count avg(bytes) over host", ROWS) == stats


def test_no_split_on_no_rows_is_one_row_like_stats():
    assert run_rows("| chart count dc(host) max(bytes)", []) == \
        ([{"count": 0, "dc(host)": 0}], ["count", "dc(host)", "max(bytes)"])


def test_over_by_and_by_two_fields_are_the_same_split():
    over = run_rows("| chart sum(bytes) over host by status", ROWS)
    assert over == run_rows("| chart sum(bytes) by host status", ROWS)
    assert over == run_rows("| chart sum(bytes) by host, status", ROWS)
    assert over[1] == ["host", "200", "404", "500"]
    assert over[0][1] == {"host": "b", "200": 8}


def test_rows_with_a_null_row_split_are_left_out():
    """As stats leaves out a row whose BY field is null (a choice: the page is silent)."""
    rows = ROWS + [{"status": "200", "bytes": 1}]
    assert [r["host"] for r in run_rows("| chart count over host by status", rows)[0]] == \
        ["a", "b", "c"]


def test_limit_zero_keeps_every_column_and_no_other():
    """"If set to limit=0, all distinct values are returned"."""
    _, fields = run_rows("| chart limit=0 count over host by status", ROWS)
    assert fields == ["host", "200", "404", "500"]


def test_several_aggregations_rank_columns_by_frequency():
    """With several aggregations the score is how often a value occurs (200: 3 rows)."""
    _, fields = run_rows("| chart limit=1 useother=f count sum(bytes) over host by status",
                         ROWS)
    assert fields == ["host", "count: 200", "sum(bytes): 200"]


def test_bin_options_after_the_row_split_bin_it():
    """`BY <row-split> [options] <column-split>`: span= after the first BY field bins it."""
    rows = [{"bytes": b, "host": "a"} for b in (5, 15, 17)]
    assert run_rows("| chart count by bytes span=10 host", rows)[0] == \
        [{"bytes": "0-10", "a": 1}, {"bytes": "10-20", "a": 2}]


def test_span_on_time_bins_times_and_cont_false_skips_empty_bins():
    rows = [{"_time": t} for t in (0, 30, 250)]
    binned, _ = run_rows("| chart count over _time span=100", rows)
    assert binned == [{"_time": 0, "count": 2}, {"_time": 100, "count": 0},
                      {"_time": 200, "count": 1}]
    assert len(run_rows("| chart cont=f count over _time span=100", rows)[0]) == 2


def test_binds_to_a_chart_that_reads_only_its_splits_and_terms():
    node = bind_search("| chart avg(bytes) over host by status limit=3")
    assert isinstance(node, Chart) and (node.row, node.column) == ("host", "status")
    assert node.needs(None) == {"host", "status", "bytes", "_time"}
    assert describe(node.command, node) == ("computes avg(bytes) for each value of host, one "
                                            "column per value of status (top 3 by sum, the "
                                            "rest as OTHER)")


@pytest.mark.parametrize("search, error", [
    ("| chart count over a by b c", BadArgumentError),
    ("| chart count span=10", BadArgumentError),
    ("| chart bins=10 count", BadArgumentError),  # nothing to bin
    ("| chart count over _time bins=10", UnsupportedCommandError),
    ("| chart count over host by bytes bins=0", BadArgumentError),
    ("| chart count by a* b", BadArgumentError),
    ("| chart count over host where sum in top2", BadArgumentError),
])
def test_mistakes_are_refused_at_bind_time(search, error):
    with pytest.raises(error):
        bind_search(search)


def test_the_column_split_takes_its_own_bin_options():
    # splunk-doc: the column split is `<field> [<tc-options>]...`, and tc-options hold the
    # bin options, as the row split's do; span=5 puts bytes into ranges as bin writes them.
    rows, fields = run_rows("| chart count over host by bytes span=5", ROWS)
    assert fields == ["host", "0-5", "5-10", "10-15"]
    assert rows == [{"host": "a", "0-5": 0, "5-10": 1, "10-15": 1},
                    {"host": "b", "0-5": 1, "5-10": 1, "10-15": 0},
                    {"host": "c", "0-5": 1, "5-10": 0, "10-15": 0}]
    assert run_rows("| chart count by host bytes span=5", ROWS) == (rows, fields)


def test_bins_chooses_a_power_of_ten_span():
    # splunk-doc: bins "Sets the maximum number of bins to discretize into" (the bin options of
    # https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin); it
    # does not say how the span is chosen: here the smallest power of ten that keeps to the bins, so
    # bytes 1..10 in at most 3 bins are 0-10 and 10-20 (span 1 would make ten, over three).
    rows, fields = run_rows("| chart count over bytes bins=3", ROWS)
    assert rows == [{"bytes": "0-10", "count": 4}, {"bytes": "10-20", "count": 1}]
    rows, fields = run_rows("| chart count over host by bytes bins=3", ROWS)
    assert fields == ["host", "0-10", "10-20"]
    # span= wins over bins= when both are given (as the timechart usage page says of bins).
    _, fields = run_rows("| chart count over host by bytes bins=3 span=5", ROWS)
    assert fields == ["host", "0-5", "5-10", "10-15"]


def test_bins_of_one_across_zero_still_ends():
    # Ranges start at multiples of the span from 0, so numbers either side of 0 always take two
    # of them: bins=1 gives the two narrowest such ranges rather than looking for one forever.
    rows, _ = run_rows("| chart count over x bins=1", [{"x": -5}, {"x": 5}])
    assert rows == [{"x": "-10-0", "count": 1}, {"x": "0-10", "count": 1}]
    rows, _ = run_rows("| chart count over x bins=1", [{"x": -5}, {"x": 0}])
    assert rows == [{"x": "-10-0", "count": 1}, {"x": "0-10", "count": 1}]
