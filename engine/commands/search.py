"""search: keep the rows the search expression matches (case-insensitive, `*` wildcards).

Splunk reference: https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/search-commands/search
Binds to a Filter: `earliest=`/`latest=` become `_time` bounds on the search's clock, and each
`[subsearch]` becomes a subplan whose results replace it when the search runs. This module also
runs every Filter, search's and where's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.where import where_predicate
from engine.matching import compile_search
from engine.table import Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


def bind(node: ast.Search, input: plan.Node, binder: Binder) -> plan.Node:
    subsearches = tuple(binder.bind(s.pipeline) for s in _subsearches(node.expr))
    return plan.Filter(input=input, command=node, condition=binder.time_bounded(node.expr),
                       subsearches=subsearches)


def run(node: plan.Filter, table: Table, runtime: Runtime, *subtables: Table) -> Table:
    if node.condition is None:
        return table
    if not plan.is_search(node.condition):
        matches = where_predicate(node.condition)
    else:
        matches = compile_search(with_results(node.condition, list(subtables)))
    return Table((row for row in table.rows if matches(row)), table.fields)


def with_results(expr: ast.SearchExpr, results: list[Table]) -> ast.SearchExpr:
    """`expr` with each subsearch replaced by its results, as Splunk's format command writes
    them: one AND of field=value per row (a multivalue field ORs its values), ORed together; no
    results match nothing. Internal fields (`_time`, `_raw`, ...) are left out."""
    remaining = iter(results)

    def replaced(term: ast.SearchExpr) -> ast.SearchExpr:
        if not isinstance(term, ast.Subsearch):
            return term
        rows, fields = next(remaining).materialize()
        fields = [f for f in fields if not f.startswith("_")]
        return ast.Or(tuple(_row_terms(row, fields) for row in rows), span=term.span)

    return ast.map_search_terms(expr, replaced)


def _row_terms(row, fields: list[str]) -> ast.SearchExpr:
    terms = []
    for field in fields:
        values = [to_text(v) for v in values_of(row.get(field))]
        if values:
            terms.append(ast.Or(tuple(ast.Compare(field, "=", v, quoted=True) for v in values)))
    return ast.And(tuple(terms))


def _subsearches(expr: ast.SearchExpr | None) -> list[ast.Subsearch]:
    return [t for t in ast.search_terms(expr) if isinstance(t, ast.Subsearch)]
