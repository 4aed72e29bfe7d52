"""rex on small tables, PCRE translation, and its mistakes (rex reference, Splunk Search
Reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rex)."""

from __future__ import annotations

import re

import pytest

from engine.commands.rex import translate
from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command: str, rows: list[dict], fields: list[str] | None = None):
    return run_command(command, rows, fields).materialize()


@pytest.mark.parametrize("pcre, python", [
    (r"(?<user>\w+)", r"(?P<user>\w+)"),
    (r"(?<=a)b(?<!c)", r"(?<=a)b(?<!c)"),  # lookbehinds stay as they are
    (r"(?P<x>a)", r"(?P<x>a)"),  # PCRE also takes Python's spelling
    (r"\(?<x>a)", r"\(?<x>a)"),  # an escaped parenthesis opens no group
    (r"[(?<x>]", r"[(?<x>]"),  # nor does one inside a character class
    (r"\\(?<x>a)", r"\\(?P<x>a)"),  # but after an escaped backslash it does
    (r"(?'x'a)\k<x>\k'x'\k{x}", r"(?P<x>a)(?P=x)(?P=x)(?P=x)"),
    (r"\x{202E}", r"\u202e"),
    (r"a\z", r"a\Z"),
    (r"[[:alpha:][:digit:]_]+", r"[a-zA-Z0-9_]+"),
    (r"[]a]", r"[\]a]"),
    (r"\Qa.b*\E.", r"a\.b\*."),
])
def test_translate_pcre_to_python(pcre, python):
    assert translate(pcre) == python


def test_translated_right_to_left_override_matches():
    # security_content: `regex process="\\x{202E}"`, the right-to-left override character.
    assert re.search(translate(r"\x{202E}"), "invoice\u202etxt.exe")


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
    ('| rex "a(?i)(?<b>b)"', "at the very start"),
    ('| rex mode=sed "s/a/b"', "three parts"),
    ('| rex mode=sed "s/a/b/i"', "`g` or a number"),
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
