"""The search text as an input surface (issue #16): real searches, damaged, must end in a result
or a search error, never a traceback or a hang.

The seeds are the searches the suite already runs (tests/golden/*/*.spl, the error goldens,
examples/*.spl), without their `#` header lines. Each example mutates one: characters and tokens inserted, deleted or
duplicated, two searches spliced, numbers made huge or written in non-ASCII digits, a term
nested deep. It runs through `spl run` in process (spl.cli.main, as a user would call it) over a
small Sysmon log and again after `| makeresults`: the exit status is 0, 1 (a search error,
printed as one) or 2 (a usage error), and anything else the CLI lets escape fails the test.
A run is stopped after fuzz.in_process.HANG seconds, a guard against the unbounded hangs the
issue found (a backtracking match, an exponential expansion), not a measure of speed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fuzz.in_process import run_spl

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "tests" / "data" / "endpoint_sysmon.log"


def _seeds() -> list[str]:
    paths = [*sorted((ROOT / "tests" / "golden").glob("*/*.spl")),
             *sorted((ROOT / "tests" / "errors").glob("*.spl")),
             *sorted((ROOT / "examples").glob("*.spl"))]
    texts = (path.read_text(encoding="utf-8") for path in paths)
    return [re.sub(r"\A(#[^\n]*\n)*", "", text).strip() for text in texts]  # headers go


SEEDS = _seeds()
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\w+|[^\w\s]')
HUGE = ["99999999999999999999999999", "1e400", "-1e400", "1e300", "-99999999999", "²", "٣",
        "0", "-0", "9223372036854775808"]
INSERTS = ['"', "(", ")", "[", "]", "|", "`", "\\", "=", "*", ",", " ", "\n", "'", "$", "%",
           "NOT ", " OR ", " AS ", " BY ", "| eval ", "| stats count ", "```", "²", "٣", "\x00"]


@st.composite
def mutated(draw) -> str:
    search = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        search = draw(st.sampled_from(MUTATIONS))(draw, search)
    return search


def _insert(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]


def _delete(draw, text: str) -> str:
    start = draw(st.integers(0, len(text)))
    return text[:start] + text[start + draw(st.integers(1, 8)):]


def _tokens(draw, text: str) -> tuple[list[str], int]:
    tokens = TOKEN.findall(text) or [text]
    return tokens, draw(st.integers(0, len(tokens) - 1))


def _duplicate_token(draw, text: str) -> str:
    tokens, at = _tokens(draw, text)
    return " ".join(tokens[:at + 1] + tokens[at:])


def _drop_token(draw, text: str) -> str:
    tokens, at = _tokens(draw, text)
    return " ".join(tokens[:at] + tokens[at + 1:])


def _huge_number(draw, text: str) -> str:
    numbers = list(re.finditer(r"\d+(\.\d+)?", text))
    if not numbers:
        return text + " " + draw(st.sampled_from(HUGE))
    found = draw(st.sampled_from(numbers))
    return text[:found.start()] + draw(st.sampled_from(HUGE)) + text[found.end():]


def _splice(draw, text: str) -> str:
    other = draw(st.sampled_from(SEEDS))
    return text[:draw(st.integers(0, len(text)))] + other[draw(st.integers(0, len(other))):]


def _nest(draw, text: str) -> str:
    depth = draw(st.sampled_from([3, 50, 300, 5000]))
    opening, closing = draw(st.sampled_from([("(", ")"), ("NOT ", ""), ("[search ", "]"),
                                             ("abs(", ")")]))
    tokens, at = _tokens(draw, text)
    return " ".join(tokens[:at] + [opening * depth + tokens[at] + closing * depth]
                    + tokens[at + 1:])


MUTATIONS = [_insert, _delete, _duplicate_token, _drop_token, _huge_number, _splice, _nest]


def run_cli(*argv: str) -> int:
    """`spl run ...` in process (fuzz.in_process); its exit status."""
    return run_spl(["run", *argv])[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_damaged_search_over_a_log_ends_in_a_result_or_an_error(search):
    assert run_cli("--data", str(LOG), "--format", "csv", "--", search) in (0, 1, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_damaged_search_after_makeresults_ends_in_a_result_or_an_error(search):
    search = search if search.startswith("|") else "| " + search
    assert run_cli("--format", "csv", "--", "| makeresults count=3 " + search) in (0, 1, 2)


@pytest.mark.parametrize("search", [
    '| makeresults | eval x=mvjoin(mvrange(0, 2500), "\\\\") '
    '| search x="*\\\\*\\\\*\\\\*.exe"',
    '| makeresults | eval x="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" | regex x="(a+)+$"',
    "| makeresults | eval x=round(1.5, 1e300)",
    "| makeresults | search " + "(" * 10_000 + "x" + ")" * 10_000,
], ids=["wildcards", "regex", "round", "nesting"])
def test_the_issues_examples_end(search):
    assert run_cli("--format", "csv", "--", search) in (0, 1)
