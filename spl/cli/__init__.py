"""The `spl` command line: one module per subcommand, each adding its own parser.

Results go to stdout; notices and skipped input records go to stderr. Exit status: 0 on success,
1 for a mistake in the search, 2 for a mistake in how the command was called.
"""

from __future__ import annotations

import argparse
import os
import sys

from spl.cli import check, expand, explain, run, test
from spl.errors import SplError, UsageError

EXIT_SEARCH_ERROR = 1
SUBCOMMANDS = (run, expand, explain, check, test)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spl", description="Run Splunk SPL searches locally.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for subcommand in SUBCOMMANDS:
        subcommand.add_parser(commands)
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
