"""regex on small tables (regex reference, Splunk Search Reference:
https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex)."""

from __future__ import annotations

import pytest

from engine.regexes import RegexLimitError
from engine.table import Table
from spl.errors import BadArgumentError, SplError
from spl.parser import parse
from support import bind_search, run_command, run_search


def run(command: str, rows: list[dict]):
    return list(run_command(command, rows, ["f"]).rows)


def test_unanchored_and_case_sensitive():
    # "An unanchored regular expression"; PCRE is case-sensitive unless the pattern says (?i).
    rows = [{"f": "xxNET VIEWxx"}, {"f": "net view"}]
    assert run('| regex f="NET\\s+VIEW"', rows) == [{"f": "xxNET VIEWxx"}]
    assert run('| regex f="(?i)net\\s+view"', rows) == rows


def test_numbers_are_matched_as_their_text():
    assert run('| regex f="^4\\.5$"', [{"f": 4.5}, {"f": 45}]) == [{"f": 4.5}]


def test_security_content_patterns_compile_and_match():
    # From detections: a literal backslash before a GUID brace, written `\\\\` in SPL.
    rows = [{"f": "\\{12345678-1234-1234-1234-123456789012}"}, {"f": "{12345678-"}]
    assert run('| regex f="^\\\\\\\\\\{[0-9a-fA-F]{8}-"', rows) == rows[:1]


def test_streams():
    assert not isinstance(run_command('| regex "a"', iter([{"_raw": "a"}])).rows, list)


@pytest.mark.parametrize("text", ['| regex "(unclosed"', '| regex f!="[z-a]"'])
def test_invalid_regex_is_an_error_at_bind_time(text):
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError, match="invalid regular expression") as error:
        bind_search(text)
    assert error.value.span == node.span


def test_an_inline_option_applies_from_where_it_stands():
    # PCRE reads `(?i)` anywhere; it applies to the rest of its group ("INTERNAL OPTION
    # SETTING", https://www.pcre.org/current/doc/html/pcre2pattern.html). Python's re refused it
    # anywhere but the start, so a Sigma rule's regex failed where Splunk runs it.
    rows = [{"f": "NET view"}, {"f": "net VIEW"}, {"f": "NET VIEW"}]
    assert run('| regex f="NET (?i)view"', rows) == [{"f": "NET view"}, {"f": "NET VIEW"}]
    assert run('| regex f="(?:(?i)net) VIEW"', rows) == [{"f": "net VIEW"}, {"f": "NET VIEW"}]


def test_right_to_left_override_escape():
    # security_content's detect_rtlo_in_process: `regex process="\\x{202E}"` (PCRE's \x{hhh}).
    rows = [{"f": "invoice\u202etxt.exe"}, {"f": "invoice.txt"}, {"f": "x{202E}"}]
    assert run('| regex f="\\x{202E}"', rows) == rows[:1]


def test_a_catastrophic_pattern_ends_the_search_with_the_pattern_named():
    # limits.conf [rex] match_limit (default 100000) bounds the work of one match
    # (https://help.splunk.com/en/data-management/splunk-enterprise-admin-manual/9.4/configuration-file-reference/9.4.0-configuration-file-reference/limits.conf);
    # without it, (a+)+$ over 41 a's and a `!` backtracks 2^41 times. The caret goes under the
    # command, as for any mistake in the search.
    text = '| regex f="(a+)+$"'
    with pytest.raises(RegexLimitError) as error:
        run_search(text, rows=Table([{"f": "a" * 41 + "!"}], ["f"]))
    rendered = str(error.value)
    assert "`(a+)+$`" in rendered and "match_limit is 100000" in rendered
    assert rendered.splitlines()[2].strip() == "^" * len('regex f="(a+)+$"')
    assert isinstance(error.value, SplError)
