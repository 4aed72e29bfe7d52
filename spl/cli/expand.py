"""`spl expand`: the search with every macro expanded, one command per line.

`--trace` also lists each expansion step: which macro, with which arguments, and the text it
produced, indented by how deeply it was nested.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.catalog import load_macros
from spl.cli.run import SEARCH_HELP, add_macros_option, macro_folders, read_search
from spl.errors import SplError
from spl.macros import expand
from spl.parser import parse
from spl.shipped import shipped_dir


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser("expand", help=summary,
                                 description="Print the search with every macro expanded, "
                                             "one command per line.")
    add_macros_option(parser)
    parser.add_argument("--trace", action="store_true",
                        help="also show each macro expansion step")
    parser.add_argument("search", metavar="SEARCH", help=SEARCH_HELP)
    parser.set_defaults(handler=_expand)


def _expand(args: argparse.Namespace) -> int:
    expansion = expand(read_search(args.search).text, load_macros(macro_folders(args.macros)))
    for notice in expansion.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if args.trace:
        for step in expansion.steps:
            indent = "  " * step.depth
            arguments = ", ".join(step.arguments)
            print(f"{indent}`{step.call}` -> {step.macro.name}({arguments}) from "
                  f"{macro_origin(step.macro.origin)}:\n{indent}    {step.expansion}")
        print()
    print(one_command_per_line(expansion.text, expansion.source_map))
    return 0


def macro_origin(origin: str) -> str:
    """A macro's file, said briefly: shipped ones by name, others relative to here if inside."""
    path = Path(origin.split(" [", 1)[0])
    for base, label in ((shipped_dir("macros"), "shipped macros/"), (Path.cwd(), "")):
        try:
            return label + str(path.resolve().relative_to(base.resolve())) + origin[len(str(path)):]
        except (ValueError, OSError):
            continue
    return origin


def one_command_per_line(text: str, source_map=None) -> str:
    """The expanded search with each command of the pipeline on a line of its own."""
    try:
        pipeline = parse(text)
    except SplError as error:
        raise error.attach(text, source_map) from None
    lines = []
    for index, command in enumerate(pipeline.commands):
        body = text[command.span.start:command.span.end]
        leading_pipe = index > 0 or text.lstrip().startswith("|")
        lines.append(("| " if leading_pipe else "") + body)
    return "\n".join(lines)
