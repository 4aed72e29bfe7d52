"""Search matching semantics (Splunk Search Manual, "Wildcards", "Boolean expressions", and the
search command reference; see the notes in the project's design) and the wildcard matcher
against a simple oracle."""

import fnmatch
import re

import pytest
from hypothesis import given, strategies as st

from engine.matching import compile_search, like, term_test, wildcard
from spl.parser import parse
from support import search_rows


def matches(search, row):
    return compile_search(parse(search).commands[0].expr)(row)


# ---- the wildcard matcher against fnmatch, which treats only `*` specially on this alphabet

patterns = st.text(alphabet="ab*", max_size=8)
values = st.text(alphabet="abAB", max_size=8)


@given(patterns, values)
def test_wildcard_agrees_with_fnmatch_oracle(pattern, value):
    assert wildcard(pattern, case_sensitive=True)(value) == fnmatch.fnmatchcase(value, pattern)


@given(patterns, values)
def test_case_insensitive_wildcard_agrees_with_oracle_on_lowered_text(pattern, value):
    assert wildcard(pattern)(value) == fnmatch.fnmatchcase(value.lower(), pattern.lower())


@given(st.text(alphabet=st.characters(blacklist_characters="*"), max_size=12))
def test_pattern_without_star_matches_itself_only_as_a_whole(text):
    assert wildcard(text)(text)
    assert not wildcard(text)(text + "x")


@given(st.text(max_size=20))
def test_star_matches_everything(value):
    assert wildcard("*")(value)


def test_regex_metacharacters_are_literal():
    assert wildcard("a.b*(x)")("A.B and (X)")
    assert not wildcard("a.b*")("axb")


# ---- search semantics

REGISTRY = {"registry_path": "HKLM\\System\\Remote Manipulator System\\v4", "action": "modified"}


def test_field_values_match_case_insensitively_with_wildcards():
    assert matches('registry_path="*\\\\SYSTEM\\\\Remote Manipulator System*"', REGISTRY)
    assert not matches('registry_path="*\\\\SOFTWARE\\\\Remote*"', REGISTRY)


def test_field_value_without_wildcard_is_a_whole_value_match():
    assert matches("action=MODIFIED", REGISTRY)
    assert not matches("action=modif", REGISTRY)


def test_not_matches_missing_fields_but_not_equal_does_not():
    # Search reference: NOT field="v" also returns events where the field is missing;
    # field!="v" returns only events where the field exists and differs.
    row = {"action": "modified"}
    assert matches("NOT user=alice", row)
    assert not matches("user!=alice", row)
    assert matches("user!=alice", {"user": "bob"})


def test_field_star_means_present():
    assert matches("action=*", REGISTRY)
    assert not matches("user=*", REGISTRY)
    assert matches("NOT user=*", REGISTRY)
    assert not matches("action!=*", REGISTRY)


def test_multivalue_field_matches_when_any_value_does():
    row = {"tag": ("endpoint", "registry")}
    assert matches("tag=registry tag=endpoint", row)
    assert not matches("tag=process", row)


def test_in_with_wildcards():
    assert matches("action IN (created, modif*)", REGISTRY)
    assert not matches("action IN (created, deleted)", REGISTRY)


def test_numeric_comparison_when_both_sides_are_numbers_else_text():
    assert matches("count>9", {"count": 10})
    assert matches("count>9", {"count": "10"})
    assert not matches("name>9", {"name": "10x"})  # "10x" sorts before "9" as text
    assert matches("name<b", {"name": "a"})


def test_equals_compares_text_so_1_is_not_1_0():
    assert not matches("x=1", {"x": "1.0"})


def test_cidr_values_match_by_subnet():
    assert matches("ip=10.0.0.0/24", {"ip": "10.0.0.7"})
    assert not matches("ip=10.0.0.0/24", {"ip": "10.0.1.7"})


def test_bare_terms_match_raw_as_whole_words_case_insensitively():
    row = {"_raw": "<Data Name='Image'>C:\\Windows\\System32\\RuTServ.exe</Data>"}
    assert matches("rutserv.exe", row)
    assert matches('"system32\\\\rutserv"', row)
    assert matches("rutserv", row)  # "." is a minor breaker, so "rutserv" is a term of its own
    assert not matches("utserv.exe", row)


def test_bare_terms_search_field_values_when_there_is_no_raw():
    assert matches("modified", REGISTRY)
    assert not matches("created", REGISTRY)


@pytest.mark.parametrize("search", ["*", "search *"])
def test_star_alone_matches_every_row(search):
    expr = parse(search).commands[0].expr
    assert compile_search(expr)({})


# ---- LIKE, terms, and patterns that used to backtrack -------------------------------------------

like_patterns = st.text(alphabet="ab%_", max_size=8)


@given(like_patterns, values)
def test_like_agrees_with_fnmatch_oracle(pattern, value):
    """LIKE's `%` is fnmatch's `*`, its `_` fnmatch's `?` (the eval page's like(): "use the
    percent ( % ) symbol as a wildcard for multiple characters. Use the underscore ( _ )
    character as a wildcard to match a single character"); case-sensitive."""
    oracle = pattern.replace("%", "*").replace("_", "?")
    assert like(pattern)(value) == fnmatch.fnmatchcase(value, oracle)


def _term_oracle(text: str) -> re.Pattern:
    """A bare term as one backtracking regular expression: each `*` a run of non-spaces, a word
    boundary where the term starts or ends with a letter or digit."""
    body = "[^\\s]*".join(re.escape(part) for part in text.split("*"))
    start = "" if text.startswith("*") or not text[0].isalnum() else r"(?<![A-Za-z0-9_])"
    end = "" if text.endswith("*") or not text[-1].isalnum() else r"(?![A-Za-z0-9_])"
    return re.compile(start + body + end, re.IGNORECASE)


@given(st.text(alphabet="ab* -A", min_size=1, max_size=7).filter(lambda t: t.strip("*")),
       st.text(alphabet="abAB -.", max_size=12))
def test_term_agrees_with_regex_oracle(text, value):
    assert term_test(text)(value) == (_term_oracle(text).search(value) is not None)


LONG_PATH = "\\".join(str(n) for n in range(2500))  # 10 KB of digits between backslashes


@pytest.mark.parametrize("pattern, expected", [
    ("*\\*\\*\\*.exe", False),   # issue #16: hung (one `*` fewer: 45 s per event)
    ("*\\*\\*.exe", False),
    ("*\\*\\*\\*99", True),
    ("*1*2*3*4*5*6*7*8*9*", True),
])
def test_wildcards_over_a_10_kb_value_match_without_backtracking(pattern, expected):
    assert wildcard(pattern)(LONG_PATH) is expected


def test_a_detections_many_star_pattern_matches_in_order_only():
    """The issue's real pattern: `*gem*open*-e*` needs gem, then open, then -e."""
    assert wildcard("*gem*open*-e*")('ruby -rrubygems -e "open(\'|id\')" -e x')
    assert not wildcard("*gem*open*-e*")("ruby -e open gem")


def test_search_with_many_stars_over_a_10_kb_command_line_through_the_cli():
    search = ('| makeresults | eval CommandLine=mvjoin(mvrange(0, 2500), "\\\\") '
              '| search CommandLine="*\\\\*\\\\*\\\\*.exe" OR CommandLine="*gem*open*-e*" '
              '| stats count')
    assert search_rows(search, []) == [{"count": "0"}]
    found = search_rows(search.replace(".exe", "99"), [])
    assert found == [{"count": "1"}]


@pytest.mark.parametrize("expression", ['like(x, "%\\\\%\\\\%\\\\%.exe")',
                                        'x LIKE "%\\\\%\\\\%\\\\%.exe"'])
def test_like_over_a_10_kb_value_matches_without_backtracking(expression):
    search = (f'| makeresults | eval x=mvjoin(mvrange(0, 2500), "\\\\") | where {expression} '
              '| stats count')
    assert search_rows(search, []) == [{"count": "0"}]


def test_term_with_inner_stars_over_a_long_raw_matches_without_backtracking():
    raw = "-".join(str(n) for n in range(3000))  # issue #16's sibling: 1*1*1*x hung
    assert term_test("1*1*1*x")(raw) is False
    assert term_test("1*1*1*2999")(raw) is True
    assert term_test("10*11")(raw) is True   # 10-11: the `*` takes the `-`
    assert term_test("1*x")("1 x") is False   # but never a space
