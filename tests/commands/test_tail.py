"""tail on small tables (tail reference, Splunk Search Reference 9.2)."""

import pytest

from spl.errors import BadArgumentError
from spl.parser import parse
from support import bind_search, run_command


def run(command, rows):
    return list(run_command(command, rows).rows)


ROWS = [{"n": i} for i in range(25)]


def test_last_n_rows_last_one_first():
    # "The events are returned in reverse order, starting at the end of the result set."
    assert run("| tail 3", ROWS) == [{"n": 24}, {"n": 23}, {"n": 22}]


def test_default_is_the_last_10():
    assert run("| tail", iter(ROWS)) == list(reversed(ROWS))[:10]


def test_fewer_rows_than_asked_for():
    assert run("| tail 5", ROWS[:2]) == [{"n": 1}, {"n": 0}]
    assert run("| tail 0", ROWS) == []


def test_tail_has_no_limit_option():
    (node,) = parse("| tail limit=5").commands
    with pytest.raises(BadArgumentError) as error:
        bind_search("| tail limit=5")
    assert error.value.span == node.options[0].span
    assert "tail 5" in error.value.hint
