"""regex on small tables (regex reference, Splunk Search Reference:
https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex)."""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError
from spl.parser import parse
from support import bind_search, run_command


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
