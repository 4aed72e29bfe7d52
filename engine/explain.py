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
from engine.commands import (bin, convert, dedup, eventstats, fields, fillnull, foreach,
                             inputlookup, makemv, mvcombine, mvexpand, rare, regex, rename, rex,
                             spath, streamstats, table, top, xmlkv)
from engine.commands import (accum, addinfo, autoregress, delta, extract, fromjson, makeresults,
                             nomv, replace, reverse, uniq)
from engine.commands import addtotals, chart, fieldsummary, timechart, untable, xyseries
from engine.commands import appendpipe, mstats, outputlookup, transaction, tstats
from engine.commands import iplocation
from engine.commands import eval as eval_command, map as map_command
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
    """A sentence for `command`, from what it was bound to (`bound`, its last operator): the
    options as the engine runs them, a search's time bounds resolved."""
    if isinstance(bound, plan.Union) and not isinstance(command, ast.Append):
        return describe(command, bound.right) + ", after the rows before it (append=true)"
    describer = _DESCRIBERS.get(type(bound))
    return describer(bound) if describer else f"runs {type(command).__name__.lower()}"


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


def _describe_filter(node: plan.Filter) -> str:
    if not plan.is_search(node.condition):
        return "keeps rows for which the expression is true (case-sensitive)"
    words = search_in_words(node.condition)
    return "keeps every row" if words in ("*", "every row") else f"keeps rows where {words}"


def _describe_aggregate(node: plan.Aggregate) -> str:
    if not isinstance(node.command, ast.Tstats):
        return _grouped(node, "computes") + (
            "; rows with a null BY field are left out" if node.by else "")
    functions = ", ".join(a.output_name for a in node.aggregations)
    rows = next(n for n in plan.chain(node) if isinstance(n, plan.DatasetRows))
    sentence = f"computes {functions} over rows of data model {_dataset(rows)}"
    where = node.input if isinstance(node.input, plan.Filter) else None
    if where is not None:
        sentence += f" where {search_in_words(where.condition)}"
    if node.by:
        sentence += f", grouped by {len(node.by)} field{'s' * (len(node.by) > 1)}"
        sentence += (f"; rows with a null BY field are kept as '{node.fillnull}' because "
                     f"fillnull_value={node.fillnull}" if node.fillnull is not None
                     else "; rows with a null BY field are dropped")
    return sentence


def _dataset(node: plan.DatasetRows) -> str:
    return f"{node.dataset.model}.{node.dataset.name}"


def _grouped(node, verb: str) -> str:
    functions = ", ".join(a.output_name for a in node.aggregations)
    by = f" for each combination of {', '.join(node.by)}" if node.by else " over all rows"
    return f"{verb} {functions}{by}"


def _describe_rename(node: rename.Rename) -> str:
    pairs = ", ".join(f"{old} to {new}" for old, new in node.pairs)
    return f"renames {pairs}" + (" (* carries the matched part)" if "*" in pairs else "")


def _describe_convert(node: convert.Convert) -> str:
    parts = [f"{c.function}({c.field})" + (f" into {c.alias}" if c.alias else " in place")
             for c in node.conversions]
    times = " using the time format " + node.timeformat if any(
        c.function.lower() in ("ctime", "mktime") for c in node.conversions) else ""
    return "converts " + ", ".join(parts) + times


def _describe_sort(node: plan.Sort) -> str:
    keys = ", ".join(("descending " if k.descending else "") + k.field for k in node.keys)
    if node.default_limit:
        return f"orders rows by {keys} (at most {node.limit} rows, Splunk's default)"
    return f"orders rows by {keys}" + (f", keeping the first {node.limit}" if node.limit else "")


def _describe_lookup(node: plan.Lookup) -> str:
    match = ", ".join(event for _, event in node.match)
    out = ", ".join(event for _, event in node.outputs) or "every other column"
    mode = "fills only empty" if node.outputnew else "sets"
    return f"looks up {match} in {node.definition.name} and {mode} {out} from the matching rows"


def _describe_dedup(node: dedup.Dedup) -> str:
    keep = "the first row" if node.count == 1 else f"the first {node.count} rows"
    return f"keeps {keep} of each combination of {', '.join(node.fields)}"


def _describe_limit(node: plan.Limit) -> str:
    if node.from_end:
        return f"keeps the last {node.count} rows, last first"
    return f"keeps the first {node.count} rows"


def _describe_chart(node: chart.Chart) -> str:
    rows = f" for each value of {node.row}" if node.row else " over all rows"
    if node.bins is not None:
        rows = f" for each bin of {node.bins} of {node.row}" + (
            ", filling empty bins" if node.cont else "")
    return f"computes {_functions(node)}{rows}" + _columns(node.column, node.series)


def _describe_timechart(node: timechart.Timechart) -> str:
    span = f"{node.span}" if node.span else f"a span that makes at most {node.bins} buckets"
    return (f"computes {_functions(node)} for each bucket of {span} of _time" +
            (", filling empty buckets" if node.cont else "") + _columns(node.split, node.series))


def _functions(node) -> str:
    return ", ".join(a.output_name for a in node.aggregations)


def _columns(split: str | None, series: chart.Series) -> str:
    return f", one column per value of {split} ({series})" if split else ""


def _describe_addtotals(node: addtotals.Addtotals) -> str:
    fields = ", ".join(node.patterns)
    parts = [f"adds the sum of the numeric fields {fields} to each row as {node.fieldname}"
             ] if node.row else []
    if node.col:
        parts.append(f"adds a last row with the sum of each numeric field ({fields})")
    return " and ".join(parts) or "passes the rows on unchanged (row=false, col=false)"


def _describe_transaction(node: transaction.Transaction) -> str:
    by = f"rows sharing values of {', '.join(node.fields)}" if node.fields else "the rows"
    parts = [f"{words} a row where {plan.render_condition(condition)}" for words, condition in
             (("starting at", node.startswith), ("ending at", node.endswith))
             if condition is not None]
    parts += [f"{words} {microseconds / 1e6:g} seconds" for words, microseconds in
              (("spanning less than", node.maxspan), ("pausing at most", node.maxpause))
              if microseconds is not None]
    return (f"groups {by} into transactions, newest first" + "".join(", " + p for p in parts)
            + "; each gets duration, eventcount and closed_txn")


_DESCRIBERS: dict[type, Callable] = {
    plan.Filter: _describe_filter,
    plan.Eval: lambda node: "computes " + ", ".join(a.field for a in node.assignments) +
    " for every row (a failing expression leaves its field empty)",
    plan.Aggregate: _describe_aggregate,
    plan.DatasetRows: lambda node: f"reads the rows of data model dataset {_dataset(node)}",
    plan.Sort: _describe_sort,
    plan.Limit: _describe_limit,
    plan.Join: lambda node: f"joins rows of a subsearch on {', '.join(node.fields) or 'common fields'}"
    f" ({node.type})",
    plan.Union: lambda node: "adds the rows of a subsearch after its input rows",
    plan.Lookup: _describe_lookup,
    inputlookup.Inputlookup: lambda node: f"reads the rows of lookup {node.definition.name}",
    rex.Rex: lambda node: (f"replaces text in {node.field} with sed's /{node.pattern}/"
                           if node.mode == "sed" else
                           f"extracts named groups of /{node.pattern}/ from {node.field}"),
    regex.Regex: lambda node: ("drops" if node.negate else "keeps") +
    f" rows whose {node.field} matches /{node.pattern}/ (case-sensitive)",
    spath.Spath: lambda node: f"extracts {node.path or 'every path'} from {node.input_field} "
    "(JSON or XML)",
    xmlkv.Xmlkv: lambda node: f"makes a field of each <tag>value</tag> in {node.field}",
    eventstats.Eventstats: lambda node: _grouped(node, "adds to every row") + ", keeping every row",
    streamstats.Streamstats: lambda node: _grouped(node, "adds running") + ", row by row in order",
    rare.Rare: lambda node: f"counts the least common values of {', '.join(node.fields)}",
    top.Top: lambda node: f"counts the most common values of {', '.join(node.fields)}",
    foreach.Foreach: lambda node: f"runs `{node.template.template.strip()}` once for each field "
    f"matching {', '.join(node.patterns)}",
    table.Table: lambda node: f"keeps only the columns {', '.join(node.patterns)}, in that order",
    fields.Fields: lambda node: ("removes" if node.remove else "keeps only") +
    f" the fields {', '.join(node.patterns)}",
    dedup.Dedup: _describe_dedup,
    fillnull.Fillnull: lambda node: f"fills empty fields ({', '.join(node.fields) or 'all'}) "
    f"with {node.value}",
    bin.Bin: lambda node: f"puts {node.field} into buckets of {node.span}",
    mvexpand.Mvexpand: lambda node: f"makes one row per value of {node.field}",
    makemv.Makemv: lambda node: f"splits {node.field} into a multivalue field",
    mvcombine.Mvcombine: lambda node: f"merges rows that differ only in {node.field} into one row",
    rename.Rename: _describe_rename,
    convert.Convert: _describe_convert,
    makeresults.Makeresults: lambda node: (
        f"makes the {len(node.data)} row(s) of its inline data" if node.data is not None else
        f"makes {node.count} row(s) with _time set to the search's start" +
        (" and the annotate fields" if node.annotate else "")),
    nomv.Nomv: lambda node: f"joins the values of {node.field} into one value, separated by "
    + ("new lines" if node.delim == nomv.NEWLINE else f"`{node.delim}`"),
    accum.Accum: lambda node: f"writes the running total of {node.field} to {node.output}",
    delta.Delta: lambda node: f"writes {node.field} minus its value {node.p} numeric row(s) "
    f"earlier to {node.output}",
    autoregress.Autoregress: lambda node: "copies into each row the value "
    f"{node.field} had " + ", ".join(f"{p} row(s) earlier as {name}" for p, name in node.outputs),
    reverse.Reverse: lambda node: "puts the rows in the opposite order",
    uniq.Uniq: lambda node: "drops each row identical to the row before it",
    addinfo.Addinfo: lambda node: "adds info_min_time, info_max_time, info_search_time and "
    "info_sid (the search's time range, start and id)",
    replace.Replace: lambda node: "replaces values " + ", ".join(
        f"{r.pattern} with {r.replacement}" for r in node.rules) +
    (f" in {', '.join(node.fields)}" if node.fields else " in every field but internal ones"),
    fromjson.Fromjson: lambda node: f"makes a field of each key of the JSON object in "
    f"{node.field}" + (f", named with the prefix {node.prefix}" if node.prefix else ""),
    extract.Extract: lambda node: "extracts key-value pairs from _raw" + (
        f" split on {node.pairdelim or 'white space'} and {node.kvdelim or '='}"
        if node.pairdelim or node.kvdelim else ""),
    chart.Chart: _describe_chart,
    timechart.Timechart: _describe_timechart,
    addtotals.Addtotals: _describe_addtotals,
    untable.Untable: lambda node: f"makes one row ({node.x}, {node.name}, {node.data}) for each "
    f"field of each row but {node.x}",
    xyseries.Xyseries: lambda node: f"makes one row per value of {node.x} with a column per "
    f"value of {node.name} holding {', '.join(node.data)}",
    fieldsummary.Fieldsummary: lambda node: "summarizes the fields "
    f"{', '.join(node.patterns)}: counts, distinct values, numeric statistics and the "
    f"{node.maxvals or 'all'} most common values",
    eval_command.DynamicEval: lambda node: "computes " + ", ".join(
        a.field for a in node.assignments) + " for every row, each {field} in a name standing "
    "for that row's value of the field",
    tstats.Prestats: lambda node: "passes on the rows its aggregations read, for a stats or "
    "timechart after it (prestats=true)" + (f", _time in bins of {node.span}" if node.span and
                                            "_time" in node.by else ""),
    transaction.Transaction: _describe_transaction,
    appendpipe.Appendpipe: lambda node: "runs its subpipeline over the rows so far and adds "
    "the rows it gives after them",
    map_command.Map: lambda node: f"runs `{node.template}` once for each of the first "
    f"{node.maxsearches} rows, each $field$ given that row's value",
    outputlookup.Outputlookup: lambda node: ("appends" if node.append else "writes") +
    f" the rows to {node.filename} in the --lookups-out folder and passes them on",
    mstats.Mstats: lambda node: "reads metric indexes, which a run over event logs does not "
    "have, so it gives no rows",
    iplocation.Iplocation: lambda node: f"looks up where {node.field} is and sets "
    + ", ".join(node.outputs) + " (empty for private, reserved and malformed addresses)",
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
    if isinstance(node, (chart.Chart, timechart.Timechart, fieldsummary.Fieldsummary,
                         xyseries.Xyseries)):
        return [f"{len(rows_in)} row(s) summarized into {len(observed.rows_out)}"]
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
