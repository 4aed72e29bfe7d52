"""timechart on small tables.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/timechart
and its usage notes, https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/timechart-command/timechart-command-usage
(bins and span, the span thresholds, "To use day boundaries, use span=1d"). Where a test follows a
choice the pages leave open, it says so.
"""

from datetime import datetime, timedelta, timezone

import pytest

from spl.errors import BadArgumentError, UnknownFunctionError, UnsupportedCommandError
from engine.catalog import Catalog
from engine.clock import Clock
from engine.commands import COMMANDS
from engine.commands.timechart import Timechart
from engine.explain import describe, explain
from engine.runner import prepare
from engine.runtime import Runtime
from engine.table import Table
from spl import ast
from support import bind_search, run_rows

HOUR = 3600
T0 = 1_700_000_000 // HOUR * HOUR  # 2023-11-14T22:00:00Z


def rows_at(*spec):
    """Rows of (seconds after T0, host, bytes)."""
    return [{"_time": T0 + t, "host": h, "bytes": b} for t, h, b in spec]


def test_buckets_align_exactly_as_bin_aligns_them():
    """_time buckets are `bin span=` buckets, for sub-hour, hour, day and month spans."""
    rows = [{"_time": 1_699_000_000 + i * 7_777, "x": i} for i in range(400)]
    for span in ("90s", "7m", "2h", "1d", "3d", "1mon"):
        charted, _ = run_rows(f"| timechart span={span} cont=f count", rows)
        binned, _ = run_rows(f"| bin _time span={span} | stats count by _time", rows)
        assert [(float(r["_time"]), r["count"]) for r in charted] == \
            [(float(r["_time"]), r["count"]) for r in binned], span


def test_day_buckets_start_at_midnight_in_the_runs_time_zone():
    zone = timezone(timedelta(hours=-5))
    rows = [{"_time": datetime(2024, 3, 4, 23, 30, tzinfo=zone).timestamp()},
            {"_time": datetime(2024, 3, 5, 0, 30, tzinfo=zone).timestamp()}]
    charted, _ = run_rows("| timechart span=1d count", rows, tz=zone)
    assert [r["_time"] for r in charted] == [datetime(2024, 3, d, tzinfo=zone).timestamp()
                                              for d in (4, 5)]


def test_cont_fills_empty_months_and_cont_false_does_not():
    rows = [{"_time": datetime(2024, m, 15, tzinfo=timezone.utc).timestamp()} for m in (1, 4)]
    charted, _ = run_rows("| timechart span=1mon count", rows)
    assert [(datetime.fromtimestamp(r["_time"], timezone.utc).month, r["count"])
            for r in charted] == [(1, 1), (2, 0), (3, 0), (4, 1)]
    assert len(run_rows("| timechart span=1mon cont=false count", rows)[0]) == 2


def test_empty_buckets_hold_the_aggregate_of_no_rows():
    """count and dc of no rows are 0, the others null (as stats over no rows gives them)."""
    rows = rows_at((0, "a", 1), (2 * HOUR, "a", 3))
    charted, fields = run_rows("| timechart span=1h count dc(host) avg(bytes)", rows)
    assert fields == ["_time", "count", "dc(host)", "avg(bytes)"]
    assert charted[1] == {"_time": T0 + HOUR, "count": 0, "dc(host)": 0}


def test_limit_bottom_keeps_the_lowest_scores():
    rows = rows_at((0, "a", 10), (0, "b", 20), (0, "c", 30))
    _, fields = run_rows("| timechart span=1h limit=bottom2 sum(bytes) by host", rows)
    assert fields == ["_time", "a", "b", "OTHER"]


def test_limit_ties_are_broken_lexicographically():
    """The page: "'BAR' takes precedence over 'bar', which takes precedence over 'bat'"."""
    rows = rows_at((0, "bat", 1), (0, "bar", 1), (0, "BAR", 1))
    _, fields = run_rows("| timechart span=1h limit=2 useother=f count by host", rows)
    assert fields == ["_time", "BAR", "bar"]


def test_agg_chooses_the_function_that_scores_the_series():
    """agg= with limit: max finds the spike (b), where the default sum prefers a."""
    rows = rows_at((0, "a", 60), (HOUR, "a", 60), (2 * HOUR, "b", 100))
    keep = "| timechart span=1h limit=1 useother=f sum(bytes) by host"
    assert run_rows(keep, rows)[1] == ["_time", "a"]
    assert run_rows(keep.replace("limit=1", "limit=1 agg=max"), rows)[1] == ["_time", "b"]


def test_where_thresholds_and_notin():
    rows = rows_at((0, "a", 60), (HOUR, "a", 60), (2 * HOUR, "b", 100), (0, "c", 5))
    base = "| timechart span=1h useother=f sum(bytes) by host "
    assert run_rows(base + "where sum > 50", rows)[1] == ["_time", "a", "b"]
    assert run_rows(base + "where max < 80", rows)[1] == ["_time", "a", "c"]
    assert run_rows(base + "where sum notin top1", rows)[1] == ["_time", "b", "c"]
    assert run_rows(base + "where sum in bottom1", rows)[1] == ["_time", "c"]


def test_where_ignores_limit():
    """"These options [limit and agg] are ignored if you specify an explicit where-clause"."""
    rows = rows_at((0, "a", 1), (0, "b", 2), (0, "c", 3))
    fields = run_rows("| timechart span=1h limit=1 useother=f sum(bytes) by host "
                      "where sum > 0", rows)[1]
    assert fields == ["_time", "a", "b", "c"]


def test_format_names_the_columns_of_several_aggregations():
    rows = rows_at((0, "a", 1))
    fields = run_rows("| timechart span=1h format=\"$VAL$-$AGG$\" count max(bytes) by host",
                      rows)[1]
    assert fields == ["_time", "a-count", "a-max(bytes)"]


def test_one_aggregation_is_named_by_the_split_value_even_when_renamed():
    fields = run_rows("| timechart span=1h count AS n by host", rows_at((0, "a", 1)))[1]
    assert fields == ["_time", "a"]


def test_multivalue_split_counts_each_value_and_other_once():
    """A row with several cut values counts once in OTHER (a choice: the page is silent)."""
    rows = [{"_time": T0, "host": ("a", "b", "c")}, {"_time": T0, "host": "a"}]
    charted, fields = run_rows("| timechart span=1h limit=1 count by host", rows)
    assert charted == [{"_time": T0, "a": 2, "OTHER": 1}]
    deduped = [{"_time": T0, "host": ("x", "x")}]
    assert run_rows("| timechart span=1h dedup_splitvals=t count by host",
                    deduped)[0] == [{"_time": T0, "x": 1}]


def test_rows_without_a_numeric_time_are_left_out_and_no_rows_give_no_buckets():
    rows = [{"_time": T0}, {"_time": "soon"}, {"host": "a"}]
    assert run_rows("| timechart span=1h count", rows)[0] == [{"_time": T0, "count": 1}]
    assert run_rows("| timechart span=1h count", [])[0] == []


def test_bins_and_minspan_choose_the_span():
    """bins bounds the buckets over the events' range; minspan bounds the span from below."""
    rows = rows_at((0, "a", 1), (HOUR + 60, "a", 1))  # 22:00 to 23:01
    assert [r["_time"] for r in run_rows("| timechart bins=100 count", rows)[0]][:2] == \
        [T0, T0 + 60]  # 62 one-minute buckets fit in 100
    assert [r["_time"] for r in run_rows("| timechart bins=5 count", rows)[0]] == \
        [T0, T0 + 1800, T0 + 3600]  # 30m: 3 buckets; 10m would need 7
    assert len(run_rows("| timechart minspan=2h count", rows)[0]) == 1  # 1 day


def test_span_wins_over_bins():
    """"If you specify both, only span is used."""
    rows = rows_at((0, "a", 1), (HOUR, "a", 1))
    assert len(run_rows("| timechart bins=1 span=1h count", rows)[0]) == 2


def test_binds_to_a_timechart_that_reads_only_what_it_aggregates():
    node = bind_search("| timechart span=1h avg(bytes) by host")
    assert isinstance(node, Timechart) and COMMANDS[ast.Timechart].name == "timechart"
    assert node.needs(None) == {"_time", "host", "bytes"}
    assert "for each bucket of 3600 seconds of _time" in describe(node.command, node)


def test_explain_says_the_rows_were_summarized_not_removed():
    clock = Clock.started(timezone.utc)
    prepared = prepare("| timechart span=1h count", Catalog.load(), clock, rows=True)
    (report,) = explain(prepared, Runtime(clock=clock, rows=Table(rows_at((0, "a", 1),
                                                                          (60, "a", 1)))))
    assert report.vanished == ["2 row(s) summarized into 1"]


@pytest.mark.parametrize("search, error", [
    ("| timechart aligntime=0 span=1h count", UnsupportedCommandError),
    ("| timechart count by host user", BadArgumentError),
    ("| timechart count where sum in top3", BadArgumentError),
    ("| timechart count max(x) by host where sum in top3", BadArgumentError),
    ("| timechart count by host where sum > many", BadArgumentError),
    ("| timechart limit=some count by host", BadArgumentError),
    ("| timechart agg=summ count by host", UnknownFunctionError),
    ("| timechart values(*) by host", UnsupportedCommandError),
])
def test_mistakes_are_refused_at_bind_time(search, error):
    with pytest.raises(error):
        bind_search(search)


def test_bins_choose_the_span_over_the_search_range_with_fixedrange():
    # splunk-doc: bins (default 100) is the most buckets, and the usage page picks the span from
    # the time range (its default-span table is by the range picker's range); with
    # fixedrange=true that range is the search's, three days from 22:00 here, so 1d buckets (1h
    # would make 72, over bins=10), aligned on midnight: Nov 14 to Nov 17; fixedrange=false
    # charts the events' 50 minutes, in 10m buckets.
    rows = rows_at((0, "a", 1), (3000, "a", 1))
    search = f"search earliest={T0} latest={T0 + 3 * 86400} | timechart bins=10 count"
    fixed, _ = run_rows(search, rows)
    assert [r["count"] for r in fixed] == [2, 0, 0, 0]
    events, _ = run_rows(search.replace("bins=10", "bins=10 fixedrange=false"), rows)
    assert [r["count"] for r in events] == [1, 0, 0, 0, 0, 1]


def test_only_top_level_time_terms_set_the_search_range():
    # An earliest= inside an OR filters some events but bounds no range (this project's reading:
    # the range is what every event of the search lies in).
    rows = rows_at((0, "a", 1))
    charted, _ = run_rows(f"search (earliest={T0 - 7200} OR host=b) | timechart span=1h count",
                          rows)
    assert [r["count"] for r in charted] == [1]


def test_a_fixed_range_of_too_many_buckets_is_refused():
    # The page is silent on a limit; this project refuses a range that would fill more than
    # MOST_BUCKETS buckets rather than build them.
    with pytest.raises(BadArgumentError, match="fills more than 100000 buckets"):
        bind_search("search earliest=0 latest=1700000000 | timechart span=1s count")
    assert isinstance(bind_search("search earliest=0 latest=1700000000 | timechart span=1s "
                                  "fixedrange=false count"), Timechart)


def test_a_time_no_calendar_holds_is_left_out_of_day_buckets():
    """`_time=1e300` has no date, so a day bucket cannot hold it: the row is left out, as bin
    leaves such a value unbinned. Splunk's pages are silent on times past the year 9999."""
    rows = [{"_time": 1e300}, {"_time": 1709547607.0}]
    charted, _ = run_rows("| timechart span=1d count", rows)
    assert charted == [{"_time": 1709510400, "count": 1}]


@pytest.mark.parametrize("search", ["| timechart span=1s count",
                                    "| chart count over x span=1"])
def test_cont_filling_more_than_the_most_buckets_is_refused(search):
    """cont=true fills every bucket between the first and the last; across centuries at one
    second each that would never end. The cap is this project's (the docs name none)."""
    rows = [{"_time": 1709547607.0, "x": 5}, {"_time": 1e12, "x": 10**9}]
    with pytest.raises(BadArgumentError, match="fills more than 100000 buckets"):
        run_rows(search, rows)
