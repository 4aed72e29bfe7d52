"""makeresults (Splunk Search Reference 9.4,
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/makeresults)."""

import pytest

from engine.catalog import Catalog
from engine.clock import Clock
from engine.runner import run_search
from spl.errors import BadArgumentError, SplError
from support import bind_search

START = 1709553600.0  # 2024-03-04T12:00:00Z


def rows_of(text: str) -> list[dict]:
    result = run_search(text, catalog=Catalog.load(), clock=Clock(now=START))
    return result.table.materialize()[0]


def test_time_is_the_search_start_and_streamstats_numbers_the_rows():
    # _time: "Date and time that you run the makeresults command"; the search's start is the
    # clock's, which `spl run --now` sets.
    rows = rows_of("| makeresults count=5 | streamstats count")
    assert rows == [{"_time": START, "count": n} for n in range(1, 6)]


def test_one_row_with_only_time_by_default():
    assert rows_of("| makeresults") == [{"_time": START}]


def test_annotate_adds_the_page_fields_as_columns():
    result = run_search("| makeresults annotate=true", catalog=Catalog.load(),
                        clock=Clock(now=START))
    rows, fields = result.table.materialize()
    assert fields == ["_time", "host", "source", "sourcetype", "splunk_server",
                      "splunk_server_group", "_raw"]
    assert rows == [{"_time": START, "splunk_server": "local"}]


def test_rows_in_a_subsearch():
    # A generating command may start a subsearch.
    rows = rows_of('| makeresults | eval n=1 | append [| makeresults count=2 | eval n=2]')
    assert [row["n"] for row in rows] == [1, 2, 2]


def test_splunk_server_options_change_nothing_offline():
    assert rows_of("| makeresults splunk_server=local splunk_server_group=*") == [{"_time": START}]


def test_multiline_csv_data():
    rows = rows_of('| makeresults format=csv data="\nname, age\nJohn,35\nSarah,"')
    assert rows == [{"name": "John", "age": "35"}, {"name": "Sarah"}]


def test_json_data_keeps_numbers_as_written():
    assert rows_of('| makeresults format=json data="[{\\"v\\": 1.50}]"') == [{"v": "1.50"}]


@pytest.mark.parametrize("text, message, where", [
    ("| makeresults cont=5", "did you mean `count`", "cont=5"),
    ("| makeresults count=0", "at least 1", "count=0"),
    ('| makeresults data="a\n1"', "format= and data= together", 'data="a\n1"'),
    ("| makeresults format=csv", "format= and data= together", "format=csv"),
    ('| makeresults format=xml data="<a/>"', "csv or json, not `xml`", "format=xml"),
    ('| makeresults format=json data="{oops"', "array of objects", 'data="{oops"'),
    ('| makeresults count=2 format=csv data="a\n1"', "`count=` has no meaning", "count=2"),
    ("| makeresults annotate=maybe", "true or false", "annotate=maybe"),
])
def test_mistakes_point_at_the_option(text, message, where):
    with pytest.raises(BadArgumentError) as raised:
        run_whole(text)
    error = raised.value
    assert message in error.message + " " + (error.hint or "")
    assert text[error.span.start:error.span.end] == where


@pytest.mark.parametrize("text", ["EventCode=1 | makeresults", "| makeresults | makeresults"])
def test_it_must_come_first(text):
    # "generating command": it makes its own rows, so nothing may come before it.
    with pytest.raises(SplError) as raised:
        run_whole(text)
    assert "must be the first command" in raised.value.message


def test_rows_handed_in_are_not_an_input_either():
    with pytest.raises(SplError):
        bind_search("| makeresults")


def run_whole(text: str):
    """Run `text` as the whole search, over no logs."""
    run_search(text, catalog=Catalog.load(), clock=Clock(now=START))


def test_splitby_is_not_an_option_of_makeresults():
    # The reference pages (9.1, 9.4 and Splunk Cloud 9.3.2408) give makeresults count, annotate,
    # splunk_server, splunk_server_group, format and data, and no splitby: it is refused with
    # the options there are, rather than guessed at.
    with pytest.raises(BadArgumentError, match="makeresults has no option `splitby`") as error:
        bind_search('| makeresults format=csv data="a,b\n1,2" splitby=a')
    assert error.value.hint == ("its options are count, annotate, splunk_server, "
                                "splunk_server_group, format, data")
