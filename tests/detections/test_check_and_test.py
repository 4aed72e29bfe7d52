"""`spl check` and `spl test` over a small folder of detections written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from spl.cli import main

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
DATA_ROOT = HERE.parents[1] / "examples" / "data"


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


def test_test_passes_fails_and_skips(capsys, tmp_path):
    junit = tmp_path / "junit.xml"
    status, out = run(capsys, "test", "--data-root", str(DATA_ROOT), "--junit", str(junit),
                      str(CORPUS / "endpoint"))
    lines = {line.split("  ")[1]: line for line in out.splitlines() if "  (" in line}
    assert status == 1
    assert lines["RMS Registry Keys Test Detection"].startswith("PASS  ")
    assert "(7 rows," in lines["RMS Registry Keys Test Detection"]
    assert lines["Nothing Matches Test Detection"].startswith("FAIL  ")
    assert "no results" in lines["Nothing Matches Test Detection"]
    assert lines["Missing Data Test Detection"].startswith("SKIP  ")
    assert "not_here/sysmon.log" in lines["Missing Data Test Detection"]
    assert lines["Bad Search Test Detection"].startswith("FAIL  ")
    assert "1 passed, 2 failed, 1 skipped" in out
    suite = etree.parse(str(junit)).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")


def test_risk_object_field_must_be_present(capsys, tmp_path):
    detection = (CORPUS / "endpoint" / "rms_registry_passes.yml").read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.yml"
    renamed.write_text(detection.replace("`drop_dm_object_name(Registry)`",
                                         "rename Registry.registry_path AS path"),
                       encoding="utf-8")
    status, out = run(capsys, "test", "--data-root", str(DATA_ROOT), str(renamed))
    assert status == 1
    assert "risk object field `dest` is missing" in out
