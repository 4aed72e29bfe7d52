"""Golden cases: tests/golden/<command>/<case>.spl beside <case>.expected.csv.

Each .spl starts with `#` header lines: `# events:` names the fixture logs under tests/data (or
examples/data) to search, or `# input:` names a CSV file of input rows beside the case (empty
cells are null, cells with several lines are multivalue); `# splunk-doc:` cites the Splunk
documentation point that justifies the expected rows. The rest of the file is the search, run as
`spl run --format csv` would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_golden(case: Path):
    header, search = read_case(case)
    assert "splunk-doc" in header, "every golden case cites the documentation it follows"
    data = [data_path(name) for name in header.get("events", "").split()]
    rows = read_rows(case.parent / header["input"]) if "input" in header else None
    output, context = run_search(search, data, rows=rows)
    assert not context.diagnostics.problems
    assert output == case.with_suffix(".expected.csv").read_text(encoding="utf-8")
