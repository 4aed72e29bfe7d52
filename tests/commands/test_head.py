"""head on small tables (head reference, Splunk Search Reference 9.3)."""

import pytest

from engine.table import Table
from spl.errors import BadArgumentError, UnsupportedCommandError
from support import bind_search, run_command, run_search


def run(command, rows):
    return list(run_command(command, rows).rows)


ROWS = [{"n": i} for i in range(25)]


def test_default_is_the_first_10():
    # "If no options or limits are specified, the head command returns the first 10 results."
    assert run("| head", ROWS) == ROWS[:10]


def test_a_number_or_limit_sets_how_many():
    assert run("| head 3", ROWS) == ROWS[:3]
    assert run("| head limit=4", ROWS) == ROWS[:4]
    assert run("| head 0", ROWS) == []
    assert run("| head 100", ROWS) == ROWS


def test_head_stops_reading_after_n_rows():
    def source():
        yield from ROWS[:2]
        raise AssertionError("head read a row it did not need")

    assert run("| head 2", source()) == ROWS[:2]


def test_a_whole_search_stops_reading_after_head():
    def events():
        yield from ROWS[:2]
        raise AssertionError("the search read an event head did not need")

    output, _ = run_search("| fields n | head 2", rows=Table(events()))
    assert output == "n\n0\n1\n"


def test_fields_are_kept():
    assert run_command("| head 1", ROWS, ["n"]).fields == ["n"]


@pytest.mark.parametrize("text", ["| head 5 null=true", "| head 5 keeplast=true"])
def test_options_of_the_eval_form_are_not_supported(text):
    with pytest.raises(UnsupportedCommandError, match="eval expression"):
        bind_search(text)


def test_a_number_and_a_different_limit_is_an_error():
    with pytest.raises(BadArgumentError, match="one number"):
        bind_search("| head 5 limit=3")


def test_unknown_option_suggests_limit():
    with pytest.raises(BadArgumentError) as error:
        bind_search("| head limti=3")
    assert error.value.hint == "did you mean `limit`?"
