"""fields: keep (`fields a b`, `fields + a`) or remove (`fields - a`) fields, with `*` wildcards.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.1.2507/search-commands/fields
- "The fields command does not remove these internal fields [_raw and _time] unless you
  explicitly specify" it, so `fields a` keeps `_time` and `_raw` too; `fields - _raw` removes it.
- "To specify the wildcard pattern for internal fields, use _*": a pattern that starts with `*`
  never matches a field whose name starts with `_` (so `fields - *` keeps `_time`).
- Field names are case-sensitive (https://docs.splunk.com/Splexicon:Field).
Choices where the page is silent: kept fields come in the order the list names them (a wildcard
in the order the fields appear), as `table` does; a listed field that no row has is not created.

This module also holds what the row commands share: field patterns, and reading options
(unknown names get a did-you-mean, bad values an error under the option).
Binds to a Fields holding the patterns and whether they are kept or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, TYPE_CHECKING

from spl import ast
from engine import plan
from engine.matching import wildcard
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

ALWAYS_KEPT = ("_time", "_raw")


@dataclass(frozen=True, kw_only=True)
class Fields(plan.Command):
    """Keep the fields `patterns` match (and `_time`, `_raw`), or with `remove` drop them."""

    patterns: tuple[str, ...]
    remove: bool = False

    def needs(self, after: plan.Needed) -> plan.Needed:
        """Kept fields without wildcards are all the input must carry; removed ones are never
        read; a wildcard may match any field."""
        names = frozenset(p for p in self.patterns if "*" not in p)
        if self.remove:
            return None if after is None else after - names
        if len(names) < len(self.patterns):
            return None
        kept = names | set(ALWAYS_KEPT)
        return kept if after is None else after & kept


def bind(node: ast.Fields, input: plan.Node, binder: Binder) -> plan.Node:
    return Fields(input=input, command=node, patterns=tuple(node.fields), remove=node.remove)


def run(node: Fields, table: Table, runtime: Runtime) -> Table:
    known = table.fields
    if known is not None:
        known = list(_kept(tuple(known), node.patterns, node.remove))
    rows = (_select(row, node.patterns, node.remove) for row in table.rows)
    return Table(rows, known)


# ---- field patterns ------------------------------------------------------------------------------


def field_matcher(pattern: str) -> Callable[[str], bool]:
    """A case-sensitive test of a field name against a `*` pattern; `*...` skips `_` fields."""
    test = wildcard(pattern, case_sensitive=True)
    if pattern.startswith("*"):
        return lambda name: not name.startswith("_") and test(name)
    return test


def select_fields(patterns: Iterable[str], names: Iterable[str]) -> list[str]:
    """The names each pattern matches, pattern by pattern, in the order of `names`.

    >>> select_fields(["b", "a*"], ["a2", "b", "a1"])
    ['b', 'a2', 'a1']
    """
    names = list(names)
    chosen: dict[str, None] = {}
    for pattern in patterns:
        matches = field_matcher(pattern)
        chosen.update((name, None) for name in names if matches(name))
    return list(chosen)


@lru_cache(maxsize=1024)
def _kept(names: tuple[str, ...], patterns: tuple[str, ...], remove: bool) -> list[str]:
    if remove:
        dropped = set(select_fields(patterns, names))
        return [name for name in names if name not in dropped]
    chosen = select_fields(patterns, names)
    front = [name for name in ("_time",) if name in names and name not in chosen]
    back = [name for name in ("_raw",) if name in names and name not in chosen]
    return front + chosen + back


def _select(row: Row, patterns: tuple[str, ...], remove: bool) -> Row:
    return {name: row[name] for name in _kept(tuple(row), patterns, remove)}
