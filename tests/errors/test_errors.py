"""Error goldens: tests/errors/<case>.spl beside <case>.expected.txt, the exact rendered error.

The search in each .spl is pasted as a user would (after an optional first line
`# macros: <folder>` naming a macro folder beside the cases); the expected text is what `spl run`
prints on stderr: the kind and message, the user's own line with a caret under the fault, the macro chain
when the fault lies inside an expansion, and the did-you-mean hint where a name must resolve.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import run_search
from spl.errors import SplError

CASES = sorted(Path(__file__).parent.glob("*.spl"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_error_golden(case: Path):
    search = case.read_text(encoding="utf-8").rstrip("\n")
    macro_dirs = []
    if search.startswith("# macros:"):
        header, search = search.split("\n", 1)
        macro_dirs = [case.parent / header.partition(":")[2].strip()]
    with pytest.raises(SplError) as raised:
        run_search(search, macro_dirs=macro_dirs)
    expected = case.with_suffix(".expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert str(raised.value) == expected
