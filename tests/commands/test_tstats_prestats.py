"""tstats prestats=true, followed by the stats of the same aggregations, gives what tstats alone
gives: the page's use of prestats (`| tstats prestats=t count by _time span=1d | timechart
span=1d count`; searchbnf.conf: prestats output is for "a different type of processor that takes
prestats output, like chart or timechart").

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/tstats
"""

from __future__ import annotations

import pytest

from support import DATA, run_search

LOGS = [DATA / "endpoint_sysmon.log", DATA / "network_sysmon.log"]
CASES = [
    ("count", "Processes.process_name"),
    ("dc(Processes.process_id) AS d values(Processes.user) AS u min(_time) AS first",
     "Processes.dest"),
    ("count sum(Processes.process_id) AS s", "Processes.dest _time span=1h"),
    ("count", "Processes.parent_process_name Processes.user"),
    ("count max(_time) AS last", ""),
]


@pytest.mark.parametrize("aggregations, by", CASES)
def test_prestats_then_stats_is_tstats(aggregations, by):
    clause = f" by {by}" if by else ""
    stats_by = f" by {by.replace(' span=1h', '')}" if by else ""
    alone, _ = run_search(f"| tstats {aggregations} from datamodel=Endpoint.Processes{clause}",
                          LOGS)
    split, _ = run_search(f"| tstats prestats=t {aggregations} from datamodel=Endpoint.Processes"
                          f"{clause} | stats {aggregations}{stats_by}", LOGS)
    assert split == alone
    assert len(alone.splitlines()) > 1


def test_fillnull_value_and_append():
    by = "Processes.parent_process_name"
    alone, _ = run_search(f"| tstats fillnull_value=none count from datamodel=Endpoint.Processes"
                          f" by {by} | append [| tstats fillnull_value=none count from "
                          f"datamodel=Endpoint.Filesystem by Filesystem.file_name] "
                          f"| stats sum(count) AS count", LOGS)
    # prestats=t with append=t "adds the results of the ... run to an existing set of results"
    split, _ = run_search(f"| tstats prestats=t fillnull_value=none count from "
                          f"datamodel=Endpoint.Processes by {by} | tstats prestats=t append=t "
                          f"fillnull_value=none count from datamodel=Endpoint.Filesystem by "
                          f"Filesystem.file_name | stats count", LOGS)
    assert split == alone


def test_prestats_keeps_only_the_fields_it_aggregates():
    output, _ = run_search("| tstats prestats=t count from datamodel=Endpoint.Processes "
                           "by Processes.dest | stats dc(Processes.user) AS users", LOGS)
    assert output.splitlines() == ["users", "0"]
