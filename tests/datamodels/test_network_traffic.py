"""Network_Traffic: the CIM model as data, and Sysmon EventID 3 reaching it.

The model follows the CIM Network Traffic reference
(https://help.splunk.com/data-management/common-information-model/5.1/data-models/network-traffic).
The Sysmon side follows datamodels/Splunk_TA_microsoft_sysmon (see the project notes on the CIM
mapping, and security_content's data_sources/sysmon_eventid_3.yml for the fields a real Splunk
shows). The fixture is tests/data/network_sysmon.log: six EventID 3 connections (one inbound RDP
with SourceHostname "-", one outbound with DestinationHostname "-", one IPv6, one udp), six
EventID 22 queries and an EventID 1 and 5 that belong to no network dataset.
"""

from __future__ import annotations


import pytest
from support import DATA, search_rows

from engine.datamodels import DataModels
from engine.catalog import shipped_models

LOG = DATA / "network_sysmon.log"


@pytest.fixture(scope="module")
def models() -> DataModels:
    return shipped_models()[0]


def rows(search: str) -> list[dict[str, str]]:
    return search_rows(search, [LOG])


def test_datasets_and_their_constraints(models):
    root = models.dataset("Network_Traffic.All_Traffic")
    assert root.required_tags() == {"network", "communicate"}
    blocked = models.dataset("Network_Traffic.Blocked_Traffic")
    # A child inherits every constraint of its ancestors: All_Traffic, Traffic_By_Action, itself.
    assert len(blocked.constraints) == 3
    assert blocked.fields == root.fields
    assert models.dataset("Network_Traffic.Allowed_Traffic")
    assert models.dataset("Network_Traffic.Traffic_By_Action")


def test_fields_the_detections_read_are_defined(models):
    fields = set(models.dataset("Network_Traffic.All_Traffic").fields)
    assert {"action", "app", "bytes", "bytes_in", "bytes_out", "dest", "dest_ip", "dest_port",
            "direction", "dvc", "protocol", "protocol_version", "src", "src_ip", "src_port",
            "transport", "user", "vendor_product", "process_id", "process_guid", "flow_id",
            "dest_category", "src_category", "dest_zone", "src_zone", "rule"} <= fields


def test_only_event_id_3_reaches_all_traffic():
    (row,) = rows("| tstats count from datamodel=Network_Traffic.All_Traffic")
    assert row["count"] == "6"


def test_sysmon_fields_of_an_outbound_connection():
    (row,) = rows("| tstats count from datamodel=Network_Traffic.All_Traffic "
                  "where All_Traffic.dest_port=443 All_Traffic.src_ip=10.20.4.21 by "
                  "All_Traffic.action All_Traffic.app All_Traffic.dest All_Traffic.dest_ip "
                  "All_Traffic.direction All_Traffic.dvc All_Traffic.process_guid "
                  "All_Traffic.process_id All_Traffic.protocol All_Traffic.src "
                  "All_Traffic.src_port "
                  "All_Traffic.transport All_Traffic.user All_Traffic.vendor_product")
    assert row == {
        "All_Traffic.action": "allowed",
        "All_Traffic.app": r"C:\Program Files\Google\Chrome\Application\chrome.exe",
        "All_Traffic.dest": "cdn.example-cdn.net",
        "All_Traffic.dest_ip": "198.51.100.23",
        "All_Traffic.direction": "outbound",
        "All_Traffic.dvc": "win10-ws01.contoso.local",
        "All_Traffic.process_guid": "7C3A91E2-F1A0-6A01-0311-000000002300",
        "All_Traffic.process_id": "7312",
        "All_Traffic.protocol": "ip",
        "All_Traffic.src": "win10-ws01.contoso.local",
        "All_Traffic.src_port": "51844",
        "All_Traffic.transport": "tcp",
        "All_Traffic.user": "alice",
        "All_Traffic.vendor_product": "Microsoft Sysmon",
        "count": "1",
    }


def test_inbound_connection_without_source_host_name():
    # Initiated=false is inbound; SourceHostname "-" leaves src empty, which the CIM fills.
    (row,) = rows("| tstats count from datamodel=Network_Traffic.All_Traffic "
                  "where All_Traffic.direction=inbound by All_Traffic.src All_Traffic.src_ip "
                  "All_Traffic.dest All_Traffic.dest_port All_Traffic.user")
    assert row == {"All_Traffic.src": "unknown", "All_Traffic.src_ip": "192.0.2.50",
                   "All_Traffic.dest": "win10-ws01.contoso.local", "All_Traffic.dest_port": "3389",
                   "All_Traffic.user": "NETWORK SERVICE", "count": "1"}


def test_the_add_on_leaves_dest_empty_for_a_dash_host_name():
    # At the event level dest is null (a real Splunk showed dest null beside dest_ip for such an
    # event); only the data model fills it with "unknown".
    (row,) = rows("EventCode=3 DestinationPort=8080 | eval d=coalesce(dest, \"NULL\") | table d")
    assert row == {"d": "NULL"}


def test_child_datasets_by_action():
    # Named in FROM here; Splunk addresses children with `where nodename=...` (see the report on
    # nodename support), but the rows are the same: every Sysmon connection is "allowed".
    (allowed,) = rows("| tstats count from datamodel=Network_Traffic.Allowed_Traffic")
    assert allowed["count"] == "6"
    assert rows("| tstats count from datamodel=Network_Traffic.Blocked_Traffic by _time") == []


def test_dns_queries_are_not_traffic():
    assert rows("| tstats count from datamodel=Network_Traffic.All_Traffic "
                "where All_Traffic.process_id=7312 All_Traffic.dest_port=0 "
                "by All_Traffic.dest") == []
