"""streamstats: add running aggregates to each row, in input order, as the rows stream by.

Splunk reference: https://help.splunk.com/splunk-enterprise/search/spl-search-reference/9.4/search-commands/streamstats
(options as in https://docs.splunk.com/Documentation/Splunk/6.4.0/SearchReference/streamstats)
`streamstats [current=<bool>] [window=<int>] [global=<bool>] [reset_on_change=<bool>]
[allnum=<bool>] <stats-func>(<field> | eval(<expr>)) [AS <field>]... [BY <field-list>]`.
- "calculates statistics for each event at the time the event is seen": the aggregates of a row
  cover the rows of its group seen so far (names as stats gives them).
- current (default true): "If true, the search includes the given, or current, event in the
  summary calculations. If false, the search uses the field value from the previous event."
- window (default 0, all rows): the number of rows the aggregates cover.
- global (default true): "Used only when the window argument is set. Defines whether to use a
  single window, global=true, or to use separate windows based on the by clause." With a single
  window, a row's aggregates cover the rows of its group among the last `window` rows.
- reset_on_change (default false): the aggregations start over when the BY values change from one
  row to the next; a reset clears every group (the SPL2 "streamstats command usage" page,
  https://docs.splunk.com/Documentation/SCS/current/SearchReference/StreamstatsCommandUsage: after
  a reset "the sum of the bytes is reset for both the y and x hosts"). Rows lacking a BY field
  neither trigger nor interrupt a reset.
- allnum as in stats.
Not supported yet, and rejected: time_window, reset_before, reset_after, wildcard fields.
Choices where the page is silent: a row whose BY field is null passes unchanged and takes no part
in any window; a multivalue BY field counts the row in the group of each value, and the row shows
the aggregates of the group of its first values; with nothing to aggregate yet (current=false on
a group's first row) `count` is 0 and most functions null, as stats gives on no rows; a window
may be any size (Splunk caps it at limits.conf max_stream_window, 10000).
Binds to a Streamstats node (the checked terms, BY fields and the parsed options); it streams.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, fields
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from spl.errors import UnsupportedCommandError
from engine import plan
from engine.aggregates import Accumulator
from engine.options import bool_option, int_option, option_map
from engine.commands.stats import (Term, annotating_label, annotating_needs, check_terms,
                                   expand_terms, group_keys, new_accumulators, Settings, results,
                                   term_value, with_results)
from engine.table import Row, Table
from engine.values import Value

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("current", "window", "global", "reset_on_change", "allnum", "time_window",
           "reset_before", "reset_after")
UNSUPPORTED = ("time_window", "reset_before", "reset_after")
Key = tuple[str, ...]
Entry = tuple[list[Value], Value]  # the values of one row for each term, and its _time
_SETTINGS = ("current", "window", "global_window", "reset_on_change", "allnum")


@dataclass(frozen=True, kw_only=True)
class Streamstats(plan.Command):
    """Running aggregates added to each row as it streams by (`global_window` is the `global`
    option, a Python keyword)."""

    aggregations: tuple[ast.Aggregation, ...]
    by: tuple[str, ...] = ()
    current: bool = True
    window: int = 0
    global_window: bool = True
    reset_on_change: bool = False
    allnum: bool = False

    def needs(self, after: plan.Needed) -> plan.Needed:
        return annotating_needs(after, self.aggregations, self.by)

    def label(self) -> str:
        changed = {f.name: getattr(self, f.name) for f in fields(self)
                   if f.name in _SETTINGS and getattr(self, f.name) != f.default}
        return annotating_label("Streamstats", self.aggregations, self.by, changed)


def bind(node: ast.Streamstats, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "streamstats")
    for name in UNSUPPORTED:
        if name in options:
            raise UnsupportedCommandError(f"streamstats {name}= is not supported yet",
                                          options[name].span)
    bound = Streamstats(input=input, command=node, aggregations=node.aggregations, by=node.by,
                        current=bool_option(options.get("current"), True),
                        window=int_option(options.get("window"), 0),
                        global_window=bool_option(options.get("global"), True),
                        reset_on_change=bool_option(options.get("reset_on_change"), False),
                        allnum=bool_option(options.get("allnum"), False))
    check_terms(node.aggregations, node.by, node.span, wildcards=False)
    return bound


def run(node: Streamstats, table: Table, runtime: Runtime) -> Table:
    terms = expand_terms(node.aggregations, [], node.by)
    names = list(dict.fromkeys(term.name for term in terms))
    known = table.fields
    rows = _stream(table.rows, terms, node)
    return Table(rows, None if known is None else known + [n for n in names if n not in known])


def _stream(rows: Iterable[Row], terms: list[Term], node: Streamstats) -> Iterator[Row]:
    by = node.by
    running, previous = _running(terms, node), None
    for row in rows:
        keys = group_keys(row, by)
        if not keys:
            yield row
            continue
        if node.reset_on_change and previous is not None and keys[0] != previous:
            running = _running(terms, node)
        previous = keys[0]
        entry = ([term_value(term, row) for term in terms], row.get("_time"))
        if node.current:
            running.add(keys, entry)
        values = results(terms, running.accumulators(keys[0]))
        if not node.current:
            running.add(keys, entry)
        yield with_results(row, values)


# ---- what the running aggregates cover ----------------------------------------------------------


class _Totals:
    """Every row of each group since the start (or the last reset)."""

    def __init__(self, terms: list[Term], settings: Settings) -> None:
        self.terms, self.settings = terms, settings
        self.groups: dict[Key, list[Accumulator]] = {}

    def add(self, keys: list[Key], entry: Entry) -> None:
        for key in keys:
            accumulators = self.groups.get(key)
            if accumulators is None:
                accumulators = self.groups[key] = new_accumulators(self.terms, self.settings)
            _add(accumulators, entry)

    def accumulators(self, key: Key) -> list[Accumulator]:
        return self.groups.get(key) or new_accumulators(self.terms, self.settings)


class _GroupWindows(_Totals):
    """The last `size` rows of each group."""

    def __init__(self, terms: list[Term], settings: Settings, size: int) -> None:
        super().__init__(terms, settings)
        self.size = size
        self.windows: dict[Key, deque[Entry]] = {}

    def add(self, keys: list[Key], entry: Entry) -> None:
        for key in keys:
            self.windows.setdefault(key, deque(maxlen=self.size)).append(entry)

    def accumulators(self, key: Key) -> list[Accumulator]:
        return self._built(self.windows.get(key, ()))

    def _built(self, entries: Iterable[Entry]) -> list[Accumulator]:
        accumulators = new_accumulators(self.terms, self.settings)
        for entry in entries:
            _add(accumulators, entry)
        return accumulators


class _SharedWindow(_GroupWindows):
    """One window of the last `size` rows; each group sees its own rows in it."""

    def __init__(self, terms: list[Term], settings: Settings, size: int) -> None:
        super().__init__(terms, settings, size)
        self.window: deque[tuple[list[Key], Entry]] = deque(maxlen=size)

    def add(self, keys: list[Key], entry: Entry) -> None:
        self.window.append((keys, entry))

    def accumulators(self, key: Key) -> list[Accumulator]:
        return self._built(entry for keys, entry in self.window if key in keys)


def _running(terms: list[Term], node: Streamstats) -> _Totals:
    settings = Settings(allnum=node.allnum)
    if not node.window:
        return _Totals(terms, settings)
    if node.global_window and node.by:
        return _SharedWindow(terms, settings, node.window)
    return _GroupWindows(terms, settings, node.window)


def _add(accumulators: list[Accumulator], entry: Entry) -> None:
    values, time = entry
    for accumulator, value in zip(accumulators, values):
        accumulator.add(value, time)
