"""Endpoint.Services and Endpoint.Ports, appended to the Endpoint model after its first three
datasets. Sysmon feeds neither: its add-on tags no event `service report` or `listening port`
(CIM Endpoint reference,
https://help.splunk.com/data-management/common-information-model/5.1/data-models/endpoint).
"""

from __future__ import annotations

import json
from pathlib import Path

from support import DATA, run_search

from engine.datamodels import DataModels

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_three_datasets_stay_first():
    document = json.loads((ROOT / "datamodels" / "Endpoint.json").read_text(encoding="utf-8"))
    names = [o["objectName"] for o in document["objects"]]
    assert names == ["Processes", "Filesystem", "Registry", "Services", "Ports"]


def test_services_and_ports_fields_and_constraints():
    models = DataModels.load(ROOT / "datamodels")
    services = models.dataset("Endpoint.Services")
    ports = models.dataset("Endpoint.Ports")
    assert services.required_tags() == {"service", "report"}
    assert ports.required_tags() == {"listening", "port"}
    assert {"dest", "service", "service_name", "service_id", "service_path", "service_exec",
            "start_mode", "status", "user", "vendor_product",
            "process_guid"} <= set(services.fields)
    assert {"dest", "dest_port", "src", "src_port", "transport", "transport_dest_port", "state",
            "user", "process_guid", "process_id", "vendor_product"} <= set(ports.fields)


def test_sysmon_feeds_neither():
    for dataset in ("Services", "Ports"):
        output, context = run_search(
            f"| tstats count from datamodel=Endpoint.{dataset} by {dataset}.dest",
            [DATA / "endpoint_sysmon.log", DATA / "network_sysmon.log"])
        assert not context.diagnostics.problems
        assert output.strip() == f"{dataset}.dest,count"
