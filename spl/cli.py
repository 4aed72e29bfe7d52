"""The `spl` command line.

    spl run [--data PATH]... [--macros DIR]... [--format table|csv|json] [--tz ZONE] SEARCH

Results go to stdout; notices and skipped input records go to stderr. Exit status: 0 on success,
1 for a mistake in the search, 2 for a mistake in how the command was called.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spl.errors import SplError, UsageError

EXIT_OK, EXIT_SEARCH_ERROR, EXIT_USAGE = 0, 1, 2

SEARCH_HELP = "the search: its text, `-` to read it from stdin, or @FILE to read it from FILE"
TZ_HELP = ("time zone for rendering times (e.g. Europe/Paris); default UTC, where Splunk would "
           "use the searching user's zone")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:
        parser.error(str(error))
    except SplError as error:
        print(error, file=sys.stderr)
        return EXIT_SEARCH_ERROR
    except KeyboardInterrupt:
        return 130
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spl", description="Run Splunk SPL searches locally.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run a search over log files and print its results",
                              description="Run a search over log files. " + TZ_HELP + ".")
    run.add_argument("--data", action="append", type=Path, default=[], metavar="PATH",
                     help="a log file to search (repeatable)")
    run.add_argument("--macros", action="append", type=Path, default=[], metavar="DIR",
                     help="a folder of macros (*.yml, macros.conf); later folders win (repeatable)")
    run.add_argument("--format", choices=("table", "csv", "json"), default="table",
                     help="output format (default: table)")
    run.add_argument("--tz", default="UTC", metavar="ZONE", help=TZ_HELP)
    run.add_argument("search", metavar="SEARCH", help=SEARCH_HELP)
    run.set_defaults(handler=_run)
    return parser


def _run(args: argparse.Namespace) -> int:
    from engine.context import Context
    from engine.output import render
    from engine.runner import execute, load_datamodels, load_macros, prepare

    text = read_search(args.search)
    for path in args.data:
        if not path.exists():
            raise UsageError(f"--data {path}: no such file or folder")
    tz = _zone(args.tz)
    datamodels, knowledge = load_datamodels()
    prepared = prepare(text, load_macros(_folders(args.macros)), datamodels)
    for notice in prepared.expansion.notices:
        print(f"notice: {notice}", file=sys.stderr)
    context = Context(args.data, datamodels, knowledge, tz)
    output = render(execute(prepared, context), args.format)
    sys.stdout.write(output)
    context.diagnostics.report(sys.stderr)
    return EXIT_OK


def read_search(argument: str) -> str:
    """The search text from the argument itself, stdin (`-`) or a file (`@FILE`)."""
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        path = Path(argument[1:])
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read the search from {path}: {error}") from None
    return argument


def _folders(paths: list[Path]) -> list[Path]:
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"--macros {path}: not a folder")
    return paths


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--tz {name}: unknown time zone (use a name like UTC or Europe/Paris)") from None


if __name__ == "__main__":
    sys.exit(main())
