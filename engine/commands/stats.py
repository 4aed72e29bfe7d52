"""stats: aggregate the rows, over all of them or per group of BY values.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/stats
`stats [partitions=<num>] [allnum=<bool>] [delim=<string>] [dedup_splitvals=<bool>]
<stats-func>(<field> | eval(<expr>)) [AS <field>]... [BY <field-list>]`; the functions are those
of engine/aggregates.py.
- "If the stats command is used without a BY clause, only one row is returned, which is the
  aggregation over the entire incoming result set" (so also on no input: `count` is 0, `dc` 0,
  the others null). "If a BY clause is used, one row is returned for each distinct value".
- Output: the BY fields, then the aggregations, named as written (`count`, `values(x)`,
  `perc95(x)`) unless renamed with AS. Rows come sorted by their BY values, numbers numerically
  before other text lexicographically (limits.conf `natural_sort_output`).
- A row whose BY field is null is not grouped; a multivalue BY field puts the row in one group per
  value (`dedup_splitvals=true` first drops repeated values within the row).
- `func(eval(<expr>))` is "equivalent to `eval temp_field = <expr> | stats func(temp_field)`"
  (https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/statistical-and-charting-functions/overview-of-spl2-stats-and-chart-functions),
  and must be renamed with AS (engine/aggregates.py, check_aggregation).
- `allnum=true` "computes numerical statistics on each field if and only if all of the values of
  that field are numerical", per group. `partitions` only splits the work across threads, so it is
  accepted and changes nothing. `delim` only changes how Splunk joins values()/list() into one
  string; results here stay multivalue, so it is rejected.
- `<wc-field>`: `values(*) AS *` or `avg(tcp.*) AS avg_tcp.*` expand to one aggregation per
  matching field (BY fields excluded; a leading `*` skips `_` fields, as `fields` does), each
  `*` of the AS name given what it matched as rename gives it (engine.matching.WildcardPattern).
Choices where the page is silent: a true eval condition counts as the number 1 and a false one as
null, so `count(eval(x>1))` and `sum(eval(x>1))` both count the rows where it holds; groups are
keyed by the text of their values, so 1 and "1" are one group.

This module also holds what eventstats and streamstats share with it: options, terms, groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, Span, UnsupportedCommandError
from engine import plan
from engine.aggregates import AGGREGATES, Accumulator, Aggregate, check_aggregation
from engine.commands.fields import field_matcher
from engine.evaluation import EvalError
from engine.expressions import evaluate
from engine.matching import fill_wildcards, wildcard_pattern
from engine.options import bool_option, int_option, option_map
from engine.spans import Binner, time_binner
from engine.table import Row, Table
from engine.values import Value, to_number, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("allnum", "dedup_splitvals", "partitions", "delim")


@dataclass(frozen=True)
class Settings:
    allnum: bool = False
    dedup_splitvals: bool = False


@dataclass(frozen=True)
class Term:
    """One aggregation over one field (a wildcard aggregation gives one term per field)."""

    function: Aggregate
    field: str | None
    expr: ast.Expr | None
    name: str

    @property
    def source(self) -> str | None:
        """What the function aggregates: None for a bare `count`, which counts events."""
        return self.field or ("eval" if self.expr is not None else None)


def bind(node: ast.Stats, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "stats")
    if "delim" in options:
        raise UnsupportedCommandError("stats delim= is not supported: values() and list() "
                                      "stay multivalue here", options["delim"].span)
    int_option(options.get("partitions"), 1, minimum=1)
    settings = read_settings(node.options, OPTIONS, "stats")
    check_terms(node.aggregations, node.by, node.span)
    return plan.Aggregate(input=input, command=node, aggregations=node.aggregations, by=node.by,
                          allnum=settings.allnum, dedup_splitvals=settings.dedup_splitvals)


def run(node: plan.Aggregate, table: Table, runtime: Runtime) -> Table:
    """The grouping core of stats and tstats: one row per group, sorted by the BY values."""
    # Rows stream through, unless a wildcard (`values(*)`) needs every field name first.
    if any("*" in (a.field or "") for a in node.aggregations):
        rows, fields = table.materialize()
    else:
        rows, fields = table.rows, table.fields or []
    terms = expand_terms(node.aggregations, fields, node.by)
    settings = Settings(node.allnum, node.dedup_splitvals)
    binner = None if node.span is None else time_binner(node.span, runtime.clock.tz)
    groups = accumulate(rows, terms, node.by, settings, Keys(node.fillnull, binner))
    if not node.by and not groups:
        groups[()] = new_accumulators(terms, settings)
    output = [with_results(dict(zip(node.by, key)), results(terms, groups[key]))
              for key in sorted(groups, key=natural_key)]
    return Table(output, list(node.by) + list(dict.fromkeys(t.name for t in terms)))


# ---- options and binding -------------------------------------------------------------------------


def read_settings(options: Iterable[ast.Option], allowed: tuple[str, ...],
                  command: str) -> Settings:
    found = option_map(options, allowed, command)
    return Settings(bool_option(found.get("allnum"), False),
                    bool_option(found.get("dedup_splitvals"), False))


def check_terms(aggregations: Iterable[ast.Aggregation], by: Iterable[str], span: Span,
                wildcards: bool = True) -> None:
    """Each aggregation resolves; wildcards fit (or are refused); BY names no wildcard."""
    for aggregation in aggregations:
        check_aggregation(aggregation, allow_eval=True)
        field = aggregation.field or ""
        if "*" in field and not wildcards:
            raise UnsupportedCommandError("wildcard fields in aggregations are not supported "
                                          "by this command", aggregation.span)
        if "*" in field and aggregation.alias and \
                aggregation.alias.count("*") != field.count("*"):
            raise BadArgumentError(f"`{aggregation.alias}` needs as many `*` as `{field}`",
                                   aggregation.span)
    for field in by:
        if "*" in field:
            raise BadArgumentError(f"wildcards are not allowed in BY fields: `{field}`", span)


def expand_terms(aggregations: Iterable[ast.Aggregation], fields: list[str],
                 by: Iterable[str]) -> list[Term]:
    """The terms to compute: wildcard fields matched against `fields` (BY fields left out)."""
    terms = []
    for aggregation in aggregations:
        function = AGGREGATES[aggregation.function.lower()]
        field = aggregation.field
        if field is None or "*" not in field:
            terms.append(Term(function, field, aggregation.expr, aggregation.output_name))
            continue
        matches = field_matcher(field)
        for name in fields:
            if matches(name) and name not in by:
                terms.append(Term(function, name, None, _renamed(aggregation, field, name)))
    return terms


def _renamed(aggregation: ast.Aggregation, pattern: str, name: str) -> str:
    """The output name of `func(<pattern>) [AS <alias>]` for the field `name` it matched."""
    if not aggregation.alias:
        return f"{aggregation.function}({name})"
    return fill_wildcards(aggregation.alias, wildcard_pattern(pattern).match(name) or ())


# ---- groups --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    """How rows with a null BY field group (`fillnull`: under that value, else not at all) and
    how `_time` is bucketed first (tstats' `span=`)."""

    fillnull: str | None = None
    binner: Binner | None = None


def group_keys(row: Row, by: Iterable[str], dedup: bool = False,
               keys: Keys = Keys()) -> list[tuple[str, ...]]:
    """The row's groups: one per combination of its BY values; none when one is null."""
    found: list[tuple[str, ...]] = [()]
    for field in by:
        values = values_of(row.get(field))
        if field == "_time" and keys.binner is not None and values:
            values = (keys.binner(float(values[0])),)
        texts = [to_text(v) for v in values]
        if dedup:
            texts = list(dict.fromkeys(texts))
        if not texts:
            if keys.fillnull is None:
                return []
            texts = [keys.fillnull]
        found = [key + (v,) for key in found for v in texts]
    return found


def natural_key(key: tuple[str, ...]) -> tuple:
    """BY values in ascending order: numbers numerically first, then text lexicographically."""
    return tuple((0, n, "") if (n := to_number(v)) is not None else (1, 0, v) for v in key)


def new_accumulators(terms: list[Term], settings: Settings) -> list[Accumulator]:
    return [Accumulator(settings.allnum) for _ in terms]


def term_value(term: Term, row: Row) -> Value:
    """The value a term aggregates for `row`; an eval condition gives 1 when true."""
    if term.expr is None:
        return row.get(term.field) if term.field else None
    try:
        value = evaluate(term.expr, row)
    except EvalError:
        return None
    if isinstance(value, bool):
        return 1 if value else None
    return value


def accumulate(rows: Iterable[Row], terms: list[Term], by: Iterable[str],
               settings: Settings, grouping: Keys = Keys(),
               keys_of: Callable[[Row], list[tuple[str, ...]]] | None = None
               ) -> dict[tuple[str, ...], list[Accumulator]]:
    """Each group's accumulators; `keys_of` gives a row's groups when the caller keys rows
    itself (chart and timechart, whose row and column splits group differently), else
    group_keys does from `by`."""
    by = tuple(by)
    groups: dict[tuple[str, ...], list[Accumulator]] = {}
    for row in rows:
        keys = keys_of(row) if keys_of else group_keys(row, by, settings.dedup_splitvals,
                                                       grouping)
        values = [term_value(term, row) for term in terms] if keys else []
        for key in keys:
            accumulators = groups.get(key)
            if accumulators is None:
                accumulators = groups[key] = new_accumulators(terms, settings)
            for accumulator, value in zip(accumulators, values):
                accumulator.add(value, row.get("_time"))
    return groups


def results(terms: list[Term], accumulators: list[Accumulator]) -> dict[str, Value]:
    """Each term's name and value; a null result is still named (None), so callers can clear it."""
    return {term.name: term.function(accumulator, term.source)
            for term, accumulator in zip(terms, accumulators)}


def with_results(row: Row, values: dict[str, Value]) -> Row:
    """A copy of `row` with each result set, or cleared where the result is null."""
    row = dict(row)
    for name, value in values.items():
        if value is None:
            row.pop(name, None)
        else:
            row[name] = value
    return row


# ---- operators that add aggregates to rows (eventstats, streamstats) ---------------------------


def annotating_needs(after: plan.Needed, aggregations: tuple[ast.Aggregation, ...],
                     by: tuple[str, ...]) -> plan.Needed:
    """What eventstats and streamstats read: every field read after them (each row passes on
    with its own fields, a row outside every group unchanged) and what an Aggregate of the
    same terms reads."""
    read = plan.Aggregate(aggregations=aggregations, by=by).needs(after)
    return None if after is None or read is None else after | read


def annotating_label(name: str, aggregations: tuple[ast.Aggregation, ...],
                     by: tuple[str, ...], settings: dict[str, object]) -> str:
    """`name`, the terms as stats' Aggregate shows them, and the settings that are not the
    defaults."""
    terms = plan.Aggregate(aggregations=aggregations, by=by).label().removeprefix("Aggregate")
    return name + terms + "".join(f" {key}={value}" for key, value in settings.items())
