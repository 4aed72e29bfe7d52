"""Aggregation functions shared by tstats (and, later, stats): one registry, name to accumulator.

Semantics from Splunk's "Aggregate functions" and "Multivalue stats" references: `count(f)` counts
values, `min`/`max` compare numbers as numbers and otherwise text (numbers sort before text),
`values` is distinct values in lexicographic order, `dc` counts distinct values as text,
`earliest`/`latest` follow `_time`.
"""

from __future__ import annotations

from typing import Callable

from engine.values import Scalar, Value, multivalue, to_number, to_text, values_of


class Accumulator:
    """Collects the values of one aggregation for one group."""

    def __init__(self) -> None:
        self.values: list[Scalar] = []
        self.times: list[float] = []
        self.rows = 0

    def add(self, value: Value, time: Value) -> None:
        self.rows += 1
        for v in values_of(value):
            self.values.append(v)
            self.times.append(float(to_number(time) or 0))  # type: ignore[arg-type]


def _count(acc: Accumulator, field: str | None) -> Value:
    return acc.rows if field is None else len(acc.values)


def _numbers(acc: Accumulator) -> list[int | float]:
    return [n for n in map(to_number, acc.values) if n is not None]


def _min(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    if numbers:
        return min(numbers)
    return min(map(to_text, acc.values), default=None)


def _max(acc: Accumulator, field: str | None) -> Value:
    texts = [to_text(v) for v in acc.values if to_number(v) is None]
    if texts:
        return max(texts)
    return max(_numbers(acc), default=None)


def _values(acc: Accumulator, field: str | None) -> Value:
    return multivalue(sorted({to_text(v) for v in acc.values}))


def _dc(acc: Accumulator, field: str | None) -> Value:
    return len({to_text(v) for v in acc.values})


def _sum(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    return sum(numbers) if numbers else None


def _avg(acc: Accumulator, field: str | None) -> Value:
    numbers = _numbers(acc)
    return sum(numbers) / len(numbers) if numbers else None


def _earliest(acc: Accumulator, field: str | None) -> Value:
    if not acc.values:
        return None
    return acc.values[min(range(len(acc.values)), key=acc.times.__getitem__)]


def _latest(acc: Accumulator, field: str | None) -> Value:
    if not acc.values:
        return None
    return acc.values[max(range(len(acc.values)), key=acc.times.__getitem__)]


AGGREGATES: dict[str, Callable[[Accumulator, str | None], Value]] = {
    "count": _count,
    "c": _count,
    "min": _min,
    "max": _max,
    "values": _values,
    "dc": _dc,
    "distinct_count": _dc,
    "sum": _sum,
    "avg": _avg,
    "mean": _avg,
    "earliest": _earliest,
    "latest": _latest,
}

# Functions that must name a field (all but count).
NEEDS_FIELD = frozenset(AGGREGATES) - {"count", "c"}
