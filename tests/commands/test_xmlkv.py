"""xmlkv on small tables (xmlkv reference, Splunk Search Reference:
https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xmlkv)."""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command: str, rows: list[dict]):
    return list(run_command(command, rows).rows)


def test_nested_elements_give_their_leaves_only():
    rows = run("| xmlkv", [{"_raw": "<a><b>1</b><c><d>2</d></c></a>"}])
    assert rows == [{"_raw": "<a><b>1</b><c><d>2</d></c></a>", "b": "1", "d": "2"}]


def test_extracted_keys_replace_fields_and_multivalue_input_is_read_value_by_value():
    rows = run("| xmlkv m", [{"m": ("<k>1</k>", "<k>2</k>"), "k": "old"}])
    assert rows == [{"m": ("<k>1</k>", "<k>2</k>"), "k": ("1", "2")}]


def test_streams():
    assert not isinstance(run_command("| xmlkv", iter([{"_raw": "<a>1</a>"}])).rows, list)


@pytest.mark.parametrize("text, words", [("| xmlkv maxinputs=0", "at least 1"),
                                         ("| xmlkv maxinput=5", "did you mean `maxinputs`?")])
def test_mistakes_are_reported_at_bind_time(text, words):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert words in str(error.value)
