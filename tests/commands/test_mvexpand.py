"""mvexpand on small tables (mvexpand reference, Splunk Search Reference)."""

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command


def run(command, rows):
    return list(run_command(command, rows).rows)


def test_one_row_per_value_other_fields_copied():
    # The reference's example: a=1, b=x, c=V1,V2,V3 becomes three rows.
    rows = run("| mvexpand c", [{"a": "1", "b": "x", "c": ("V1", "V2", "V3")},
                                {"a": "2", "b": "y", "c": ("V4", "V5")}])
    assert rows == [{"a": "1", "b": "x", "c": "V1"}, {"a": "1", "b": "x", "c": "V2"},
                    {"a": "1", "b": "x", "c": "V3"}, {"a": "2", "b": "y", "c": "V4"},
                    {"a": "2", "b": "y", "c": "V5"}]


def test_limit_caps_the_values_used_per_row():
    rows = run("| mvexpand limit=2 c", [{"c": ("1", "2", "3")}])
    assert rows == [{"c": "1"}, {"c": "2"}]
    assert len(run("| mvexpand limit=0 c", [{"c": ("1", "2", "3")}])) == 3


def test_a_single_value_gives_one_row_and_a_null_gives_none():
    assert run("| mvexpand c", [{"c": "only"}, {"d": "no c"}]) == [{"c": "only"}]


def test_streams():
    result = run_command("| mvexpand c", iter([{"c": ("1", "2")}]))
    assert not isinstance(result.rows, list)


@pytest.mark.parametrize("text, message", [("| mvexpand _raw", "internal field `_raw`"),
                                           ("| mvexpand limit=x c", "whole number"),
                                           ("| mvexpand limt=2 c", "did you mean `limit`")])
def test_bad_arguments(text, message):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert message in error.value.message + " " + (error.value.hint or "")
