"""The time range a search's `earliest=` and `latest=` give, and the times of the events it ran
over: what `spl run --now latest` starts the search at, and how `spl run` tells that the time
range, not the rest of the search, removed every event.

Binding resolves each top-level `earliest=X` into `_time>=<epoch>` and `latest=Y` into
`_time<<epoch>` (engine/timemodifiers.py), keeping the modifier's span, so the range is read back
from the plan's Filters. The events' times are not kept by a run (it streams): they are read
again, every record of every file, which costs about one more pass over the data. That is paid
only when asked for (`--now latest`) or when a time-bounded search found nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from spl import ast
from engine import plan
from engine.diagnostics import Diagnostics
from engine.readers import read_events


@dataclass(frozen=True)
class Bound:
    """One top-level `earliest=`/`latest=` of the search: as written, and resolved."""

    modifier: str  # `earliest=-24h`, as the expanded search spells it
    op: str        # ">=" for earliest, "<" for latest
    epoch: float


@dataclass
class EventTimes:
    """What the events' `_time`s are: how many there are, the first and last, and how many fall
    inside [start, end)."""

    count: int = 0
    earliest: float | None = None
    latest: float | None = None
    within: int = 0


def time_bounds(node: plan.Node, text: str) -> list[Bound]:
    """The earliest=/latest= bounds that every event must meet: those of a Filter of the main
    pipeline (not of a subsearch), ANDed at its top level (a `latest=` inside an OR bounds
    nothing alone). `text` is the expanded search the spans point into."""
    found: dict[tuple[int, int], Bound] = {}
    for step in plan.chain(node):
        if not isinstance(step, plan.Filter) or not plan.is_search(step.condition):
            continue
        condition = step.condition
        terms = condition.operands if isinstance(condition, ast.And) else (condition,)
        for term in terms:
            if (isinstance(term, ast.Compare) and term.field == "_time" and term.span is not None
                    and term.op in (">=", "<")):
                written = text[term.span.start:term.span.end]
                if written.lower().startswith(("earliest", "latest")):
                    found[(term.span.start, term.span.end)] = Bound(written, term.op,
                                                                    float(term.value))
    return sorted(found.values(), key=lambda b: b.op, reverse=True)


def window(bounds: list[Bound]) -> tuple[float, float]:
    """[start, end): the latest earliest= and the earliest latest= (all time without them)."""
    start = max((b.epoch for b in bounds if b.op == ">="), default=-math.inf)
    end = min((b.epoch for b in bounds if b.op == "<"), default=math.inf)
    return start, end


def event_times(paths: list[Path], format_in: str = "auto", start: float = -math.inf,
                end: float = math.inf) -> EventTimes:
    """The times of every event of `paths`, read once more (records the readers cannot read are
    left to the run to report)."""
    times = EventTimes()
    for path in paths:
        for event in read_events(path, Diagnostics(), None, format_in):
            moment = event.get("_time")
            if not isinstance(moment, (int, float)) or isinstance(moment, bool):
                continue
            times.count += 1
            times.earliest = moment if times.earliest is None else min(times.earliest, moment)
            times.latest = moment if times.latest is None else max(times.latest, moment)
            times.within += start <= moment < end
    return times
