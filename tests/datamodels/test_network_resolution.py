"""Network_Resolution: the CIM DNS dataset as data, and Sysmon EventID 22 reaching it.

The model follows the CIM Network Resolution (DNS) reference
(https://help.splunk.com/data-management/common-information-model/5.1/data-models/
network-resolution-dns).
Sysmon's QueryResults holds one `;`-terminated entry per answer: a CNAME as `type:  5 name`, an
address as `::ffff:192.0.2.1` (or a bare IPv6 address), and "-" when there is none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import DATA, search_rows

from engine.datamodels import DataModels
from engine.catalog import shipped_models

ROOT = Path(__file__).resolve().parents[2]
LOG = DATA / "network_sysmon.log"


@pytest.fixture(scope="module")
def models() -> DataModels:
    return shipped_models()[0]


def rows(search: str) -> list[dict[str, str]]:
    return search_rows(search, [LOG])


def test_dataset_constraint_and_fields(models):
    dns = models.dataset("Network_Resolution.DNS")
    assert dns.required_tags() == {"network", "resolution", "dns"}
    assert {"answer", "answer_count", "dest", "message_type", "query", "query_count",
            "query_type", "record_type", "reply_code", "reply_code_id", "src", "src_category",
            "dest_category", "transport", "ttl", "vendor_product"} <= set(dns.fields)


def test_reply_code_is_a_lookup_calculation_as_in_the_cim():
    document = json.loads((ROOT / "datamodels" / "Network_Resolution.json").read_text())
    (lookup,) = [c for c in document["objects"][0]["calculations"]
                 if c["calculationType"] == "Lookup"]
    assert lookup["lookupName"] == "cim_dns_reply_code_lookup"
    assert lookup["outputFields"][0]["fieldName"] == "reply_code"


def test_only_event_id_22_reaches_dns():
    (row,) = rows("| tstats count from datamodel=Network_Resolution.DNS")
    assert row["count"] == "6"


def test_answers_split_and_stripped_of_their_type():
    (row,) = rows("| tstats values(DNS.answer) as answer max(DNS.answer_count) as n "
                  "from datamodel=Network_Resolution.DNS where DNS.query=cdn.example-cdn.net "
                  "by DNS.src DNS.query_count DNS.vendor_product")
    assert row["answer"].split("\n") == ["::ffff:198.51.100.23", "::ffff:198.51.100.24",
                                         "edge-7.example-cdn.net"]
    assert row["n"] == "3"
    assert row["DNS.src"] == "win10-ws01.contoso.local"
    assert row["DNS.query_count"] == "1"
    assert row["DNS.vendor_product"] == "Microsoft Sysmon"


def test_a_failed_query_has_unknown_answer_and_its_status():
    (row,) = rows("| tstats count from datamodel=Network_Resolution.DNS "
                  "where DNS.reply_code_id=9003 by DNS.query DNS.answer DNS.answer_count "
                  "DNS.message_type DNS.dest")
    assert row == {"DNS.query": "wpad.contoso.local", "DNS.answer": "unknown",
                   "DNS.answer_count": "1", "DNS.message_type": "unknown",
                   "DNS.dest": "unknown", "count": "1"}


def test_connections_are_not_dns():
    assert rows("| tstats count from datamodel=Network_Resolution.DNS "
                "where DNS.query=unknown by DNS.src") == []
