"""Search-language matching: `*` wildcards, and search expressions as predicates.

A `*` pattern is compiled to a regular expression in one place, wildcard_pattern, which also
tells what each `*` matched: field-name patterns (rename, stats AS, foreach, fields, props
stanzas) and value patterns (search) share it. A value test is compiled once into the cheapest
test that is exactly right: a set or equality test, `startswith`, `endswith`, `in`, and only
otherwise that regular expression. Values are lower-cased once per test; patterns once per
compile. `*` is the only wildcard and there is no escape for it (Splunk's "Backslashes" page).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from spl import ast
from spl.errors import SplError
from engine.values import Value, to_number, to_text, values_of

Matcher = Callable[[str], bool]
Predicate = Callable[[dict], bool]


@lru_cache(maxsize=4096)
def wildcard(pattern: str, case_sensitive: bool = False) -> Matcher:
    """A test of a whole value against a `*` pattern.

    >>> wildcard("*\\\\SYSTEM\\\\Remote*")("HKLM\\\\System\\\\Remote Manipulator System")
    True
    """
    fold = (lambda s: s) if case_sensitive else str.lower
    pat = fold(pattern)
    parts = pat.split("*")
    if len(parts) == 1:
        return lambda value: fold(value) == pat
    if all(p == "" for p in parts):
        return lambda value: True
    inner = parts[1:-1]
    if len(parts) == 2 and parts[0] and not parts[1]:
        return lambda value: fold(value).startswith(parts[0])
    if len(parts) == 2 and parts[1] and not parts[0]:
        return lambda value: fold(value).endswith(parts[1])
    if len(parts) == 3 and not parts[0] and not parts[2]:
        return lambda value: inner[0] in fold(value)
    regex = wildcard_pattern(pat).regex
    return lambda value: regex.fullmatch(fold(value)) is not None


@dataclass(frozen=True)
class WildcardPattern:
    """A `*` pattern as a regular expression with one group per `*`, matched case-sensitively.

    Each `*` takes the shortest run that still lets the rest of the pattern match, from the left:
    `a*b*` on `abbb` captures ('', 'bb'). Splunk's rename and stats pages say only that what a
    `*` matches is carried into the new name ("rename EU* AS EMEA*"); they are silent on which
    run a `*` takes when several would do, and this is the rule rename has always had here.
    """

    regex: re.Pattern

    def match(self, name: str) -> tuple[str, ...] | None:
        """What each `*` matched, in order, when the pattern matches the whole of `name`."""
        found = self.regex.fullmatch(name)
        return None if found is None else found.groups()


@lru_cache(maxsize=4096)
def wildcard_pattern(pattern: str) -> WildcardPattern:
    """The one compilation of a `*` pattern (see WildcardPattern for what `*` captures).

    >>> wildcard_pattern("Registry.*").match("Registry.dest")
    ('dest',)
    """
    parts = (re.escape(part) for part in pattern.split("*"))
    return WildcardPattern(re.compile("(.*?)".join(parts), re.DOTALL))


def fill_wildcards(template: str, captures: tuple[str, ...]) -> str:
    """`template` with its `*`s replaced, in order, by `captures` (a `*` beyond them by nothing).

    >>> fill_wildcards("avg_tcp.*", ("in",))
    'avg_tcp.in'
    """
    parts = template.split("*")
    filled = [parts[0]]
    for index, part in enumerate(parts[1:]):
        filled += [captures[index] if index < len(captures) else "", part]
    return "".join(filled)


def compile_search(expr: ast.SearchExpr | None) -> Predicate:
    """A row predicate with the search command's semantics (see splunk-semantics.md §2)."""
    if expr is None:
        return lambda row: True
    return _COMPILERS[type(expr)](expr)


def search_fields(expr: ast.SearchExpr | None) -> set[str]:
    """The field names a search expression reads (`_raw` for bare terms)."""
    return {"_raw" if isinstance(term, ast.Term) else term.field
            for term in ast.search_terms(expr) if not isinstance(term, ast.Subsearch)}


def _and(node: ast.And) -> Predicate:
    tests = [compile_search(o) for o in node.operands]
    return lambda row: all(t(row) for t in tests)


def _or(node: ast.Or) -> Predicate:
    tests = [compile_search(o) for o in node.operands]
    return lambda row: any(t(row) for t in tests)


def _not(node: ast.Not) -> Predicate:
    test = compile_search(node.operand)
    return lambda row: not test(row)


def _compare(node: ast.Compare) -> Predicate:
    test = _compare_value(node)
    if node.field == "index":  # logs read here belong to no index: any index= term matches
        return lambda row: "index" not in row or test(row)
    return test


def _compare_value(node: ast.Compare) -> Predicate:
    field, op = node.field, node.op
    if op in ("=", "!="):
        test = value_test(node.value)
        if op == "=":
            return _equals(field, test)
        return lambda row: _present_and_none_match(row.get(field), test)
    order = _ORDER_TESTS[op]
    bound, bound_number = node.value, to_number(node.value)
    return lambda row: any(_ordered(v, bound, bound_number, order) for v in values_of(row.get(field)))


def _equals(field: str, test: Callable[[object], bool]) -> Predicate:
    """`field=value`: any value matches. The single-string case, by far the most common, is
    tested directly: this runs once per row of every search."""
    def equals(row: dict) -> bool:
        value = row.get(field)
        if value.__class__ is str:
            return test(value)
        return any(test(v) for v in values_of(value))
    return equals


def _present_and_none_match(value: Value, test: Callable) -> bool:
    """`field!=v`: the field exists and no value matches (a missing field never matches)."""
    values = values_of(value)
    return bool(values) and not any(test(v) for v in values)


def _in(node: ast.In) -> Predicate:
    tests = [value_test(v) for v in node.values]
    field = node.field
    return lambda row: any(t(v) for v in values_of(row.get(field)) for t in tests)


def value_test(pattern: str) -> Callable[[object], bool]:
    """A test of one field value against a search value: wildcard, or a CIDR subnet."""
    subnet = _subnet(pattern)
    if subnet is not None:
        return lambda value: _in_subnet(to_text(value), subnet)
    match = wildcard(pattern)
    return lambda value: match(value if value.__class__ is str else to_text(value))


def is_subnet(pattern: str) -> bool:
    """Whether a search value is a CIDR block, matched by subnet rather than as text."""
    return _subnet(pattern) is not None


def _subnet(pattern: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if "/" not in pattern or "*" in pattern:
        return None
    try:
        return ipaddress.ip_network(pattern, strict=False)
    except ValueError:
        return None


def _in_subnet(text: str, subnet: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    try:
        return ipaddress.ip_address(text) in subnet
    except ValueError:
        return False


def _ordered(value, bound: str, bound_number, order: Callable[[object, object], bool]) -> bool:
    """`< <= > >=`: numerically when both sides are numbers, else lexicographically."""
    number = to_number(value)
    if number is not None and bound_number is not None:
        return order(number, bound_number)
    return order(to_text(value), bound)


_ORDER_TESTS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _term(node: ast.Term) -> Predicate:
    """A bare term or phrase: a case-insensitive match in `_raw`, or, on rows without `_raw`
    (the results of stats and tstats), in any field's value. `*` alone matches every row."""
    if node.text.strip("*") == "":
        return lambda row: True
    regex = _term_regex(node.text)
    return lambda row: _row_has(row, regex)


@lru_cache(maxsize=1024)
def _term_regex(text: str) -> re.Pattern:
    body = "[^\\s]*".join(re.escape(part) for part in text.split("*"))
    start = "" if text.startswith("*") or not text[0].isalnum() else r"(?<![A-Za-z0-9_])"
    end = "" if text.endswith("*") or not text[-1].isalnum() else r"(?![A-Za-z0-9_])"
    return re.compile(start + body + end, re.IGNORECASE)


def _row_has(row: dict, regex: re.Pattern) -> bool:
    raw = row.get("_raw")
    if raw is not None:
        return any(regex.search(to_text(v)) for v in values_of(raw))
    return any(regex.search(to_text(v)) for value in row.values() for v in values_of(value))


def _subsearch(node: ast.Subsearch) -> Predicate:
    raise SplError("a subsearch `[...]` can only stand in a search command's terms", node.span)


_COMPILERS: dict[type, Callable] = {
    ast.Subsearch: _subsearch,
    ast.And: _and,
    ast.Or: _or,
    ast.Not: _not,
    ast.Compare: _compare,
    ast.In: _in,
    ast.Term: _term,
}
