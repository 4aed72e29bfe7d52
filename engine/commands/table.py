"""table: keep only the listed fields, as columns in the order listed.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/table
`table <wc-field-list>`, space- or comma-delimited. "Columns are displayed in the same order that
fields are specified"; a wildcard such as `value*` stands for every field it matches, which come
in the order they first appear in the results. A listed field that no row has is still a column,
empty in every row. As with `fields`, a pattern that starts with `*` does not match internal
fields (names starting with `_`); write `_*` for those.

The column list is known at once unless a wildcard must be matched against fields that only the
rows can tell: then (as Splunk's table, a non-streaming command) the rows are read first.
Binds to a Table holding the field patterns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan, table as tables
from engine.commands.fields import select_fields
from engine.table import Row

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Table(plan.Command):
    """Only the fields `patterns` name, as columns in that order."""

    patterns: tuple[str, ...]

    def needs(self, after: plan.Needed) -> plan.Needed:
        if any("*" in pattern for pattern in self.patterns):
            return None
        return frozenset(self.patterns) if after is None else after & set(self.patterns)


def bind(node: ast.Table, input: plan.Node, binder: Binder) -> plan.Node:
    return Table(input=input, command=node, patterns=node.fields)


def run(node: Table, data: tables.Table, runtime: Runtime) -> tables.Table:
    patterns = node.patterns
    if not any("*" in name for name in patterns):
        columns = list(dict.fromkeys(patterns))
        return tables.Table((_project(row, columns) for row in data.rows), columns)
    if data.fields is not None:
        columns = _columns(patterns, data.fields)
        return tables.Table((_project(row, columns) for row in data.rows), columns)
    rows = list(data.rows)
    columns = _columns(patterns, _in_order_of_appearance(rows))
    return tables.Table([_project(row, columns) for row in rows], columns)


def _columns(patterns: tuple[str, ...], names: list[str]) -> list[str]:
    """Each pattern's fields in turn; a name without `*` is a column even when no row has it."""
    columns: dict[str, None] = {}
    for pattern in patterns:
        matched = select_fields([pattern], names) if "*" in pattern else [pattern]
        columns.update(dict.fromkeys(matched))
    return list(columns)


def _in_order_of_appearance(rows: list[Row]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _project(row: Row, columns: list[str]) -> Row:
    return {name: row[name] for name in columns if name in row}
