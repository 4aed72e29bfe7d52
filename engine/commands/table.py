"""table: keep only the listed fields, as columns in the order listed.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/table
`table <wc-field-list>`, space- or comma-delimited. "Columns are displayed in the same order that
fields are specified"; a wildcard such as `value*` stands for every field it matches, which come
in the order they first appear in the results. A listed field that no row has is still a column,
empty in every row. As with `fields`, a pattern that starts with `*` does not match internal
fields (names starting with `_`); write `_*` for those.

The column list is known at once unless a wildcard must be matched against fields that only the
rows can tell: then (as Splunk's table, a non-streaming command) the rows are read first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.commands.fields import select_fields
from engine.table import Row, Table

if TYPE_CHECKING:
    from engine.context import Context


def table(data: Table, node: ast.Table, context: Context) -> Table:
    if not any("*" in name for name in node.fields):
        columns = list(dict.fromkeys(node.fields))
        return Table((_project(row, columns) for row in data.rows), columns)
    if data.fields is not None:
        columns = _columns(node.fields, data.fields)
        return Table((_project(row, columns) for row in data.rows), columns)
    rows = list(data.rows)
    columns = _columns(node.fields, _in_order_of_appearance(rows))
    return Table([_project(row, columns) for row in rows], columns)


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
