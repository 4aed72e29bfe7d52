"""Golden cases: tests/golden/<command>/<case>.spl beside <case>.expected.csv.

Each .spl starts with `#` header lines: `# events:` names the fixture logs under tests/data (or
examples/data) to search, or `# input:` names a CSV file of input rows beside the case (empty
cells are null, cells with several lines are multivalue); `# splunk-doc:` cites the Splunk
documentation point that justifies the expected rows. The rest of the file is the search, run as
`spl run --format csv` would. Every case runs twice, with the rewrite rules (pushdown, filters
below enrichment, field pruning) and without, and must give the same rows; and `spl explain`
must end on the rows `spl run` gives, since it reports the run itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.catalog import Catalog
from engine.clock import Clock
from engine.explain import explain
from engine.runner import prepare
from engine.runtime import Runtime
from support import TESTS, read_rows, run_search

GOLDEN = Path(__file__).parent
CASES = sorted(GOLDEN.glob("*/*.spl"))
FOLDERS = {"tests": TESTS / "data", "examples": TESTS.parent / "examples" / "data"}


def read_case(path: Path) -> tuple[dict[str, str], str]:
    """The header (key -> value) and the search text of a case file."""
    header, lines = {}, path.read_text(encoding="utf-8").splitlines()
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0).lstrip("# ").partition(":")
        header[key.strip()] = (header.get(key.strip(), "") + " " + value.strip()).strip()
    return header, "\n".join(lines).strip()


def data_path(name: str) -> Path:
    """`events: x.log` is in tests/data; `events: examples/x.log` in examples/data."""
    folder, _, file = name.rpartition("/")
    return FOLDERS[folder or "tests"] / file


IDS = [f"{c.parent.name}/{c.stem}" for c in CASES]


def inputs(case: Path):
    """The search of a case, its event files and its input rows (None: it reads events)."""
    header, search = read_case(case)
    assert "splunk-doc" in header, "every golden case cites the documentation it follows"
    data = [data_path(name) for name in header.get("events", "").split()]
    rows = read_rows(case.parent / header["input"]) if "input" in header else None
    return search, data, rows


@pytest.mark.parametrize("pushdown", [True, False], ids=["rewritten", "as-bound"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_golden(case: Path, pushdown: bool):
    search, data, rows = inputs(case)
    output, result = run_search(search, data, rows=rows, pushdown=pushdown)
    assert not result.diagnostics.problems
    assert output == case.with_suffix(".expected.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_explain_ends_on_the_rows_run_gives(case: Path):
    search, data, rows = inputs(case)
    _, result = run_search(search, data, rows=rows)
    expected_rows, expected_fields = result.table.materialize()
    clock = Clock.started()
    prepared = prepare(search, Catalog.load(), clock, rows=rows is not None)
    reports = explain(prepared, Runtime(clock=clock, data=data, rows=rows))
    last = reports[-1]
    assert (last.rows_out, last.fields) == (len(expected_rows), expected_fields)
    assert last.sample == expected_rows[:len(last.sample)]
