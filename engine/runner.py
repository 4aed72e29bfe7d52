"""The library's one entry point: from the user's text to a result table.

    result = run_search(text, data=[Path("sysmon.log")])
    rows, fields = result.table.materialize(); result.diagnostics.problems

A search goes: expand macros -> parse -> bind (against a Catalog, on a Clock) -> rewrite -> run
(over a Runtime). Errors from any stage are attached to the expanded text and its source map,
so that they render with the caret under what the user wrote, even when the fault lies inside a
macro's definition. The command line, the tests, `spl test`, the benchmark and engine.session all
come through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from spl import ast
from spl.errors import SplError
from spl.macros import Expansion, expand
from spl.parser import parse
from engine import plan
from engine.binder import Binder
from engine.catalog import Catalog
from engine.clock import Clock
from engine.diagnostics import Diagnostics
from engine.parallel import run as run_parallel
from engine.rewrite import rewrite
from engine.runtime import Runtime
from engine.table import Table


@dataclass(frozen=True)
class Prepared:
    """A search that expanded, parsed, bound and was rewritten: ready to run over any data."""

    expansion: Expansion
    pipeline: ast.Pipeline
    plan: plan.Node
    notices: tuple[str, ...] = ()  # from binding (engine/binder.py, Binder.notice)


def prepare(text: str, catalog: Catalog, clock: Clock, *, rows: bool = False,
            pushdown: bool = True) -> Prepared:
    """Expand, parse, bind and rewrite `text`; any SplError renders against the user's own
    text. `rows`: the search reads rows the caller hands in rather than events."""
    expansion = expand(text, catalog.macros)
    return bind_expansion(expansion, parse_expansion(expansion), catalog, clock, rows=rows,
                          pushdown=pushdown)


def parse_expansion(expansion: Expansion) -> ast.Pipeline:
    """The expanded search parsed; an error renders against the user's own text."""
    try:
        return parse(expansion.text)
    except SplError as error:
        raise error.attach(expansion.text, expansion.source_map) from None


def bind_expansion(expansion: Expansion, pipeline: ast.Pipeline, catalog: Catalog, clock: Clock,
                   *, rows: bool = False, pushdown: bool = True) -> Prepared:
    """The parsed search bound and rewritten; an error renders against the user's own text."""
    binder = Binder(catalog, clock)
    try:
        bound = binder.bind(pipeline, plan.Rows() if rows else None)
    except SplError as error:
        raise error.attach(expansion.text, expansion.source_map) from None
    return Prepared(expansion, pipeline, rewrite(bound, pushdown=pushdown), tuple(binder.notices))


def run_prepared(prepared: Prepared, runtime: Runtime,
                 watch: Callable[[Table], Table] | None = None,
                 workers: int | None = None) -> Table:
    """The whole result of a prepared search, its rows read to the end (so that an error met
    on the way renders against the user's text too). `watch` may wrap the result's rows as
    they stream out (the command line's progress counts them); `workers`: processes that read a
    large input (engine/parallel.py; default one per CPU, 1 for a single process)."""
    try:
        table = run_parallel(prepared.plan, runtime, workers)
        rows, fields = (table if watch is None else watch(table)).materialize()
    except SplError as error:
        raise error.attach(prepared.expansion.text, prepared.expansion.source_map) from None
    return Table(rows, fields)


@dataclass
class Result:
    table: Table
    diagnostics: Diagnostics  # skipped records and notices of the run
    prepared: Prepared  # its expansion holds the macro notices, it the binding's


def run_search(text: str, data: list[Path] = (), *, catalog: Catalog | None = None,
               clock: Clock | None = None, rows: Table | None = None, pushdown: bool = True,
               runtime: Runtime | None = None,
               watch: Callable[[Table], Table] | None = None,
               workers: int | None = None) -> Result:
    """Run `text` over the log files `data` (or over `rows`, when given). Raises SplError for a
    mistake in the search; problems with the data are in the result's diagnostics. `workers`:
    how many processes read a large input (default one per CPU; see engine/parallel.py)."""
    catalog = catalog or Catalog.load()
    runtime = runtime or Runtime(data=list(data))
    if clock is not None:
        runtime.clock = clock
    runtime.rows = rows
    prepared = prepare(text, catalog, runtime.clock, rows=rows is not None, pushdown=pushdown)
    return Result(run_prepared(prepared, runtime, watch, workers), runtime.diagnostics,
                  prepared)
