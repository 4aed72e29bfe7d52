"""`spl explain`: run a search one command at a time and say what each command did, and why.

For each step: the command as it stands after macro expansion, one plain sentence built from its
actual options, the rows and columns it received and produced, the first rows of its output, and,
where rows vanished, the reason (the search term that failed, the BY field that was null, ...).
Explaining materializes every intermediate table, so it is for learning, not for large logs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from spl import ast
from engine.commands.tstats import target
from engine.context import Context
from engine.matching import compile_search
from engine.table import Row, Table
from engine.values import values_of

SAMPLE_ROWS = 3


@dataclass
class StepReport:
    command: str
    description: str
    rows_in: int
    columns_in: int
    rows_out: int
    columns_out: int
    fields: list[str]
    sample: list[Row]
    vanished: list[str] = field(default_factory=list)


def explain(prepared, context: Context) -> list[StepReport]:
    """Run `prepared` step by step over the context's data and report on each step."""
    text = prepared.expansion.text
    rows: list[Row] | None = None
    fields: list[str] = []
    reports = []
    for step in prepared.steps:
        if rows is None:
            rows = [] if step.command.generating else list(context.events())
            fields = Table(rows).materialize()[1]
        out_rows, out_fields = step.command.run(Table(list(rows), fields), step.node,
                                                context).materialize()
        reports.append(StepReport(
            command=text[step.node.span.start:step.node.span.end],
            description=describe(step.node),
            rows_in=len(rows), columns_in=len(fields),
            rows_out=len(out_rows), columns_out=len(out_fields),
            fields=out_fields, sample=out_rows[:SAMPLE_ROWS],
            vanished=vanished(step.node, rows, len(out_rows), context)))
        rows, fields = out_rows, out_fields
    return reports


# ---- one sentence per command, from its actual options ---------------------------------------------


def describe(node: ast.Command) -> str:
    describer = _DESCRIBERS.get(type(node))
    name = type(node).__name__.lower()
    return describer(node) if describer else f"runs {name}"


def search_in_words(expr: ast.SearchExpr | None) -> str:
    """A search expression as a reader would say it."""
    if expr is None:
        return "every row"
    if isinstance(expr, ast.Term):
        return "*" if expr.text.strip("*") == "" else f"the text contains `{expr.text}`"
    if isinstance(expr, ast.Compare):
        return _compare_in_words(expr)
    if isinstance(expr, ast.In):
        return f"{expr.field} is one of {', '.join(expr.values)}"
    if isinstance(expr, ast.Not):
        return f"not ({search_in_words(expr.operand)})"
    joiner = " and " if isinstance(expr, ast.And) else " or "
    return joiner.join(search_in_words(o) for o in expr.operands)


def _compare_in_words(expr: ast.Compare) -> str:
    if expr.op in ("=", "!=") and expr.value.strip("*") == "":
        return f"{expr.field} {'is present' if expr.op == '=' else 'is never true (!=*)'}"
    if expr.op in ("=", "!="):
        verb = "matches" if "*" in expr.value else "equals"
        verb = verb if expr.op == "=" else f"is present and not {verb.rstrip('s')}"
        return f"{expr.field} {verb} {expr.value} (case-insensitive)"
    return f"{expr.field} {expr.op} {expr.value}"


def _describe_tstats(node: ast.Tstats) -> str:
    options = {o.name.lower(): o.value for o in node.options}
    functions = ", ".join(a.output_name for a in node.aggregations)
    sentence = f"computes {functions} over rows of data model {node.datamodel}"
    if node.where is not None:
        sentence += f" where {search_in_words(node.where)}"
    if node.by:
        sentence += f", grouped by {len(node.by)} field{'s' * (len(node.by) > 1)}"
        fill = options.get("fillnull_value")
        sentence += (f"; rows with a null BY field are kept as '{fill}' because "
                     f"fillnull_value={fill}" if fill is not None
                     else "; rows with a null BY field are dropped")
    return sentence


def _describe_rename(node: ast.Rename) -> str:
    pairs = ", ".join(f"{old} to {new}" for old, new in node.pairs)
    return f"renames {pairs}" + (" (* carries the matched part)" if "*" in pairs else "")


def _describe_convert(node: ast.Convert) -> str:
    options = {o.name.lower(): o.value for o in node.options}
    parts = [f"{c.function}({c.field})" + (f" into {c.alias}" if c.alias else " in place")
             for c in node.conversions]
    timeformat = options.get("timeformat", "%m/%d/%Y %H:%M:%S")
    times = " using the time format " + timeformat if any(
        c.function.lower() in ("ctime", "mktime") for c in node.conversions) else ""
    return "converts " + ", ".join(parts) + times


def _describe_eval(node: ast.Eval) -> str:
    return "computes " + ", ".join(a.field for a in node.assignments) + \
        " for every row (a failing expression leaves its field empty)"


def _options(node) -> dict[str, str]:
    return {o.name.lower(): o.value for o in getattr(node, "options", ())}


def _describe_dedup(node: ast.Dedup) -> str:
    keep = "the first row" if node.count == 1 else f"the first {node.count} rows"
    return f"keeps {keep} of each combination of {', '.join(node.fields)}"


def _describe_sort(node: ast.Sort) -> str:
    keys = ", ".join(("descending " if k.descending else "") + k.field for k in node.keys)
    limit = _options(node).get("limit") or node.count
    return f"orders rows by {keys}" + (f", keeping the first {limit}" if limit else
                                       " (at most 10000 rows, Splunk's default)")


def _grouped(node, verb: str) -> str:
    functions = ", ".join(a.output_name for a in node.aggregations)
    by = f" for each combination of {', '.join(node.by)}" if node.by else " over all rows"
    return f"{verb} {functions}{by}"


def _describe_lookup(node: ast.Lookup) -> str:
    match = ", ".join(f.field for f in node.match)
    out = ", ".join(f.alias or f.field for f in node.output) or "every other column"
    mode = "fills only empty" if node.outputnew else "sets"
    return f"looks up {match} in {node.name} and {mode} {out} from the matching rows"


_DESCRIBERS: dict[type, Callable] = {
    ast.Rex: lambda node: f"extracts named groups of /{node.pattern}/ from "
    f"{_options(node).get('field', '_raw')}",
    ast.Regex: lambda node: ("drops" if node.negate else "keeps") +
    f" rows whose {node.field} matches /{node.pattern}/ (case-sensitive)",
    ast.Spath: lambda node: f"extracts {node.path or _options(node).get('path', 'every path')} from "
    f"{_options(node).get('input', '_raw')} (JSON or XML)",
    ast.Xmlkv: lambda node: f"makes a field of each <tag>value</tag> in {node.field}",
    ast.Lookup: _describe_lookup,
    ast.Inputlookup: lambda node: f"reads the rows of lookup {node.name}",
    ast.Join: lambda node: f"joins rows of a subsearch on {', '.join(node.fields) or 'common fields'}"
    f" ({_options(node).get('type', 'inner')})",
    ast.Append: lambda node: "adds the rows of a subsearch after its input rows",
    ast.Stats: lambda node: _grouped(node, "computes") + (
        "; rows with a null BY field are left out" if node.by else ""),
    ast.Eventstats: lambda node: _grouped(node, "adds to every row") + ", keeping every row",
    ast.Streamstats: lambda node: _grouped(node, "adds running") + ", row by row in order",
    ast.Top: lambda node: f"counts the most common values of {', '.join(node.fields)}",
    ast.Rare: lambda node: f"counts the least common values of {', '.join(node.fields)}",
    ast.Foreach: lambda node: f"runs `{node.template.strip()}` once for each field matching "
    f"{', '.join(node.fields)}",
    ast.From: lambda node: f"reads the rows of data model dataset {node.dataset}",
    ast.Datamodel: lambda node: f"reads the rows of data model dataset {node.model}.{node.dataset}",
    ast.Table: lambda node: f"keeps only the columns {', '.join(node.fields)}, in that order",
    ast.Fields: lambda node: ("removes" if node.remove else "keeps only") +
    f" the fields {', '.join(node.fields)}",
    ast.Dedup: _describe_dedup,
    ast.Sort: _describe_sort,
    ast.Head: lambda node: f"keeps the first {node.count} rows",
    ast.Tail: lambda node: f"keeps the last {node.count} rows, last first",
    ast.Fillnull: lambda node: f"fills empty fields ({', '.join(node.fields) or 'all'}) with "
    f"{_options(node).get('value', '0')}",
    ast.Bin: lambda node: f"puts {node.field} into buckets of {_options(node).get('span', '?')}",
    ast.Mvexpand: lambda node: f"makes one row per value of {node.field}",
    ast.Makemv: lambda node: f"splits {node.field} into a multivalue field",
    ast.Mvcombine: lambda node: f"merges rows that differ only in {node.field} into one row",
    ast.Search: lambda node: "keeps every row" if search_in_words(node.expr) in ("*", "every row")
    else f"keeps rows where {search_in_words(node.expr)}",
    ast.Where: lambda node: "keeps rows for which the expression is true (case-sensitive)",
    ast.Tstats: _describe_tstats,
    ast.Rename: _describe_rename,
    ast.Convert: _describe_convert,
    ast.Eval: _describe_eval,
}


# ---- why rows vanished -----------------------------------------------------------------------------


def vanished(node: ast.Command, rows_in: list[Row], rows_out: int, context: Context) -> list[str]:
    reasoner = _REASONS.get(type(node))
    if reasoner is not None:
        return reasoner(node, rows_in, context)
    if rows_out < len(rows_in) and type(node) is not ast.Tstats:
        return [f"{len(rows_in) - rows_out} row(s) removed"]
    return []


def _search_reasons(node: ast.Search, rows: list[Row], context: Context) -> list[str]:
    return _failed_terms(node.expr, rows)


def _failed_terms(expr: ast.SearchExpr | None, rows: list[Row]) -> list[str]:
    """For each dropped row, the first AND-ed term it fails; counted per term."""
    if expr is None:
        return []
    terms = expr.operands if isinstance(expr, ast.And) else (expr,)
    tests = [(search_in_words(t), compile_search(t)) for t in terms]
    failures: Counter[str] = Counter()
    for row in rows:
        failed = next((words for words, test in tests if not test(row)), None)
        if failed is not None:
            failures[failed] += 1
    return [f"{count} row(s) dropped: not ({words})" for words, count in failures.items()]


def _tstats_reasons(node: ast.Tstats, rows: list[Row], context: Context) -> list[str]:
    reference, where = target(node)
    dataset = context.datamodels.dataset(reference)
    dataset_rows = list(dataset.rows(context.events()))
    reasons = [f"{len(dataset_rows)} event(s) belong to dataset {reference}"]
    reasons += _failed_terms(where, dataset_rows)
    kept = [r for r in dataset_rows if compile_search(where)(r)]
    if node.by:
        reasons.append(f"{len(kept)} row(s) grouped by {', '.join(node.by)}")
    fill = any(o.name.lower() == "fillnull_value" for o in node.options)
    for name in node.by if not fill else ():
        nulls = sum(1 for r in kept if not values_of(r.get(name)))
        if nulls:
            reasons.append(f"{nulls} row(s) dropped: {name} is null (no fillnull_value)")
    return reasons


def _stats_reasons(node: ast.Stats, rows: list[Row], context: Context) -> list[str]:
    reasons = [f"{len(rows)} row(s) aggregated"]
    for name in node.by:
        nulls = sum(1 for r in rows if not values_of(r.get(name)))
        if nulls:
            reasons.append(f"{nulls} row(s) left out: {name} is null")
    return reasons


_REASONS: dict[type, Callable] = {
    ast.Stats: _stats_reasons,
    ast.Search: _search_reasons,
    ast.Tstats: _tstats_reasons,
}
