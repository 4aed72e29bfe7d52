"""xmlkv on small tables (xmlkv reference, Splunk Search Reference:
https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xmlkv)."""

from __future__ import annotations

import pytest

from engine.commands.xmlkv import check, xmlkv
from engine.table import Table
from spl.errors import BadArgumentError
from spl.parser import parse


def run(command: str, rows: list[dict]):
    (node,) = parse(command).commands
    check(node, None)
    return list(xmlkv(Table(rows), node, None).rows)


def test_nested_elements_give_their_leaves_only():
    rows = run("| xmlkv", [{"_raw": "<a><b>1</b><c><d>2</d></c></a>"}])
    assert rows == [{"_raw": "<a><b>1</b><c><d>2</d></c></a>", "b": "1", "d": "2"}]


def test_extracted_keys_replace_fields_and_multivalue_input_is_read_value_by_value():
    rows = run("| xmlkv m", [{"m": ("<k>1</k>", "<k>2</k>"), "k": "old"}])
    assert rows == [{"m": ("<k>1</k>", "<k>2</k>"), "k": ("1", "2")}]


def test_streams():
    (node,) = parse("| xmlkv").commands
    assert not isinstance(xmlkv(Table(iter([{"_raw": "<a>1</a>"}])), node, None).rows, list)


@pytest.mark.parametrize("text, words", [("| xmlkv maxinputs=0", "at least 1"),
                                         ("| xmlkv maxinput=5", "did you mean `maxinputs`?")])
def test_mistakes_are_reported_at_bind_time(text, words):
    (node,) = parse(text).commands
    with pytest.raises(BadArgumentError) as error:
        check(node, None)
    assert words in str(error.value)
