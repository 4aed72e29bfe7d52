"""rex on small tables, PCRE as rex reads it, and its mistakes (rex reference, Splunk Search
Reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rex,
whose <regex-expression> is "The PCRE regular expression that defines the information to match
and extract"; PCRE's syntax: https://www.pcre.org/current/doc/html/pcre2pattern.html)."""

from __future__ import annotations

import pytest

from engine.regexes import RegexLimitError
from spl.errors import BadArgumentError
from spl.parser import parse
from support import bind_search, run_command


def run(command: str, rows: list[dict], fields: list[str] | None = None):
    return run_command(command, rows, fields).materialize()


def spl_string(pattern: str) -> str:
    """`pattern` as an SPL quoted string that unquotes to it (backslash, quote and pipe escaped)."""
    return '"' + "".join("\\" + c if c in '\\"|' else c for c in pattern) + '"'


def extracted(pattern: str, text: str) -> dict:
    """What `rex field=f <pattern>` adds to a row whose f is `text`."""
    (row,), _ = run(f"| rex field=f {spl_string(pattern)}", [{"f": text}])
    return {k: v for k, v in row.items() if k != "f"}


@pytest.mark.parametrize("pattern, text, fields", [
    # Named groups, in all three of PCRE's spellings ("NAMED CAPTURE GROUPS"), and the
    # back references to them (\k<n>, \k'n', \k{n}, (?P=n)).
    (r"user=(?<user>\w+)", "user=bob x", {"user": "bob"}),
    (r"user=(?'user'\w+)", "user=bob x", {"user": "bob"}),
    (r"user=(?P<user>\w+)", "user=bob x", {"user": "bob"}),
    (r"(?'x'a)\k<x>\k'x'\k{x}(?P=x)(?<y>.)", "aaaaab", {"x": "a", "y": "b"}),
    (r"(?<=a)(?<b>b)(?<!c)", "cbab", {"b": "b"}),  # lookbehinds are not groups
    (r"\(?<x>a\)(?<y>.)", "<x>a)z", {"y": "z"}),  # an escaped parenthesis opens no group...
    (r"[(?<x>](?<y>.)", "<z", {"y": "z"}),  # ...nor one in a class
    (r"\\(?<x>a)", "\\a", {"x": "a"}),  # but after an escaped backslash it does
    (r"(?<c>\x{202E})", "invoice\u202etxt.exe", {"c": "\u202e"}),  # security_content's RLO
    (r"(?<c>\x41\x{42})", "xAB", {"c": "AB"}),
    (r"(?<a>a)\z", "a\n", {}),  # \z is the very end; \Z and $ allow a final newline
    (r"(?<a>a)\Z", "a\n", {"a": "a"}),
    (r"(?<w>[[:alpha:][:digit:]_]+)", "-ab_9-", {"w": "ab_9"}),  # POSIX classes
    (r"(?<w>[[:^digit:]]+)", "12ab3", {"w": "ab"}),
    (r"(?<w>[]a]+)", "x]a]x", {"w": "]a]"}),  # a leading ] is literal
    (r"(?<w>\Qa.b*\E.)", "a.b*c axb*c", {"w": "a.b*c"}),  # \Q...\E quotes
    (r"(?<p>\Qc:\windows\E)", "C:c:\\windows", {"p": "c:\\windows"}),
])
def test_pcre_syntax(pattern, text, fields):
    assert extracted(pattern, text) == fields


def test_inline_option_in_a_group_applies_to_the_rest_of_it():
    # The shape pySigma's Splunk backend gives a Sigma `|re|i` value list (here the curl rule
    # 916eb839 of Sigma's regression data, its CommandLine taken from the recorded event): the
    # option sits inside the named group. PCRE: an option change inside a group "affects only
    # that part of the group that follows it" ("INTERNAL OPTION SETTING"). Python's re rejected it.
    pattern = r"(?<CommandLineMatch>(?i)\s(-u|--user)\s*:)"
    row = {"CommandLine": "curl.exe  --ntlm -U : http://10.0.0.1/x"}
    rows, _ = run(f"| rex field=CommandLine {spl_string(pattern)}"
                  '| eval CommandLineCondition=if(isnotnull(CommandLineMatch), "true", "false")'
                  '| search CommandLineCondition="true"', [row])
    assert [r["CommandLineMatch"] for r in rows] == [" -U :"]
    assert extracted(r"(?<m>a(?i)b)c", "aBc aBC") == {"m": "aB"}  # c stays case-sensitive


@pytest.mark.parametrize("pattern, text, fields", [
    # Possessive quantifiers and atomic groups never give back what they took ("ATOMIC
    # GROUPING AND POSSESSIVE QUANTIFIERS"), so these cannot match where `\d+` could.
    (r"(?<n>\d++)5", "12345", {}),
    (r"(?<n>(?>\d+))5", "12345", {}),
    (r"(?<n>\d+)5", "12345", {"n": "1234"}),
    (r"(?<s>\w*+)", "ab", {"s": "ab"}),
])
def test_possessive_quantifiers_and_atomic_groups(pattern, text, fields):
    assert extracted(pattern, text) == fields


def test_classes_are_ascii_unless_the_pattern_asks_for_unicode():
    # PCRE's default, kept where Splunk's pages are silent: \w and the POSIX classes are ASCII
    # in UTF-8 text; a leading (*UCP) makes them Unicode ("Unicode and UTF support").
    assert extracted(r"(?<w>\w+)", "café") == {"w": "caf"}
    assert extracted(r"(?<w>[[:alpha:]]+)", "café") == {"w": "caf"}
    assert extracted(r"(*UCP)(?<w>\w+)", "café") == {"w": "café"}
    assert extracted(r"(?<c>.)", "é") == {"c": "é"}  # a character, not a byte


def test_a_catastrophic_pattern_stops_at_the_match_limit():
    # limits.conf [rex] match_limit, default 100000: "Limits the amount of resources that are
    # spent by PCRE when running patterns that will not match"
    # (https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/limits.conf).
    # (a+)+$ over 41 a's and a `!` would try 2^41 ways; it gives up, naming the pattern.
    with pytest.raises(RegexLimitError) as error:
        run('| rex field=f "(?<a>(a+)+$)"', [{"f": "a" * 41 + "!"}])
    assert "(?<a>(a+)+$)" in error.value.message
    assert "match_limit" in error.value.message
    assert error.value.span is not None  # the caret goes under the rex command
    rows, _ = run('| rex field=f "(?<a>(a+)+$)"', [{"f": "a" * 10 + "!"}])  # 2^10: within it
    assert rows == [{"f": "a" * 10 + "!"}]


def test_a_group_that_takes_no_part_gives_no_value():
    rows, fields = run('| rex field=f "(?<a>x)?(?<b>y)"', [{"f": "y"}], ["f"])
    assert rows == [{"f": "y", "b": "y"}]
    assert fields == ["f", "a", "b"]


def test_no_match_leaves_existing_fields():
    rows, _ = run('| rex field=f "(?<a>x)"', [{"f": "y", "a": "old"}])
    assert rows == [{"f": "y", "a": "old"}]


def test_multivalue_field_is_matched_value_by_value_up_to_max_match():
    # This project's choice: the values are matched in order and count towards max_match.
    rows, _ = run('| rex field=f max_match=3 "(?<d>\\d)"', [{"f": ("a1b2", "c3d4")}])
    assert rows == [{"f": ("a1b2", "c3d4"), "d": ("1", "2", "3")}]
    rows, _ = run('| rex field=f "(?<d>\\d)"', [{"f": ("none", "c3d4")}])
    assert rows == [{"f": ("none", "c3d4"), "d": "3"}]


def test_numbers_are_matched_as_their_text():
    rows, _ = run('| rex field=n "^(?<whole>\\d+)\\.(?<frac>\\d+)$"', [{"n": 12.5}])
    assert rows == [{"n": 12.5, "whole": "12", "frac": "5"}]


def test_offset_field_lists_each_group_and_match():
    rows, _ = run('| rex field=f max_match=0 offset_field=o "(?<w>[a-z]+)"', [{"f": "ab cd"}])
    assert rows == [{"f": "ab cd", "w": ("ab", "cd"), "o": "w=0-1&w=3-4"}]


def test_sed_with_another_delimiter_and_escapes():
    # `\\` before any other character keeps it, so `\\\\` in SPL (one escaped backslash after SPL's
    # quoting) writes a backslash; `&` is literal (this project's choice).
    rows, _ = run('| rex field=f mode=sed "s|/|\\\\\\\\|g"', [{"f": "C:/Windows/x"}])
    assert rows == [{"f": "C:\\Windows\\x"}]
    rows, _ = run('| rex field=f mode=sed "s/(a)(b)/\\2\\1&/"', [{"f": "abab"}])
    assert rows == [{"f": "ba&ab"}]


def test_sed_substitutes_with_pcre_and_transliterates():
    # The page: `s/<regex>/<replacement>/<flags>`, g replacing all matches, a number the Nth;
    # `y/<string1>/<string2>/` substitutes characters. The regex is PCRE, as in extraction.
    rows, _ = run('| rex field=f mode=sed "s/(?i)X(?-i)y/_/g"', [{"f": "xy XY Xy xY"}])
    assert rows == [{"f": "_ XY _ xY"}]
    rows, _ = run('| rex field=f mode=sed "s/[[:digit:]]++/#/2"', [{"f": "a1b22c333"}])
    assert rows == [{"f": "a1b#c333"}]
    rows, _ = run('| rex field=f mode=sed "y/abc/xyz/"', [{"f": ("aabbcc", "cab!")}])
    assert rows == [{"f": ("xxyyzz", "zxy!")}]


def test_sed_escaped_delimiter_is_the_character_itself():
    rows, _ = run('| rex field=f mode=sed "s/\\//-/g"', [{"f": "a/b/c"}])
    assert rows == [{"f": "a-b-c"}]


def test_sed_nth_beyond_the_matches_changes_nothing():
    rows, _ = run('| rex field=f mode=sed "s/a/X/5"', [{"f": "aaa"}, {}])
    assert rows == [{"f": "aaa"}, {}]


def test_extraction_streams():
    assert not isinstance(run_command('| rex "(?<a>.)"', iter([{"_raw": "x"}])).rows, list)


@pytest.mark.parametrize("text, words", [
    ('| rex "(?<a>x"', "invalid regular expression"),
    ('| rex "[a-"', "invalid regular expression"),
    ('| rex "user=\\w+"', "no named group"),
    ('| rex "(?<a>\\u0041)"', "does not support"),  # PCRE2 has no \u escape
    ('| rex mode=sed "s/a/b"', "three parts"),
    ('| rex mode=sed "s/a/b/i"', "`g` or a number"),
    ('| rex mode=sed "s/(a)/\\\\2/"', "refers to group \\2, but the regex has 1 group"),
    ('| rex mode=sed "s/(?<x>a/b/"', "missing closing parenthesis"),
    ('| rex mode=sed "y/ab/c/"', "as many characters"),
    ('| rex mode=sed "x/a/b/"', "sed expression is"),
    ('| rex mode=sed max_match=2 "s/a/b/"', "does not apply to mode=sed"),
    ('| rex mode=perl "s/a/b/"', "must be `sed`"),
    ('| rex max_match=-1 "(?<a>a)"', "whole number"),
    ('| rex feild=x "(?<a>a)"', "did you mean `field`?"),
])
def test_mistakes_are_reported_at_bind_time(text, words):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert words in str(error.value)


def test_an_invalid_pattern_is_pointed_at_and_says_why():
    text = '| rex field=f "(?<a>x"'
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert error.value.span == node.span
    assert error.value.message == ("invalid regular expression `(?<a>x`: missing closing "
                                   "parenthesis")
