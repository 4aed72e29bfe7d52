"""`spl check` and `spl test` over a small folder of detections written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from spl.cli import main

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_check_reports_each_detection_as_json(capsys):
    status, out = run(capsys, "check", "--format", "json", str(CORPUS))
    by_file = {Path(r["file"]).name: r for r in json.loads(out)}
    assert status == 1  # not all ok
    assert by_file["rms_registry_passes.yml"]["status"] == "ok"
    assert by_file["rms_registry_passes.yml"]["name"] == "RMS Registry Keys Test Detection"
    assert by_file["bad_search_fails_check.yml"]["status"] == "datamodel"
    assert "did you mean `Endpoint`?" in by_file["bad_search_fails_check.yml"]["message"]
    assert by_file["unreadable.yml"]["status"] == "unreadable"
    assert {r["status"] for r in by_file.values()} == {"ok", "datamodel", "unreadable"}


def test_check_table_summarises_by_cause(capsys):
    status, out = run(capsys, "check", str(CORPUS))
    assert out.splitlines()[0] == "3 of 5 detections ok (60.0%)"
    assert "      1  error[datamodel]: unknown data model `Endpont`" in out


def test_check_of_good_detections_only_exits_0(capsys):
    status, _ = run(capsys, "check", str(CORPUS / "endpoint" / "rms_registry_passes.yml"))
    assert status == 0


def test_test_passes_fails_and_skips(spl, lines, attack_data, tmp_path):
    # contentctl runs each test and reports it as "<detection>:<test>", PASS, FAIL or SKIP
    # (https://github.com/splunk/contentctl, contentctl/actions/detection_testing/
    # infrastructures/DetectionTestingInfrastructure.py, execute_unit_test).
    attack_data.place("datasets/test/rms_sysmon.log")
    junit = tmp_path / "junit.xml"
    status, out = spl("test", "--data-root", attack_data.root, "--junit", junit,
                      CORPUS / "endpoint")
    found = lines(out)
    assert status == 1
    rms = found["RMS Registry Keys Test Detection:True Positive Test"]
    assert rms.startswith("PASS  ") and "(7 rows," in rms
    nothing = found["Nothing Matches Test Detection:True Positive Test"]
    assert nothing.startswith("FAIL  ") and "no results" in nothing
    missing = found["Missing Data Test Detection:True Positive Test"]
    assert missing.startswith("SKIP  ")
    assert str(attack_data.root.resolve() / "datasets/test/not_here/sysmon.log") in missing
    assert found["Bad Search Test Detection:True Positive Test"].startswith("FAIL  ")
    assert "1 passed, 2 failed, 1 skipped" in out
    suite = etree.parse(str(junit)).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")


def test_risk_object_field_must_be_present(spl, attack_data, tmp_path):
    # contentctl fails a test whose result lacks a risk object field (DetectionTestingInfrastructure
    # .py, retry_search_until_timeout: "The risk object field(s) ... are missing").
    attack_data.place("datasets/test/rms_sysmon.log")
    detection = (CORPUS / "endpoint" / "rms_registry_passes.yml").read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.yml"
    renamed.write_text(detection.replace("`drop_dm_object_name(Registry)`",
                                         "rename Registry.registry_path AS path"),
                       encoding="utf-8")
    status, out = spl("test", "--data-root", attack_data.root, renamed)
    assert status == 1
    assert "risk object field `dest` is missing or \"null\" in result 1 of 7" in out
