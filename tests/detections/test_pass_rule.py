"""When a test passes, which detections are tested at all, and what a test's attack_data entries
give the events: contentctl's rules, where they apply offline.

Pass rule: contentctl's unit test (https://github.com/splunk/contentctl,
contentctl/actions/detection_testing/infrastructures/DetectionTestingInfrastructure.py,
retry_search_until_timeout): at least one result; results read in order, each needing every risk
object field present and not "null"; the first whose threat object fields are all set passes the
test; failing that, each threat object field must be set in some result. Risk and threat objects
come from `rba.risk_objects` / `rba.threat_objects`, and before `rba` from `tags.observable` by
role, Victim and Attacker (the same file before commit 8f7a68e2, "Last vestiges of
detection.tag.observable"). Skips: contentctl/objects/abstract_security_content_objects/
detection_abstract.py, adjust_tests_and_groups. Replay fields: contentctl/objects/
test_attack_data.py and hec_raw_replay (source, sourcetype, index and host per file).
"""

from __future__ import annotations

import time

import pytest

from detections.fixtures import MEDIA, RMS_DATA, SYSMON, TESTING
from engine.detections import clock_for, load_detection, verdict

RISK = ("dest",)
THREATS = ("process_name", "registry_path")


def test_no_results_fail():
    assert verdict([], RISK, ()) == "the search returned no results"


@pytest.mark.parametrize("value", [None, "null"])
def test_a_risk_object_field_missing_or_null_in_the_first_result_fails(value):
    rows = [{"dest": value, "count": 1}, {"dest": "ws01", "count": 1}]
    assert verdict(rows, RISK, ()) == ("risk object field `dest` is missing or \"null\" in "
                                       "result 1 of 2")


def test_results_after_the_first_complete_one_are_not_read():
    # contentctl returns PASS at the first result with every risk and threat object set
    rows = [{"dest": "ws01"}, {"count": 3}]
    assert verdict(rows, RISK, ()) == ""


def test_risk_objects_are_checked_in_every_result_until_one_has_all_threat_objects():
    rows = [{"dest": "ws01", "registry_path": "HKLM\\x"}, {"process_name": "reg.exe"}]
    assert "`dest` is missing or \"null\" in result 2 of 2" in verdict(rows, RISK, THREATS)


def test_the_first_result_with_every_threat_object_passes():
    rows = [{"dest": "ws01", "process_name": "null"},
            {"dest": "ws02", "process_name": "reg.exe", "registry_path": "HKLM\\x"}]
    assert verdict(rows, RISK, THREATS) == ""


def test_threat_objects_may_be_set_in_different_results():
    rows = [{"dest": "ws01", "process_name": "reg.exe"},
            {"dest": "ws02", "registry_path": "HKLM\\x"}]
    assert verdict(rows, RISK, THREATS) == ""


def test_a_threat_object_never_set_fails():
    rows = [{"dest": "ws01", "registry_path": "HKLM\\x"}, {"dest": "ws02", "process_name": "null"}]
    assert verdict(rows, RISK, THREATS) == ("threat object field(s) `process_name` are missing "
                                            "or \"null\" in every result")


def test_a_multivalue_or_empty_value_is_set():
    # contentctl compares a result's value with "null" only; whether Splunk's JSON results keep
    # an empty string the documentation does not say, so the engine's "" stays a value
    assert verdict([{"dest": ("ws01", "ws02")}], RISK, ()) == ""
    assert verdict([{"dest": ""}], RISK, ()) == ""


def test_without_risk_or_threat_objects_any_result_passes():
    # a Hunting search has no rba: contentctl needs results only
    assert verdict([{"count": 1}], (), ()) == ""


def test_old_schema_roles_name_risk_and_threat_objects(detection):
    path = detection("old.yml", rba=None, tags={"observable": [
        {"name": "dest", "type": "Endpoint", "role": ["Victim"]},
        {"name": "user", "type": "User", "role": ["Victim", "Attacker"]},
        {"name": "process_name", "type": "Process", "role": ["Attacker"]},
        {"name": "parent_process", "type": "Process", "role": ["Other"]}]})
    loaded = load_detection(path)
    assert loaded.risk_fields == ("dest", "user")
    assert loaded.threat_fields == ("user", "process_name")


def test_new_schema_rba_names_risk_and_threat_objects():
    loaded = load_detection(TESTING / "rms_rba.yml")
    assert (loaded.risk_fields, loaded.threat_fields) == (("dest",), ("registry_path",))


def test_new_schema_detection_passes_with_its_threat_object_set(spl, lines, attack_data):
    status, out = spl("test", "--data-root", attack_data.root, TESTING / "rms_rba.yml")
    assert lines(out)["RMS Registry RBA Test Detection:True Positive Test"].startswith("PASS  ")
    assert status == 0


def test_new_schema_detection_fails_when_a_threat_object_is_never_set(spl, lines, attack_data):
    status, out = spl("test", "--data-root", attack_data.root, TESTING / "rms_threat_unset.yml")
    line = lines(out)["RMS Registry Threat Unset Test Detection:True Positive Test"]
    assert line.startswith("FAIL  ")
    assert "threat object field(s) `process_name` are missing" in line
    assert status == 1


def test_old_schema_attacker_observable_never_set_fails(spl, lines, detection, attack_data):
    path = detection("attacker.yml", rba=None, tags={"observable": [
        {"name": "dest", "type": "Endpoint", "role": ["Victim"]},
        {"name": "process_name", "type": "Process", "role": ["Attacker"]}]})
    status, out = spl("test", "--data-root", attack_data.root, path)
    assert "threat object field(s) `process_name`" in lines(out)["attacker:True Positive Test"]
    assert status == 1


def test_a_search_error_fails_the_test(spl, lines, detection, attack_data):
    path = detection("broken.yml", search="| tstats count FROM datamodel=Endpont.Registry")
    status, out = spl("test", "--data-root", attack_data.root, path)
    assert "unknown data model `Endpont`" in lines(out)["broken:True Positive Test"]
    assert status == 1


@pytest.mark.parametrize("fields, why", [
    ({"status": "experimental"}, "the detection is experimental; only production detections"),
    ({"status": "deprecated"}, "the detection is deprecated"),
    ({"type": "Correlation"}, "Correlation detections are not tested"),
    ({"tags": {"manual_test": "needs a baseline lookup"}},
     "marked manual_test: needs a baseline lookup"),
])
def test_detections_contentctl_does_not_test_are_skipped(spl, lines, detection, attack_data,
                                                         fields, why):
    path = detection("skipped.yml", **fields)  # its data is there: it would pass if run
    status, out = spl("test", "--data-root", attack_data.root, path)
    line = lines(out)["skipped:True Positive Test"]
    assert line.startswith("SKIP  ") and why in line
    assert status == 3


REPLAYED = ('source="XmlWinEventLog:Replayed" sourcetype="replayed:events" index="attack_index" '
            '| stats count by host')


def test_source_sourcetype_and_index_are_set_on_the_file_s_events(spl, lines, detection,
                                                                   attack_data):
    given = {"source": "XmlWinEventLog:Replayed", "sourcetype": "replayed:events",
             "custom_index": "attack_index"}
    path = detection("replayed.yml", search=REPLAYED, rba={"risk_objects": [{"field": "host"}]},
                     tests=[{"name": "given", "attack_data": [{"data": MEDIA + RMS_DATA, **given}]},
                            {"name": "not given", "attack_data": [{"data": MEDIA + RMS_DATA,
                                                                    **SYSMON}]}])
    status, out = spl("test", "--data-root", attack_data.root, path)
    found = lines(out)
    # two hosts (win10-ws01, win10-ws02): every event was given the entry's fields
    assert found["replayed:given"].startswith("PASS  ") and "(2 rows," in found["replayed:given"]
    assert found["replayed:not given"].startswith("FAIL  ")
    assert status == 1


# Relative times count from the search's start, "now", and latest= is exclusive: "finds every
# event with a timestamp greater than or equal to earliest and less than latest"
# (https://help.splunk.com/?resourceId=SCS_Search_Timemodifiers).
LAST_TEN_MINUTES = ('source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" earliest=-10m '
                    'latest=now | stats count by host')
NEWEST_EVENT = 1773310312.808564  # win10-ws02's last registry event in the RMS log


def test_update_timestamp_starts_the_search_just_after_the_newest_event(detection, attack_data):
    path = detection("recent.yml", tests=[{"name": "t", "attack_data": [
        {"data": MEDIA + RMS_DATA, **SYSMON, "update_timestamp": True}]}])
    test = load_detection(path).tests[0]
    assert clock_for(test, [attack_data.root / RMS_DATA]).now == NEWEST_EVENT + 1


def test_without_update_timestamp_the_search_starts_now(detection, attack_data):
    test = load_detection(detection("now.yml")).tests[0]
    assert abs(clock_for(test, [attack_data.root / RMS_DATA]).now - time.time()) < 60


def test_update_timestamp_makes_relative_times_find_the_data(spl, lines, detection, attack_data):
    # the RMS log is from March 2026: counted from today, the last ten minutes hold none of it;
    # counted from its newest event, they hold win10-ws02's events only (one row, not two)
    tests = [{"name": name, "attack_data": [{"data": MEDIA + RMS_DATA, **SYSMON, **flag}]}
             for name, flag in (("updated", {"update_timestamp": True}),
                                ("not updated", {}), ("misspelt", {"update_timestamp": "trues"}))]
    path = detection("recent.yml", search=LAST_TEN_MINUTES,
                     rba={"risk_objects": [{"field": "host"}]}, tests=tests)
    _, out = spl("test", "--data-root", attack_data.root, path)
    found = lines(out)
    assert found["recent:updated"].startswith("PASS  ") and "(1 rows," in found["recent:updated"]
    assert found["recent:not updated"].startswith("FAIL  ")
    assert found["recent:misspelt"].startswith("FAIL  ")  # security_content has one `trues`


def test_tests_without_attack_data_and_detections_without_tests_are_skipped(spl, lines,
                                                                          detection, attack_data):
    empty = detection("empty.yml", tests=[{"name": "no entries", "attack_data": []},
                                          {"name": "no data", "attack_data": [SYSMON]}])
    untested = detection("untested.yml", tests=None)
    status, out = spl("test", "--data-root", attack_data.root, empty, untested)
    found = lines(out)
    assert found["empty:no entries"].startswith("SKIP  ")
    assert "the test has no attack_data" in found["empty:no entries"]
    assert "an attack_data entry has no `data:`" in found["empty:no data"]
    assert found["untested"].startswith("SKIP  ") and "no tests: entries" in found["untested"]
    assert status == 3
