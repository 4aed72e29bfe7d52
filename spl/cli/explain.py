"""`spl explain`: run a search and say what each command did to the table; `--plan` prints the
logical plan instead (what each command was bound to, after the rewrite rules)."""

from __future__ import annotations

import argparse
import json
import sys

from tabulate import tabulate

from engine import plan
from engine.explain import StepReport, explain
from engine.output import cell_text, with_time_text
from engine.runner import prepare
from engine.storesql import scan_query
from engine.values import to_output
from spl.cli.run import (SEARCH_HELP, Search, add_search_options, print_header, read_search,
                         search_setup)


MAX_COLUMNS = 10
FIRST_COLUMNS = ("_time", "host", "EventCode")  # what tells raw events apart at a glance


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser("explain", help=summary,
                                 description="Run a search one command at a time and say what "
                                             "each command did, how many rows it received and "
                                             "produced, and why rows vanished.")
    add_search_options(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--plan", action="store_true",
                        help="print the logical plan (each operator, last first) without running")
    parser.add_argument("search", metavar="SEARCH", help=SEARCH_HELP)
    parser.set_defaults(handler=_explain)


def _explain(args: argparse.Namespace) -> int:
    search = read_search(args.search)
    catalog, runtime = search_setup(args)
    prepared = prepare(search.text, catalog, runtime.clock, pushdown=args.pushdown)
    for notice in prepared.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if args.plan:
        print(plan.render(prepared.plan))
        for scan in sql_scans(prepared.plan):
            sql = scan_query(scan.literals, scan.columns, time_range=scan.time_range).sql(
                dialect=scan.engine, pretty=True)
            print(f"\nStoreScan runs on {scan.engine}, the operators above it in the Python "
                  f"engine; its SQL:\n{sql}")
        return 0
    reports = explain(prepared, runtime)
    for report in reports:
        report.sample = [with_time_text(row, runtime.clock.tz) for row in report.sample]
    if args.format == "json":
        print_header(search)  # the JSON report stays a list of steps
        print(json.dumps([_as_json(r) for r in reports], indent=2, ensure_ascii=False))
    else:
        steps = [_as_text(i, r) for i, r in enumerate(reports, 1)]
        print("\n\n".join(_title(search) + steps))
    runtime.diagnostics.report(sys.stderr)
    return 0


def _title(search: Search) -> list[str]:
    """The report's title, when the search is a detection's: its name and file."""
    if search.detection is None:
        return []
    return [f"Detection: {search.detection.name}\n  from {search.detection.path}"]


def sql_scans(node: plan.Node) -> list[plan.StoreScan]:
    """The plan's scans of an event store (in subsearches too): the part an SQL engine runs."""
    return [found for n in plan.chain(node)
            for found in ([n] if isinstance(n, plan.StoreScan) else [])
            + [s for sub in n.subplans() for s in sql_scans(sub)]]


def _as_text(number: int, report: StepReport) -> str:
    lines = [f"{number}. {report.command}",
             f"   {report.description}.",
             f"   rows: {report.rows_in} in, {report.rows_out} out; "
             f"columns: {report.columns_in} in, {report.columns_out} out"]
    lines += [f"   - {reason}" for reason in report.vanished]
    if report.sample:
        shown = _shown_fields(report)
        cells = [[cell_text(row.get(f)) for f in shown] for row in report.sample]
        table = tabulate(cells, headers=shown, tablefmt="simple", disable_numparse=True)
        lines += ["   " + line for line in table.splitlines()]
        hidden = len(report.fields) - len(shown)
        if hidden:
            lines.append(f"   (and {hidden} more column(s); --format json shows them all)")
    return "\n".join(lines)


def _shown_fields(report: StepReport) -> list[str]:
    """At most MAX_COLUMNS columns that hold a value in the sample; raw events have dozens."""
    filled = [f for f in report.fields if f != "_raw"
              and any(row.get(f) is not None for row in report.sample)]
    first = [f for f in FIRST_COLUMNS if f in filled]
    return (first + [f for f in filled if f not in first])[:MAX_COLUMNS]


def _as_json(report: StepReport) -> dict:
    return {
        "command": report.command, "description": report.description,
        "rows_in": report.rows_in, "rows_out": report.rows_out,
        "columns_in": report.columns_in, "columns_out": report.columns_out,
        "vanished": report.vanished,
        "sample": [{f: to_output(row.get(f)) for f in report.fields} for row in report.sample],
    }
