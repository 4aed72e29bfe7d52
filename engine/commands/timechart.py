"""timechart: aggregate the rows per bucket of `_time`, one column per value of a split-by field.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/timechart
`timechart [sep=<string>] [format=<string>] [partial=<bool>] [cont=<bool>] [limit=<chart-limit-opt>]
[agg=<stats-agg-term>] [<bin-options>...] <single-agg>... [BY <split-by-clause>]
[<dedup_splitvals>]`, and its usage notes
(https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/timechart-command/timechart-command-usage);
the SPL2 syntax lists fixedrange= beside partial= and cont=
(https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/timechart-command/timechart-command-overview-and-syntax).
It is chart with `_time` as the row split, binned: engine/commands/chart.py holds the series
rules (column names, limit and agg, useother/otherstr, usenull/nullstr, the where clause, the
value of an empty cell), which the two commands share.
- "A timechart is a statistical aggregation applied to a field to produce a chart, with time used
  as the X-axis": one row per bucket of `_time`, in time order, `_time` holding the bucket's
  start, aligned as `bin span=` aligns it (engine/spans.py: from epoch 0; days and months from
  midnight in the run's time zone, "To use day boundaries, use span=1d").
- span= sets the bucket (a bare number counts seconds). Without it, bins= (default 100) is the
  most buckets the events' time range may fill, and the span is the smallest of the usage
  page's span thresholds (1, 5, 10, 30 seconds, 1, 5, 10, 30 minutes, 1 hour, 1 day, 30 days,
  taken here as 1mon as the page's "Previous year: 1 month" default does) that fits and is not
  under minspan=. "If you specify both, only span is used."
- cont=true (the default) fills the buckets without events between the first and the last;
  cont=false shows only buckets with events.
- fixedrange (default true) says whether the chart enforces the earliest and latest times of the
  search; fixedrange=false lets it shrink or grow to the time range the events cover (the
  page's option, paraphrased). The search's time range is that of the earliest= and latest=
  terms of the search the events come from (the leading `search`, ANDed at its top level;
  latest is exclusive): with fixedrange=true and cont=true the buckets run from the one holding earliest
  to the one before latest, empty ones filled, and bins= chooses the span over that range. A
  search with no such terms is an All time search (addinfo's info_min_time 0, info_max_time
  +Infinity), whose buckets span the events, as fixedrange=false always does.
- partial (default true) says whether partial time bins are kept, and only the first and the
  last bin can be partial (paraphrased): partial=false drops the first bucket when it starts
  before the search's earliest time and the last when it ends after its latest. An All time
  search cuts no bucket.
- One split-by field; its options (limit, useother, usenull, ...) may follow it.
Choices where the page is silent: a row without a `_time` that reads as a number is left out;
no `_span` field is added; aligntime=, start= and end= are rejected; earliest= and latest= of a
tstats where clause or of a data model's search set no range here; a fixed range that would fill
more than MOST_BUCKETS buckets is refused (give a wider span= or fixedrange=false).
Binds to a Timechart holding the terms, the split-by field, the span (or bins and minspan) and
the series settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine import plan
from engine.commands.chart import (MOST_BUCKETS, SERIES_OPTIONS, Bins, Series, Splits,
                                   binned_number, chart_table, read_series, split_needs)
from engine.commands.stats import Settings, annotating_label, check_terms, expand_terms
from engine.options import bool_option, int_option, option_map, span_option
from engine.spans import Span, as_time, parse_span
from engine.table import Row, Table
from engine.values import to_number

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = SERIES_OPTIONS + ("span", "bins", "minspan", "fixedrange", "partial", "aligntime",
                            "start", "end")
_UNSUPPORTED = ("aligntime", "start", "end")
# The usage page's span thresholds, smallest first; its 30 days is a calendar month here.
AUTO_SPANS = tuple(parse_span(text) for text in
                   ("1s", "5s", "10s", "30s", "1m", "5m", "10m", "30m", "1h", "1d", "1mon"))
_SECONDS = {"seconds": 1, "days": 86_400, "months": 2_592_000}
_EXCLUSIVE = 1e-6  # latest= is exclusive: the last bucket is the one just before it
Range = tuple[float | None, float | None]  # the search's earliest and latest times (None: open)


@dataclass(frozen=True, kw_only=True)
class Timechart(plan.Command):
    """Aggregate per bucket of `_time` (of `span`, or the span `bins` and `minspan` choose from
    the data) and per value of `split`, as chart does over `_time`."""

    aggregations: tuple[ast.Aggregation, ...]
    split: str | None = None
    span: Span | None = None
    bins: int = 100
    minspan: Span | None = None
    series: Series = Series()
    cont: bool = True
    dedup_splitvals: bool = False
    time_range: Range = (None, None)  # the search's, when fixedrange or partial use it
    fixedrange: bool = True
    partial: bool = True

    def needs(self, after: plan.Needed) -> plan.Needed:
        return split_needs(self.aggregations, ("_time", self.split))

    def label(self) -> str:
        settings = {"span": self.span} if self.span else {"bins": self.bins}
        return annotating_label("Timechart", self.aggregations,
                                (self.split,) if self.split else (), settings)


def bind(node: ast.Timechart, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "timechart")
    for name in _UNSUPPORTED:
        if name in options:
            raise UnsupportedCommandError(f"timechart `{name}=` is not supported yet",
                                          options[name].span)
    if len(node.by) > 1 or any("*" in field for field in node.by):
        raise BadArgumentError("timechart splits by one field, e.g. `timechart count by host`",
                               node.span)
    split = node.by[0] if node.by else None
    check_terms(node.aggregations, (), node.span, wildcards=False)
    span, minspan = span_option(options.get("span")), span_option(options.get("minspan"))
    fixedrange = bool_option(options.get("fixedrange"), True)
    timechart = Timechart(input=input, command=node, aggregations=node.aggregations,
                          split=split, span=None if span is None else as_time(span),
                          bins=int_option(options.get("bins"), 100, minimum=1),
                          minspan=None if minspan is None else as_time(minspan),
                          series=read_series(options, node.where, node.aggregations, split),
                          cont=bool_option(options.get("cont"), True),
                          dedup_splitvals=bool_option(options.get("dedup_splitvals"), False),
                          time_range=search_range(input), fixedrange=fixedrange,
                          partial=bool_option(options.get("partial"), True))
    _check_extent(timechart, binder.clock.tz)
    return timechart


def run(node: Timechart, table: Table, runtime: Runtime) -> Table:
    rows = list(table.rows)
    tz = runtime.clock.tz
    extent = fixed_extent(node, rows)
    span = node.span or auto_span(rows, node.bins, node.minspan, tz, extent)
    terms = expand_terms(node.aggregations, [], ())
    splits = Splits("_time", node.split, Bins(span), node.series, node.dedup_splitvals)
    chart = chart_table(rows, terms, splits, Settings(dedup_splitvals=node.dedup_splitvals),
                        node.cont, tz, extent)
    if node.partial:
        return chart
    return _whole_buckets(chart, Bins(span), node.time_range, tz)


def search_range(input: plan.Node) -> Range:
    """The earliest and latest times of the search the rows come from: the `_time` bounds its
    earliest= and latest= terms became (engine/timemodifiers.py), ANDed at the top level of the
    search that reads the events (or the rows handed in) directly. (None, None) for an All time
    search."""
    search = next((node for node in plan.chain(input)
                   if isinstance(node, plan.Filter)
                   and isinstance(node.input, (plan.Enrich, plan.Rows))
                   and isinstance(node.command, ast.Search)), None)
    condition = None if search is None else search.condition
    terms = condition.operands if isinstance(condition, ast.And) else (condition,)
    bounds = [(term.op, to_number(term.value)) for term in terms
              if isinstance(term, ast.Compare) and term.field == "_time"
              and term.op in (">=", "<") and to_number(term.value) is not None]
    earliest = [value for op, value in bounds if op == ">="]
    latest = [value for op, value in bounds if op == "<"]
    return (max(earliest) if earliest else None, min(latest) if latest else None)


def fixed_extent(node: Timechart, rows: list[Row]) -> tuple[float, float] | None:
    """The first and last instants the buckets must cover: the search's range with
    fixedrange=true and cont=true, an open end taken from the rows' times; None otherwise."""
    earliest, latest = node.time_range
    if not (node.fixedrange and node.cont) or (earliest is None and latest is None):
        return None
    times = [t for t in (binned_number(row, "_time") for row in rows) if t is not None]
    first = earliest if earliest is not None else min(times, default=None)
    last = latest - _EXCLUSIVE if latest is not None else max(times, default=None)
    if first is None or last is None or last < first:
        return None
    return first, last


def _check_extent(node: Timechart, tz: tzinfo) -> None:
    """A fixed range of known ends and span must not fill more than MOST_BUCKETS buckets."""
    earliest, latest = node.time_range
    if node.span is None or earliest is None or latest is None or \
            not (node.fixedrange and node.cont) or latest - _EXCLUSIVE < earliest:
        return
    if _buckets(Bins(node.span), earliest, latest - _EXCLUSIVE, MOST_BUCKETS, tz) > \
            MOST_BUCKETS:
        raise BadArgumentError(f"timechart over the search's time range with span="
                               f"{node.span} fills more than {MOST_BUCKETS} buckets: give a "
                               "wider span= or fixedrange=false", node.command.span)


def _whole_buckets(chart: Table, bins: Bins, time_range: Range, tz: tzinfo) -> Table:
    """The chart without its first bucket when it starts before the range's earliest time, and
    without its last when it ends after the latest (partial=false)."""
    rows, fields = chart.materialize()
    earliest, latest = time_range
    if rows and earliest is not None and rows[0]["_time"] < earliest:
        rows = rows[1:]
    if rows and latest is not None and bins.following(rows[-1]["_time"], tz) > latest:
        rows = rows[:-1]
    return Table(rows, fields)


def auto_span(rows: list[Row], bins: int, minspan: Span | None, tz: tzinfo,
              extent: tuple[float, float] | None = None) -> Span:
    """The smallest threshold span, not under `minspan`, whose buckets over the time range
    (`extent`, else the rows') number at most `bins`."""
    candidates = [s for s in AUTO_SPANS
                  if minspan is None or _seconds(s) >= _seconds(minspan)] or [minspan]
    day = Bins(Span(1, "days"))
    times = [t for t in (binned_number(row, "_time") for row in rows)
             if t is not None and day.key_of(t, tz) is not None]  # what the chart leaves out
    if extent is not None:
        times += list(extent)
    if not times:
        return candidates[0]
    first, last = min(times), max(times)
    for span in candidates:
        if _buckets(Bins(span), first, last, bins, tz) <= bins:
            return span
    return candidates[-1]


def _seconds(span: Span) -> float:
    return span.size * _SECONDS[span.unit]


def _buckets(bins: Bins, first: float, last: float, most: int, tz: tzinfo) -> int:
    """How many buckets cover first..last (counting stops past `most`)."""
    key, end, count = bins.key(first, tz), bins.key(last, tz), 1
    while key < end and count <= most:
        key, count = bins.following(key, tz), count + 1
    return count
