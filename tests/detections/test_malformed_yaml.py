"""Detection YAML whose keys hold the wrong type of value (issue #16: `rba: [1,2]`, `tests: abc`,
`data: 5` were tracebacks or silently dropped): each is an error of that detection alone,
naming its file and the key, in `spl check` and in `spl test`, while a good detection beside it
is still checked and tested.

The types are those of security_content's detections (every one of its files has `name`,
`search`, `status`, `type` as text, `tags` as a mapping, `tests` as a list of mappings whose
`attack_data` is a list of mappings with text `data`, `source` and `sourcetype`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detections.fixtures import MEDIA, RMS_DATA, SYSMON
from engine.detections import load_detection

RMS = {"data": MEDIA + RMS_DATA, **SYSMON}

CASES = [
    # (fields replacing the fixture detection's, the key named, what it is)
    ({"rba": [1, 2]}, "rba", "a list, not a mapping"),
    ({"tests": "abc"}, "tests", "text ('abc'), not a list"),
    ({"tests": [{"name": "t", "attack_data": [{"data": 5}]}]},
     "tests[0].attack_data[0].data", "a number (5), not text"),
    ({"tests": [{"name": "t", "attack_data": [{**RMS, "source": ["a"]}]}]},
     "tests[0].attack_data[0].source", "a list, not text"),
    ({"tests": [{"name": "t", "attack_data": [{**RMS, "sourcetype": {"a": 1}}]}]},
     "tests[0].attack_data[0].sourcetype", "a mapping, not text"),
    ({"tests": [{"name": "t", "attack_data": "x"}]}, "tests[0].attack_data",
     "text ('x'), not a list"),
    ({"tests": [{"name": "t", "attack_data": [3]}]}, "tests[0].attack_data[0]",
     "a number (3), not a mapping"),
    ({"tests": ["t"]}, "tests[0]", "text ('t'), not a mapping"),
    ({"tests": [{"name": ["t"], "attack_data": [RMS]}]}, "tests[0].name", "a list, not text"),
    ({"search": 5}, "search", "a number (5), not text"),
    ({"search": ["| makeresults"]}, "search", "a list, not text"),
    ({"name": {"a": 1}}, "name", "a mapping, not text"),
    ({"status": True}, "status", "true, not text"),
    ({"type": [1]}, "type", "a list, not text"),
    ({"tags": [1]}, "tags", "a list, not a mapping"),
    ({"tags": {"manual_test": [1]}}, "tags.manual_test", "a list, not text"),
    ({"rba": None, "tags": {"observable": "dest"}}, "tags.observable",
     "text ('dest'), not a list"),
    ({"rba": None, "tags": {"observable": [{"name": "dest", "role": 5}]}},
     "tags.observable[0].role", "a number (5), not a list"),
    ({"rba": None, "tags": {"observable": [{"name": "dest", "role": [["Victim"]]}]}},
     "tags.observable[0].role[0]", "a list, not text"),
    ({"rba": None, "tags": {"observable": [{"name": 7, "role": ["Victim"]}]}},
     "tags.observable[0].name", "a number (7), not text"),
    ({"rba": {"risk_objects": "dest"}}, "rba.risk_objects", "text ('dest'), not a list"),
    ({"rba": {"risk_objects": [{"field": {"a": 1}}]}}, "rba.risk_objects[0].field",
     "a mapping, not text"),
    ({"rba": {"risk_objects": [], "threat_objects": [1]}}, "rba.threat_objects[0]",
     "a number (1), not a mapping"),
]
IDS = [key for _, key, _ in CASES]


@pytest.mark.parametrize("fields, key, what", CASES, ids=IDS)
def test_spl_check_names_the_file_and_key_and_checks_the_others(spl, detection, fields, key,
                                                                 what):
    good = detection("good.yml")
    bad = detection("bad.yml", **fields)
    status, out = spl("check", "--format", "json", good.parent)
    results = {r["file"]: r for r in json.loads(out)}
    assert status == 1
    assert results[str(good)]["status"] == "ok"
    assert results[str(bad)]["status"] == "malformed"
    assert results[str(bad)]["message"] == f"{bad}: `{key}` is {what}"


@pytest.mark.parametrize("fields, key, what", CASES, ids=IDS)
def test_spl_test_fails_that_detection_and_tests_the_others(spl, lines, detection, attack_data,
                                                            fields, key, what):
    good = detection("good.yml")
    bad = detection("bad.yml", **fields)
    status, out = spl("test", "--data-root", attack_data.root, good.parent)
    found = lines(out)
    assert status == 1
    assert found["good:True Positive Test"].startswith("PASS  ")
    assert found["bad"].startswith("FAIL  ")
    assert f"{bad}: `{key}` is {what}" in found["bad"]


def test_the_check_summary_lists_a_malformed_detection(spl, detection):
    bad = detection("bad.yml", rba=[1, 2])
    status, out = spl("check", bad)
    assert status == 1
    assert out.splitlines()[0] == "0 of 1 detections ok (0.0%)"
    assert f"{bad}: `rba` is a list, not a mapping" in out.splitlines()


@pytest.mark.parametrize("flag, clock_moved", [(True, True), ("true", True), ("trues", False)])
def test_update_timestamp_takes_a_true_spelling_and_reads_others_as_false(detection, flag,
                                                                         clock_moved):
    # security_content ships `update_timestamp: trues` (network/internal_vertical_port_scan.yml):
    # read as false, not refused, so that detection still loads
    path = detection("flag.yml", tests=[{"name": "t", "attack_data": [
        {**RMS, "update_timestamp": flag}]}])
    assert load_detection(path).tests[0].attack_data[0].update_timestamp is clock_moved


def test_a_broken_link_or_a_folder_named_yml_among_detections(spl, detection, tmp_path):
    good = detection("good.yml")
    (good.parent / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    (good.parent / "folder.yml").mkdir()  # searched for detections, not read as one
    status, out = spl("check", "--format", "json", good.parent)
    results = {Path(r["file"]).name: r for r in json.loads(out)}
    assert status == 1
    assert sorted(results) == ["gone.yml", "good.yml"]
    assert results["good.yml"]["status"] == "ok"
    assert results["gone.yml"]["status"] == "unreadable"
    assert results["gone.yml"]["message"].startswith(f"cannot read {good.parent / 'gone.yml'}: ")
