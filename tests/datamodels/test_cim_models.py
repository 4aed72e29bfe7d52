"""Every data model and dataset that security_content's detections name exists here, and every
dataset of every shipped model can be searched.

The references below were counted once in ../shared/corpus/security_content/detections (the
`search:` of each detection, plus the `| from datamodel` drilldowns) and are written here as data:
unit tests must not need the corpus. Counts are how many detections use each form.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import DATA, run_search

from engine.datamodels import DataModels

ROOT = Path(__file__).resolve().parents[2]
MODELS = DataModels.load(ROOT / "datamodels")

# `FROM datamodel=Model.Dataset` and `| from datamodel Model.Dataset`.
DATASET_REFERENCES = {
    "Endpoint.Processes": 394,
    "Endpoint.Registry": 115,
    "Endpoint.Filesystem": 48,
    "Risk.All_Risk": 9 + 921,          # tstats searches + `| from datamodel` drilldowns
    "Network_Traffic.All_Traffic": 5,
    "Authentication.Authentication": 3,
    "Web.Web": 2,
    "Intrusion_Detection.IDS_Attacks": 1,
    "Alerts.Alerts": 2,
    # Named only in detections' required fields, not in a search: Ports.dest, Ports.dest_port.
    "Endpoint.Ports": 0,
}

# `FROM datamodel=Model` with no dataset: Splunk then searches the model's root dataset, so each
# of these models must have exactly one.
MODEL_ONLY_REFERENCES = {
    "Web": ("Web", 37),
    "Network_Traffic": ("All_Traffic", 15),
    "Network_Resolution": ("DNS", 14),
    "Authentication": ("Authentication", 12),
    "Change": ("All_Changes", 11),
    "Vulnerabilities": ("Vulnerabilities", 1),
    "Change_Analysis": ("All_Changes", 1),
    "Alerts": ("Alerts", 1),
    "Network_Sessions": ("All_Sessions", 1),
    "Email": ("All_Email", 1),
    "Updates": ("Updates", 1),
}

# `where nodename=<path>`: the path names the dataset through its ancestors, root first.
NODENAME_REFERENCES = {
    ("Network_Resolution", "DNS"): 3,
    ("Authentication", "Authentication.Failed_Authentication"): 1,
    ("Authentication", "Authentication.Successful_Authentication"): 1,
    ("Network_Sessions", "All_Sessions.DHCP"): 1,
    ("Change_Analysis", "All_Changes"): 1,
}

# Child datasets' own fields, which Splunk names by the dataset's path
# (`All_Changes.Instance_Changes.instance_type`).
CHILD_FIELD_REFERENCES = {("Change", "All_Changes.Instance_Changes", "instance_type"): 1}

# Named in the corpus but not defined here: Identity_Management is an Enterprise Security model
# built from the asset and identity lookups (one deprecated detection, `| from datamodel
# Identity_Management.All_Identities`).
NOT_DEFINED = {"Identity_Management.All_Identities"}


def objects(model: str) -> list[dict]:
    document = json.loads((ROOT / "datamodels" / f"{model}.json").read_text(encoding="utf-8"))
    return document["objects"]


def lineage(model: str, name: str) -> list[str]:
    by_name = {o["objectName"]: o for o in objects(model)}
    chain = [name]
    while by_name[chain[0]].get("parentName") in by_name:
        chain.insert(0, by_name[chain[0]]["parentName"])
    return chain


@pytest.mark.parametrize("reference", sorted(DATASET_REFERENCES))
def test_referenced_dataset_exists(reference):
    assert MODELS.dataset(reference).name == reference.partition(".")[2]


@pytest.mark.parametrize("model", sorted(MODEL_ONLY_REFERENCES))
def test_model_named_alone_has_one_root(model):
    roots = [o["objectName"] for o in objects(model)
             if o.get("parentName") in ("BaseEvent", "BaseSearch")]
    expected = MODEL_ONLY_REFERENCES[model][0]
    # Updates also has the separate root Update_Errors (a BaseSearch); the event root comes first.
    assert roots[0] == expected
    assert MODELS.dataset(f"{model}.{expected}")


@pytest.mark.parametrize("model,path", sorted(NODENAME_REFERENCES))
def test_nodename_path_follows_the_lineage(model, path):
    *_, name = path.split(".")
    assert lineage(model, name)[-len(path.split(".")):] == path.split(".")


@pytest.mark.parametrize("model,path,field", sorted(CHILD_FIELD_REFERENCES))
def test_child_field_reference_is_a_field_of_that_child(model, path, field):
    *_, name = path.split(".")
    assert lineage(model, name) == path.split(".")
    assert field in MODELS.dataset(f"{model}.{name}").fields


def test_not_defined_is_really_missing():
    for reference in NOT_DEFINED:
        model = reference.partition(".")[0]
        assert model not in MODELS.models()


def test_every_model_cites_its_reference():
    for path in sorted((ROOT / "datamodels").glob("*.json")):
        description = json.loads(path.read_text(encoding="utf-8"))["description"]
        assert "help.splunk.com" in description or "Endpoint" in path.name \
            or "SA-RBA" in description, path.name


def test_calculation_outputs_are_dataset_fields():
    # The engine projects a dataset's rows onto its fields, so a calculated field that is not
    # listed among them would be computed and then dropped.
    for path in sorted((ROOT / "datamodels").glob("*.json")):
        for obj in json.loads(path.read_text(encoding="utf-8"))["objects"]:
            names = {f["fieldName"] for f in obj["fields"]}
            for calc in obj.get("calculations", ()):
                if calc["calculationType"] == "Eval":
                    for output in calc["outputFields"]:
                        assert output["fieldName"] in names, (path.name, obj["objectName"])


ALL_DATASETS = [(model, name) for model in MODELS.models()
                for name in [o["objectName"] for o in objects(model)]]


@pytest.mark.parametrize("model,name", ALL_DATASETS, ids=[f"{m}.{n}" for m, n in ALL_DATASETS])
def test_every_dataset_runs_over_sysmon(model, name):
    """Each dataset's constraint and calculations run; only Endpoint's first three datasets and
    Network_Traffic/Network_Resolution get rows from Sysmon."""
    output, context = run_search(f"| tstats count from datamodel={model}.{name} by _time span=1d",
                                 [DATA / "endpoint_sysmon.log", DATA / "network_sysmon.log"])
    assert not context.diagnostics.problems
    fed = {("Endpoint", "Processes"), ("Endpoint", "Filesystem"), ("Endpoint", "Registry"),
           ("Network_Traffic", "All_Traffic"), ("Network_Traffic", "Traffic_By_Action"),
           ("Network_Traffic", "Allowed_Traffic"), ("Network_Resolution", "DNS")}
    assert (len(output.strip().splitlines()) > 1) == ((model, name) in fed), output
