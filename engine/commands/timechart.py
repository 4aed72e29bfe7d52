"""timechart: aggregate the rows per bucket of `_time`, one column per value of a split-by field.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/timechart
`timechart [sep=<string>] [format=<string>] [partial=<bool>] [cont=<bool>] [limit=<chart-limit-opt>]
[agg=<stats-agg-term>] [<bin-options>...] <single-agg>... [BY <split-by-clause>]
[<dedup_splitvals>]`, and its usage notes
(https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/timechart-command/timechart-command-usage).
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
- fixedrange=true (the default) stretches the buckets to the search's earliest and latest
  times. A local run has no search time range, only events, so buckets span the events, as
  fixedrange=false (and an All time search in Splunk) gives. partial=false drops first and last
  buckets that the search's time range cuts; without that range it cannot be honoured here, so
  it is rejected (partial=true, the default, is accepted).
- One split-by field; its options (limit, useother, usenull, ...) may follow it.
Choices where the page is silent: a row without a `_time` that reads as a number is left out;
no `_span` field is added; aligntime=, start= and end= are rejected.
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
from engine.commands.chart import (SERIES_OPTIONS, Bins, Series, Splits, binned_number,
                                   chart_table, read_series, split_needs)
from engine.commands.stats import Settings, annotating_label, check_terms, expand_terms
from engine.options import bool_option, int_option, option_map, span_option
from engine.spans import Span, as_time, parse_span
from engine.table import Row, Table

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
    if not bool_option(options.get("partial"), True):
        raise UnsupportedCommandError("timechart partial=false is not supported: it needs the "
                                      "search's time range, which a local run does not have",
                                      options["partial"].span)
    bool_option(options.get("fixedrange"), True)
    if len(node.by) > 1 or any("*" in field for field in node.by):
        raise BadArgumentError("timechart splits by one field, e.g. `timechart count by host`",
                               node.span)
    split = node.by[0] if node.by else None
    check_terms(node.aggregations, (), node.span, wildcards=False)
    span, minspan = span_option(options.get("span")), span_option(options.get("minspan"))
    return Timechart(input=input, command=node, aggregations=node.aggregations, split=split,
                     span=None if span is None else as_time(span),
                     bins=int_option(options.get("bins"), 100, minimum=1),
                     minspan=None if minspan is None else as_time(minspan),
                     series=read_series(options, node.where, node.aggregations, split),
                     cont=bool_option(options.get("cont"), True),
                     dedup_splitvals=bool_option(options.get("dedup_splitvals"), False))


def run(node: Timechart, table: Table, runtime: Runtime) -> Table:
    rows = list(table.rows)
    tz = runtime.clock.tz
    span = node.span or auto_span(rows, node.bins, node.minspan, tz)
    terms = expand_terms(node.aggregations, [], ())
    splits = Splits("_time", node.split, Bins(span), node.series, node.dedup_splitvals)
    return chart_table(rows, terms, splits, Settings(dedup_splitvals=node.dedup_splitvals),
                       node.cont, tz)


def auto_span(rows: list[Row], bins: int, minspan: Span | None, tz: tzinfo) -> Span:
    """The smallest threshold span, not under `minspan`, whose buckets over the rows' time
    range number at most `bins`."""
    candidates = [s for s in AUTO_SPANS
                  if minspan is None or _seconds(s) >= _seconds(minspan)] or [minspan]
    times = [t for t in (binned_number(row, "_time") for row in rows) if t is not None]
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
