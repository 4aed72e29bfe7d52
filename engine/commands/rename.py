"""rename: give fields new names, with `*` wildcards carried from the old name to the new.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rename
`rename Registry.* AS *` turns `Registry.dest` into `dest`. Renaming a field that does not exist
onto one that does leaves the target null: rename cannot merge fields. With several `*`, each
takes the shortest run that lets the rest match, as in stats AS and foreach (the page is silent;
engine.matching.WildcardPattern).
Binds to a Rename holding the (old, new) pairs, once both names of each pair have as many `*` as
the other (the page: "Both the original and renamed fields must include the same number of
wildcards, otherwise a wildcard mismatch error is returned").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.matching import fill_wildcards, wildcard_pattern
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Rename(plan.Command):
    """Rename fields pair by pair, each pair seeing the names the ones before it gave."""

    pairs: tuple[tuple[str, str], ...]

    def needs(self, after: plan.Needed) -> plan.Needed:
        """A field read downstream under its new name is read here under its old one; a
        wildcard pair may rename any field, so it needs them all."""
        if after is None:
            return None
        needed = set(after)
        for old, new in reversed(self.pairs):
            if "*" in old or "*" in new:
                return None
            wanted = new in needed
            needed -= {old, new}  # after the pair, `old` is gone and `new` is only `old`
            if wanted:
                needed.add(old)
        return frozenset(needed)


def bind(node: ast.Rename, input: plan.Node, binder: Binder) -> plan.Node:
    for old, new in node.pairs:
        if old.count("*") != new.count("*"):
            raise BadArgumentError(
                f"wildcard mismatch: `{old}` has {old.count('*')} `*` and `{new}` has "
                f"{new.count('*')}; both names must have the same number", node.span,
                "to carry the wildcard over, give the new name one too, e.g. "
                "rename EU* AS EMEA*")
    return Rename(input=input, command=node, pairs=node.pairs)


def run(node: Rename, table: Table, runtime: Runtime) -> Table:
    fields = None if table.fields is None else _renamed_fields(table.fields, node.pairs)
    return Table((_rename_row(row, node.pairs) for row in table.rows), fields)


def new_name(name: str, old: str, new: str) -> str | None:
    """The name `name` gets from the pair (old, new), or None when `old` does not match it.

    >>> new_name("Registry.dest", "Registry.*", "*")
    'dest'
    """
    if "*" not in old:
        return new if name == old else None
    captures = wildcard_pattern(old).match(name)
    return None if captures is None else fill_wildcards(new, captures)


def _rename_row(row: Row, pairs: tuple[tuple[str, str], ...]) -> Row:
    for old, new in pairs:
        moves = [(name, target) for name in row if (target := new_name(name, old, new))]
        if not moves and "*" not in old:
            row = {k: v for k, v in row.items() if k != new}
            continue
        renamed = dict(moves)
        row = {renamed.get(k, k): v for k, v in row.items() if k not in renamed.values() or k in renamed}
    return row


def _renamed_fields(fields: list[str], pairs: tuple[tuple[str, str], ...]) -> list[str]:
    for old, new in pairs:
        renamed = {name: target for name in fields if (target := new_name(name, old, new))}
        if not renamed and "*" not in old:
            fields = [f for f in fields if f != new]
            continue
        fields = [renamed.get(f, f) for f in fields if f not in renamed.values() or f in renamed]
    return list(dict.fromkeys(fields))
