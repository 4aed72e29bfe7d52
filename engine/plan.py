"""Binding: check a parsed pipeline against what the engine knows, before any event is read.

Every name that must resolve (commands, functions, aggregations, options, data models and
datasets) is checked here or by the command's own check, so a misspelling fails fast with a caret
and a did-you-mean instead of quietly producing no rows half-way through a large log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.catalog import SPLUNK_COMMANDS
from spl.errors import (BadArgumentError, SplError, UnknownCommandError, UnsupportedCommandError,
                        suggestion)
from engine.commands import COMMANDS, Command

if TYPE_CHECKING:
    from engine.context import Context


@dataclass(frozen=True)
class Step:
    node: ast.Command
    command: Command


def bind(pipeline: ast.Pipeline, context: Context) -> list[Step]:
    """The pipeline as steps to run, or the first SplError found in it."""
    steps = []
    for position, node in enumerate(pipeline.commands):
        if isinstance(node, ast.UnknownCommand):
            raise _unknown_command(node)
        command = COMMANDS.get(type(node))
        if command is None:
            name = type(node).__name__.lower()
            raise UnsupportedCommandError(f"`{name}` is parsed but not run yet: the engine has no "
                                          f"implementation of it", node.span)
        if command.generating and position > 0 and not _appends(node):
            raise BadArgumentError(f"{command.name} makes its own rows, so it must be the first "
                                   "command, after a leading `|`", node.span)
        if command.check is not None:
            command.check(node, context)
        steps.append(Step(node, command))
    return steps


def _appends(node: ast.Command) -> bool:
    """`append=true` lets a generating command (inputlookup) add its rows after others."""
    return any(o.name.lower() == "append" and o.value.lower() in ("t", "true", "1")
               for o in getattr(node, "options", ()))


def _unknown_command(node: ast.UnknownCommand) -> SplError:
    supported = ", ".join(sorted(c.name for c in COMMANDS.values()))
    name = node.name.lower()
    if name in SPLUNK_COMMANDS:
        return UnsupportedCommandError(f"`{name}` is not supported yet", node.span,
                                       f"supported commands: {supported}")
    return UnknownCommandError(f"unknown command `{node.name}`", node.span,
                               suggestion(name, SPLUNK_COMMANDS) or f"supported: {supported}")
