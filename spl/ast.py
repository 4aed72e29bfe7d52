"""The syntax tree of an SPL pipeline: frozen, slotted dataclasses, one class per command.

Every node carries the span of text it came from, excluded from equality so that tests can compare
trees without positions. Field names and values are kept as the user wrote them, after SPL's
quoting rules are applied (see `spl.parser.unquote`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from spl.errors import Span

NO_SPAN = Span(0, 0)


@dataclass(frozen=True, slots=True)
class Node:
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


# ---- search expressions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term(Node):
    """A bare word or quoted phrase, matched against `_raw`; `*` is a wildcard."""

    text: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """`field <op> value`; `value` may hold `*` wildcards when `op` is `=` or `!=`."""

    field: str
    op: str
    value: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class In(Node):
    """`field IN (v1, v2, ...)`: true when the field equals any value (wildcards allowed)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class And(Node):
    operands: tuple[SearchExpr, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    operands: tuple[SearchExpr, ...]


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: SearchExpr


@dataclass(frozen=True, slots=True)
class Subsearch(Node):
    """`[ <search> ]` inside a search: replaced, before matching, by its results as
    ( f1=v1 AND f2=v2 ) OR ( ... ), as Splunk's format command writes them."""

    pipeline: Pipeline


SearchExpr = Term | Compare | In | And | Or | Not | Subsearch


def search_terms(expr: SearchExpr | None) -> Iterator[SearchExpr]:
    """The terms of a search expression (everything but And, Or and Not), left to right."""
    if isinstance(expr, (And, Or)):
        for operand in expr.operands:
            yield from search_terms(operand)
    elif isinstance(expr, Not):
        yield from search_terms(expr.operand)
    elif expr is not None:
        yield expr


def map_search_terms(expr: SearchExpr | None,
                     change: Callable[[SearchExpr], SearchExpr]) -> SearchExpr | None:
    """The expression with each term replaced by `change(term)`, its And/Or/Not kept."""
    if isinstance(expr, (And, Or)):
        return type(expr)(tuple(map_search_terms(o, change) for o in expr.operands),
                          span=expr.span)
    if isinstance(expr, Not):
        return Not(map_search_terms(expr.operand, change), span=expr.span)
    return None if expr is None else change(expr)


# ---- eval expressions -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: str | int | float


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A function call; `name` is lower-cased, as function names are case-insensitive."""

    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """`left <op> right` for arithmetic, concatenation, comparison, LIKE, AND, OR and XOR."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """`NOT x` or `-x`."""

    op: str
    operand: Expr


Expr = Field | Literal | Call | Binary | Unary


def expression_fields(expr: Expr) -> set[str]:
    """The field names an expression reads."""
    if isinstance(expr, Field):
        return {expr.name}
    children = {Call: lambda e: e.args, Binary: lambda e: (e.left, e.right),
                Unary: lambda e: (e.operand,)}.get(type(expr), lambda e: ())(expr)
    return set().union(*(expression_fields(c) for c in children))


# ---- command pieces -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option(Node):
    """`name=value` given to a command."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Aggregation(Node):
    """`function(field) AS alias`; `field` is None for a bare `count`, `expr` is set for
    `count(eval(...))`."""

    function: str
    field: str | None = None
    alias: str | None = None
    expr: Expr | None = None

    @property
    def output_name(self) -> str:
        """The column name Splunk gives the result: the alias, else the call as written."""
        if self.alias:
            return self.alias
        return f"{self.function}({self.field})" if self.field else self.function


@dataclass(frozen=True, slots=True)
class Conversion(Node):
    """`function(field) AS alias` inside convert; `field` may hold wildcards."""

    function: str
    field: str
    alias: str | None = None


# ---- commands -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Search(Node):
    """The search command, written or implied at the start of a pipeline; None matches all."""

    expr: SearchExpr | None


@dataclass(frozen=True, slots=True)
class Tstats(Node):
    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    datamodel: str | None
    where: SearchExpr | None
    by: tuple[str, ...]
    datamodel_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Rename(Node):
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Convert(Node):
    options: tuple[Option, ...]
    conversions: tuple[Conversion, ...]


@dataclass(frozen=True, slots=True)
class Assignment(Node):
    """`field = expr`; `dynamic` when the name holds `{other}` parts, each replaced per row by the
    value of the field `other` (engine/commands/eval.py)."""

    field: str
    expr: Expr
    dynamic: bool = False

    @property
    def name_fields(self) -> frozenset[str]:
        """The fields whose values name the field written (`{key}`); none for a plain name."""
        return frozenset(re.findall(r"\{([^{}]*)\}", self.field)) if self.dynamic else frozenset()


@dataclass(frozen=True, slots=True)
class Eval(Node):
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True, slots=True)
class Where(Node):
    expr: Expr


@dataclass(frozen=True, slots=True)
class Stats(Node):
    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Eventstats(Node):
    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Streamstats(Node):
    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Top(Node):
    options: tuple[Option, ...]
    fields: tuple[str, ...]
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rare(Node):
    options: tuple[Option, ...]
    fields: tuple[str, ...]
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table(Node):
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fields(Node):
    """`fields [+|-] <field>...`; `remove` is True for `-`."""

    remove: bool
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SortKey(Node):
    """A sort field; `descending` for `-`, `kind` is None, "num", "str", "ip" or "auto"."""

    field: str
    descending: bool = False
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Dedup(Node):
    count: int
    fields: tuple[str, ...]
    options: tuple[Option, ...]
    sortby: tuple[SortKey, ...] = ()


@dataclass(frozen=True, slots=True)
class Sort(Node):
    """`sort [<count>] <key>...`; count None means Splunk's default limit."""

    count: int | None
    keys: tuple[SortKey, ...]
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Head(Node):
    count: int
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Tail(Node):
    count: int
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Fillnull(Node):
    options: tuple[Option, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rex(Node):
    options: tuple[Option, ...]
    pattern: str


@dataclass(frozen=True, slots=True)
class Regex(Node):
    """`regex [<field>=|!=] "<regex>"`; field defaults to _raw."""

    field: str
    negate: bool
    pattern: str


@dataclass(frozen=True, slots=True)
class Spath(Node):
    options: tuple[Option, ...]
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Xmlkv(Node):
    options: tuple[Option, ...]
    field: str = "_raw"


@dataclass(frozen=True, slots=True)
class Bin(Node):
    options: tuple[Option, ...]
    field: str
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class Mvexpand(Node):
    field: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Makemv(Node):
    field: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Mvcombine(Node):
    field: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class LookupField(Node):
    field: str
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class Lookup(Node):
    """`lookup <name> <match fields> [OUTPUT|OUTPUTNEW <output fields>]`; no output fields
    means every field of the lookup."""

    name: str
    match: tuple[LookupField, ...]
    output: tuple[LookupField, ...] = ()
    outputnew: bool = False
    options: tuple[Option, ...] = ()
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Inputlookup(Node):
    name: str
    where: SearchExpr | None = None
    options: tuple[Option, ...] = ()
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Join(Node):
    options: tuple[Option, ...]
    fields: tuple[str, ...]
    subsearch: Pipeline


@dataclass(frozen=True, slots=True)
class Append(Node):
    options: tuple[Option, ...]
    subsearch: Pipeline


@dataclass(frozen=True, slots=True)
class Foreach(Node):
    """`foreach <wc-field>... [ <template> ]`: the template (SPL text with <<FIELD>>,
    <<MATCHSTR>> and <<MATCHSEG1>>...) runs once per matching field."""

    fields: tuple[str, ...]
    template: str
    options: tuple[Option, ...] = ()
    template_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class From(Node):
    """`| from datamodel:Endpoint.Registry`: the dataset's rows."""

    dataset: str


@dataclass(frozen=True, slots=True)
class Datamodel(Node):
    """`| datamodel Endpoint Registry search`: the dataset's rows."""

    model: str
    dataset: str
    mode: str = "search"


@dataclass(frozen=True, slots=True)
class Makeresults(Node):
    """`| makeresults [count=<num>] [annotate=<bool>] [format=csv|json data=<string>] ...`."""

    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Nomv(Node):
    field: str


@dataclass(frozen=True, slots=True)
class Strcat(Node):
    """`strcat <source>... <dest>`: each source a field, or a quoted literal (a Literal)."""

    sources: tuple[Field | Literal, ...]
    dest: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Accum(Node):
    field: str
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class Delta(Node):
    field: str
    alias: str | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Autoregress(Node):
    field: str
    alias: str | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Reverse(Node):
    pass


@dataclass(frozen=True, slots=True)
class Uniq(Node):
    pass


@dataclass(frozen=True, slots=True)
class Addinfo(Node):
    pass


@dataclass(frozen=True, slots=True)
class ReplacePair(Node):
    """`<wc-string> WITH <wc-string>` inside replace."""

    pattern: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Replace(Node):
    """`replace <pair>... [IN <field>...]`; no fields means every field but internal ones."""

    pairs: tuple[ReplacePair, ...]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fromjson(Node):
    field: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Extract(Node):
    """`extract` (or `kv`) with its options and the transforms.conf stanzas it names."""

    options: tuple[Option, ...] = ()
    extractors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TransactionFilter(Node):
    """transaction's `startswith=` or `endswith=` written `(<search>)` or `eval(<expr>)`; the
    quoted form `startswith="<search>"` is an Option, its text parsed as a search when bound."""

    name: str
    search: SearchExpr | None = None
    expr: Expr | None = None


@dataclass(frozen=True, slots=True)
class Transaction(Node):
    fields: tuple[str, ...]
    options: tuple[Option, ...] = ()
    filters: tuple[TransactionFilter, ...] = ()


@dataclass(frozen=True, slots=True)
class Appendpipe(Node):
    """`appendpipe [<subpipeline>]`: the subpipeline reads the results so far."""

    options: tuple[Option, ...]
    subpipeline: Pipeline


@dataclass(frozen=True, slots=True)
class Map(Node):
    """`map search="<search>" [maxsearches=<int>]`, or `map <saved search>`."""

    options: tuple[Option, ...]
    saved_search: str | None = None


@dataclass(frozen=True, slots=True)
class Outputlookup(Node):
    name: str
    options: tuple[Option, ...] = ()
    name_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Mstats(Node):
    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    where: SearchExpr | None
    by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeriesWhere(Node):
    """`where <function> in|notin top<N>|bottom<N>` or `where <function> <|> <number>` after a
    chart's split-by field: which of its values become columns. `op` is in, notin, < or >."""

    function: str
    op: str
    value: str


@dataclass(frozen=True, slots=True)
class Timechart(Node):
    """`timechart [options] <aggregation>... [BY <field> [options]] [where ...]`."""

    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    by: tuple[str, ...] = ()
    where: SeriesWhere | None = None


@dataclass(frozen=True, slots=True)
class Chart(Node):
    """`chart [options] <aggregation>... [OVER <row-split>] [BY <split>...] [where ...]`;
    `column_options` are those written after the column split (its own bin options)."""

    options: tuple[Option, ...]
    aggregations: tuple[Aggregation, ...]
    over: str | None = None
    by: tuple[str, ...] = ()
    where: SeriesWhere | None = None
    column_options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Addtotals(Node):
    options: tuple[Option, ...]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Untable(Node):
    """`untable <x-field> <y-name-field> <y-data-field>`."""

    x: str
    name: str
    data: str


@dataclass(frozen=True, slots=True)
class Xyseries(Node):
    """`xyseries [options] <x-field> <y-name-field> <y-data-field>...`: `fields` in that order."""

    options: tuple[Option, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fieldsummary(Node):
    options: tuple[Option, ...]
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Eventcount(Node):
    """`| eventcount [index=<string>]... [summarize=<bool>] ...` (index= may repeat)."""

    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Metadata(Node):
    """`| metadata type=hosts|sources|sourcetypes [index=<string>]... ...`."""

    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Iplocation(Node):
    field: str
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class UnknownCommand(Node):
    """A command the grammar does not know; binding reports it by name."""

    name: str


Command = (Search | Tstats | Rename | Convert | Eval | Where | Stats | Eventstats | Streamstats
           | Top | Rare | Table | Fields | Dedup | Sort | Head | Tail | Fillnull | Rex | Regex
           | Spath | Xmlkv | Bin | Mvexpand | Makemv | Mvcombine | Lookup | Inputlookup | Join
           | Append | Foreach | From | Datamodel | Makeresults | Nomv | Strcat | Accum
           | Delta | Autoregress | Reverse | Uniq | Addinfo | Replace | Fromjson
           | Extract | Transaction | Appendpipe | Map | Outputlookup | Mstats
           | Timechart | Chart | Addtotals | Untable | Xyseries | Fieldsummary
           | Iplocation | Eventcount | Metadata | UnknownCommand)


@dataclass(frozen=True, slots=True)
class Pipeline(Node):
    commands: tuple[Command, ...]
