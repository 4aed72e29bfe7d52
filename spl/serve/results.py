"""A finished search as the page shows it, every number computed by the engine itself.

An event search (its rows still hold `_raw`) becomes an event list, a field sidebar and a
timeline; any other search a table, and a chart when its last transforming command is one
Splunk charts (timechart, chart, stats ... by ..., top, rare). The sidebar is `fieldsummary`
run over the events and the timeline `timechart count` over them, so the page and a search
typed by the user never disagree.
"""

from __future__ import annotations

import json

from spl import ast
from spl.cli.expand import macro_origin, one_command_per_line
from spl.errors import SplError
from spl.macros import expand
from engine.executor import execute
from engine.explain import explain
from engine.output import with_time_text
from engine.runner import run_search
from engine.table import Row, Table
from engine.values import to_number, to_output
from spl.serve.jobs import Job
from spl.serve.workspace import Workspace

EVENTS_SHOWN = 100  # events sent to the page; the sidebar and timeline count them all
ROWS_SHOWN = 1000
TOP_VALUES = 10
# The chart Splunk's visualization tab draws first for each charting command.
CHARTS = {ast.Timechart: "line", ast.Chart: "column", ast.Stats: "column", ast.Top: "pie",
          ast.Rare: "pie"}
TRANSFORMING = (*CHARTS, ast.Tstats)  # the commands that make a table of their own


def run(workspace: Workspace, text: str, job: Job) -> dict:
    """Run `text` over the loaded events and shape its result for the page."""
    clock = workspace.clock()
    prepared = workspace.prepare(text, clock)
    runtime = workspace.runtime(job.watch, clock)
    try:
        rows, fields = Table(job.count(execute(prepared.plan, runtime).rows)).materialize()
    except SplError as error:
        raise error.attach(prepared.expansion.text, prepared.expansion.source_map) from None
    result = {"count": len(rows), "fields": fields,
              "notices": [*prepared.expansion.notices, *prepared.notices,
                          *runtime.diagnostics.notices],
              "skipped": [str(p) for p in runtime.diagnostics.problems]}
    if "_raw" in fields:
        result.update(kind="events", events=[event_json(r, clock.tz) for r in rows[:EVENTS_SHOWN]],
                      summary=field_summary(workspace, rows, fields),
                      timeline=timeline(workspace, rows, fields))
    else:
        result.update(kind="table", rows=[row_json(r, fields, clock.tz)
                                          for r in rows[:ROWS_SHOWN]],
                      chart=chart(prepared.pipeline, rows, fields))
    return result


def row_json(row: Row, fields: list[str], tz) -> dict:
    shown = with_time_text(row, tz)
    return {f: to_output(shown.get(f)) for f in fields}


def event_json(row: Row, tz) -> dict:
    """An event of the list: its time as Splunk shows it, `_raw`, and its other fields."""
    shown = with_time_text(row, tz)
    fields = {f: to_output(v) for f, v in sorted(shown.items())
              if v is not None and f not in ("_raw", "_time")}
    return {"time": to_output(shown.get("_time")), "raw": to_output(row.get("_raw")),
            "fields": fields}


def field_summary(workspace: Workspace, rows: list[Row], fields: list[str]) -> list[dict]:
    """Each field's count, distinct count and top values with their share of the events."""
    summary = run_search(f"| fieldsummary maxvals={TOP_VALUES}", rows=Table(rows, fields),
                         catalog=workspace.catalog, clock=workspace.clock()).table.rows
    total = len(rows) or 1
    found = []
    for line in summary:
        values = json.loads(line.get("values") or "[]")
        found.append({"field": line["field"], "count": int(line["count"]),
                      "distinct_count": int(line["distinct_count"]),
                      "share": int(line["count"]) / total,
                      "values": [{"value": v["value"], "count": v["count"],
                                  "share": v["count"] / total} for v in values]})
    return sorted(found, key=lambda f: (-f["count"], f["field"]))


def timeline(workspace: Workspace, rows: list[Row], fields: list[str]) -> dict:
    """The events counted per bucket of time, buckets as timechart chooses them."""
    clock = workspace.clock()
    counted = run_search("| timechart count", rows=Table(rows, fields),
                         catalog=workspace.catalog, clock=clock).table.rows
    buckets = [{"time": to_output(with_time_text(b, clock.tz)["_time"]),
                "epoch": b["_time"], "count": int(b["count"])} for b in counted]
    return {"buckets": buckets}


def chart(pipeline: ast.Pipeline, rows: list[Row], fields: list[str]) -> dict | None:
    """What the page charts: the category columns (x), the numeric series and the chart type,
    when the search's last transforming command is one Splunk charts (a `stats` without BY,
    or `tstats`, gives a table only)."""
    transforming = [c for c in pipeline.commands if isinstance(c, TRANSFORMING)]
    last = transforming[-1] if transforming else None
    if last is None or type(last) not in CHARTS or isinstance(last, ast.Stats) and not last.by:
        return None
    if isinstance(last, ast.Timechart):
        x, series = ["_time"], [f for f in fields if f != "_time"]
    else:
        numeric = [f for f in fields if any(r.get(f) is not None for r in rows)
                   and all(to_number(r[f]) is not None for r in rows if r.get(f) is not None)]
        x = [f for f in fields if f not in numeric] or fields[:1]
        series = [f for f in numeric if f not in x]
        if isinstance(last, (ast.Top, ast.Rare)):
            series = [f for f in series if f == "count"]  # not its percent column
    if not rows or not series:
        return None
    return {"type": CHARTS[type(last)], "x": x, "series": series}


def explain_steps(workspace: Workspace, text: str, job: Job) -> dict:
    """`spl explain`'s reports, from a real run over the loaded events."""
    clock = workspace.clock()
    prepared = workspace.prepare(text, clock)
    runtime = workspace.runtime(job.watch, clock)
    steps = []
    for report in explain(prepared, runtime):
        steps.append({"command": report.command, "description": report.description,
                      "rows_in": report.rows_in, "rows_out": report.rows_out,
                      "columns_in": report.columns_in, "columns_out": report.columns_out,
                      "vanished": report.vanished, "fields": report.fields,
                      "sample": [row_json(r, report.fields, clock.tz) for r in report.sample]})
    return {"steps": steps}


def expansion(workspace: Workspace, text: str) -> dict:
    """`spl expand --trace`: each macro call, what it expanded to, and the whole search one
    command per line."""
    expanded = expand(text, workspace.catalog.macros)
    steps = [{"call": s.call, "macro": s.macro.name, "arguments": list(s.arguments),
              "origin": macro_origin(s.macro.origin), "expansion": s.expansion,
              "depth": s.depth}
             for s in expanded.steps]
    return {"steps": steps, "text": one_command_per_line(expanded.text, expanded.source_map),
            "notices": list(expanded.notices)}
