"""The `spl` command line: one module per subcommand, each adding its own parser.

Results go to stdout; notices and skipped input records go to stderr. Exit status: 0 on success,
1 for a mistake in the search, 2 for a mistake in how the command was called.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from spl.errors import SplError, UsageError

EXIT_SEARCH_ERROR = 1
# Each subcommand's module, imported only when that subcommand runs (all of them for `spl -h`
# or a mistyped command): `spl run` need not import what check, test or explain use.
SUBCOMMANDS = {
    "run": "spl.cli.run",
    "expand": "spl.cli.expand",
    "serve": "spl.cli.serve",
    "explain": "spl.cli.explain",
    "check": "spl.cli.check",
    "test": "spl.cli.test",
    "ingest": "spl.cli.ingest",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="spl", description="Run Splunk SPL searches locally.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for name in _named(argv):
        importlib.import_module(SUBCOMMANDS[name]).add_parser(commands)
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
    except BrokenPipeError:  # the reader went away (`spl run ... | head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _named(argv: list[str]) -> list[str]:
    """The subcommand that argv names (its first word, as `spl` itself takes no option but -h),
    or every subcommand when it names none or asks for `spl`'s own help."""
    word = next((a for a in argv if not a.startswith("-") or a in ("-h", "--help")), None)
    return [word] if word in SUBCOMMANDS else list(SUBCOMMANDS)
