"""Aggregation functions shared by stats, eventstats, streamstats and tstats: one registry.

Splunk references (Search Reference, "Statistical and charting functions"):
- Aggregate functions: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/statistical-and-charting-functions/aggregate-functions
- Event order functions (first, last): https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/event-order-functions
- Time functions (earliest, latest, earliest_time, latest_time): https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/time-functions
- Multivalue stats (list, values): https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/statistical-and-charting-functions/multivalue-stats-and-chart-functions
- limits.conf [stats] (list_maxsize = 100, perc_method): https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/limits.conf

What each function does with the values of a group (a multivalue field gives each of its values):
- `count` counts events; `count(f)`/`c(f)` count values. `dc`/`distinct_count` count distinct values
  as text ("1" and "1.0" differ). `estdc` is Splunk's estimate of dc; here it is exact.
- `min`/`max` compare numbers as numbers and otherwise text; numbers sort before text, so the min
  of a mixed set is its smallest number and the max its greatest text. `range` is max - min of the
  numbers. `sum`, `avg`/`mean`, `sumsq`, `stdev`/`var` (sample) and `stdevp`/`varp` (population)
  use the values that read as numbers and ignore the rest.
- `values` is the distinct values in lexicographic order of their text ("10" before "9"); `list`
  is the first 100 values in event order (list_maxsize).
- `first`/`last` follow input order; `earliest`/`latest` follow `_time`, `earliest_time` and
  `latest_time` return that `_time`.
- Percentiles `perc<N>`, `p<N>`, `upperperc<N>`, `exactperc<N>` (N a number, e.g. `p99.9`).
  Splunk computes perc/upperperc from a digest; limits.conf defines its two methods:
  "nearest-rank picks the number with 0-based rank R = floor((percentile/100)*count)" and
  "interpolated means given F = (percentile/100)*(count-1), pick ranks R1 = floor(F) and
  R2 = ceiling(F)". exactperc is nearest-rank (a Splunk community answer, "How to get the
  percentile 90 of the response time", shows exactperc90 of ten values returning the largest);
  perc, p and upperperc interpolate (the same thread shows p90 returning 5.51 for ranks 3.107 and
  27.203, the interpolated 5.5166). upperperc is the digest's upper bound, which differs from
  perc only on large inputs; here it equals perc (a deviation).
  `median` is the nearest-rank 50th percentile: a Splunk employee's answer on Splunk Answers
  ("what does perc95 and all those stats functions perc*") gives median 6 for the values 1..10.
Choices where the pages are silent: `mode` breaks ties by first occurrence and compares text;
`stdev`/`var` of a single value are 0; `earliest`/`latest` skip values whose event has no `_time`
and break ties by input order; percentile numbers must lie between 0 and 100.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Callable

from spl import ast
from spl.errors import BadArgumentError, UnknownFunctionError, suggestion
from engine.functions import check_calls
from engine.values import Scalar, Value, multivalue, to_number, to_text, values_of

LIST_MAXSIZE = 100
COUNTS = ("count", "c")
_PERCENTILE = re.compile(r"(exactperc|upperperc|perc|p)(\d+(?:\.\d+)?)")


class Accumulator:
    """Collects the values of one aggregation for one group."""

    def __init__(self, allnum: bool = False) -> None:
        self.values: list[Scalar] = []
        self.times: list[float | None] = []
        self.rows = 0
        self.allnum = allnum  # numeric functions give null unless every value is a number

    def add(self, value: Value, time: Value) -> None:
        self.rows += 1
        moment = None if isinstance(time, tuple) else to_number(time)
        for v in values_of(value):
            self.values.append(v)
            self.times.append(None if moment is None else float(moment))


Aggregate = Callable[[Accumulator, "str | None"], Value]


# ---- counting and distinct values ----------------------------------------------------------------


def _count(acc: Accumulator, field: str | None) -> Value:
    """`field` is None only for a bare `count`, which counts events rather than values."""
    return acc.rows if field is None else len(acc.values)


def _dc(acc: Accumulator, field: str | None) -> Value:
    return len({to_text(v) for v in acc.values})


def _values(acc: Accumulator, field: str | None) -> Value:
    return multivalue(sorted({to_text(v) for v in acc.values}))


def _list(acc: Accumulator, field: str | None) -> Value:
    return multivalue(acc.values[:LIST_MAXSIZE])


def _mode(acc: Accumulator, field: str | None) -> Value:
    if not acc.values:
        return None
    counts = Counter(to_text(v) for v in acc.values)
    best = max(counts.values())
    return next(v for v in acc.values if counts[to_text(v)] == best)


# ---- order: min, max, first, last, earliest, latest ----------------------------------------------


def _min(acc: Accumulator, field: str | None) -> Value:
    numbers = _all_numbers(acc)
    if numbers:
        return min(numbers)
    return min(map(to_text, acc.values), default=None)


def _max(acc: Accumulator, field: str | None) -> Value:
    texts = [to_text(v) for v in acc.values if to_number(v) is None]
    if texts:
        return max(texts)
    return max(_all_numbers(acc), default=None)


def _first(acc: Accumulator, field: str | None) -> Value:
    return acc.values[0] if acc.values else None


def _last(acc: Accumulator, field: str | None) -> Value:
    return acc.values[-1] if acc.values else None


def _timed(acc: Accumulator, pick: Callable) -> int | None:
    """The index of the value whose time `pick` (min or max) chooses; first one on ties."""
    timed = [i for i, t in enumerate(acc.times) if t is not None]
    return pick(timed, key=acc.times.__getitem__) if timed else None


def _by_time(pick: Callable, want_time: bool) -> Aggregate:
    def aggregate(acc: Accumulator, field: str | None) -> Value:
        index = _timed(acc, pick)
        if index is None:
            return None
        return acc.times[index] if want_time else acc.values[index]
    return aggregate


# ---- numbers -------------------------------------------------------------------------------------


def _all_numbers(acc: Accumulator) -> list[int | float]:
    return [n for n in map(to_number, acc.values) if n is not None]


def _numbers(acc: Accumulator) -> list[int | float]:
    """The values that read as numbers; none at all under allnum when any value does not."""
    numbers = _all_numbers(acc)
    if acc.allnum and len(numbers) < len(acc.values):
        return []
    return numbers


def _sum(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    return sum(numbers) if numbers else None


def _sumsq(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    return sum(n * n for n in numbers) if numbers else None


def _avg(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    return sum(numbers) / len(numbers) if numbers else None


def _range(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    return max(numbers) - min(numbers) if numbers else None


def _variance(sample: bool, root: bool) -> Aggregate:
    def aggregate(acc: Accumulator, field: str | None) -> Value:
        numbers = _numbers(acc)
        if not numbers:
            return None
        mean = sum(numbers) / len(numbers)
        squares = sum((n - mean) ** 2 for n in numbers)
        divisor = len(numbers) - 1 if sample else len(numbers)
        variance = squares / divisor if divisor else 0
        return math.sqrt(variance) if root else variance
    return aggregate


# ---- percentiles ---------------------------------------------------------------------------------


def nearest_rank(numbers: list[int | float], percent: Fraction) -> int | float:
    """limits.conf: "the number with 0-based rank R = floor((percentile/100)*count)"."""
    ordered = sorted(numbers)
    return ordered[min(math.floor(percent / 100 * len(ordered)), len(ordered) - 1)]


def interpolated(numbers: list[int | float], percent: Fraction) -> int | float:
    """limits.conf: F = (percentile/100)*(count-1), between ranks floor(F) and ceiling(F)."""
    ordered = sorted(numbers)
    rank = percent / 100 * (len(ordered) - 1)
    low, high = ordered[math.floor(rank)], ordered[math.ceil(rank)]
    exact = Fraction(low) + (rank - math.floor(rank)) * (Fraction(high) - Fraction(low))
    return int(exact) if exact.denominator == 1 else float(exact)


def _percentile(method: Callable, percent: Fraction) -> Aggregate:
    def aggregate(acc: Accumulator, field: str | None) -> Value:
        numbers = _numbers(acc)
        return method(numbers, percent) if numbers else None
    return aggregate


@lru_cache(maxsize=256)
def percentile(name: str) -> Aggregate | None:
    """The aggregate a name like `perc95`, `p99.9` or `exactperc50` stands for, if any."""
    match = _PERCENTILE.fullmatch(name)
    if not match or not 0 <= Fraction(match.group(2)) <= 100:
        return None
    method = nearest_rank if match.group(1) == "exactperc" else interpolated
    return _percentile(method, Fraction(match.group(2)))


# ---- the registry --------------------------------------------------------------------------------


class _Registry(Mapping[str, Aggregate]):
    """The named functions, and the percentile families perc<N>, p<N>, exactperc<N> and
    upperperc<N>; iterating gives the named ones (what did-you-mean suggests)."""

    def __init__(self, named: dict[str, Aggregate]) -> None:
        self._named = named

    def __getitem__(self, name: str) -> Aggregate:
        found = self._named.get(name) or percentile(name)
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._named)

    def __len__(self) -> int:
        return len(self._named)


AGGREGATES: Mapping[str, Aggregate] = _Registry({
    "count": _count, "c": _count,
    "dc": _dc, "distinct_count": _dc, "estdc": _dc,
    "values": _values, "list": _list, "mode": _mode,
    "min": _min, "max": _max, "range": _range,
    "sum": _sum, "sumsq": _sumsq, "avg": _avg, "mean": _avg,
    "stdev": _variance(sample=True, root=True), "stdevp": _variance(sample=False, root=True),
    "var": _variance(sample=True, root=False), "varp": _variance(sample=False, root=False),
    "median": _percentile(nearest_rank, Fraction(50)),
    "first": _first, "last": _last,
    "earliest": _by_time(min, want_time=False), "latest": _by_time(max, want_time=False),
    "earliest_time": _by_time(min, want_time=True), "latest_time": _by_time(max, want_time=True),
})


class _NeedsField:
    """The functions that must name a field: all but `count` and `c`."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name not in COUNTS and name in AGGREGATES


NEEDS_FIELD = _NeedsField()


def check_aggregation(aggregation: ast.Aggregation, allow_eval: bool) -> None:
    """The function exists and gets what it needs; an eval(...) argument is allowed (stats
    family) or not (tstats), and must then be renamed with AS: the Search Manual's example
    ("Use the eval command and functions") follows it with an AS clause, and Splunk stops such a
    search without one, asking for a rename of the dynamically evaluated field."""
    function = aggregation.function.lower()
    if function not in AGGREGATES:
        hint = suggestion(function, AGGREGATES)
        if _PERCENTILE.match(function) or function in ("p", "perc", "exactperc", "upperperc"):
            hint = "percentiles are written with a number from 0 to 100, e.g. perc95(x), p99.9(x)"
        raise UnknownFunctionError(f"unknown aggregation `{aggregation.function}`",
                                   aggregation.span, hint)
    if aggregation.expr is not None:
        _check_eval(aggregation, allow_eval)
    elif function in NEEDS_FIELD and aggregation.field is None:
        raise BadArgumentError(f"{function} needs a field, e.g. {function}(_time)",
                               aggregation.span)


def _check_eval(aggregation: ast.Aggregation, allow_eval: bool) -> None:
    if not allow_eval:
        raise BadArgumentError("tstats cannot aggregate eval(...) expressions; use stats",
                               aggregation.span)
    if not aggregation.alias:
        raise BadArgumentError("an eval(...) aggregation needs a name: add AS <field>, e.g. "
                               "count(eval(x=\"a\")) AS a_count", aggregation.span)
    check_calls(aggregation.expr)
