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
_UNSAFE_BYTES = (b"&#", b"<![cdata[", "\u0130".encode(), "\u212a".encode())


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
    if isinstance(expr, ast.And):
        return [group for operand in expr.operands for group in literal_groups(operand, resolve)]
    if isinstance(expr, ast.Or):
        return _any_of([literal_groups(o, resolve) for o in expr.operands])
    if isinstance(expr, ast.Compare) and expr.op == "=":
        group = _value_literals(expr.field, [expr.value], resolve)
        return [group] if group else []
    if isinstance(expr, ast.In):
        group = _value_literals(expr.field, list(expr.values), resolve)
        return [group] if group else []
    if isinstance(expr, ast.Term):
        literal = _literal(expr.text)  # a term matches _raw, the record's own text
        return [frozenset({literal})] if literal and not set(literal) & _AMBIGUOUS else []
    return []


def _any_of(alternatives: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    """An OR: one group holding the first literal group of every branch (all must have one)."""
    if not alternatives or any(not groups for groups in alternatives):
        return []
    return [frozenset().union(*(groups[0] for groups in alternatives))]


def _value_literals(field: str, patterns: list[str], resolve: Resolver) -> frozenset[str] | None:
    """One literal per pattern that a matching value copied from the record must contain."""
    found = resolve(field)
    if not found or any(kind != "raw" and kind != "const" for kind, _ in found):
        return None
    constants = [text for kind, text in found if kind == "const"]
    literals = set()
    for pattern in patterns:
        literal = _literal(pattern)
        if not literal or is_subnet(pattern) or any(wildcard(pattern)(c) for c in constants):
            return None
        if set(literal) & _AMBIGUOUS:
            return None
        literals.add(_xml_escaped(literal))
    return frozenset(literals)


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

    def accepts(self, record: bytes) -> bool:
        text = record.lower()
        if any(unsafe in text for unsafe in _UNSAFE_BYTES):
            return True
        return all(any(literal in text for literal in group) for group in self.groups)
