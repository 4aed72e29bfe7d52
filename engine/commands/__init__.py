"""The commands the engine runs: one module per SPL command, one explicit registry.

A command is a function (table, node, context) -> table, with an optional check (node, context)
that binding runs before any event is read. This dict is the single list of what is supported;
the binder reports anything else by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spl import ast
from engine.commands import convert, eval, rename, search, tstats, where


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable
    check: Callable | None = None
    generating: bool = False  # makes its own rows, so it must come first after a leading `|`


COMMANDS: dict[type, Command] = {
    ast.Search: Command("search", search.search),
    ast.Tstats: Command("tstats", tstats.tstats, tstats.check, generating=True),
    ast.Rename: Command("rename", rename.rename),
    ast.Convert: Command("convert", convert.convert, convert.check),
    ast.Eval: Command("eval", eval.eval, eval.check),
    ast.Where: Command("where", where.where, where.check),
}
