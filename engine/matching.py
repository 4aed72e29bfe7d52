"""Search-language matching: `*` wildcards, LIKE's `%` and `_`, search expressions as predicates.

A `*` pattern is matched in one place, _Glob, which also tells what each `*` matched: field-name
patterns (rename, stats AS, foreach, fields, props stanzas), value patterns (search, lookups'
WILDCARD match type) and eval's LIKE (`%` for `*`, `_` one character) share it. It never
backtracks: the text between two `*`s is found at its leftmost place after the piece before it,
which is the only place worth trying (a later one leaves less room for the rest), so a pattern
of m characters over a value of n takes at most O(n·m) and `*\\*\\*\\*.exe` over 10 KB of
backslashes is as quick as any other. A value test is compiled once into the cheapest test that
is exactly right: a set or equality test, `startswith`, `endswith`, `in`, and only otherwise the
general matcher. Values are lower-cased once per test; patterns once per compile. `*` is the
only wildcard of search and there is no escape for it (Splunk's "Backslashes" page).
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
    glob = _glob(pat, "*", "")
    return lambda value: glob.runs(fold(value)) is not None


@lru_cache(maxsize=1024)
def like(pattern: str) -> Matcher:
    """A test of a whole value against SQL LIKE's pattern as Splunk's like() and LIKE take it:
    `%` any run of characters, `_` exactly one, case-sensitively.

    >>> like("%.ex_")("C:\\\\x.exe")
    True
    """
    glob = _glob(pattern, "%", "_")
    return lambda value: glob.runs(value) is not None


@dataclass(frozen=True)
class _Piece:
    """The fixed-length text between two run wildcards. One with any-one-character wildcards
    (LIKE's `_`) is found by `regex`, a regular expression without repetition, so in linear
    time too; None for plain text."""

    text: str
    regex: re.Pattern | None

    def find(self, value: str, start: int, end: int) -> int:
        """The leftmost place in value[start:end] the piece lies wholly within, or -1."""
        if self.regex is None:
            return value.find(self.text, start, end)
        found = self.regex.search(value, start, end)
        return -1 if found is None else found.start()

    def at(self, value: str, start: int) -> bool:
        if self.regex is None:
            return value.startswith(self.text, start)
        return self.regex.match(value, start, start + len(self.text)) is not None


@dataclass(frozen=True)
class _Glob:
    """A pattern as its pieces around each run wildcard: the first piece must start the value,
    the last end it, and each piece between is taken at its leftmost place after the one
    before (see the module's docstring for why that is right and linear)."""

    pieces: tuple[_Piece, ...]

    def runs(self, value: str) -> list[tuple[int, int]] | None:
        """Where each run wildcard's text lies in `value`, when the pattern matches it whole."""
        if len(self.pieces) == 1:  # no run wildcard: the piece is the whole value
            piece = self.pieces[0]
            return [] if len(value) == len(piece.text) and piece.at(value, 0) else None
        first, *middle, last = self.pieces
        limit = len(value) - len(last.text)
        if limit < len(first.text) or not first.at(value, 0) or not last.at(value, limit):
            return None
        runs, done = [], len(first.text)
        for piece in middle:
            at = piece.find(value, done, limit)
            if at == -1:
                return None
            runs.append((done, at))
            done = at + len(piece.text)
        runs.append((done, limit))
        return runs


@lru_cache(maxsize=4096)
def _glob(pattern: str, run: str, one: str) -> _Glob:
    """`pattern` as pieces around each `run` character; `one` (or "") stands for any one
    character within a piece."""
    pieces = []
    for text in pattern.split(run):
        regex = None
        if one and one in text:
            regex = re.compile("".join("." if c == one else re.escape(c) for c in text), re.DOTALL)
        pieces.append(_Piece(text, regex))
    return _Glob(tuple(pieces))


@dataclass(frozen=True)
class WildcardPattern:
    """A `*` pattern with what each `*` matched, matched case-sensitively.

    Each `*` takes the shortest run that still lets the rest of the pattern match, from the left:
    `a*b*` on `abbb` captures ('', 'bb'). Splunk's rename and stats pages say only that what a
    `*` matches is carried into the new name ("rename EU* AS EMEA*"); they are silent on which
    run a `*` takes when several would do, and this is the rule rename has always had here.
    """

    glob: _Glob

    def match(self, name: str) -> tuple[str, ...] | None:
        """What each `*` matched, in order, when the pattern matches the whole of `name`."""
        runs = self.glob.runs(name)
        return None if runs is None else tuple(name[start:end] for start, end in runs)


@lru_cache(maxsize=4096)
def wildcard_pattern(pattern: str) -> WildcardPattern:
    """The one compilation of a `*` pattern (see WildcardPattern for what `*` captures).

    >>> wildcard_pattern("Registry.*").match("Registry.dest")
    ('dest',)
    """
    return WildcardPattern(_glob(pattern, "*", ""))


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
    found = term_test(node.text)
    return lambda row: _row_has(row, found)


@lru_cache(maxsize=1024)
def term_test(text: str) -> Matcher:
    """Whether a term occurs in a text, case-insensitively: a `*` inside it stands for a run
    of non-space characters, and a term that starts (ends) with a letter or digit must not
    continue a word there. A term without an inner `*` is one regular expression without
    repetition; one with inner `*`s is matched by _InnerStars, which never backtracks.

    >>> term_test("net*user")("C:\\> NET.exe user bob"), term_test("net*user")("net.exe/user")
    (False, True)
    """
    start = "" if text.startswith("*") or not text[0].isalnum() else r"(?<![A-Za-z0-9_])"
    end = "" if text.endswith("*") or not text[-1].isalnum() else r"(?![A-Za-z0-9_])"
    inner = text.strip("*")
    if "*" not in inner:
        regex = re.compile(start + re.escape(inner) + end, re.IGNORECASE)
        return lambda value: regex.search(value) is not None
    pieces = tuple(piece for piece in inner.lower().split("*") if piece)
    stars = _InnerStars(pieces, bool(start), bool(end))
    return lambda value: stars.search(value.lower())


_SPACE = re.compile(r"\s")


def _word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


@dataclass(frozen=True)
class _InnerStars:
    """A term `p1*p2*...*pk` (k >= 2, lower-cased) searched for in a lower-cased text, each `*`
    a run of non-space characters; `bounded_start`/`bounded_end`: p1 may not follow, pk may not
    be followed by, a word character."""

    pieces: tuple[str, ...]
    bounded_start: bool
    bounded_end: bool

    def search(self, value: str) -> bool:
        if any(piece not in value for piece in self.pieces):
            return False
        if any(char.isspace() for piece in self.pieces for char in piece):
            return self._phrase(value)
        # The match lies within one run of non-space characters. In each, the first place p1
        # may start and the leftmost place of each piece after it is the only one worth trying
        # (a later one leaves less room), so each run is walked once.
        first, *middle, last = self.pieces
        at = value.find(first)
        while at != -1:
            if self.bounded_start and at and _word(value[at - 1]):
                at = value.find(first, at + 1)
                continue
            space = _SPACE.search(value, at)
            run_end = len(value) if space is None else space.start()
            if self._fits(value, at + len(first), run_end, middle, last):
                return True
            at = value.find(first, run_end)
        return False

    def _fits(self, value: str, done: int, run_end: int, middle: list[str], last: str) -> bool:
        for piece in middle:
            at = value.find(piece, done, run_end)
            if at == -1:
                return False
            done = at + len(piece)
        at = value.find(last, done, run_end)
        while at != -1:
            after = at + len(last)
            if not self.bounded_end or after == len(value) or not _word(value[after]):
                return True
            at = value.find(last, at + 1, run_end)
        return False

    def _phrase(self, value: str) -> bool:
        """A phrase with spaces inside its pieces can span runs: the pattern's positions are
        followed through the text all at once (a set of states, O(n·m), no backtracking)."""
        tokens = "*".join(self.pieces)
        done = len(tokens)
        states: set[int] = set()
        for index, char in enumerate(value):
            if not (self.bounded_start and index and _word(value[index - 1])):
                states.add(0)
            following = set()
            for state in states:
                if tokens[state] == "*":
                    if not char.isspace():
                        following.add(state)
                    if tokens[state + 1] == char:
                        following.add(state + 2)
                elif tokens[state] == char:
                    following.add(state + 1)
            if done in following and not (self.bounded_end and index + 1 < len(value)
                                          and _word(value[index + 1])):
                return True
            states = following - {done}
        return False


def _row_has(row: dict, found: Matcher) -> bool:
    raw = row.get("_raw")
    if raw is not None:
        return any(found(to_text(v)) for v in values_of(raw))
    return any(found(to_text(v)) for value in row.values() for v in values_of(value))


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
