"""The search argument and what a run says about its result: detection YAML files as the search,
the options explain shares with run, `--now latest` and the notice when the time range removed
every event, the empty result, and which values JSON output types as numbers."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from spl.cli import main

ROOT = Path(__file__).resolve().parents[2]
RMS_LOG = ROOT / "examples" / "data" / "rms_sysmon.log"
DETECTION = ROOT / "examples" / "rms_registry.yml"
NAME = "Windows Remote Access Software RMS Registry"
LOOKUPS = str(ROOT / "tests" / "lookups")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def event_times() -> list[datetime]:
    """The fixture's event times, read from its XML text here rather than by the engine."""
    stamps = re.findall(r'SystemTime="([^"]+)"', RMS_LOG.read_text(encoding="utf-8"))
    return sorted(datetime.fromisoformat(s.replace("Z", "+00:00")) for s in stamps)


# ---- a detection file as the search ----------------------------------------------------------


@pytest.mark.parametrize("argument", [f"@{DETECTION}", str(DETECTION)])
def test_run_takes_a_detections_search_and_names_it(capsys, argument):
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "--format", "csv", argument)
    _, expected, _ = run(capsys, "run", "--data", RMS_LOG, "--format", "csv",
                         f"@{ROOT / 'examples' / 'rms_registry.spl'}")  # the same search as text
    assert status == 0
    assert out == expected and len(out.splitlines()) == 8
    assert err.splitlines()[0] == f"detection: {NAME} ({DETECTION})"


def test_explain_titles_its_report_with_the_detection(capsys):
    status, out, _ = run(capsys, "explain", "--data", RMS_LOG, f"@{DETECTION}")
    assert status == 0
    assert out.splitlines()[:2] == [f"Detection: {NAME}", f"  from {DETECTION}"]
    assert out.splitlines()[3].startswith("1. tstats ")


def test_explain_json_stays_a_list_and_names_the_detection_on_stderr(capsys):
    status, out, err = run(capsys, "explain", "--data", RMS_LOG, "--format", "json", DETECTION)
    assert status == 0
    assert isinstance(json.loads(out), list)
    assert f"detection: {NAME}" in err


def test_a_yaml_file_without_a_search_is_a_usage_error(capsys, tmp_path):
    macro = tmp_path / "not_a_detection.yml"
    macro.write_text("name: greet\ndefinition: search *\n", encoding="utf-8")
    status, out, err = run(capsys, "run", f"@{macro}")
    assert (status, out) == (2, "")
    assert "has no `search:`; is it a detection?" in err


def test_a_search_text_ending_in_yml_that_names_no_file_is_the_search(capsys):
    status, out, _ = run(capsys, "run", "--format", "csv", "| makeresults | eval f=\"a.yml\" "
                         "| table f")
    assert (status, out) == (0, "f\na.yml\n")


def test_explain_takes_lookups_now_and_tz_like_run(capsys):
    # The options come from one helper (spl/cli/run.py add_search_options): a lookup folder, a
    # clock for `earliest=` and a zone for rendering all work in explain as in run.
    status, out, _ = run(capsys, "explain", "--lookups", LOOKUPS, "--format", "json",
                         "| inputlookup suspicious_tools | head 1")
    assert status == 0 and json.loads(out)[0]["rows_out"] > 0
    newest = event_times()[-1]
    now = (newest + timedelta(hours=1)).isoformat()
    status, out, _ = run(capsys, "explain", "--data", RMS_LOG, "--now", now, "--tz",
                         "Asia/Tokyo", "--format", "json", "earliest=-2h | head 1")
    (step,) = json.loads(out)[:1]
    assert step["rows_out"] >= 1
    assert step["sample"][0]["_time"].endswith("+09:00")


# ---- --now latest and the time range --------------------------------------------------------


def test_now_latest_starts_the_search_just_after_the_newest_event(capsys):
    # Search Manual, "Specify time modifiers in your search": -1h counts back from the search's
    # start. Every event of the fixture lies within the hour before its newest one.
    times = event_times()
    assert times[-1] - times[0] < timedelta(hours=1)
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "--now", "latest", "--format",
                           "csv", "earliest=-1h | stats count")
    assert status == 0
    assert out == f"count\n{len(times)}\n"
    # `latest=now` excludes its own instant, so the start is one second after the newest event
    # and the newest event is kept.
    status, out, _ = run(capsys, "run", "--data", RMS_LOG, "--now", "latest", "--format", "csv",
                         "earliest=-1h latest=now | stats count")
    assert out == f"count\n{len(times)}\n"


def test_now_latest_without_events_is_a_usage_error(capsys):
    status, _, err = run(capsys, "run", "--now", "latest", "| makeresults")
    assert status == 2
    assert "--now latest: the --data files hold no event with a time" in err


def test_run_says_when_earliest_removed_every_event(capsys):
    times = event_times()
    now = times[-1] + timedelta(days=273, hours=3)
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "--now", now.isoformat(),
                           "earliest=-24h EventCode=13 | table _time host")
    assert status == 0
    assert out.split() == ["_time", "host", "-------", "------"]  # the header alone
    newest = times[-1].strftime("%Y-%m-%d %H:%M:%S")
    assert (f"notice: earliest=-24h removed all {len(times)} events: the latest is {newest}, "
            "273 days before now; try --now latest") in err.splitlines()


def test_a_count_of_nothing_gets_the_same_notice(capsys):
    times = event_times()
    now = times[-1] + timedelta(days=3)
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "--now", now.isoformat(),
                           "--format", "csv", "earliest=-1d | stats count")
    assert (status, out) == (0, "count\n0\n")
    assert "No results found." not in err  # a row was found: the count
    assert f"notice: earliest=-1d removed all {len(times)} events" in err


def test_run_says_when_latest_removed_every_event(capsys):
    times = event_times()
    status, _, err = run(capsys, "run", "--data", RMS_LOG, "--now", times[-1].isoformat(),
                         "latest=-1d | table _time")
    oldest = times[0].strftime("%Y-%m-%d %H:%M:%S")
    assert status == 0
    assert f"latest=-1d removed all {len(times)} events: the earliest is {oldest}" in err


def test_no_time_notice_when_events_fall_inside_the_range(capsys):
    # The range holds every event; the other term removed them, so the time range is not blamed.
    status, _, err = run(capsys, "run", "--data", RMS_LOG, "--now", "latest",
                         "earliest=-1h EventCode=9999 | table _time")
    assert status == 0
    assert "No results found." in err
    assert "removed all" not in err


# ---- the empty result -----------------------------------------------------------------------
# Splunk's pages on searching from its CLI ("About searches in the CLI", "Syntax for searches in
# the CLI", Search Reference 9.4) do not say what an empty result prints; "No results found." is
# the wording the issue asks for (Splunk Web's Statistics tab shows the same words).


@pytest.mark.parametrize("format_, expected", [("csv", "host,count\n"), ("json", "[]\n")])
def test_an_empty_result_prints_no_results_on_stderr_and_its_header(capsys, format_, expected):
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "--format", format_,
                           "EventCode=9999 | stats count by host")
    assert (status, out) == (0, expected)
    assert err.splitlines()[-1] == "No results found."


def test_an_empty_table_with_known_columns_shows_them(capsys):
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "EventCode=9999 | table host user")
    header, rule = out.splitlines()
    assert (status, header.split()) == (0, ["host", "user"])
    assert set(rule.replace(" ", "")) == {"-"}
    assert "No results found." in err


def test_an_empty_result_of_unknown_columns_prints_nothing_on_stdout(capsys):
    status, out, err = run(capsys, "run", "--data", RMS_LOG, "--format", "csv", "EventCode=9999")
    assert (status, out) == (0, "")
    assert "No results found." in err


def test_a_result_with_rows_says_nothing_of_the_kind(capsys):
    _, _, err = run(capsys, "run", "--data", RMS_LOG, "EventCode=13 | stats count")
    assert "No results found." not in err


# ---- JSON numbers ---------------------------------------------------------------------------
# The rule (engine/output.py): computed numbers are JSON numbers, field text stays a string.
# Splunk's documentation does not say how its JSON export types values; the Search Reference's
# informational functions page says fields "can be processed as either strings or numeric
# values based on their context", which is why the log's text is kept as written.


def test_json_keeps_field_text_as_strings_and_computed_numbers_as_numbers(capsys):
    search = ('EventCode=13 | head 1 | eval padded="007", hex="0x1F", length=len(host), '
              'parsed=tonumber("13") | table EventCode padded hex length parsed')
    status, out, _ = run(capsys, "run", "--data", RMS_LOG, "--format", "json", search)
    (row,) = json.loads(out)
    assert status == 0
    assert row["EventCode"] == "13"            # from the log: text, though it looks numeric
    assert (row["padded"], row["hex"]) == ("007", "0x1F")
    assert row["length"] == len("win10-ws01.contoso.local")  # computed by len()
    assert row["parsed"] == 13 and isinstance(row["parsed"], int)


def test_json_numbers_of_stats_and_multivalues(capsys):
    status, out, _ = run(capsys, "run", "--data", RMS_LOG, "--format", "json",
                         "EventCode=13 | stats count avg(EventCode) as mean values(EventCode) "
                         "as code values(host) as hosts")
    (row,) = json.loads(out)
    events = RMS_LOG.read_text(encoding="utf-8").count("<EventID>13</EventID>")
    assert (row["count"], row["mean"], row["code"]) == (events, 13, "13")  # values() keeps text
    assert isinstance(row["count"], int)
    assert len(row["hosts"]) == 2 and all(isinstance(h, str) for h in row["hosts"])


def test_json_prints_a_non_finite_number_as_splunk_prints_it(capsys):
    status, out, _ = run(capsys, "run", "--format", "json",
                         '| makeresults | eval big=1e308*10 | table big')
    assert status == 0
    assert json.loads(out) == [{"big": "inf"}]  # valid JSON: no bare Infinity
