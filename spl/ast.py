"""The syntax tree of an SPL pipeline: frozen, slotted dataclasses, one class per command.

Every node carries the span of text it came from, excluded from equality so that tests can compare
trees without positions. Field names and values are kept as the user wrote them, after SPL's
quoting rules are applied (see `spl.parser.unquote`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


SearchExpr = Term | Compare | In | And | Or | Not


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


# ---- command pieces -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option(Node):
    """`name=value` given to a command."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Aggregation(Node):
    """`function(field) AS alias`; `field` is None for a bare `count`."""

    function: str
    field: str | None = None
    alias: str | None = None

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
    field: str
    expr: Expr


@dataclass(frozen=True, slots=True)
class Eval(Node):
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True, slots=True)
class Where(Node):
    expr: Expr


@dataclass(frozen=True, slots=True)
class UnknownCommand(Node):
    """A command the grammar does not know; binding reports it by name."""

    name: str


Command = Search | Tstats | Rename | Convert | Eval | Where | UnknownCommand


@dataclass(frozen=True, slots=True)
class Pipeline(Node):
    commands: tuple[Command, ...]
