"""transaction: group related events into one result per transaction.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/transaction
and the same options in transactiontypes.conf.spec and searchbnf.conf (transaction-command):
https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/10.0/10.0.0-configuration-file-reference/transactiontypes.conf
`transaction [<field-list>] [maxspan=<int>[s|m|h|d]] [maxpause=...] [maxevents=<int>]
[startswith=<filter>] [endswith=<filter>] [connected=<bool>] [unifyends=<bool>]
[keeporphans=<bool>] [maxopentxn=<int>] [maxopenevents=<int>] [keepevicted=<bool>]
[mvlist=<bool>|<field-list>] [nullstr=<string>] [mvraw=<bool>]`.
- A transaction is "the raw text (the _raw field) of each member, the time and date fields of
  the earliest member, as well as the union of all other fields of each member", plus `duration`
  ("the difference between the timestamps for the first and last events") and `eventcount`.
- field-list: "for each field specified, if they have a value, it must have the same value as
  other members in that transaction"; connected (default true): an event "not inconsistent and
  not consistent with the fields of a transaction" (it shares no field the transaction has a
  value for) "opens a new transaction (connected=t) or is added to the transaction".
- startswith / endswith: "A search or eval filtering expression which if satisfied by an event
  marks the beginning (the end) of a new transaction", written "<search>" in quotes, (<search>)
  in parentheses, or eval(<boolean expression>).
- maxspan: the events must "span less than maxspan"; maxpause: "no pause between a transaction's
  events of greater than maxpause"; maxevents (default 1000): the most events in one; a negative
  value disables each.
- Events are processed newest first: the command "requires that the incoming events be in
  descending time order", and "because the transaction command sees events in reverse time
  order, it closes a transaction when it satisfies the start condition" (keepevicted). Rows are
  put in that order here (Splunk errors on rows out of order; its searches give them so).
- closed_txn is 1 for a transaction closed by maxevents, maxpause, maxspan or startswith and 0 for
  an evicted one; evicted ones are dropped unless keepevicted=true, but "If none of these
  conditions is specified, all transactions are output even though all transactions will have
  'closed_txn' set to '0'".
- mvlist (default false): multivalued fields are "a set of unique field values ordered
  lexicographically" (as stats values() orders them), or with mvlist=true (or for the fields it
  lists) "a list of the original events ordered in arrival order" (newest first, the order they
  arrive in), `nullstr` (default NULL) standing for an event without the field.
- keeporphans: results in no transaction pass through with `_txn_orphan=1`.
Choices where the pages are silent: the end of the results closes a transaction that needs no
start event (closed_txn=1 when maxspan, maxpause or maxevents is given), while one still waiting
for its start event is evicted; an event with none of the fields, or without a `_time`, is in no
transaction (an orphan); values are compared as text; an event matching endswith opens a new
transaction, and one that fits several open transactions joins the one it last touched; `_raw`
joins the members' text line by line, earliest first (with mvraw=true it is multivalue);
transactions come out newest first. maxopentxn and maxopenevents bound Splunk's memory: a local
run keeps every open transaction, so they are checked and change nothing. Not supported:
`name=` (there is no transactiontypes.conf here), unifyends=false, and delim (fields stay
multivalue here, as stats' values() do, so there is nothing to delimit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, TYPE_CHECKING

from spl import ast
from spl.booleans import boolean
from spl.errors import BadArgumentError, SplError, UnsupportedCommandError
from spl.parser import parse, whole_number
from engine import plan
from engine.aggregates import AGGREGATES, Accumulator
from engine.commands.where import where_predicate
from engine.functions import check_condition
from engine.matching import compile_search
from engine.options import bool_option, int_option, option_map
from engine.table import Row, Table
from engine.timefmt import epoch_from, microseconds_of
from engine.timeunits import SECONDS, time_unit
from engine.values import Value, multivalue, to_number, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("name", "fields", "maxspan", "maxpause", "maxevents", "startswith", "endswith",
           "connected", "unifyends", "keeporphans", "maxopentxn", "maxopenevents", "keepevicted",
           "mvlist", "delim", "nullstr", "mvraw")
FILTERS = ("startswith", "endswith")
DEFAULT_MAXEVENTS = 1000
_DURATION = re.compile(r"(-?\d+)\s*([a-z]*)", re.IGNORECASE)

Condition = ast.SearchExpr | ast.Expr


@dataclass(frozen=True, kw_only=True)
class Transaction(plan.Command):
    """Group rows into transactions by `fields` and the constraints (None: no limit); `closing`
    says whether maxspan, maxpause, maxevents or startswith was given. `mvlist` is True (every
    field as a list), False, or the fields rendered as lists."""

    fields: tuple[str, ...] = ()
    startswith: Condition | None = None
    endswith: Condition | None = None
    maxspan: int | None = None  # microseconds, the precision of `_time`
    maxpause: int | None = None
    maxevents: int | None = DEFAULT_MAXEVENTS
    connected: bool = True
    closing: bool = False
    keepevicted: bool = False
    keeporphans: bool = False
    mvlist: bool | frozenset[str] = False
    nullstr: str = "NULL"
    mvraw: bool = False

    def label(self) -> str:
        """The settings, startswith and endswith written as the search would write them."""
        plain = plan.Command.label(replace(self, startswith=None, endswith=None))
        return plain + "".join(
            f" {name}=" + ("" if plan.is_search(condition) else "eval") +
            f"({plan.render_condition(condition)})" for name, condition
            in (("startswith", self.startswith), ("endswith", self.endswith))
            if condition is not None)


def bind(node: ast.Transaction, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "transaction")
    filters = _filters(node, options, binder)
    if "name" in options:
        raise UnsupportedCommandError("transaction name= reads transactiontypes.conf, which is "
                                      "not read here", options["name"].span,
                                      "write the transaction's options in the search")
    if "delim" in options:
        raise UnsupportedCommandError("transaction delim= is not supported: multivalue fields "
                                      "stay multivalue here", options["delim"].span)
    if not bool_option(options.get("unifyends"), True):
        raise UnsupportedCommandError("transaction unifyends=false is not supported yet",
                                      options["unifyends"].span)
    int_option(options.get("maxopentxn"), 0)
    int_option(options.get("maxopenevents"), 0)
    fields = node.fields + _listed(options.get("fields"))
    maxevents = _maxevents(options.get("maxevents"))
    spans = {name: _duration(options.get(name)) for name in ("maxspan", "maxpause")}
    closing = any(name in options for name in ("maxspan", "maxpause", "maxevents")) or \
        "startswith" in filters
    return Transaction(input=input, command=node, fields=fields,
                       startswith=filters.get("startswith"), endswith=filters.get("endswith"),
                       maxspan=spans["maxspan"], maxpause=spans["maxpause"], maxevents=maxevents,
                       connected=bool_option(options.get("connected"), True), closing=closing,
                       keepevicted=bool_option(options.get("keepevicted"), False),
                       keeporphans=bool_option(options.get("keeporphans"), False),
                       mvlist=_mvlist(options.get("mvlist")),
                       nullstr=options["nullstr"].value if "nullstr" in options else "NULL",
                       mvraw=bool_option(options.get("mvraw"), False))


def run(node: Transaction, table: Table, runtime: Runtime) -> Table:
    rows = list(table.rows)
    timed = [(microseconds_of(t), i, row) for i, row in enumerate(rows)
             if (t := _time_of(row)) is not None]
    if len(timed) < len(rows):
        runtime.diagnostics.notice(f"transaction: {len(rows) - len(timed)} row(s) without a "
                                   "_time are in no transaction")
    grouping = _Grouping(node)
    for time, _, row in sorted(timed, key=lambda item: (-item[0], item[1])):
        grouping.add(row, time)
    results = [(t.oldest, _merged(t, node)) for t in grouping.finished()]
    if node.keeporphans:
        results += [(microseconds_of(_time_of(row) or 0), {**row, "_txn_orphan": 1})
                    for row in grouping.orphans + [r for r in rows if _time_of(r) is None]]
    return Table([row for _, row in sorted(results, key=lambda item: -item[0])])


# ---- binding ---------------------------------------------------------------------------------


def _filters(node: ast.Transaction, options: dict[str, ast.Option],
             binder: Binder) -> dict[str, Condition]:
    """startswith= and endswith=, each a search (time modifiers resolved) or a Boolean eval
    expression; the quoted form's text is parsed as a search."""
    found: dict[str, Condition] = {}
    for given in node.filters:
        name = given.name.lower()
        if name not in FILTERS:
            raise BadArgumentError(f"transaction `{given.name}=` takes a value, not a search in "
                                   "parentheses or eval(...)", given.span,
                                   "only startswith= and endswith= take a search")
        if name in found or name in options:
            raise BadArgumentError(f"transaction option `{name}` is given twice", given.span)
        if given.expr is not None:
            check_condition(given.expr)
            found[name] = given.expr
        else:
            found[name] = _search(given.search, given.span, binder)
    for name in FILTERS:
        if name in options:
            found[name] = _search(_parsed(options[name]), options[name].span, binder)
    return found


def _parsed(option: ast.Option) -> ast.SearchExpr | None:
    """The text of `startswith="<search>"` as a search expression."""
    try:
        pipeline = parse("search " + option.value)
    except SplError as error:
        raise BadArgumentError(f"transaction {option.name}: {error.message}", option.span) \
            from None
    if len(pipeline.commands) != 1:
        raise BadArgumentError(f"transaction {option.name} takes one search expression, "
                               "without `|`", option.span)
    return pipeline.commands[0].expr


def _search(expr: ast.SearchExpr | None, span, binder: Binder) -> ast.SearchExpr:
    if any(isinstance(t, ast.Subsearch) for t in ast.search_terms(expr)):
        raise UnsupportedCommandError("transaction cannot run a subsearch in startswith= or "
                                      "endswith=", span)
    return binder.time_bounded(expr)


def _listed(option: ast.Option | None) -> tuple[str, ...]:
    """A comma or space separated list of fields (`fields=host,cookie`, `mvlist=a,b`)."""
    return () if option is None else tuple(n for n in re.split(r"[\s,]+", option.value) if n)


def _mvlist(option: ast.Option | None) -> bool | frozenset[str]:
    if option is None:
        return False
    flag = boolean(option.value)
    return flag if flag is not None else frozenset(_listed(option))


def _maxevents(option: ast.Option | None) -> int | None:
    if option is None:
        return DEFAULT_MAXEVENTS
    number = whole_number(option.value.strip())
    if number is None:
        raise BadArgumentError(f"`maxevents` takes a whole number, not `{option.value}`",
                               option.span)
    return number if number >= 0 else None


def _duration(option: ast.Option | None) -> int | None:
    """`maxspan=30s` in microseconds (a number without a unit counts seconds); negative: no
    limit."""
    if option is None:
        return None
    match = _DURATION.fullmatch(option.value.strip())
    unit = time_unit(match.group(2) or "s") if match else None
    if unit not in ("s", "m", "h", "d"):
        raise BadArgumentError(f"`{option.name}` takes a whole number of s, m, h or d, e.g. "
                               f"{option.name}=30s, not `{option.value}`", option.span)
    amount = int(match.group(1))
    return None if amount < 0 else amount * SECONDS[unit] * 1_000_000


# ---- grouping --------------------------------------------------------------------------------


@dataclass
class _Open:
    """A transaction being built, newest event first, each with its time in microseconds."""

    events: list[tuple[int, Row]]
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    closed: bool = False

    @property
    def newest(self) -> int:
        return self.events[0][0]

    @property
    def oldest(self) -> int:
        return self.events[-1][0]


class _Grouping:
    """Events in, newest first; transactions out."""

    def __init__(self, node: Transaction):
        self.node = node
        self.open: list[_Open] = []  # the one touched last first
        self.done: list[_Open] = []
        self.orphans: list[Row] = []
        self.starts = _predicate(node.startswith)
        self.ends = _predicate(node.endswith)

    def add(self, row: Row, time: int) -> None:
        node = self.node
        key = {f: tuple(to_text(v) for v in values_of(row.get(f))) for f in node.fields}
        key = {f: v for f, v in key.items() if v}
        if node.fields and not key:
            self.orphans.append(row)
            return
        target = None if self.ends(row) else self._joinable(key)
        if target is not None and not self._fits(target, time):
            self._close(target)
            target = None
        if target is None:
            target = _Open([])
        else:
            self.open.remove(target)
        self.open.insert(0, target)
        target.events.append((time, row))
        for name, value in key.items():
            target.values.setdefault(name, value)
        full = node.maxevents is not None and len(target.events) >= node.maxevents
        if self.starts(row) or full:
            self._close(target)

    def finished(self) -> list[_Open]:
        """The closed transactions, and those still open that are kept: closed by the end of
        the results when no start event is awaited, else evicted."""
        kept = list(self.done)
        for open_ in self.open:
            open_.closed = self.node.closing and self.node.startswith is None
            if open_.closed or self.node.keepevicted or not self.node.closing:
                kept.append(open_)
        return kept

    def _joinable(self, key: dict[str, tuple[str, ...]]) -> _Open | None:
        """The open transaction the event belongs to: the last touched one that shares a field
        value with it and contradicts none; with connected=false, else one sharing nothing."""
        loose = None
        for open_ in self.open:
            shared = [name for name in key if name in open_.values]
            if any(open_.values[name] != key[name] for name in shared):
                continue
            if shared or not self.node.fields:
                return open_
            loose = loose or open_
        return None if self.node.connected else loose

    def _fits(self, open_: _Open, time: int) -> bool:
        node = self.node
        return (node.maxspan is None or open_.newest - time < node.maxspan) and \
            (node.maxpause is None or open_.oldest - time <= node.maxpause)

    def _close(self, open_: _Open) -> None:
        open_.closed = True
        self.open.remove(open_)
        self.done.append(open_)


def _predicate(condition: Condition | None) -> Callable[[Row], bool]:
    if condition is None:
        return lambda row: False
    if plan.is_search(condition):
        return compile_search(condition)
    return where_predicate(condition)


def _time_of(row: Row) -> int | float | None:
    value = row.get("_time")
    return None if isinstance(value, tuple) else to_number(value)


# ---- the transaction as one result -------------------------------------------------------------


def _merged(open_: _Open, node: Transaction) -> Row:
    """One result: the earliest `_time`, the members' `_raw`, the union of their other fields,
    then duration, eventcount and closed_txn."""
    arrival = [row for _, row in open_.events]
    earliest_first = arrival[::-1]
    names = list(dict.fromkeys(name for row in earliest_first for name in row))
    merged: Row = {"_time": earliest_first[0]["_time"]}
    for name in names:
        if name == "_time":
            continue
        if name == "_raw":
            raws = [to_text(v) for row in earliest_first for v in values_of(row.get("_raw"))]
            merged[name] = multivalue(raws) if node.mvraw else "\n".join(raws)
        elif node.mvlist is True or (node.mvlist and name in node.mvlist):
            merged[name] = multivalue([v for row in arrival
                                       for v in values_of(row.get(name)) or (node.nullstr,)])
        else:
            merged[name] = _distinct(row.get(name) for row in arrival)
    merged["duration"] = epoch_from(*divmod(open_.newest - open_.oldest, 1_000_000))
    merged["eventcount"] = len(arrival)
    merged["closed_txn"] = 1 if open_.closed else 0
    return merged


def _distinct(values) -> Value:
    """The distinct values in lexicographic order, as stats' values() gives them."""
    accumulator = Accumulator()
    for value in values:
        accumulator.add(value, None)
    return AGGREGATES["values"](accumulator, "values")
