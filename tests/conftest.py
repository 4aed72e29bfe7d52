"""Shared helpers: run a search over the project's fixture logs the way `spl run` does."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from engine.context import Context
from engine.output import render
from engine.runner import execute, load_datamodels, load_macros, prepare

TESTS = Path(__file__).parent
DATA = TESTS / "data"


def run_search(text: str, data: list[Path], macro_dirs: list[Path] = (), format_: str = "csv",
               tz=timezone.utc) -> tuple[str, Context]:
    """The rendered result of `text` over `data`, and the context (for its diagnostics)."""
    datamodels, knowledge = load_datamodels()
    context = Context(list(data), datamodels, knowledge, tz)
    prepared = prepare(text, load_macros(list(macro_dirs)), context)
    return render(execute(prepared, context), format_), context


@pytest.fixture
def spl():
    """run_search as a fixture, with data files named relative to tests/data."""
    def run(text: str, *files: str, **options) -> str:
        output, _ = run_search(text, [DATA / f for f in files], **options)
        return output
    return run
