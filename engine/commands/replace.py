"""replace: swap whole field values for others, with `*` wildcards carrying text across.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/replace
`replace (<wc-string> WITH <wc-string>)... [IN <field-list>]`
- "Replaces field values in your search results with the values that you specify." "If you do not
  specify a field, the value is replaced in all non-generated fields." "To replace values on
  _internal fields, you must specify the field name with the IN <fieldname> clause."
- A wc-string is a whole value, with `*` wildcards: `replace *localhost WITH localhost IN host`
  changes any value ending in localhost; `replace "* localhost" WITH "localhost *" IN host` moves
  what the `*` matched (engine/matching.py: wildcard_pattern compiles the pattern, fill_wildcards
  writes the replacement).
- "When using wildcard replacements, the result must have the same number of wildcards, or none
  at all": anything else is an error at bind time.
- "Non-wildcard replacement values specified later take precedence over those replacements
  specified earlier. For a wildcard replacement, fuller matches take precedence over lesser
  matches."
Choices where the page is silent: matching is case-sensitive (as wildcard_pattern is); a value
equal to a pattern without wildcards takes that replacement before any wildcard pattern; among
wildcard patterns the fullest match is the one with the most text outside its wildcards, and of
equally full ones the later wins, as for values without wildcards; each value of a multivalue
field is replaced on its own.
Deviation: without IN, every field but the internal ones (`_raw`, `_time`, ...) is replaced,
including those that stats or eval made, since rows here do not record where a field came from.
Binds to a Replace node holding the compiled rules and the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.matching import WildcardPattern, fill_wildcards, wildcard_pattern
from engine.table import Row, Table
from engine.values import Scalar, Value, to_text

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True)
class Rule:
    """One `<pattern> WITH <replacement>`; `fullness` is the text outside the wildcards."""

    pattern: str
    replacement: str
    compiled: WildcardPattern | None  # None: the pattern has no wildcard
    fullness: int


@dataclass(frozen=True, kw_only=True)
class Replace(plan.Command):
    """Values of `fields` (every non-internal field when empty) replaced by the rules."""

    rules: tuple[Rule, ...]
    fields: tuple[str, ...] = ()

    def needs(self, after: plan.Needed) -> plan.Needed:
        return after  # it reads only the fields it writes

    def label(self) -> str:
        pairs = ", ".join(f"{r.pattern!r} WITH {r.replacement!r}" for r in self.rules)
        return f"Replace {pairs}" + (f" IN {', '.join(self.fields)}" if self.fields else "")

    def replaced(self, value: str) -> str:
        exact = [r for r in self.rules if r.compiled is None and r.pattern == value]
        if exact:
            return exact[-1].replacement
        best: tuple[int, int, str] | None = None
        for index, rule in enumerate(self.rules):
            captures = rule.compiled.match(value) if rule.compiled is not None else None
            if captures is not None and (best is None or (rule.fullness, index) >= best[:2]):
                best = (rule.fullness, index, fill_wildcards(rule.replacement, captures))
        return value if best is None else best[2]


def bind(node: ast.Replace, input: plan.Node, binder: Binder) -> plan.Node:
    return Replace(input=input, command=node, rules=tuple(_rule(p) for p in node.pairs),
                   fields=node.fields)


def run(node: Replace, table: Table, runtime: Runtime) -> Table:
    return Table((_replace_row(row, node) for row in table.rows), table.fields)


def _rule(pair: ast.ReplacePair) -> Rule:
    wildcards, filled = pair.pattern.count("*"), pair.replacement.count("*")
    if filled not in (0, wildcards):
        raise BadArgumentError(f"`{pair.replacement}` has {filled} wildcard(s) and "
                               f"`{pair.pattern}` {wildcards}: a replacement has as many `*` as "
                               "its pattern, or none", pair.span)
    compiled = wildcard_pattern(pair.pattern) if wildcards else None
    return Rule(pair.pattern, pair.replacement, compiled, len(pair.pattern) - wildcards)


def _replace_row(row: Row, node: Replace) -> Row:
    names = node.fields or [name for name in row if not name.startswith("_")]
    changed = {name: _replace_value(row[name], node) for name in names if name in row}
    return {**row, **changed}


def _replace_value(value: Value, node: Replace) -> Value:
    if isinstance(value, tuple):
        return tuple(_replace_scalar(v, node) for v in value)
    return None if value is None else _replace_scalar(value, node)


def _replace_scalar(value: Scalar, node: Replace) -> Scalar:
    text = to_text(value)
    replaced = node.replaced(text)
    return value if replaced == text else replaced
