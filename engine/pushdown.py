"""Pushdown: skip log records that cannot match a search, before parsing them.

Splunk's index skips events that lack a search's terms; this is the same idea on a log file. A
search term like `registry_path="*\\SYSTEM\\Remote Manipulator*"` can only match a record whose
text holds `\\system\\remote manipulator`, provided the field's value is copied unchanged from a
field of the record (or is one of a few constants that do not match). Following each field back
through the data model's calculations and the add-on's EVALs tells when that holds; only then is
the literal pushed down, so results never change: a record is skipped only when it cannot match.

A pushed-down search is a list of groups of literals: a record is read when, for every group, its
lower-cased text contains at least one of the group's literals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from spl import ast
from engine.matching import is_subnet, wildcard
from engine.values import to_text

# Where a field's value can come from: ("raw", name) copies a field of the record unchanged,
# ("const", text) is a constant. None means "cannot tell" (the value is computed).
Origin = tuple[str, str]
Origins = frozenset[Origin] | None
Resolver = Callable[[str], Origins]

# Characters that need care in XML text: `<` and `&` are always escaped, `>`, `"` and `'` may or
# may not be, so literals holding the latter are not pushed down.
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"))
_AMBIGUOUS = frozenset('>"\'')
# Records where text can be spelled in other ways than plainly: character references, CDATA,
# and the only two non-ASCII characters whose lower case holds ASCII letters (U+0130, U+212A).
UNSAFE_TEXT = ("&#", "<![cdata[", "\u0130", "\u212a")
_UNSAFE_BYTES = tuple(text.encode() for text in UNSAFE_TEXT)
# Each with one of its bytes that logs seldom hold: one byte is found many times faster than
# several, so a reader looks for the spelling only in text that holds its byte.
UNSAFE_PROBES = tuple(zip(_UNSAFE_BYTES, (b"#", b"!", b"\xb0", b"\xaa")))


def origins(expr: ast.Expr, resolve: Resolver) -> Origins:
    """Where the value of `expr` can come from, or None when it is computed."""
    if isinstance(expr, ast.Field):
        return resolve(expr.name)
    if isinstance(expr, ast.Literal):
        return frozenset({("const", to_text(expr.value))})
    if isinstance(expr, ast.Call):
        return _call_origins(expr, resolve)
    return None


def _call_origins(call: ast.Call, resolve: Resolver) -> Origins:
    """if, case and coalesce pass one of their value arguments through; null() gives nothing."""
    if call.name == "null" and not call.args:
        return frozenset()
    values = {"if": call.args[1:], "case": call.args[1::2], "coalesce": call.args}.get(call.name)
    if values is None:
        return None
    found: set[Origin] = set()
    for value in values:
        value_origins = origins(value, resolve)
        if value_origins is None:
            return None
        found |= value_origins
    return frozenset(found)


def literal_groups(expr: ast.SearchExpr | None, resolve: Resolver) -> list[frozenset[str]]:
    """What a record must contain for a row built from it to match `expr`."""
    return _groups(expr, lambda field, patterns: _record_literals(field, patterns, resolve),
                   _term_literals)


def column_groups(expr: ast.SearchExpr | None,
                  resolve: Resolver) -> list[frozenset[tuple[str, str]]]:
    """What the record's own fields must hold for a row built from it to match `expr`: groups
    of (field, literal), a group met when one of its fields holds its literal, lower-cased. An
    event store tests these on its columns (engine/storesql.py): unlike a record's text, a
    column holds the value itself, unescaped, so the test needs no care for XML spellings."""
    return _groups(expr, lambda field, patterns: _field_literals(field, patterns, resolve),
                   lambda term: None)  # a bare term searches _raw, which has no one field


def _groups(expr: ast.SearchExpr | None, leaf, term) -> list[frozenset]:
    """The groups of `expr` (AND: each operand's; OR: one group uniting the first group of
    every branch, when each has one), from `leaf(field, patterns)` for `field=pattern` and
    `field IN (...)`, and `term(term)` for a bare term; either gives None for no group."""
    if isinstance(expr, ast.And):
        return [group for operand in expr.operands for group in _groups(operand, leaf, term)]
    if isinstance(expr, ast.Or):
        return _any_of([_groups(operand, leaf, term) for operand in expr.operands])
    group = None
    if isinstance(expr, ast.Compare) and expr.op == "=":
        group = leaf(expr.field, [expr.value])
    elif isinstance(expr, ast.In):
        group = leaf(expr.field, list(expr.values))
    elif isinstance(expr, ast.Term):
        group = term(expr)
    return [group] if group else []


def _any_of(alternatives: list[list[frozenset]]) -> list[frozenset]:
    """An OR: one group holding the first literal group of every branch (all must have one)."""
    if not alternatives or any(not groups for groups in alternatives):
        return []
    return [frozenset().union(*(groups[0] for groups in alternatives))]


def _term_literals(term: ast.Term) -> frozenset[str] | None:
    literal = _literal(term.text)  # a term matches _raw, the record's own text
    return frozenset({literal}) if literal and not set(literal) & _AMBIGUOUS else None


def _record_literals(field: str, patterns: list[str], resolve: Resolver) -> frozenset[str] | None:
    """One literal per pattern that the text of a record must hold when a value copied from it
    matches, as the record spells it (XML-escaped)."""
    found = _value_literals(field, patterns, resolve)
    if found is None or any(set(literal) & _AMBIGUOUS for literal in found[1]):
        return None
    return frozenset(_xml_escaped(literal) for literal in found[1])


def _field_literals(field: str, patterns: list[str],
                    resolve: Resolver) -> frozenset[tuple[str, str]] | None:
    """(record field, literal) for every record field a matching value can be copied from and
    every pattern's literal: a match holds one of them."""
    found = _value_literals(field, patterns, resolve)
    if found is None:
        return None
    fields, literals = found
    return frozenset((name, literal) for name in fields for literal in literals)


def _value_literals(field: str, patterns: list[str],
                    resolve: Resolver) -> tuple[list[str], frozenset[str]] | None:
    """The record fields a value matching one of `patterns` can be copied from, and one literal
    per pattern that such a value must hold; None when the value may be computed, or a constant
    it may take matches."""
    found = resolve(field)
    if not found or any(kind != "raw" and kind != "const" for kind, _ in found):
        return None
    constants = [text for kind, text in found if kind == "const"]
    literals = set()
    for pattern in patterns:
        literal = _literal(pattern)
        if not literal or is_subnet(pattern) or any(wildcard(pattern)(c) for c in constants):
            return None
        literals.add(literal)
    return [name for kind, name in found if kind == "raw"], frozenset(literals)


def _literal(pattern: str) -> str | None:
    """The longest run of the pattern between wildcards, lower-cased; None when it is not plain
    ASCII (bytes are lower-cased as ASCII only)."""
    longest = max(pattern.split("*"), key=len).lower()
    return longest if longest.isascii() and longest.strip() else None


def _xml_escaped(text: str) -> str:
    for char, entity in _XML_ESCAPES:
        text = text.replace(char, entity)
    return text


def xml_unescaped(text: str) -> str:
    """A literal as it was before _xml_escaped (the JSON reader looks for both spellings)."""
    for char, entity in reversed(_XML_ESCAPES):
        text = text.replace(entity, char)
    return text


@dataclass(frozen=True)
class RecordFilter:
    """The test each record's bytes pass before they are parsed."""

    groups: tuple[tuple[bytes, ...], ...]

    @classmethod
    def of(cls, groups: Iterable[frozenset[str]]) -> RecordFilter | None:
        encoded = tuple(tuple(sorted(g.encode() for g in group)) for group in groups if group)
        return cls(encoded) if encoded else None

    def needles(self, text: bytes) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        """Byte strings, lower-cased, such that each record in `text` that `accepts` holds one:
        the literals of one group (the one whose shortest literal is longest, likely the
        rarest), and apart those spellings that make a record unsafe to judge which `text` may
        hold. A reader looks for these in many records at once and tests only the records
        holding one: with `holds` when `text` can hold no unsafe spelling, else `accepts`."""
        anchor = max(self.groups, key=lambda group: min(map(len, group)))
        return anchor, tuple(unsafe for unsafe, probe in UNSAFE_PROBES if probe in text)

    def holds(self, lower: bytes) -> bool:
        """Whether lower-cased text that holds no unsafe spelling holds a literal of each group
        (what `accepts` tests, for a record already lower-cased)."""
        return all(any(literal in lower for literal in group) for group in self.groups)

    def accepts(self, record: bytes) -> bool:
        text = record.lower()
        if any(unsafe in text for unsafe in _UNSAFE_BYTES):
            return True
        return self.holds(text)
