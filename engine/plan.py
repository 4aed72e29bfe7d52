"""The logical plan: what a search means once every name and option is resolved.

Binding (engine/binder.py) turns the syntax tree into a tree of the operators below, each frozen
and holding only parsed, checked values, so that no engine reads option text again. Rewrite rules
(engine/rewrite.py) turn a plan into a cheaper one with the same rows; an engine runs it
(engine/executor.py is the Python engine, the reference every other engine is held to).

A node reads the rows of its `input` (None for a source) and of its `subplans` (the subsearches
of join, append and search). The relational operators that several commands share are here:
Scan, Enrich and DatasetRows (where rows come from), Filter, Eval, Aggregate, Sort, Limit, Join,
Union and Lookup. Every other command binds to its own Command node, defined in its module.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields as dataclass_fields, replace
from pathlib import Path
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from spl.render import expr_text, search_text
from engine.datamodels import Dataset
from engine.knowledge import SourceKnowledge
from engine.spans import Span

if TYPE_CHECKING:
    from engine.lookups import Definition

# The fields an operator's input must carry for its output to carry what is read downstream;
# None means every field (the operator, or something after it, may read any).
Needed = frozenset[str] | None


def also(after: Needed, fields: Iterable[str]) -> Needed:
    """What an operator that reads `fields` and passes every other field through needs: `after`
    and `fields` (every field stays every field)."""
    return None if after is None else after | frozenset(fields)


@dataclass(frozen=True, kw_only=True)
class Node:
    input: Node | None = None
    # The command this operator was bound from: its span and text, for errors and explain.
    command: ast.Command | None = field(default=None, compare=False, repr=False)

    def subplans(self) -> tuple[Node, ...]:
        """Plans whose rows this operator reads besides its input (subsearches)."""
        return ()

    def with_input(self, input: Node | None) -> Node:
        return replace(self, input=input)

    def with_subplans(self, subplans: tuple[Node, ...]) -> Node:
        """The same operator reading `subplans` instead (as many as it has)."""
        return self

    def needs(self, after: Needed) -> Needed:
        """The fields the input must carry so that the output carries `after`. An operator
        that does not say reads every field."""
        return None

    def label(self) -> str:
        """One line for `spl explain --plan`: the operator and its settings."""
        settings = ", ".join(f"{f.name}={_shown(getattr(self, f.name))}"
                             for f in dataclass_fields(self)
                             if f.name not in ("input", "command") and f.compare and f.repr
                             and getattr(self, f.name) not in (None, (), frozenset())
                             and getattr(self, f.name) != f.default)
        return f"{type(self).__name__}" + (f" {settings}" if settings else "")


def _shown(value) -> str:
    if isinstance(value, (frozenset, set)):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_shown(v) for v in value) + ")"
    if isinstance(value, Dataset):
        return f"{value.model}.{value.name}"
    if isinstance(value, Node):
        return type(value).__name__
    return str(value)


# ---- where rows come from -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Scan(Node):
    """The raw events of every input file, before source knowledge. `literals` are groups of
    lower-cased byte strings: a record is parsed only when its text holds one of each group.
    `columns` are the same tests on the record's own fields, groups of (field, lower-cased
    literal), for an event store, whose columns hold those fields (engine/storesql.py), and
    `time_range` the first and last `_time` a row may have (None: unbounded), by which a store
    reads only the days it needs."""

    literals: tuple[tuple[str, ...], ...] = ()
    columns: tuple[tuple[tuple[str, str], ...], ...] = ()
    time_range: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True, kw_only=True)
class StoreScan(Scan):
    """The raw events of an event store (engine/store.py) instead of log files, read by an SQL
    engine (DuckDB or Spark) with the literals as its SQL prefilter (engine/storescan.py)."""

    store: Path
    engine: str = "duckdb"
    master: str | None = None  # Spark's cluster; None: local mode


@dataclass(frozen=True, kw_only=True)
class Rows(Node):
    """The rows the caller hands to the run (a table in a test, the input of a template)."""


@dataclass(frozen=True, kw_only=True)
class Enrich(Node):
    """Source knowledge applied to raw events: aliases, calculated fields (only `fields`, when
    given), event types and tags (engine/knowledge.py)."""

    knowledge: SourceKnowledge = field(compare=False, repr=False)
    fields: frozenset[str] | None = None

    def needs(self, after: Needed) -> Needed:
        return None  # the add-on's fields are computed from the record's, whichever they are


@dataclass(frozen=True, kw_only=True)
class DatasetRows(Node):
    """Rows of a data model dataset: its calculated fields (only those for `fields`, dataset
    field names without prefix, when given), named `<Root>.<field>` as tstats names them. The
    constraint searches that choose its events are the operators below it."""

    dataset: Dataset
    fields: frozenset[str] | None = None

    def needs(self, after: Needed) -> Needed:
        if after is None:
            return None
        return self.dataset.needed_fields(after)


# ---- relational operators ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Filter(Node):
    """Keep the rows a condition holds for: a search expression, with the search command's
    semantics (case-insensitive wildcards, any value of a multivalue), or an eval expression
    with where's. Time modifiers are already epoch bounds; each subsearch of the expression
    is a subplan, in the order the terms appear."""

    condition: ast.SearchExpr | ast.Expr | None
    subsearches: tuple[Node, ...] = ()
    note: str = ""  # what the condition means, when a rewrite rule made it, for explain


    def subplans(self) -> tuple[Node, ...]:
        return self.subsearches

    def with_subplans(self, subplans: tuple[Node, ...]) -> Node:
        return replace(self, subsearches=subplans)

    def needs(self, after: Needed) -> Needed:
        from_condition = condition_fields(self.condition)
        if after is None or from_condition is None:
            return None
        return after | from_condition

    def label(self) -> str:
        kind = "search" if is_search(self.condition) else "where"
        note = f"  ({self.note})" if self.note else ""
        return f"Filter {kind} {render_condition(self.condition)}{note}"


@dataclass(frozen=True, kw_only=True)
class Eval(Node):
    """Compute fields left to right; a failing expression leaves its field null."""

    assignments: tuple[ast.Assignment, ...]

    def needs(self, after: Needed) -> Needed:
        if after is None:
            return None
        needed = set(after)
        for assignment in reversed(self.assignments):
            needed.discard(assignment.field)
            needed |= ast.expression_fields(assignment.expr)
        return frozenset(needed)

    def label(self) -> str:
        return "Eval " + ", ".join(f"{a.field}={expr_text(a.expr)}" for a in self.assignments)


@dataclass(frozen=True, kw_only=True)
class Aggregate(Node):
    """Group rows by the BY fields and aggregate each group (stats, and tstats over a dataset).
    A row with a null BY field is left out unless `fillnull` is set; `span` buckets `_time`
    before grouping, as bin buckets it."""

    aggregations: tuple[ast.Aggregation, ...]
    by: tuple[str, ...] = ()
    fillnull: str | None = None
    span: Span | None = None
    allnum: bool = False
    dedup_splitvals: bool = False

    def needs(self, after: Needed) -> Needed:
        read = set(self.by)
        for aggregation in self.aggregations:
            if aggregation.field and "*" in aggregation.field:
                return None
            if aggregation.field:
                read.add(aggregation.field)
            if aggregation.expr is not None:
                read |= ast.expression_fields(aggregation.expr)
        return frozenset(read | {"_time"})

    def label(self) -> str:
        functions = ", ".join(_aggregation_text(a) for a in self.aggregations)
        by = f" BY {', '.join(self.by)}" if self.by else ""
        extra = "".join(f" {name}={value}" for name, value in
                        (("fillnull", self.fillnull), ("span", self.span)) if value is not None)
        return f"Aggregate {functions}{by}{extra}"


def _aggregation_text(aggregation: ast.Aggregation) -> str:
    call = f"{aggregation.function}({aggregation.field})" if aggregation.field else \
        aggregation.function
    return call if not aggregation.alias else f"{call} AS {aggregation.alias}"


@dataclass(frozen=True)
class SortKey:
    """One sort key, resolved: `kind` says how values collate (auto, num, str or ip, as the
    sort command defines them in engine/commands/sort.py)."""

    field: str
    descending: bool = False
    kind: str = "auto"

    def __str__(self) -> str:
        name = self.field if self.kind == "auto" else f"{self.kind}({self.field})"
        return ("-" if self.descending else "") + name


@dataclass(frozen=True, kw_only=True)
class Sort(Node):
    """Order rows by the keys; keep the first `limit` (0: all). `default_limit` says the limit
    is sort's default rather than the user's, so that cutting rows with it is noticed."""

    keys: tuple[SortKey, ...]
    limit: int = 0
    default_limit: bool = False

    def needs(self, after: Needed) -> Needed:
        return also(after, {k.field for k in self.keys})


@dataclass(frozen=True, kw_only=True)
class Limit(Node):
    """The first `count` rows, or the last ones, last first (`from_end`: tail)."""

    count: int
    from_end: bool = False

    def needs(self, after: Needed) -> Needed:
        return after


@dataclass(frozen=True, kw_only=True)
class Join(Node):
    """Rows of the input joined with the rows of a subsearch on `fields` (all shared fields
    when empty)."""

    right: Node
    fields: tuple[str, ...] = ()
    type: str = "inner"
    max: int = 1
    overwrite: bool = True

    def subplans(self) -> tuple[Node, ...]:
        return (self.right,)

    def with_subplans(self, subplans: tuple[Node, ...]) -> Node:
        (right,) = subplans
        return replace(self, right=right)


@dataclass(frozen=True, kw_only=True)
class Union(Node):
    """The rows of the input, then the rows of `right` (at most `maxout` of them, 0: all)."""

    right: Node
    maxout: int = 0

    def subplans(self) -> tuple[Node, ...]:
        return (self.right,)

    def with_subplans(self, subplans: tuple[Node, ...]) -> Node:
        (right,) = subplans
        return replace(self, right=right)

    def needs(self, after: Needed) -> Needed:
        return after


@dataclass(frozen=True, kw_only=True)
class Lookup(Node):
    """Add to each row the `outputs` of the rows of a lookup table that match it: `match` and
    `outputs` are (lookup field, event field) pairs; with `outputnew` only null fields are
    filled. A row lacking a match field passes unchanged."""

    definition: Definition
    match: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]
    outputnew: bool = False

    def needs(self, after: Needed) -> Needed:
        # The outputs stay read from the input: a row without a match value keeps its own, and
        # OUTPUTNEW reads them to see which are null.
        return also(after, {event for _, event in self.match})

    def label(self) -> str:
        clause = "OUTPUTNEW" if self.outputnew else "OUTPUT"
        return (f"Lookup {self.definition.name} {_renames(self.match)} {clause} "
                f"{_renames(self.outputs)}")


def _renames(pairs: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(a if a == b else f"{a} AS {b}" for a, b in pairs)


@dataclass(frozen=True, kw_only=True)
class Command(Node):
    """Base of the per-command operators (rename, dedup, rex, ...), each defined in its module
    under engine/commands/ with its options already parsed."""


# ---- walking plans -------------------------------------------------------------------------------


def chain(plan: Node) -> Iterator[Node]:
    """The operators from `plan` down to its source, following inputs (not subplans)."""
    node: Node | None = plan
    while node is not None:
        yield node
        node = node.input


def render(plan: Node, indent: str = "") -> str:
    """The plan as an indented tree, the last operator first, as `spl explain --plan` prints it."""
    lines = []
    depth = indent
    for node in chain(plan):
        lines.append(depth + node.label())
        for subplan in node.subplans():
            lines.append(depth + "  subsearch:")
            lines.append(render(subplan, depth + "    "))
        depth += "  "
    return "\n".join(lines)


def is_search(condition: ast.SearchExpr | ast.Expr | None) -> bool:
    return condition is None or isinstance(condition, ast.SearchExpr)


def condition_fields(condition: ast.SearchExpr | ast.Expr | None) -> frozenset[str] | None:
    """The fields a filter condition reads; None when it may read any (a bare term searches
    every field of a row without `_raw`)."""
    if condition is None:
        return frozenset()
    if not is_search(condition):
        return frozenset(ast.expression_fields(condition))
    found = set()
    for term in ast.search_terms(condition):
        if isinstance(term, ast.Term):
            if term.text.strip("*"):
                return None
        elif not isinstance(term, ast.Subsearch):
            found.add(term.field)
    return frozenset(found)


def render_condition(condition: ast.SearchExpr | ast.Expr | None) -> str:
    if condition is None:
        return "*"
    return search_text(condition) if is_search(condition) else expr_text(condition)
