"""chart: aggregate the rows into a table with a row per value of one field and a column per value
of another; and the series core that timechart (engine/commands/timechart.py) and xyseries
(engine/commands/xyseries.py) share with it.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/chart
`chart [<chart-options>] [agg=<stats-agg-term>] <stats-agg-term>... [BY <row-split> <column-split>]
| [OVER <row-split>] [BY <column-split>] [<dedup_splitvals>]`, with the functions of
engine/aggregates.py grouped by stats' core (engine/commands/stats.py).
- No split gives one row of aggregates, as stats without BY does. The row split (`OVER x`, or the
  first BY field) gives one row per value of it, its values in the first column; the column split
  (`BY y` after OVER, or the second BY field) one column per value of it.
- With a column split, each column is named by the split value for one aggregation, and by
  `format` ("$AGG$" the aggregation, "$VAL$" the value) for several, which is `$AGG$<sep>$VAL$`
  with sep ": " unless sep= or format= say otherwise: `avg(x): web1`. A cell without rows holds the
  aggregate of no rows: 0 for count and dc, null for the others.
- limit=[top|bottom]<N> (default 10, 0 keeps every value): the page scores each value by the sum
  of its aggregate over the rows when there is one aggregation, by how often it occurs when there
  are several, and breaks ties lexicographically ("BAR" before "bar" before "bat"); agg= names the
  function that scores instead of sum. useother (default true) puts the values cut into one column,
  otherstr (default OTHER); usenull (default true) gives rows without the column split a column of
  their own, nullstr (default NULL), and usenull=false leaves them out.
- `where <function> in|notin top<N>|bottom<N>` or `where <function> <|> <number>` after the
  column split chooses the columns by the function over each column's values instead (sum, the
  area under the curve, by default; max finds spikes); limit and agg then do not apply.
- The splits take bin options: span= after a split bins it as bin bins it (engine/spans.py),
  the row split's written after it (or before the aggregations), the column split's after it
  (`by bytes span=100`: its tc-options include the bin options); bins= "Sets the maximum number
  of bins to discretize into" (the bin options of
  https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin), the
  span told from the numbers of the rows; span= wins over bins=. cont (default true) fills the row split's bins without rows between the first
  and the last.
Choices where the page is silent: columns come in ascending order of their values (numbers
first, as stats sorts groups), OTHER last; nullstr's column is ranked and cut like any value; a
row contributes to OTHER once even when several of its values were cut; with a where clause or
limit, `count` counts the rows (bins) where a column has a value; a row whose row split is null is
left out, as stats leaves it out; a row whose binned value is not a number is left out; span=
written before the aggregations bins the row split too; bins= chooses the smallest power of ten
that keeps to the bins (engine/spans.py number_span), and bins= on `_time` is rejected (span=
or timechart bins= do it); binned columns come in the order of their bins, each named by its
range. minspan=, start=, end= and aligntime= are rejected.
Binds to a Chart holding the terms, the splits, the bins and the series settings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import tzinfo
from typing import Callable, Iterable, Mapping, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine import plan
from engine.aggregates import AGGREGATES, Accumulator, check_aggregation
from engine.commands.stats import (Keys, Settings, Term, accumulate, annotating_label,
                                   check_terms, expand_terms, group_keys, natural_key,
                                   new_accumulators, results)
from engine.options import bool_option, int_option, option_map, span_option
from engine.spans import Span, as_time, binner, number_span
from engine.table import Row, Table
from engine.values import Scalar, Value, to_number, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

SERIES_OPTIONS = ("limit", "agg", "useother", "otherstr", "usenull", "nullstr", "sep", "format",
                  "dedup_splitvals", "cont")
_INFERRED = ("minspan", "start", "end", "aligntime")  # spans told from the data
BIN_OPTIONS = ("span", "bins")
OPTIONS = SERIES_OPTIONS + BIN_OPTIONS + _INFERRED
_LIMIT = re.compile(r"(top|bottom)?\s*(\d+)", re.IGNORECASE)
_RANK = re.compile(r"(top|bottom)(\d+)", re.IGNORECASE)
Key = tuple[str, ...]
MOST_BUCKETS = 100_000  # the most buckets cont= (or a fixed time range) may fill


@dataclass(frozen=True)
class SeriesFilter:
    """A where clause: keep the series whose `function` over their values ranks in (or, with
    `op` notin, out of) the top or bottom `rank`, or compares with `threshold` (`op` < or >)."""

    function: str
    op: str
    rank: int = 0
    bottom: bool = False
    threshold: float = 0.0

    def __str__(self) -> str:
        if self.op in ("<", ">"):
            return f"{self.function} {self.op} {to_text(self.threshold)}"
        return f"{self.function} {self.op} {'bottom' if self.bottom else 'top'}{self.rank}"


@dataclass(frozen=True)
class Series:
    """How the values of a column split become columns: which are kept (limit ranked by `agg`,
    or a where clause), what the others and the rows without the field become, how columns are
    named."""

    limit: int = 10
    bottom: bool = False
    agg: str = "sum"
    where: SeriesFilter | None = None
    useother: bool = True
    otherstr: str = "OTHER"
    usenull: bool = True
    nullstr: str = "NULL"
    format: str = "$AGG$: $VAL$"

    def __str__(self) -> str:
        if self.where is None and not self.limit:
            return "every value"
        chosen = str(self.where) if self.where else \
            f"{'bottom' if self.bottom else 'top'} {self.limit} by {self.agg}"
        return chosen + (f", the rest as {self.otherstr}" if self.useother else "")


@dataclass(frozen=True)
class Bins:
    """The bins of a binned row split: times (epoch starts, days and months in the run's time
    zone) or, for a span without a unit on a field other than `_time`, number ranges."""

    span: Span

    @property
    def numbers(self) -> bool:
        return self.span.unit == "number"

    def key(self, value: int | float, tz: tzinfo) -> int | float:
        """The bin of `value`: its start time, or the index of its number range."""
        if self.numbers:
            return math.floor(value / self.span.size)
        return binner(self.span, 0.0, tz)(value)

    def key_of(self, value: int | float, tz: tzinfo) -> int | float | None:
        """The bin of `value`, or None for a time no calendar holds (`_time=1e300`: day and
        month spans need a date), which bin leaves unbinned and a chart leaves out."""
        try:
            return self.key(value, tz)
        except (OverflowError, ValueError, OSError):
            return None

    def following(self, key: int | float, tz: tzinfo) -> int | float:
        """The bin after `key`: half a bin past its end falls inside the next one, whatever
        the length of the day or month."""
        if self.numbers:
            return key + 1
        width = {"seconds": 1, "days": 86_400, "months": 30 * 86_400}[self.span.unit]
        return self.key(key + 1.5 * width * self.span.size, tz)

    def label(self, key: int | float, tz: tzinfo) -> Scalar:
        """What the row split shows for the bin: its start time, or its range as bin writes
        it (`10-20`)."""
        if self.numbers:
            return binner(self.span, 0.0, tz)((key + 0.5) * self.span.size)
        return key

    def __str__(self) -> str:
        return str(self.span)


@dataclass(frozen=True, kw_only=True)
class Chart(plan.Command):
    """Aggregate per value of `row` (binned by `bins`) and per value of `column`, one column per
    kept value of `column` as `series` says; `cont` fills empty bins."""

    aggregations: tuple[ast.Aggregation, ...]
    row: str | None = None
    column: str | None = None
    bins: Bins | None = None
    series: Series = Series()
    cont: bool = True
    dedup_splitvals: bool = False
    row_most: int | None = None  # bins= on the row split: its span is told from the rows
    column_bins: Bins | None = None
    column_most: int | None = None  # bins= on the column split

    def needs(self, after: plan.Needed) -> plan.Needed:
        return split_needs(self.aggregations, (self.row, self.column))

    def label(self) -> str:
        splits = (("OVER", self.row), ("BY", self.column), ("span=", self.bins))
        return annotating_label("Chart", self.aggregations, (), {}) + "".join(
            f" {word}{'' if word.endswith('=') else ' '}{value}" for word, value in splits
            if value is not None)


def bind(node: ast.Chart, input: plan.Node, binder: Binder) -> plan.Node:
    own = [o for o in node.column_options if o.name.lower() in BIN_OPTIONS]
    options = option_map(node.options + tuple(o for o in node.column_options if o not in own),
                         OPTIONS, "chart")
    column_options = option_map(own, BIN_OPTIONS, "chart")
    for name in _INFERRED:
        if name in options:
            raise UnsupportedCommandError(f"chart `{name}=` is not supported yet; give span=",
                                          options[name].span)
    row, column = _splits(node)
    check_terms(node.aggregations, (), node.span)
    bins, row_most = _bin_options(options, row, "row")
    column_bins, column_most = _bin_options(column_options, column, "column")
    return Chart(input=input, command=node, aggregations=node.aggregations, row=row,
                 column=column, bins=bins,
                 series=read_series(options, node.where, node.aggregations, column),
                 cont=bool_option(options.get("cont"), True),
                 dedup_splitvals=bool_option(options.get("dedup_splitvals"), False),
                 row_most=row_most, column_bins=column_bins, column_most=column_most)


def _bin_options(options: Mapping[str, ast.Option], field: str | None,
                 split: str) -> tuple[Bins | None, int | None]:
    """A split's bins: of span= (which wins over bins=, as for timechart), or the most bins
    bins= allows, the span told from the data when the chart runs."""
    given = options.get("span") or options.get("bins")
    if given is None:
        return None, None
    if field is None:
        raise BadArgumentError(f"{given.name}= bins the {split} split: give one, e.g. `chart "
                               f"count over bytes {given.name}=10`", given.span)
    span = span_option(options.get("span"))
    if span is not None:
        return Bins(as_time(span) if field == "_time" else span), None
    if field == "_time":
        raise UnsupportedCommandError("chart bins= on _time is not supported yet; give span=, "
                                      "or use timechart bins=", given.span)
    return None, int_option(given, 100, minimum=1)


def run(node: Chart, table: Table, runtime: Runtime) -> Table:
    if any("*" in (a.field or "") for a in node.aggregations):
        rows, fields = table.materialize()
    else:
        rows, fields = list(table.rows), []
    by = tuple(f for f in (node.row, node.column) if f)
    terms = expand_terms(node.aggregations, fields, by)
    splits = Splits(node.row, node.column, _bins(node.bins, node.row_most, rows, node.row),
                    node.series, node.dedup_splitvals,
                    _bins(node.column_bins, node.column_most, rows, node.column))
    return chart_table(rows, terms, splits, Settings(dedup_splitvals=node.dedup_splitvals),
                       node.cont, runtime.clock.tz)


def _bins(bins: Bins | None, most: int | None, rows: list[Row], field: str | None) -> Bins | None:
    """The bins of a split: those of its span=, or of bins= over the numbers the rows hold."""
    if most is None or field is None:
        return bins
    numbers = [n for n in (binned_number(row, field) for row in rows) if n is not None]
    return Bins(number_span(min(numbers, default=0), max(numbers, default=0), most))


def _splits(node: ast.Chart) -> tuple[str | None, str | None]:
    """(row split, column split): `OVER x BY y`, `BY x y` or `BY x`."""
    by = list(node.by)
    for field in by + [node.over or ""]:
        if "*" in field:
            raise BadArgumentError(f"wildcards are not allowed in chart splits: `{field}`",
                                   node.span)
    if node.over is not None:
        by.insert(0, node.over)
    if len(by) > 2:
        raise BadArgumentError("chart splits by at most two fields: a row split and a column "
                               "split, e.g. `chart count over host by status`", node.span)
    padded = by + [None, None]
    return padded[0], padded[1]


# ---- options shared with timechart ---------------------------------------------------------------


def read_series(options: Mapping[str, ast.Option], where: ast.SeriesWhere | None,
                aggregations: tuple[ast.Aggregation, ...], column: str | None) -> Series:
    """The series settings of chart or timechart, every value checked."""
    if where is not None and column is None:
        raise BadArgumentError("a where clause chooses among the values of a split-by field: "
                               "add BY <field> before it", where.span)
    if where is not None and len(aggregations) > 1:
        raise BadArgumentError("a where clause ranks the columns of one aggregation; this "
                               "command has several", where.span)
    limit, bottom = _limit(options.get("limit"))
    agg = options.get("agg")
    if agg is not None:
        _check_function(agg.value, agg.span)
    sep = options["sep"].value if "sep" in options else ": "
    return Series(limit=limit, bottom=bottom, agg=agg.value.lower() if agg else "sum",
                  where=None if where is None else _filter(where),
                  useother=bool_option(options.get("useother"), True),
                  otherstr=_text(options, "otherstr", "OTHER"),
                  usenull=bool_option(options.get("usenull"), True),
                  nullstr=_text(options, "nullstr", "NULL"),
                  format=_text(options, "format", f"$AGG${sep}$VAL$"))


def _text(options: Mapping[str, ast.Option], name: str, default: str) -> str:
    return options[name].value if name in options else default


def _limit(option: ast.Option | None) -> tuple[int, bool]:
    """limit=<N>, limit=top<N> or limit=bottom<N>: (N, bottom)."""
    if option is None:
        return 10, False
    match = _LIMIT.fullmatch(option.value.strip())
    if not match:
        raise BadArgumentError(f"`limit` takes a number of series, top<N> or bottom<N>, not "
                               f"`{option.value}`", option.span)
    return int(match.group(2)), (match.group(1) or "").lower() == "bottom"


def _check_function(name: str, span) -> None:
    """The function names an aggregation of engine/aggregates.py (did-you-mean if not)."""
    check_aggregation(ast.Aggregation(name.lower(), "series", span=span), allow_eval=False)


def _filter(where: ast.SeriesWhere) -> SeriesFilter:
    _check_function(where.function, where.span)
    function, op = where.function.lower(), where.op.lower()
    if op in ("<", ">"):
        threshold = to_number(where.value)
        if threshold is None:
            raise BadArgumentError(f"`where {where.function} {where.op}` needs a number, not "
                                   f"`{where.value}`", where.span)
        return SeriesFilter(function, op, threshold=float(threshold))
    rank = _RANK.fullmatch(where.value)
    if op not in ("in", "notin") or rank is None:
        raise BadArgumentError("write the where clause as `where <function> in top<N>` (or "
                               "notin, bottom<N>), or `where <function> < <number>` (or >)",
                               where.span)
    return SeriesFilter(function, op, rank=int(rank.group(2)),
                        bottom=rank.group(1).lower() == "bottom")


def split_needs(aggregations: tuple[ast.Aggregation, ...],
                splits: Iterable[str | None]) -> plan.Needed:
    """What a chart reads: the splits and what an Aggregate of the same terms reads (its output
    is made of the aggregates alone)."""
    return plan.Aggregate(aggregations=aggregations,
                          by=tuple(f for f in splits if f)).needs(None)


# ---- the series core -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Splits:
    """How rows are keyed: by the row split (binned by `bins`) and by the column split."""

    row: str | None
    column: str | None
    bins: Bins | None
    series: Series
    dedup: bool = False
    column_bins: Bins | None = None

    def keys(self, row: Row, tz: tzinfo) -> list[Key]:
        """The row's (row value, column value) cells; none when a split is not a number to
        bin, when the row split is null, or when the column split is null and
        usenull=false."""
        rows = self._row_keys(row, tz)
        if self.column is None or not rows:
            return [(key,) for key in rows]
        if self.column_bins is not None:
            columns = self._binned_column(row, tz)
        else:
            fill = Keys(fillnull=self.series.nullstr if self.series.usenull else None)
            columns = group_keys(row, (self.column,), self.dedup, fill)
        return [(key,) + column for key in rows for column in columns]

    def _binned_column(self, row: Row, tz: tzinfo) -> list[Key]:
        """The column bin of the row (its key), nullstr's when it has no column value."""
        if not values_of(row.get(self.column)):
            return [(self.series.nullstr,)] if self.series.usenull else []
        number = binned_number(row, self.column)
        key = None if number is None else self.column_bins.key_of(number, tz)
        return [] if key is None else [(to_text(key),)]

    def column_label(self, key: str, tz: tzinfo) -> str:
        """What a column is named by: its bin's range (or start time) for a binned column
        split, else the value itself; nullstr and otherstr stay as they are."""
        if self.column_bins is None or key in (self.series.nullstr, self.series.otherstr):
            return key
        return to_text(self.column_bins.label(to_number(key), tz))

    def _row_keys(self, row: Row, tz: tzinfo) -> list[str]:
        if self.row is None:
            return [""]
        if self.bins is None:
            return [key for (key,) in group_keys(row, (self.row,), self.dedup)]
        number = binned_number(row, self.row)
        key = None if number is None else self.bins.key_of(number, tz)
        return [] if key is None else [to_text(key)]


def binned_number(row: Row, field: str) -> int | float | None:
    """The number a binned split reads from the row (the first value of a multivalue, as
    stats' `_time` span takes it), or None when it has none."""
    values = values_of(row.get(field))
    number = to_number(values[0]) if values else None
    return number if number is not None and math.isfinite(number) else None


def chart_table(rows: list[Row], terms: list[Term], splits: Splits, settings: Settings,
                cont: bool, tz: tzinfo, extent: tuple[float, float] | None = None) -> Table:
    """The chart of `rows`: aggregates per cell of the splits, one column per kept series.
    `extent`, the first and last value a binned row split must cover (timechart's fixed time
    range), adds its bins to those of the rows when `cont` fills bins."""
    cells = accumulate(rows, terms, (), settings, keys_of=lambda row: splits.keys(row, tz))
    if splits.row is None and not cells:
        cells[("",)] = new_accumulators(terms, settings)
    values = {key: results(terms, accumulators) for key, accumulators in cells.items()}
    names = [term.name for term in terms]
    empty = results(terms, new_accumulators(terms, settings))
    row_keys = _row_order({key[0] for key in values}, splits.bins, cont, tz, extent)
    labels = {key: _label(key, splits.bins, tz) for key in row_keys}
    if splits.column is None:
        return pivot(row_keys, labels, splits.row, [""], names,
                     {(key[0], ""): cell for key, cell in values.items()}, "", empty,
                     by_value=False)
    frequency = {}
    for key, accumulators in cells.items():
        frequency[key[1]] = frequency.get(key[1], 0) + (accumulators[0].rows
                                                         if accumulators else 0)
    kept, dropped = choose(values, frequency, names, splits.series)
    chosen = {(key[0], key[1]): cell for key, cell in values.items() if key[1] not in dropped}
    if dropped and splits.series.useother:
        kept.append(splits.series.otherstr)
        other = accumulate(rows, terms, (), settings,
                           keys_of=lambda row: _other_keys(splits.keys(row, tz), dropped,
                                                           splits.series.otherstr))
        chosen.update(((key[0], key[1]), results(terms, accumulators))
                      for key, accumulators in other.items())
    named = {key: splits.column_label(key, tz) for key in kept}
    chosen = {(row, named[column]): cell for (row, column), cell in chosen.items()
              if column in named}
    return pivot(row_keys, labels, splits.row, [named[key] for key in kept], names, chosen,
                 splits.series.format, empty)


def _other_keys(keys: list[Key], dropped: set[str], otherstr: str) -> list[Key]:
    """A row's cells in the OTHER column: one per row value that has a cut column value."""
    return list(dict.fromkeys((key[0], otherstr) for key in keys if key[1] in dropped))


def _row_order(keys: set[str], bins: Bins | None, cont: bool, tz: tzinfo,
               extent: tuple[float, float] | None = None) -> list[str]:
    """The row keys in ascending order; with cont, binned rows from the first to the last bin
    (of the rows, and of `extent` when given)."""
    ordered = sorted(keys, key=lambda key: natural_key((key,)))
    if bins is None or not cont or (len(ordered) < 2 and extent is None):
        return ordered
    ends = [to_number(ordered[0]), to_number(ordered[-1])] if ordered else []
    if extent is not None:
        ends += [bins.key(extent[0], tz), bins.key(extent[1], tz)]
    first, last = min(ends), max(ends)
    filled, key = [], first
    while key <= last:
        if len(filled) == MOST_BUCKETS:
            raise BadArgumentError(f"cont=true fills more than {MOST_BUCKETS} buckets between "
                                   f"the first and the last of span {bins}: give a wider "
                                   "span= or cont=false")
        filled.append(to_text(key))
        key = bins.following(key, tz)
    return filled


def _label(key: str, bins: Bins | None, tz: tzinfo) -> Value:
    if bins is None:
        return key or None
    return bins.label(to_number(key), tz)


def choose(values: Mapping[Key, Mapping[str, Value]], frequency: Mapping[str, int],
           names: list[str], series: Series) -> tuple[list[str], set[str]]:
    """The series kept (in display order) and those cut, by the where clause or the limit:
    scored by the function over a series' values with one aggregation, by its frequency with
    several; ties broken by the plain order of the values."""
    everything = list(frequency)
    rule = series.where
    if rule is None and not series.limit:
        return sorted(everything, key=lambda s: natural_key((s,))), set()
    if len(names) == 1:
        function = AGGREGATES[rule.function if rule else series.agg]
        scores = {s: _score(function, [cell.get(names[0]) for key, cell in values.items()
                                       if key[1] == s]) for s in everything}
    else:
        scores = {s: frequency[s] for s in everything}
    if rule is not None and rule.op in ("<", ">"):
        kept = [s for s in everything if scores[s] is not None and
                (scores[s] < rule.threshold if rule.op == "<" else scores[s] > rule.threshold)]
    else:
        bottom, count = (rule.bottom, rule.rank) if rule else (series.bottom, series.limit)
        ranked = sorted(everything, key=lambda s: (scores[s] is None,
                                                   (scores[s] or 0) * (1 if bottom else -1), s))
        kept = ranked[:count] if rule is None or rule.op == "in" else ranked[count:]
    kept = sorted(kept, key=lambda s: natural_key((s,)))
    return kept, set(everything) - set(kept)


def _score(function: Callable, values: list[Value]) -> int | float | None:
    accumulator = Accumulator()
    for value in values:
        accumulator.add(value, None)
    score = function(accumulator, "series")
    return None if isinstance(score, tuple) else to_number(score)


def pivot(row_keys: list[str], labels: Mapping[str, Value], row: str | None, series: list[str],
          names: list[str], cells: Mapping[tuple[str, str], Mapping[str, Value]], format: str,
          empty: Mapping[str, Value] | None = None, by_value: bool = True) -> Table:
    """One output row per row key, one column per (name, series): named by the series value
    for one name, by `format` ($AGG$ the name, $VAL$ the value) for several, name-major, or by
    the name alone when `by_value` is false. A missing cell takes `empty`'s value."""
    empty = empty or {}
    columns = [(name, value, column_name(format, name, value, len(names)) if by_value else name)
               for name in names for value in series]
    output = []
    for key in row_keys:
        out: Row = {} if row is None else {row: labels[key]}
        for name, value, column in columns:
            cell = cells.get((key, value))
            found = empty.get(name) if cell is None else cell.get(name)
            if found is not None:
                out[column] = found
        output.append(out)
    heads = [] if row is None else [row]
    return Table(output, heads + list(dict.fromkeys(column for _, _, column in columns)))


def column_name(format: str, name: str, value: str, names: int) -> str:
    """A series column's name: the value alone for one aggregation (or data field), else the
    format with $AGG$ and $VAL$ filled in."""
    if names == 1:
        return value
    return format.replace("$AGG$", name).replace("$VAL$", value)
