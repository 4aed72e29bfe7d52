"""`spl explain`: run a search and say what each command did, and why, from the run itself.

The search runs exactly as `spl run` runs it (the same plan, rewrites and pushdown included),
with an observer on the executor that records every operator's rows in and out. Each command of
the user's pipeline is then reported with the operators bound from it: the command as it stands
after macro expansion, one plain sentence built from its bound options, the rows and columns it
received and produced, the first rows of its output, and, where rows vanished, the reason (the
records pushdown skipped unread, the search term that failed, the BY field that was null, ...).
Observing materializes every intermediate table, so explaining is for learning, not for large
logs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from spl import ast
from engine import plan
from engine.matching import compile_search
from engine.runner import Prepared, run_prepared
from engine.runtime import Runtime
from engine.table import Row, Table
from engine.timefmt import RESULT_TIMEFORMAT, format_time
from engine.values import to_number, values_of

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


@dataclass
class Observation:
    """What one operator did in the run: its rows in (None for a source) and out."""

    node: plan.Node
    rows_in: list[Row] | None
    rows_out: list[Row]
    fields_out: list[str]
    fields_in: list[str] = field(default_factory=list)
    skipped: int = 0  # records a Scan left unparsed: they lacked its literals


class Recorder:
    """The executor's observer for one explained run."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self.observations: list[Observation] = []

    def __call__(self, node: plan.Node, rows_in: list[Row] | None, table_out: Table) -> Table:
        read_before = sum(self.runtime.diagnostics.records_read.values())
        problems_before = len(self.runtime.diagnostics.problems)
        rows_out, fields_out = table_out.materialize()
        observed = Observation(node, rows_in, rows_out, fields_out)
        if rows_in is not None:
            observed.fields_in = Table(rows_in).materialize()[1]
        if isinstance(node, plan.Scan):
            read = sum(self.runtime.diagnostics.records_read.values()) - read_before
            broken = len(self.runtime.diagnostics.problems) - problems_before
            observed.skipped = max(read - len(rows_out) - broken, 0)
        self.observations.append(observed)
        return Table(rows_out, table_out.fields)


def explain(prepared: Prepared, runtime: Runtime) -> list[StepReport]:
    """Run `prepared` over the runtime's data and report on each command of the pipeline."""
    recorder = Recorder(runtime)
    runtime.observer = recorder
    run_prepared(prepared, runtime)
    text = prepared.expansion.text
    reports = []
    claimed = 0  # observations up to here belong to commands already reported
    for command in prepared.pipeline.commands:
        indexes = [i for i, o in enumerate(recorder.observations) if o.node.command is command]
        if not indexes:
            continue
        # The command's operators, and the sources read for it (the events of a leading search)
        mine = [o for i, o in enumerate(recorder.observations[claimed:indexes[-1] + 1], claimed)
                if i in indexes or o.node.command is None]
        claimed = indexes[-1] + 1
        first = recorder.observations[indexes[0]]
        last = recorder.observations[indexes[-1]]
        rows_in = first.rows_in or []
        reports.append(StepReport(
            command=text[command.span.start:command.span.end],
            description=describe(command, last.node),
            rows_in=len(rows_in), columns_in=len(first.fields_in),
            rows_out=len(last.rows_out), columns_out=len(last.fields_out),
            fields=last.fields_out, sample=last.rows_out[:SAMPLE_ROWS],
            vanished=[reason for o in mine for reason in reasons(o)]))
    return reports


# ---- one sentence per command, from its actual options ---------------------------------------------


def describe(command: ast.Command, bound: plan.Node) -> str:
    """A sentence for `command`, from what it was bound to (`bound`, its last operator) where
    that says more than the text: a search's time bounds, tstats' fill value."""
    if isinstance(command, ast.Search) and isinstance(bound, plan.Filter):
        words = search_in_words(bound.condition)
        return "keeps every row" if words in ("*", "every row") else f"keeps rows where {words}"
    if isinstance(command, ast.Tstats) and isinstance(bound, plan.Aggregate):
        return _describe_tstats(command, bound)
    describer = _DESCRIBERS.get(type(command))
    name = type(command).__name__.lower()
    return describer(command) if describer else f"runs {name}"


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
    if isinstance(expr, ast.Subsearch):
        return "a row of the subsearch's results matches"
    joiner = " and " if isinstance(expr, ast.And) else " or "
    return joiner.join(search_in_words(o) for o in expr.operands)


def _compare_in_words(expr: ast.Compare) -> str:
    epoch = to_number(expr.value) if expr.field == "_time" else None
    if epoch is not None and expr.op in ("<", "<=", ">", ">="):
        when = format_time(float(epoch), RESULT_TIMEFORMAT)
        return f"_time is {_TIME_WORDS[expr.op]} {when}"
    if expr.op in ("=", "!=") and expr.value.strip("*") == "":
        return f"{expr.field} {'is present' if expr.op == '=' else 'is never true (!=*)'}"
    if expr.op in ("=", "!="):
        verb = "matches" if "*" in expr.value else "equals"
        verb = verb if expr.op == "=" else f"is present and not {verb.rstrip('s')}"
        return f"{expr.field} {verb} {expr.value} (case-insensitive)"
    return f"{expr.field} {expr.op} {expr.value}"


_TIME_WORDS = {"<": "before", "<=": "at or before", ">": "after", ">=": "at or after"}


def _describe_tstats(node: ast.Tstats, bound: plan.Aggregate) -> str:
    functions = ", ".join(a.output_name for a in node.aggregations)
    sentence = f"computes {functions} over rows of data model {node.datamodel}"
    if node.where is not None:
        sentence += f" where {search_in_words(node.where)}"
    if node.by:
        sentence += f", grouped by {len(node.by)} field{'s' * (len(node.by) > 1)}"
        fill = bound.fillnull
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
    ast.Where: lambda node: "keeps rows for which the expression is true (case-sensitive)",
    ast.Rename: _describe_rename,
    ast.Convert: _describe_convert,
    ast.Eval: _describe_eval,
}


# ---- why rows vanished -----------------------------------------------------------------------------


def reasons(observed: Observation) -> list[str]:
    """What an operator did to the rows, where it is worth saying."""
    node = observed.node
    if isinstance(node, plan.Scan):
        return _scan_reasons(node, observed)
    if isinstance(node, plan.DatasetRows):
        return [f"{len(observed.rows_out)} event(s) belong to dataset "
                f"{node.dataset.model}.{node.dataset.name}"]
    rows_in = observed.rows_in or []
    dropped = len(rows_in) - len(observed.rows_out)
    if isinstance(node, plan.Filter) and node.note and dropped:
        return [f"{dropped} row(s) dropped: not ({node.note})"]
    if isinstance(node, plan.Filter) and node.condition is not None and \
            plan.is_search(node.condition):
        return _failed_terms(node.condition, rows_in)
    if isinstance(node, plan.Aggregate):
        return _aggregate_reasons(node, rows_in)
    return [f"{dropped} row(s) removed"] if dropped > 0 else []


def _scan_reasons(node: plan.Scan, observed: Observation) -> list[str]:
    read = [f"{len(observed.rows_out)} event(s) read from the logs"]
    if node.literals and observed.skipped:
        wanted = " and ".join(" or ".join(f"`{literal}`" for literal in group)
                              for group in node.literals)
        read.append(f"{observed.skipped} record(s) skipped unparsed: their text lacks "
                    f"{wanted} (pushdown)")
    return read


def _failed_terms(expr: ast.SearchExpr, rows: list[Row]) -> list[str]:
    """For each dropped row, the first AND-ed term it fails; counted per term."""
    terms = expr.operands if isinstance(expr, ast.And) else (expr,)
    tests = [(search_in_words(t), compile_search(t)) for t in terms
             if not any(isinstance(s, ast.Subsearch) for s in ast.search_terms(t))]
    failures: Counter[str] = Counter()
    for row in rows:
        failed = next((words for words, test in tests if not test(row)), None)
        if failed is not None:
            failures[failed] += 1
    return [f"{count} row(s) dropped: not ({words})" for words, count in failures.items()]


def _aggregate_reasons(node: plan.Aggregate, rows: list[Row]) -> list[str]:
    if not node.by:
        return [f"{len(rows)} row(s) aggregated"]
    found = [f"{len(rows)} row(s) grouped by {', '.join(node.by)}"]
    for name in node.by if node.fillnull is None else ():
        nulls = sum(1 for r in rows if not values_of(r.get(name)))
        if nulls:
            found.append(f"{nulls} row(s) left out: {name} is null"
                         + (" (no fillnull_value)" if isinstance(node.command, ast.Tstats)
                            else ""))
    return found
