"""mvcombine: merge rows that differ only in one field, making that field multivalue.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mvcombine
`mvcombine [delim=<string>] <field>`: it "finds groups of results where all field values are
identical, except the specified field. All of these results are merged into a single result,
where the specified field is now a multivalue field" that "contains all of the single values from
the combined events" (so repeated values stay, in input order). All other fields count, internal
ones included, which is why the page advises reducing the fields first. The merged row stands
where the group's first row stood. "The mvcombine command does not apply to internal fields."
delim only shapes the single-value version of the field that `nomv` shows ("To use the delim
argument, you must use the nomv command immediately after"); the multivalue field shown by
default does not change, so delim changes no output here: the node keeps it for a nomv right
after it (engine/commands/nomv.py).
Choice where the page is silent: a row without the field has nothing to combine and passes
through in its place.
Binds to an Mvcombine holding the field and the delim given, if any.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.options import option_map
from engine.commands.mvexpand import check_not_internal
from engine.table import Row, Table
from engine.values import Scalar, multivalue, to_output, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Mvcombine(plan.Command):
    """Merge the rows equal in every field but `field`. It compares every other field, so it
    needs them all (the default `needs`)."""

    field: str
    delim: str | None = None  # only for a nomv right after: the merged field itself is multivalue


def bind(node: ast.Mvcombine, input: plan.Node, binder: Binder) -> plan.Node:
    check_not_internal(node.field, "mvcombine", node.span)
    options = option_map(node.options, ("delim",), "mvcombine")
    delim = options["delim"].value if "delim" in options else None
    return Mvcombine(input=input, command=node, field=node.field, delim=delim)


def run(node: Mvcombine, table: Table, runtime: Runtime) -> Table:
    return Table(_combine(list(table.rows), node.field), table.fields)


def _combine(rows: list[Row], field: str) -> list[Row]:
    groups: dict[tuple, tuple[Row, list[Scalar]]] = {}
    order: list[tuple | Row] = []
    for row in rows:
        values = values_of(row.get(field))
        if not values:
            order.append(row)
            continue
        key = row_key(row, field)
        if key not in groups:
            groups[key] = (row, [])
            order.append(key)
        groups[key][1].extend(values)
    return [_merged(groups[item], field) if isinstance(item, tuple) else item for item in order]


def row_key(row: Row, field: str | None = None) -> tuple:
    """Every field but `field` and its value, as a hashable key: rows with equal keys are
    identical in those fields (uniq compares whole rows with it)."""
    return tuple(sorted((name, to_output(value)) for name, value in row.items()
                        if name != field and value is not None))


def _merged(group: tuple[Row, list[Scalar]], field: str) -> Row:
    first, values = group
    return {**first, field: multivalue(values)}
