"""eval's regex functions read PCRE as rex and regex do: one engine (engine.regexes) for all.

Splunk: "Splunk regular expressions are PCRE (Perl Compatible Regular Expressions)", used by
"rex and regex and evaluation functions such as match and replace"
(https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.1/get-started-with-knowledge-objects/about-splunk-regular-expressions).
The functions' pages, under https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/ :
match(<str>, <regex>) in comparison-and-conditional-functions ("TRUE if the regular expression
<regex> finds a match against any substring of the string value <str>"), replace(<str>, <regex>,
<replacement>) in text-functions (the replacement refers to groups as \\1, \\2...: the page's
example swaps month and day with "\\2/\\1/"), mvfind(<mv>, <regex>) in
multivalue-eval-functions (the index of the first value that matches).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from engine.expressions import evaluate
from engine.functions import check_calls
from engine.regexes import RegexLimitError
from engine.table import Table
from spl.errors import BadArgumentError
from spl.parser import parse_expression
from support import run_command, run_search


def value(text: str, row: dict):
    expr = parse_expression(text)
    check_calls(expr)
    return evaluate(expr, row)


def test_replace_refers_to_a_named_group_by_its_number():
    # PCRE numbers named groups with the others ("NAMED CAPTURE GROUPS",
    # https://www.pcre.org/current/doc/html/pcre2pattern.html); Python's re rejected `(?<exe>`.
    row = {"x": "cmd.exe /c whoami"}
    assert value('replace(x, "(?<exe>\\w+)\\.exe.*", "\\1")', row) == "cmd"
    assert value('replace(x, "(?P<exe>\\w+)\\.exe", "\\1.com")', row) == "cmd.com /c whoami"


def test_match_reads_posix_classes_as_rex_does():
    # It silently returned false here, while rex with the same pattern matched.
    row = {"x": "cmd.exe"}
    assert value('match(x, "^[[:alpha:]]+\\.exe")', row) is True
    (extracted,) = run_command('| rex field=x "^(?<name>[[:alpha:]]+)\\.exe"', [row]).rows
    assert extracted["name"] == "cmd"
    assert value('match(x, "^[[:digit:]]")', row) is False


@pytest.mark.parametrize("text, expected", [
    (r'mvfind(mv, "^A(?i)B")', 2),              # the option applies after it: A stays upper case
    (r'mvfind(mv, "^\Qa.B\E$")', None),        # \Q...\E: the dot is literal
    (r'mvfind(mv, "^(?>A|Ab)$")', 3),          # atomic: once A matched, Ab is never tried,
    (r'mvfind(mv, "^(?:A|Ab)$")', 2),          # so "Ab" (2) matches only without (?>...)
    (r'match(s, "^c:\\\\windows\\\\")', True),  # an eval string's \\ is one
    (r'match(s, "^c:\\\\Windows")', False),  # backslash: PCRE reads \\\\ (an escaped one)
    (r'match(s, "^\Qc:\windows\E")', True),    # \Q...\E quotes a backslash too
    (r'replace(s, "[[:lower:]]++(?=\\\\)", "X")', "c:\\X\\system32"),  # possessive
])
def test_pcre_in_eval_functions(text, expected):
    row = {"mv": ("ab", "aB", "Ab", "A", "AB"), "s": "c:\\windows\\system32"}
    assert value(text, row) == expected


def test_an_invalid_literal_pattern_says_why_under_the_literal():
    text = 'match(s, "(?<x>a")'
    with pytest.raises(BadArgumentError) as raised:
        check_calls(parse_expression(text))
    span = raised.value.span
    assert text[span.start:span.end] == '"(?<x>a"'
    assert "missing closing parenthesis" in raised.value.message


def test_the_match_limit_ends_the_search_from_eval_too():
    # limits.conf [rex] match_limit, default 100000
    # (https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/limits.conf).
    # A failing eval expression otherwise only empties its field; a match that gave up is not a
    # "no", so it is an error (this project's choice: Splunk's pages are silent on eval here).
    rows = Table([{"f": "a" * 41 + "!"}], ["f"])
    for text in ('| eval m=if(match(f, "(a+)+$"), 1, 0)', '| where match(f, "(a+)+$")',
                 '| eval m=replace(f, "(a+)+$", "")', '| eval m=mvfind(f, "(a+)+$")'):
        with pytest.raises(RegexLimitError, match=r"`\(a\+\)\+\$`"):
            run_search(text, rows=rows)


# PCRE constructs Python's re read differently or not at all, for the property below.
PATTERNS = [
    "a(?i)b", "(?i:A)b", "[[:alpha:]]+[[:digit:]]", "[[:^space:]]{2}", "\\Qa.b\\E", "a++b",
    "(?>a+)b", "(?<n>a)\\k<n>", "(?'n'b)\\k{n}", "\\x{61}\\x62", "a\\z", "^\\w+$", "\\bab\\b",
    "(a|ab)(c|bcd)", "(?|(a)|(b))\\1",
]


def spl_string(pattern: str) -> str:
    return '"' + "".join("\\" + c if c in '\\"|' else c for c in pattern) + '"'


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet="aAbB1 .\n_cdé", max_size=12))
@example("a(?i)b", "xaBx")
@example("(?|(a)|(b))\\1", "bb")
@example("[[:alpha:]]+[[:digit:]]", "ab1")
def test_every_place_that_takes_a_regex_agrees(pattern, text):
    """match and mvfind (eval), regex and rex give one answer for one pattern and text:
    one implementation, so an entry point that reads the pattern some other way fails here."""
    row = {"f": text, "p": pattern}
    found = value("match(f, p)", row)
    assert (value("mvfind(f, p)", row) == 0) is found
    kept = list(run_command(f"| regex f={spl_string(pattern)}", [row]).rows)
    assert bool(kept) is found
    # An empty named group after the pattern (numbered last, so \1 still means group 1) is
    # set, to "", whenever the pattern matches.
    extraction = spl_string(f"(?:{pattern})(?<m>)")
    (extracted,) = run_command(f"| rex field=f {extraction}", [row]).rows
    assert ("m" in extracted) is found
