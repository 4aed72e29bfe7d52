"""regex on small tables (regex reference, Splunk Search Reference:
https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex)."""

from __future__ import annotations

import pytest

from engine.commands.regex import check, regex
from engine.table import Table
from spl.errors import BadArgumentError
from spl.parser import parse


def run(command: str, rows: list[dict]):
    (node,) = parse(command).commands
    check(node, None)
    return list(regex(Table(rows, ["f"]), node, None).rows)


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
    (node,) = parse('| regex "a"').commands
    assert not isinstance(regex(Table(iter([{"_raw": "a"}])), node, None).rows, list)


@pytest.mark.parametrize("text", ['| regex "(unclosed"', '| regex f!="[z-a]"'])
def test_invalid_regex_is_an_error_at_bind_time(text):
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError, match="invalid regular expression") as error:
        check(node, None)
    assert error.value.span == node.span
