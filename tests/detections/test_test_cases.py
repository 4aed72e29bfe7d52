"""Each `tests:` entry of a detection is its own test case, and a run that tested nothing says so.

contentctl makes one test group per `tests:` entry, replays that entry's attack data alone, runs
the search, and reports "<detection>:<test>" PASS, FAIL or SKIP for each
(https://github.com/splunk/contentctl, contentctl/objects/test_group.py and
contentctl/actions/detection_testing/infrastructures/DetectionTestingInfrastructure.py,
test_detection). Splunk's documentation says nothing of this: it is the content tooling's.
"""

from __future__ import annotations

import pytest
from lxml import etree

from detections.fixtures import RMS_DATA, TESTING
from spl.cli import main

TWO_TESTS = TESTING / "rms_sysmon_and_crowdstrike.yml"
SYSMON_TEST = "RMS Registry Sysmon And CrowdStrike Test Detection:True Positive Test #1"
CROWDSTRIKE_TEST = "RMS Registry Sysmon And CrowdStrike Test Detection:True Positive Test #2"


def test_a_test_whose_data_is_there_passes_and_one_whose_data_is_not_skips(spl, lines,
                                                                            attack_data):
    # the reported bug: the detection's one result mixed both tests' data and skipped both
    # when the CrowdStrike file was missing
    status, out = spl("test", "--data-root", attack_data.root, TWO_TESTS)
    found = lines(out)
    assert found[SYSMON_TEST].startswith("PASS  ") and "(7 rows," in found[SYSMON_TEST]
    assert found[CROWDSTRIKE_TEST].startswith("SKIP  ")
    assert "T1219/rms/crowdstrike_falcon.log" in found[CROWDSTRIKE_TEST]
    assert "1 passed, 0 failed, 1 skipped" in out
    assert status == 0  # something was tested, nothing failed


def test_each_test_is_its_own_junit_testcase(spl, attack_data, tmp_path):
    junit = tmp_path / "junit.xml"
    spl("test", "--data-root", attack_data.root, "--junit", junit, TWO_TESTS)
    suite = etree.parse(str(junit)).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "0", "1")
    sysmon, crowdstrike = suite.findall("testcase")
    assert sysmon.get("name") == SYSMON_TEST and list(sysmon) == []
    assert crowdstrike.get("name") == CROWDSTRIKE_TEST
    assert crowdstrike.get("classname") == str(TWO_TESTS)
    assert [child.tag for child in crowdstrike] == ["skipped"]
    assert "crowdstrike_falcon.log" in crowdstrike.find("skipped").get("message")


def test_each_test_reads_only_its_own_attack_data(spl, lines, detection, attack_data):
    # the second test's file is the same log with no RMS registry events left in it
    quiet = attack_data.root / "datasets/quiet/windows-sysmon.log"
    quiet.parent.mkdir(parents=True)
    rms = (attack_data.root / RMS_DATA).read_text(encoding="utf-8").splitlines(keepends=True)
    quiet.write_text("".join(line for line in rms
                             if "remote manipulator system" not in line.lower()),
                     encoding="utf-8")
    path = detection("own_data.yml", tests=[
        {"name": "rms", "attack_data": [{"data": RMS_DATA}]},
        {"name": "quiet", "attack_data": [{"data": "datasets/quiet/windows-sysmon.log"}]}])
    status, out = spl("test", "--data-root", attack_data.root, path)
    found = lines(out)
    assert found["own_data:rms"].startswith("PASS  ")
    assert found["own_data:quiet"].startswith("FAIL  ")
    assert "no results" in found["own_data:quiet"]
    assert status == 1


def test_tests_with_distinct_names_keep_them(spl, lines, detection, attack_data):
    path = detection("named.yml", tests=[
        {"name": "Sysmon", "attack_data": [{"data": RMS_DATA}]},
        {"name": "CrowdStrike", "attack_data": [{"data": "datasets/none/crowdstrike.log"}]}])
    _, out = spl("test", "--data-root", attack_data.root, path)
    assert set(lines(out)) == {"named:Sysmon", "named:CrowdStrike"}


def test_a_run_that_tests_nothing_says_so_and_exits_3(spl, attack_data, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    status, out = spl("test", "--data-root", empty, TWO_TESTS)
    assert "0 passed, 0 failed, 2 skipped" in out
    assert "nothing was tested: all 2 test(s) were skipped" in out
    assert status == 3


def test_no_detection_found_is_nothing_tested(spl, attack_data, tmp_path):
    folder = tmp_path / "no_detections"
    folder.mkdir()
    status, out = spl("test", "--data-root", attack_data.root, folder)
    assert "nothing was tested: no detection was found" in out
    assert status == 3


def test_a_failure_exits_1_even_when_others_are_skipped(spl, attack_data):
    status, out = spl("test", "--data-root", attack_data.root, TESTING)
    assert "RMS Registry Threat Unset Test Detection:True Positive Test" in out
    assert status == 1


def test_help_names_the_exit_statuses(capsys):
    with pytest.raises(SystemExit) as done:
        main(["test", "--help"])
    assert done.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "3 when nothing was tested" in help_text
    assert "1 when a test failed" in help_text


def test_a_data_root_that_is_not_a_folder_is_a_usage_error(spl, tmp_path):
    with pytest.raises(SystemExit) as done:
        spl("test", "--data-root", tmp_path / "nowhere", TWO_TESTS)
    assert done.value.code == 2
