"""The `spl` command line: one module per subcommand, each adding its own parser.

Results go to stdout; notices and skipped input records go to stderr. Exit status:
  0   success (an empty result too: "No results found." on stderr)
  1   a mistake in the search (the error, with a caret under it, on stderr)
  2   a mistake in how the command was called
  3   `spl test` only: nothing was tested
  70  an internal error: a bug in spl, not the user's mistake (EX_SOFTWARE of sysexits.h)
  130 interrupted (Ctrl-C); 141 the reader of stdout went away (`spl run ... | head`)
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import sys
import tomllib
import traceback
from pathlib import Path

from spl.errors import SplError, UsageError

EXIT_SEARCH_ERROR = 1
EXIT_INTERNAL_ERROR = 70
DEBUG_VARIABLE = "SPL_DEBUG"  # SPL_DEBUG=1 shows an internal error's traceback, as --debug does
DISTRIBUTION = "spl-local"
# Each subcommand's module, imported only when that subcommand runs, and its one-line summary,
# which `spl -h` lists without importing any (serve would bring uvicorn, ingest pyarrow, repl
# prompt_toolkit): `spl run` need not import what check, test or explain use.
SUBCOMMANDS = {
    "run": ("spl.cli.run", "run a search over log files and print its results"),
    "expand": ("spl.cli.expand", "print the search with its macros expanded"),
    "serve": ("spl.cli.serve", "open the search page over log files"),
    "explain": ("spl.cli.explain", "say what each command of a search does"),
    "check": ("spl.cli.check", "check that detections parse and bind"),
    "test": ("spl.cli.test", "run detections' tests over local attack data"),
    "ingest": ("spl.cli.ingest",
               "read log files into an event store (Parquet) for fast repeated searches"),
    "repl": ("spl.cli.repl", "an interactive prompt over logs read once"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _main(argv)
    except Exception as error:  # the last line of defence: any exception here is a bug
        return internal_error(error, debug=_debugging(argv))


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="spl", description="Run Splunk SPL searches locally.")
    parser.add_argument("--version", action="version", version=f"spl {version()}",
                        help="print the version of spl and exit")
    parser.add_argument("--debug", action="store_true",
                        help=f"show the traceback of an internal error (or set "
                             f"{DEBUG_VARIABLE}=1); taken anywhere on the command line")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    named = _named(argv)
    for name, (module, summary) in SUBCOMMANDS.items():
        if name == named:
            importlib.import_module(module).add_parser(commands, summary)
        else:
            commands.add_parser(name, help=summary)  # listed, never run
    # main() has read --debug wherever it stands (`spl run --debug ...` too): no subcommand
    # need declare it.
    args = parser.parse_args([a for a in argv if a != "--debug"])
    try:
        return args.handler(args)
    except UsageError as error:
        parser.error(str(error))
    except SplError as error:
        print(error, file=sys.stderr)
        return EXIT_SEARCH_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`spl run ... | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def internal_error(error: BaseException, debug: bool) -> int:
    """Say that spl itself failed, in one line and where to report it; the traceback only when
    asked for (--debug, SPL_DEBUG=1). No log file is written: nothing the user did not name."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    print(f"spl: internal error: {summary(error)}\n"
          "This is a bug in spl, not a mistake in your search: please report it with the search "
          "and the command line" + ("." if debug else
                                    f" (and the traceback that `spl --debug ...` or "
                                    f"{DEBUG_VARIABLE}=1 shows)."), file=sys.stderr)
    return EXIT_INTERNAL_ERROR


def summary(error: BaseException) -> str:
    """One line: the exception, its message's first line, and the innermost place it came
    from ("ZeroDivisionError: division by zero (engine/x.py:12 in f)")."""
    message = str(error).strip().splitlines()
    line = type(error).__name__ + (f": {message[0]}" if message else "")
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        where = Path(frames[-1].filename)
        line += f" ({where.parent.name}/{where.name}:{frames[-1].lineno} in {frames[-1].name})"
    return line


def _debugging(argv: list[str]) -> bool:
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0") or "--debug" in argv


def version() -> str:
    """This code's version: from pyproject.toml when it runs from a checkout (the file beside
    the `spl` package is the truth for the code running, installed elsewhere or not), else from
    the installed package's metadata."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        if project["name"] == DISTRIBUTION:
            return project["version"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed, and no pyproject.toml beside the code)"


def _named(argv: list[str]) -> str | None:
    """The subcommand that argv names (its first word, as `spl` itself takes no option but -h
    and --version), or None when it names none."""
    word = next((a for a in argv if not a.startswith("-") or a in ("-h", "--help")), None)
    return word if word in SUBCOMMANDS else None
