"""rename and convert on small tables (rename and convert references, Splunk Search Reference)."""

from datetime import timezone
from zoneinfo import ZoneInfo

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command

RENAME_PAGE = "https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rename"


def run(command, rows, fields=None, tz=timezone.utc):
    return run_command(command, rows, fields, tz=tz).materialize()


def test_rename_wildcard_carries_the_matched_part():
    # "rename EU* AS EMEA*" maps EU_UK to EMEA_UK.
    rows, fields = run("| rename Registry.* AS *", [{"Registry.dest": "h1", "count": 2}],
                       ["Registry.dest", "count"])
    assert rows == [{"dest": "h1", "count": 2}]
    assert fields == ["dest", "count"]


def test_rename_missing_field_onto_existing_one_clears_it():
    # "If fieldB does exist ... the data in fieldB will contain null values."
    rows, fields = run("| rename a AS b", [{"b": "kept?"}], ["b"])
    assert rows == [{}]
    assert fields == []


def test_rename_missing_field_onto_missing_one_does_nothing():
    rows, _ = run("| rename a AS b", [{"c": "1"}])
    assert rows == [{"c": "1"}]


def test_rename_overwrites_an_existing_target():
    rows, fields = run("| rename a AS b", [{"a": "new", "b": "old"}], ["a", "b"])
    assert rows == [{"b": "new"}]
    assert fields == ["b"]


def test_rename_quoted_names_and_several_pairs():
    rows, _ = run('| rename "values(x)" AS x, y AS z', [{"values(x)": "1", "y": "2"}])
    assert rows == [{"x": "1", "z": "2"}]


def test_rename_the_pages_wildcard_example():
    # RENAME_PAGE: EU_UK, EU_DE, EU_PL under "rename EU* AS EMEA*" become EMEA_UK, EMEA_DE, EMEA_PL
    rows, fields = run("| rename EU* AS EMEA*", [{"EU_UK": "1", "EU_DE": "2", "EU_PL": "3"}],
                       ["EU_UK", "EU_DE", "EU_PL"])
    assert rows == [{"EMEA_UK": "1", "EMEA_DE": "2", "EMEA_PL": "3"}]
    assert fields == ["EMEA_UK", "EMEA_DE", "EMEA_PL"]


@pytest.mark.parametrize("search", [
    "| rename EU* AS EMEA", "| rename EU AS EMEA*", "| rename a AS b, x*y* AS z*",
])
def test_rename_with_different_wildcard_counts_is_an_error(search):
    # RENAME_PAGE: "Both the original and renamed fields must include the same number of
    # wildcards, otherwise a wildcard mismatch error is returned."
    with pytest.raises(BadArgumentError) as raised:
        bind_search(search)
    error = raised.value
    assert "wildcard mismatch" in error.message
    assert search[error.span.start:error.span.end] == search[2:]  # under the rename command


def test_convert_ctime_in_place_with_default_timeformat():
    # Default timeformat is %m/%d/%Y %H:%M:%S.
    rows, _ = run("| convert ctime(firstTime)", [{"firstTime": 1761398493.116889}])
    assert rows == [{"firstTime": "10/25/2025 13:21:33"}]


def test_convert_ctime_with_timeformat_and_alias():
    rows, fields = run('| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) AS when',
                       [{"t": "1761398493"}], ["t"])
    assert rows == [{"t": "1761398493", "when": "2025-10-25T13:21:33"}]
    assert fields == ["t", "when"]


def test_convert_ctime_renders_in_the_chosen_time_zone():
    rows, _ = run("| convert ctime(t)", [{"t": 1761398493}], tz=ZoneInfo("Europe/Paris"))
    assert rows == [{"t": "10/25/2025 15:21:33"}]


def test_convert_leaves_values_it_cannot_convert():
    rows, _ = run("| convert ctime(t)", [{"t": "yesterday"}])
    assert rows == [{"t": "yesterday"}]


def test_convert_wildcard_fields():
    rows, _ = run("| convert ctime(*Time)", [{"firstTime": 0, "lastTime": 60, "n": 5}])
    assert rows == [{"firstTime": "01/01/1970 00:00:00", "lastTime": "01/01/1970 00:01:00", "n": 5}]
