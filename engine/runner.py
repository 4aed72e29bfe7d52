"""From the user's text to a result table: expand macros, parse, bind, then run step by step.

Errors from any stage are attached to the expanded text and its source map, so that they render
with the caret under what the user wrote, even when the fault lies inside a macro's definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable

from spl import ast
from spl.errors import SplError
from spl.macros import Expansion, MacroLibrary, expand
from spl.parser import parse
from spl.shipped import shipped_dir
from engine.context import Context
from engine.datamodels import DataModels
from engine.functions import CLOCK, Clock
from engine.knowledge import SourceKnowledge
from engine.plan import Step, bind
from engine.commands import search
from engine.table import Row, Table


@dataclass(frozen=True)
class Prepared:
    """A search that expanded, parsed and bound: ready to run over any data."""

    expansion: Expansion
    pipeline: ast.Pipeline
    steps: list[Step]


def load_macros(extra_dirs: list[Path]) -> MacroLibrary:
    """The shipped macros, then each of `extra_dirs`; later definitions win."""
    return MacroLibrary.load([shipped_dir("macros"), *extra_dirs])


@cache
def load_datamodels() -> tuple[DataModels, SourceKnowledge]:
    """The shipped data models and source knowledge, read once per process (neither changes)."""
    folder = shipped_dir("datamodels")
    return DataModels.load(folder), SourceKnowledge.load(folder)


def prepare(text: str, macros: MacroLibrary, context: Context) -> Prepared:
    """Expand, parse and bind `text`; any SplError renders against the user's own text."""
    expansion = expand(text, macros)
    return bind_expansion(expansion, parse_expansion(expansion), context)


def parse_expansion(expansion: Expansion) -> ast.Pipeline:
    """The expanded search parsed; an error renders against the user's own text."""
    try:
        return parse(expansion.text)
    except SplError as error:
        raise error.attach(expansion.text, expansion.source_map) from None


def bind_expansion(expansion: Expansion, pipeline: ast.Pipeline, context: Context) -> Prepared:
    """The parsed search bound; an error renders against the user's own text."""
    try:
        return Prepared(expansion, pipeline, bind(pipeline, context))
    except SplError as error:
        raise error.attach(expansion.text, expansion.source_map) from None


def execute(prepared: Prepared, context: Context, table: Table | None = None) -> Table:
    """Run the steps over `table`, by default the raw events of every data file (a search that
    begins with a generating command makes its own rows instead)."""
    CLOCK.set(Clock(context.now, context.tz))  # now() is when the search started, in its zone
    try:
        return run_steps(prepared.steps, context, table)
    except SplError as error:
        raise error.attach(prepared.expansion.text, prepared.expansion.source_map) from None


def _first_rows(steps: list[Step], context: Context) -> Iterable[Row]:
    """The rows the first command reads: none for a generating command (it makes its own),
    else every event, less those a leading search lets the readers skip."""
    if not steps:
        return context.events()
    first = steps[0]
    if first.command.generating:
        return ()
    if isinstance(first.node, ast.Search):
        return context.events(search.scan(first.node, context))
    return context.events()


def run_steps(steps: list[Step], context: Context, table: Table | None = None) -> Table:
    if table is None:
        table = Table(_first_rows(steps, context))
    for step in steps:
        try:
            table = step.command.run(table, step.node, context)
        except SplError as error:
            error.span = error.span or step.node.span
            raise
    return table
