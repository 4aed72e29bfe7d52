"""`spl run`: run a search over log files and print its results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock, parse_now
from engine.output import FORMATS, render
from engine.progress import Progress
from engine.readers import FORMATS as READER_FORMATS
from engine.readers import expand_inputs
from engine.runner import run_search
from engine.runtime import Runtime
from spl.errors import UsageError

SEARCH_HELP = "the search: its text, `-` to read it from stdin, or @FILE to read it from FILE"
TZ_HELP = ("time zone for rendering times (e.g. Europe/Paris); default UTC, where Splunk would "
           "use the searching user's zone")


def add_parser(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="run a search over log files and print its results",
                              description="Run a search over log files. " + TZ_HELP + ".")
    run.add_argument("--data", action="append", type=Path, default=[], metavar="PATH",
                     help="a log file, a folder of them, or a glob pattern (repeatable)")
    add_macros_option(run)
    add_lookups_option(run)
    run.add_argument("--lookups-out", type=Path, metavar="DIR",
                     help="the folder outputlookup writes its CSV files into (made if missing); "
                          "it writes nowhere else, and without this option it stops with an "
                          "error")
    run.add_argument("--format", choices=FORMATS, default="table",
                     help="output format (default: table)")
    run.add_argument("--tz", default="UTC", metavar="ZONE", help=TZ_HELP)
    run.add_argument("--format-in", choices=READER_FORMATS, default="auto",
                     help="format of the --data files: xml (Splunk's XmlWinEventLog export), "
                          "evtx, or json (Splunk's JSON export, Winlogbeat, evtx_dump); default "
                          "auto: told from each file's first bytes")
    add_now_option(run)
    add_geoip_option(run)
    add_pushdown_option(run)
    run.add_argument("--workers", type=int, metavar="N", help="processes that read an input of "
                     "32 MB or more (default: one per CPU; 1: a single process)")
    run.add_argument("search", metavar="SEARCH", help=SEARCH_HELP)
    run.set_defaults(handler=_run)


def add_pushdown_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-pushdown", dest="pushdown", action="store_false",
                        help="run the plan as bound: read, parse and enrich every record instead "
                             "of skipping those that cannot match (the rows are the same)")


def add_now_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", metavar="TIME",
                        help="when the search runs, for now(), `earliest=-24h` and the like: an "
                             "ISO time (2024-03-04T12:00:00Z; UTC when it names no zone) or "
                             "epoch seconds; default: the current time. Set it to search old "
                             "logs with relative times")


def add_geoip_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--geoip", type=Path, metavar="FILE",
                        help="the MaxMind DB iplocation reads, e.g. the GeoLite2-City.mmdb of "
                             "a Splunk install ($SPLUNK_HOME/share); default: the GeoLite2 City "
                             "database of July 2018 installed with this tool")


def geoip_file(path: Path | None) -> Path | None:
    """--geoip, a file that must exist. Whether it is a MaxMind DB is told when iplocation
    opens it (engine/geoip.py, a usage error too): opening it here would import the reader on
    every run's start-up."""
    if path is not None and not path.is_file():
        raise UsageError(f"--geoip {path}: no such file")
    return path


def add_lookups_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lookups", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of lookups: CSV files, or security_content lookup "
                             "definitions (repeatable)")


def add_macros_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--macros", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of macros (*.yml, macros.conf); later folders win "
                             "(repeatable)")


def _run(args: argparse.Namespace) -> int:
    text = read_search(args.search)
    data = data_files(args.data)
    catalog = Catalog.load(macro_folders(args.macros), args.lookups)
    if args.lookups_out is not None and args.lookups_out.exists() and \
            not args.lookups_out.is_dir():
        raise UsageError(f"--lookups-out {args.lookups_out}: not a folder")
    runtime = Runtime(clock=clock(args), data=data, format_in=args.format_in,
                      lookups_out=args.lookups_out, geoip=geoip_file(args.geoip))
    with Progress(runtime.diagnostics, data, sys.stderr):
        result = run_search(text, catalog=catalog, runtime=runtime, pushdown=args.pushdown,
                            workers=args.workers)
    if not data and reads_events(result.prepared.plan):
        print("notice: no --data given, so the search reads no events", file=sys.stderr)
    for notice in (*result.prepared.expansion.notices, *result.prepared.notices):
        print(f"notice: {notice}", file=sys.stderr)
    sys.stdout.write(render(result.table, args.format, runtime.clock.tz))
    result.diagnostics.report(sys.stderr)
    return 0


def reads_events(node: plan.Node) -> bool:
    """Whether a plan reads the logs (a Scan in it or in a subsearch), so that a search that
    makes its own rows (`| makeresults`) is not told it has no --data."""
    return any(isinstance(n, plan.Scan) or any(reads_events(s) for s in n.subplans())
               for n in plan.chain(node))


def clock(args: argparse.Namespace) -> Clock:
    """The search's clock: --now (or the current time) in the --tz zone."""
    tz = zone(args.tz)
    if args.now is None:
        return Clock.started(tz)
    try:
        return Clock.started(tz, parse_now(args.now))
    except ValueError:
        raise UsageError(f"--now {args.now}: cannot read the time; give an ISO time such as "
                         "2024-03-04T12:00:00Z or epoch seconds") from None


def data_files(paths: list[Path]) -> list[Path]:
    """The files that --data names: files, every file in a folder, or a glob's matches."""
    try:
        return expand_inputs(paths)
    except FileNotFoundError as error:
        raise UsageError(f"--data: {error}") from None


def read_search(argument: str) -> str:
    """The search text from the argument itself, stdin (`-`) or a file (`@FILE`)."""
    if argument == "-":
        return sys.stdin.read().rstrip("\n")
    if argument.startswith("@"):
        path = Path(argument[1:])
        try:
            return path.read_text(encoding="utf-8").rstrip("\n")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read the search from {path}: {error}") from None
    return argument


def macro_folders(paths: list[Path]) -> list[Path]:
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"--macros {path}: not a folder")
    return paths


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--tz {name}: unknown time zone (use a name like UTC or Europe/Paris)") from None


