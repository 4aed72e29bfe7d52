"""Rewrite rules: each a pure function from a plan to a cheaper plan that gives the same rows.

In the style of sqlglot's optimizer, a rule sees one chain of operators at a time (a source and
the operators that read it, in order) and returns the chain changed; `rewrite` applies every
rule to the main plan and to each subsearch's. The rules, in order:

1. literals_to_scan: a search term whose value is copied unchanged from the record can only
   match a record whose bytes hold its literal text, so the Scan skips, unparsed, the records
   that lack it (engine/pushdown.py says exactly when a field's value is such a copy).
2. filters_below_enrichment: the terms of a search right after the events that read only fields
   of the record itself are tested before source knowledge is applied (an event that fails them
   is never enriched), and a data model's `tag=...` constraint becomes a test of the event types
   that could give those tags. (Bare terms stay above: on an event without `_raw` they search
   every field, and enrichment adds fields.)
3. time_range_to_scan: the `_time` bounds of the filter right above the Scan (below source
   knowledge, so of the record's own `_time`; `earliest=`/`latest=` bind to them) go to the
   Scan, for an event store to read only the days and rows they allow.
4. prune_fields: only the calculated fields (the add-on's EVALs, a dataset's calculations) that
   the rest of the pipeline reads are computed.

`spl run --no-pushdown` runs the plan as bound, and a test demands the same rows either way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from spl import ast
from engine import plan
from engine.matching import search_fields
from engine.pushdown import Resolver, column_groups, literal_groups, origins
from engine.values import to_number

Chain = list[plan.Node]  # a source first, then each operator reading the one before


def rewrite(node: plan.Node, pushdown: bool = True) -> plan.Node:
    """`node` with every rule applied, or unchanged when `pushdown` is off."""
    if not pushdown:
        return node
    for rule in RULES:
        node = _on_chains(node, rule)
    return node


def _on_chains(node: plan.Node, rule: Callable[[Chain], Chain]) -> plan.Node:
    operators = list(reversed(list(plan.chain(node))))
    rebuilt: plan.Node | None = None
    for operator in rule(operators):
        subplans = tuple(_on_chains(p, rule) for p in operator.subplans())
        rebuilt = operator.with_subplans(subplans).with_input(rebuilt)
    return rebuilt


# ---- 2. filters below enrichment -----------------------------------------------------------------


def filters_below_enrichment(chain: Chain) -> Chain:
    """[Scan, Enrich, Filter(a AND b AND tag=x), ...] -> [Scan, Filter(a), Filter(tag givers),
    Enrich, Filter(a AND b AND tag=x), ...] where `a` reads only fields of the record. The
    filter above stays whole: the one below is only a necessary condition, so rows never
    change."""
    if len(chain) < 3 or not isinstance(chain[1], plan.Enrich) or \
            not _is_search_filter(chain[2]):
        return chain
    enrich, above = chain[1], chain[2]
    terms = _and_terms(above.condition)
    computed = enrich.knowledge.computed_fields()
    below = [t for t in terms if not any(isinstance(s, (ast.Subsearch, ast.Term))
                                         for s in ast.search_terms(t))
             and not search_fields(t) & computed]
    tags = {t.value for t in terms if isinstance(t, ast.Compare) and t.field == "tag"
            and t.op == "=" and "*" not in t.value}
    prefilters = []
    if below:
        condition = below[0] if len(below) == 1 else ast.And(tuple(below))
        prefilters.append(plan.Filter(condition=condition, command=above.command))
    givers = enrich.knowledge.tag_condition(tags)
    if givers is not None:
        prefilters.append(plan.Filter(condition=givers, command=above.command,
                                      note="an event type that gives tag " +
                                           ", ".join(sorted(tags))))
    return [chain[0], *prefilters, *chain[1:]]


def time_range_to_scan(chain: Chain) -> Chain:
    """[Scan, Filter(_time>=a _time<b ...), ...] -> the Scan with time_range=(a, b), both ends
    inclusive (`_time<b` keeps less than `_time<=b` does: the Scan's range is a necessary
    condition, the Filter still decides)."""
    if len(chain) < 2 or not isinstance(chain[0], plan.Scan) or not _is_search_filter(chain[1]):
        return chain
    lows, highs = [], []
    for term in _and_terms(chain[1].condition):
        bound = to_number(term.value) if isinstance(term, ast.Compare) and \
            term.field == "_time" else None
        if bound is not None and term.op in (">=", ">"):
            lows.append(bound)
        elif bound is not None and term.op in ("<", "<="):
            highs.append(bound)
    if not lows and not highs:
        return chain
    time_range = (max(lows) if lows else None, min(highs) if highs else None)
    return [replace(chain[0], time_range=time_range), *chain[1:]]


def _is_search_filter(node: plan.Node) -> bool:
    return isinstance(node, plan.Filter) and node.condition is not None and \
        plan.is_search(node.condition)


def _and_terms(expr: ast.SearchExpr) -> tuple[ast.SearchExpr, ...]:
    return expr.operands if isinstance(expr, ast.And) else (expr,)


# ---- 1. literals to the scan ---------------------------------------------------------------------

def _row_by_row(operator: plan.Node) -> bool:
    """Whether a search's filter may be moved below `operator` without changing which rows
    pass: it keeps or reorders rows one by one (a sort that keeps all of them, not the first
    N), or computes fields whose origins can be followed (Eval, DatasetRows)."""
    if isinstance(operator, plan.Sort):
        return operator.limit == 0
    return isinstance(operator, (plan.Filter, plan.Eval, plan.DatasetRows))


def literals_to_scan(chain: Chain) -> Chain:
    """The Scan of a chain gets the literal groups of every search filter above it, up to the
    first operator that changes which rows there are (stats, head, dedup ...)."""
    if not isinstance(chain[0], plan.Scan) or len(chain) < 2 or \
            not isinstance(chain[1], plan.Enrich):
        return chain
    resolve: Resolver = chain[1].knowledge.origins
    groups: list[frozenset[str]] = []
    columns: list[frozenset[tuple[str, str]]] = []
    for operator in chain[2:]:
        if not _row_by_row(operator):
            break
        if _is_search_filter(operator):
            groups += literal_groups(operator.condition, resolve)
            columns += column_groups(operator.condition, resolve)
        resolve = _resolver_after(operator, resolve)
    if not groups and not columns:
        return chain
    return [replace(chain[0], literals=_sorted(groups), columns=_sorted(columns)), *chain[1:]]


def _sorted(groups: list[frozenset]) -> tuple[tuple, ...]:
    """The groups in one order, each sorted, once each: a plan's literals compare equal."""
    return tuple(sorted({tuple(sorted(group)) for group in groups if group}))


def _resolver_after(operator: plan.Node, resolve: Resolver) -> Resolver:
    """Where fields come from after `operator`, given where they came from before it."""
    if isinstance(operator, plan.DatasetRows):
        dataset = operator.dataset
        return lambda name: dataset.origins(name, resolve)
    if isinstance(operator, plan.Eval):
        for assignment in operator.assignments:  # each sees the ones before it
            resolve = _assigned(assignment, resolve)
    return resolve


def _assigned(assignment: ast.Assignment, before: Resolver) -> Resolver:
    return lambda name: origins(assignment.expr, before) if name == assignment.field \
        else before(name)


# ---- 3. field pruning ----------------------------------------------------------------------------


def prune_fields(chain: Chain) -> Chain:
    """From the last operator down, what each reads: Enrich and DatasetRows compute only the
    calculated fields that what follows them reads (all of them when something reads any)."""
    needed: plan.Needed = None
    pruned = []
    for operator in reversed(chain):
        if isinstance(operator, plan.DatasetRows) and needed is not None:
            operator = replace(operator, fields=operator.dataset.needed_fields(needed))
        elif isinstance(operator, plan.Enrich) and needed is not None:
            operator = replace(operator, fields=needed | operator.knowledge.eventtype_fields)
        pruned.append(operator)
        needed = operator.needs(needed)
    return list(reversed(pruned))


RULES = (literals_to_scan, filters_below_enrichment, time_range_to_scan, prune_fields)
