"""search: keep the rows the search expression matches (case-insensitive, `*` wildcards).

Splunk reference: https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/search-commands/search
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.matching import compile_search, search_fields
from engine.pushdown import RecordFilter, Scan, literal_groups
from engine.table import Table
from engine.timemodifiers import check_time_bounds, with_time_bounds
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.context import Context


def scan(node: ast.Search, context: Context) -> Scan:
    """When the search is the first command, the records that cannot match need not be read,
    and the events that fail its terms on fields of the record itself need not be enriched."""
    groups = literal_groups(node.expr, context.knowledge.origins)
    raw_terms = _raw_terms(node.expr, context.knowledge.computed_fields())
    events = compile_search(ast.And(raw_terms)) if raw_terms else None
    return Scan(RecordFilter.of(groups), events)


def _raw_terms(expr: ast.SearchExpr | None, computed: set[str]) -> tuple[ast.SearchExpr, ...]:
    """The AND-ed terms that read only fields enrichment leaves alone (and need no subsearch
    or time modifier): they give the same answer before enrichment as after."""
    terms = expr.operands if isinstance(expr, ast.And) else (expr,) if expr else ()
    return tuple(t for t in terms if not _subsearches(t) and not search_fields(t) & computed
                 and not search_fields(t) & {"earliest", "latest"})


def check(node: ast.Search, context: Context) -> None:
    """Subsearches are bound with the outer search, so their mistakes show before any run."""
    from engine.plan import bind  # the binder imports every command, this one included

    for subsearch in _subsearches(node.expr):
        bind(subsearch.pipeline, context)
    check_time_bounds(node.expr, context.now, context.tz)


def search(table: Table, node: ast.Search, context: Context) -> Table:
    if node.expr is None:
        return table
    expr = with_time_bounds(with_results(node.expr, context), context.now, context.tz)
    matches = compile_search(expr)
    return Table((row for row in table.rows if matches(row)), table.fields)


def with_results(expr: ast.SearchExpr, context: Context) -> ast.SearchExpr:
    """`expr` with each subsearch replaced by its results, as Splunk's format command writes
    them: one AND of field=value per row (a multivalue field ORs its values), ORed together; no
    results match nothing. Internal fields (`_time`, `_raw`, ...) are left out."""
    def results(term: ast.SearchExpr) -> ast.SearchExpr:
        if not isinstance(term, ast.Subsearch):
            return term
        rows, fields = context.subsearch(term.pipeline).materialize()
        fields = [f for f in fields if not f.startswith("_")]
        return ast.Or(tuple(_row_terms(row, fields) for row in rows), span=term.span)

    return ast.map_search_terms(expr, results)


def _row_terms(row, fields: list[str]) -> ast.SearchExpr:
    terms = []
    for field in fields:
        values = [to_text(v) for v in values_of(row.get(field))]
        if values:
            terms.append(ast.Or(tuple(ast.Compare(field, "=", v, quoted=True) for v in values)))
    return ast.And(tuple(terms))


def _subsearches(expr: ast.SearchExpr | None) -> list[ast.Subsearch]:
    return [t for t in ast.search_terms(expr) if isinstance(t, ast.Subsearch)]
