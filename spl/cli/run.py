"""`spl run`: run a search over log files and print its results."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.context import Context
from engine.output import FORMATS, render
from engine.progress import Progress
from engine.readers import FORMATS as READER_FORMATS
from engine.readers import expand_inputs
from engine.runner import execute, load_datamodels, load_macros, prepare
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
    run.add_argument("--format", choices=FORMATS, default="table",
                     help="output format (default: table)")
    run.add_argument("--tz", default="UTC", metavar="ZONE", help=TZ_HELP)
    run.add_argument("--format-in", choices=READER_FORMATS, default="auto",
                     help="format of the --data files: xml (Splunk's XmlWinEventLog export), "
                          "evtx, or json (Splunk's JSON export, Winlogbeat, evtx_dump); default "
                          "auto: told from each file's first bytes")
    run.add_argument("search", metavar="SEARCH", help=SEARCH_HELP)
    run.set_defaults(handler=_run)


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
    tz = zone(args.tz)
    datamodels, knowledge = load_datamodels()
    context = Context(data, datamodels, knowledge, tz, lookups=args.lookups,
                      format_in=args.format_in)
    prepared = prepare(text, load_macros(macro_folders(args.macros)), context)
    for notice in prepared.expansion.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if not data:
        print("notice: no --data given, so the search reads no events", file=sys.stderr)
    with Progress(context.diagnostics, data, sys.stderr):
        output = render(execute(prepared, context), args.format, tz)
    sys.stdout.write(output)
    context.diagnostics.report(sys.stderr)
    return 0


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


