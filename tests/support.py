"""Helpers the tests share: run a search the way `spl run` does, read input rows from CSV."""

from __future__ import annotations

from datetime import timezone
import csv
import io
from pathlib import Path

from engine.context import Context
from engine.output import render
from engine.runner import execute, load_datamodels, load_macros, prepare
from engine.table import Table

TESTS = Path(__file__).parent
DATA = TESTS / "data"


def run_search(text: str, data: list[Path] = (), macro_dirs: list[Path] = (), format_: str = "csv",
               tz=timezone.utc, rows: Table | None = None,
               lookups: list[Path] = ()) -> tuple[str, Context]:
    """The rendered result of `text` over `data` (or over the table `rows`, when given), and the
    context (for its diagnostics); `lookups` are the folders lookups are found in."""
    datamodels, knowledge = load_datamodels()
    context = Context(list(data), datamodels, knowledge, tz, lookups=list(lookups))
    prepared = prepare(text, load_macros(list(macro_dirs)), context)
    return render(execute(prepared, context, rows), format_, tz), context


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
