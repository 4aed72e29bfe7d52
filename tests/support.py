"""Helpers the tests share: run a search the way `spl run` does, read input rows from CSV, run
the commands that documentation pages paste with their outputs."""

from __future__ import annotations

from datetime import timezone
import contextlib
import csv
import io
import re
import shlex
from pathlib import Path

from engine import plan
from engine.binder import Binder
from engine.catalog import Catalog
from engine.clock import Clock
from engine.executor import execute
from engine.output import render
from engine.runner import Result, run_search as run
from engine.runtime import Runtime
from engine.table import Row, Table
from spl import ast
from spl.cli import main
from spl.parser import parse

TESTS = Path(__file__).parent
DATA = TESTS / "data"


def run_search(text: str, data: list[Path] = (), macro_dirs: list[Path] = (), format_: str = "csv",
               tz=timezone.utc, rows: Table | None = None, lookups: list[Path] = (),
               pushdown: bool = True) -> tuple[str, Result]:
    """The rendered result of `text` over `data` (or over the table `rows`, when given), and the
    run's result (for its diagnostics); `lookups` are the folders lookups are found in."""
    result = run(text, data, catalog=Catalog.load(macro_dirs, lookups), clock=Clock.started(tz),
                 rows=rows, pushdown=pushdown)
    return render(result.table, format_, tz), result


def run_rows(text: str, rows: list[Row], fields: list[str] | None = None, tz=timezone.utc,
             lookups: list[Path] = ()) -> tuple[list[Row], list[str]]:
    """The rows and columns `text` gives over the input `rows` (a unit test of a command as
    the engine runs it: parsed, bound, rewritten and run)."""
    result = run(text, catalog=Catalog.load((), lookups), clock=Clock.started(tz),
                 rows=Table([dict(r) for r in rows], fields))
    return result.table.materialize()


def run_command(text: str, rows, fields: list[str] | None = None, tz=timezone.utc,
                lookups: list[Path] = ()) -> Table:
    """The table a search over the input `rows` gives, as lazily as the executor streams it:
    a unit test of a command as the engine runs it."""
    node = bind_search(text, lookups=lookups, tz=tz)
    return execute_plan(node, Table(rows, fields), tz)[0]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """`spl` run with these arguments, in this process: its exit status (a usage error's too)
    and what it printed on stdout and stderr."""
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse exits for usage errors
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def bind_search(text: str, lookups: list[Path] = (), tz=timezone.utc) -> plan.Node:
    """The plan of `text`, reading rows the caller hands in; raises the SplError binding finds."""
    return bind_commands(*parse(text).commands, lookups=lookups, tz=tz)


def bind_commands(*commands: ast.Command, lookups: list[Path] = (), tz=timezone.utc) -> plan.Node:
    """The plan of syntax nodes written out in a test (for forms the grammar cannot write),
    reading the rows the caller hands in."""
    binder = Binder(Catalog.load((), lookups), Clock.started(tz))
    return binder.bind(ast.Pipeline(commands), plan.Rows())


def execute_plan(node: plan.Node, rows: Table, tz=timezone.utc) -> tuple[Table, Runtime]:
    """The table a plan gives over `rows` (lazily, as the executor streams it), and its runtime
    (for the diagnostics)."""
    runtime = Runtime(clock=Clock.started(tz), rows=rows)
    return execute(node, runtime), runtime


def read_rows(path: Path) -> Table:
    """Input rows from a CSV file, columns in header order: an empty cell is a null field, a cell
    with several lines is a multivalue field."""
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = [{k: tuple(v.split("\n")) if "\n" in v else v for k, v in row.items() if v != ""}
                for row in reader]
        return Table(rows, list(reader.fieldnames or []))


def search_rows(text: str, data: list[Path]) -> list[dict[str, str]]:
    """The rows `text` gives over `data`, as the CSV output shows them; no record may be
    skipped."""
    output, context = run_search(text, data)
    assert not context.diagnostics.problems
    return list(csv.DictReader(io.StringIO(output)))


def console_blocks(page: Path) -> list[tuple[str, str]]:
    """The (command, output) of each ```console block of a Markdown page: its first line is
    `$ <command>`, the rest what the command prints."""
    return re.findall(r"```console\n\$ (.*?)\n(.*?)```", page.read_text(encoding="utf-8"),
                      flags=re.S)


def console_output(command: str) -> str:
    """What `spl ...` prints, as a terminal shows it: stderr, then stdout."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(shlex.split(command)[1:])
        except SystemExit:  # usage errors exit through argparse
            pass
    return err.getvalue() + out.getvalue()
