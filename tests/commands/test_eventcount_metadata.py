"""eventcount and metadata, the generators that describe the events given.

Splunk references:
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eventcount and
https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/metadata
"""

from __future__ import annotations

import pytest

from engine.catalog import Catalog
from engine.runner import run_search
from engine.runtime import Runtime
from spl.errors import BadArgumentError, UnsupportedCommandError
from support import DATA, bind_search

ENDPOINT = DATA / "endpoint_sysmon.log"  # 33 records, hosts win10-ws01 and ws02
LINUX = DATA / "linux_sysmon.log"  # 1 record, host web-01


def rows_of(text: str, indexes: dict | None = None) -> list[dict]:
    """The rows of `text` over both logs; `indexes` gives a file's events an index, as an
    attack_data entry of a detection test does."""
    overrides = {path: {"index": index} for path, index in (indexes or {}).items()}
    runtime = Runtime(data=[ENDPOINT, LINUX], overrides=overrides)
    return run_search(text, catalog=Catalog.load(), runtime=runtime).table.materialize()[0]


def test_eventcount_splits_by_the_index_each_event_carries():
    # splunk-doc: "If summarize=false, the command splits the event counts by index and search
    # peer"; index= is "a wildcard matching a set of indexes to report on".
    indexes = {ENDPOINT: "win_sysmon", LINUX: "linux_sysmon"}
    assert rows_of("| eventcount summarize=false index=*", indexes) == [
        {"count": 1, "index": "linux_sysmon", "server": "local"},
        {"count": 33, "index": "win_sysmon", "server": "local"}]
    assert rows_of("| eventcount summarize=false index=win*", indexes) == [
        {"count": 33, "index": "win_sysmon", "server": "local"}]
    # index= "You can specify this argument multiple times"
    assert rows_of("| eventcount index=win* index=linux*", indexes) == [{"count": 34}]


def test_eventcount_of_no_matching_index_is_zero():
    # The page is silent on an index with no events; a count of 0 is this project's choice.
    assert rows_of("| eventcount index=nothing", {ENDPOINT: "win", LINUX: "linux"}) == \
        [{"count": 0}]


def test_eventcount_report_size_needs_an_index_on_disk():
    # splunk-doc: report_size=true "returns the index size in bytes"; files read here have none.
    with pytest.raises(UnsupportedCommandError, match="report_size"):
        bind_search("| eventcount report_size=true")


def test_eventcount_is_a_generating_command():
    # splunk-doc: "Generating commands use a leading pipe character and should be the first
    # command in a search."
    with pytest.raises(BadArgumentError, match="must be the first command"):
        bind_search("| makeresults | eventcount")


def test_metadata_sources_within_an_index():
    # splunk-doc: "returns a list of sources, sourcetypes, or hosts from a specified index".
    rows = rows_of("| metadata type=sources index=lin* | table source totalCount",
                   {ENDPOINT: "win", LINUX: "linux"})
    assert rows == [{"source": "Syslog:Linux-Sysmon/Operational", "totalCount": 1}]


def test_metadata_type_is_one_of_three_literal_strings():
    # splunk-doc: type "must be one of the three literal strings: hosts, sources, or
    # sourcetypes".
    with pytest.raises(BadArgumentError, match="hosts, sources or sourcetypes") as error:
        bind_search("| metadata type=host")
    assert error.value.hint == "did you mean `hosts`?"
    with pytest.raises(BadArgumentError, match="needs type="):
        bind_search("| metadata index=main")


def test_metadata_of_metrics_is_empty_offline():
    # splunk-doc: the syntax ends in <datatype>, event or metric; a local run has no metrics
    # index (as mstats here), so datatype=metric lists nothing.
    assert rows_of("| metadata type=hosts datatype=metric") == []
    assert len(rows_of("| metadata type=hosts datatype=event")) == 3
