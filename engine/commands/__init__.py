"""The commands the engine runs: one module per SPL command, one explicit registry.

A command is a function (table, node, context) -> table. This dict is the single list of what is
supported; the binder reports anything else by name.
"""

from __future__ import annotations

from typing import Callable

from spl import ast
from engine.commands.convert import convert
from engine.commands.eval import eval
from engine.commands.rename import rename
from engine.commands.search import search
from engine.commands.tstats import tstats
from engine.commands.where import where

COMMANDS: dict[type, Callable] = {
    ast.Search: search,
    ast.Tstats: tstats,
    ast.Rename: rename,
    ast.Convert: convert,
    ast.Eval: eval,
    ast.Where: where,
}

# Commands that make their own rows and so must come first, after a leading `|`.
GENERATING = frozenset({ast.Tstats})

NAMES = {command: command.__name__.lower() for command in COMMANDS}
