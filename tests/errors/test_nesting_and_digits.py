"""Errors too large for a golden file: 10,000 nested parentheses (issue #16: a RecursionError
traceback), and the rule that SPL's numbers are ASCII digits wherever a count is read.

The nesting cap (spl.parser.MAX_NESTING, 200 levels of the syntax tree) is measured against
security_content's detections, whose deepest tree is 33 levels; Splunk's pages name no limit.
"""

from __future__ import annotations

import pytest

from spl.errors import SplError
from spl.parser import MAX_NESTING, parse
from support import run_search


def error_of(search: str) -> str:
    with pytest.raises(SplError) as raised:
        run_search(search)
    return str(raised.value)


@pytest.mark.parametrize("opening, closing", [("(", ")"), ("NOT ", ""), ("[search ", "]")],
                         ids=["parentheses", "not", "subsearches"])
def test_ten_thousand_levels_of_nesting_in_a_search_are_one_syntax_error(opening, closing):
    prefix = "| makeresults | search "
    message, line, caret = error_of(prefix + opening * 10_000 + "x" + closing * 10_000) \
        .splitlines()
    assert message == (f"error[syntax]: the search nests more than {MAX_NESTING} levels deep "
                       "(parentheses, subsearches, NOT or operators)")
    assert line.startswith("  | " + prefix + opening * 3)
    assert caret.strip() == "^"
    assert len(prefix) + 4 < caret.index("^") < len(prefix) + 4 + len(opening) * MAX_NESTING


@pytest.mark.parametrize("expression", ["-" * 10_000 + "1", "1" + "+1" * 20_000,
                                        "abs(" * 5_000 + "1" + ")" * 5_000],
                         ids=["minus", "plus", "calls"])
def test_deep_eval_expressions_are_one_syntax_error(expression):
    assert error_of(f"| makeresults | eval y={expression}").startswith(
        "error[syntax]: the search nests more than")


def test_parentheses_around_one_eval_operand_add_no_depth():
    """The grammar drops a parenthesised expression's parentheses, so they nest nothing."""
    output, _ = run_search("| makeresults | eval y=" + "(" * 10_000 + "1" + ")" * 10_000
                           + " | table y")
    assert output.splitlines() == ["y", "1"]


def test_nesting_well_past_real_detections_still_runs():
    output, _ = run_search("| makeresults | eval y=" + "(" * 60 + "1" + "+1" * 60 + ")" * 60
                           + " | table y")
    assert output.splitlines() == ["y", "61"]
    parse("| search " + "NOT " * 60 + "x")


@pytest.mark.parametrize("search, message", [
    ("| makeresults | eval x=٣", "error[syntax]: unexpected `٣`"),  # not the number 3
    ('| makeresults | eval x="aaa" | rex field=x mode=sed "s/a/b/²"',
     "error[bad-argument]: sed flags are `g` or a number, not `²`"),
    ("| makeresults | head ²", "error[syntax]: head takes a number of rows"),
    ("| makeresults | dedup ٣ _time", None),  # a field named ٣, not a count: no error
])
def test_non_ascii_digits_are_not_numbers(search, message):
    if message is None:
        run_search(search)
        return
    assert error_of(search).startswith(message)
