"""`spl run` end to end: the README's example, output formats, where the search comes from,
what goes to stderr, and exit statuses (0 ok, 1 search error, 2 usage error)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from support import run_cli

ROOT = Path(__file__).resolve().parents[2]
RMS_LOG = str(ROOT / "examples" / "data" / "rms_sysmon.log")
SEED = ROOT / "examples" / "rms_registry.spl"
COUNT_BY_ACTION = ("| tstats count from datamodel=Endpoint.Registry "
                   "where Registry.registry_path=\"*remote manipulator*\" by Registry.action")


def test_seed_detection_from_file_fires_on_the_example_log(capsys):
    status, out, err = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv", f"@{SEED}")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == ("registry_key_name,user,registry_path,registry_value_data,action,dest,"
                        "count,firstTime,lastTime")
    assert len(lines) == 8  # header + 7 rows: 8 matching events, the Options value twice
    assert "windows_remote_access_software_rms_registry_filter" in err  # the notice
    assert "search *" in err


def test_table_format_is_aligned_with_a_header_rule(capsys):
    status, out, _ = run_cli(capsys, "run", "--data", RMS_LOG, COUNT_BY_ACTION)
    assert status == 0
    header, rule, *rows = out.splitlines()
    assert header.split() == ["Registry.action", "count"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert [r.split() for r in rows] == [["created", "3"], ["modified", "8"]]


def test_json_is_one_array_with_numbers_as_numbers(capsys):
    status, out, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "json", COUNT_BY_ACTION)
    assert status == 0
    assert json.loads(out) == [{"Registry.action": "created", "count": 3},
                               {"Registry.action": "modified", "count": 8}]


def test_json_keeps_key_order_and_multivalues_as_arrays(capsys):
    search = ("| tstats values(Registry.action) as actions count from datamodel=Endpoint.Registry "
              "where Registry.registry_path=\"*remote manipulator*\" by Registry.dest")
    status, out, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "json", search)
    (row,) = json.loads(out)
    assert list(row) == ["Registry.dest", "actions", "count"]
    assert row["actions"] == ["created", "modified"]


def test_search_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(COUNT_BY_ACTION))
    status, out, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv", "-")
    assert status == 0
    assert out == "Registry.action,count\ncreated,3\nmodified,8\n"


def test_several_data_files_are_searched_together(capsys, tmp_path):
    copy = tmp_path / "copy.log"
    copy.write_bytes(Path(RMS_LOG).read_bytes())
    status, out, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--data", str(copy),
                             "--format", "csv", COUNT_BY_ACTION)
    assert out == "Registry.action,count\ncreated,6\nmodified,16\n"


def test_user_macros_override_shipped_ones(capsys, tmp_path):
    (tmp_path / "macros.conf").write_text(
        "[windows_remote_access_software_rms_registry_filter]\n"
        "definition = search action=created\n", encoding="utf-8")
    status, out, err = run_cli(capsys, "run", "--data", RMS_LOG, "--macros", str(tmp_path),
                               "--format", "csv", f"@{SEED}")
    assert status == 0
    assert len(out.splitlines()) == 3  # the two key creations
    assert "not defined" not in err


def test_search_error_exits_1_with_caret_on_stderr(capsys):
    status, out, err = run_cli(capsys, "run", "--data", RMS_LOG, "| tstats count | stast count")
    assert status == 1
    assert out == ""
    assert "error[" in err and "^" in err


def test_missing_data_file_is_a_usage_error(capsys, tmp_path):
    status, _, err = run_cli(capsys, "run", "--data", str(tmp_path / "nope.log"), "| search *")
    assert status == 2
    assert "nope.log" in err


def test_unknown_time_zone_is_a_usage_error(capsys):
    status, _, err = run_cli(capsys, "run", "--data", RMS_LOG, "--tz", "Mars/Olympus", "| search *")
    assert status == 2
    assert "Mars/Olympus" in err


def test_time_zone_changes_rendered_times(capsys):
    search = COUNT_BY_ACTION.replace("count from", "count min(_time) as t from") + \
        " | convert ctime(t)"
    _, utc, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv", search)
    _, tokyo, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv", "--tz", "Asia/Tokyo",
                          search)
    assert "03/12/2026 09:14:10" in utc
    assert "03/12/2026 18:14:10" in tokyo


def test_broken_records_are_reported_on_stderr_and_the_rest_is_read(capsys, tmp_path):
    lines = Path(RMS_LOG).read_text(encoding="utf-8").splitlines(keepends=True)
    damaged = tmp_path / "damaged.log"
    damaged.write_text(lines[0] + lines[1][: len(lines[1]) // 2] + "\n" + "".join(lines[2:]),
                       encoding="utf-8")
    status, out, err = run_cli(capsys, "run", "--data", str(damaged), "--format", "csv",
                               "| tstats count from datamodel=Endpoint.Processes")
    assert status == 0
    assert f"{damaged}:2: skipped record" in err
    assert "1 record(s) skipped, 25 read" in err
    assert out == "count\n6\n"  # 7 process creations, one of them in the damaged record


def test_now_sets_where_relative_times_count_from(capsys):
    # Search Manual, "Specify time modifiers in your search": -1d is relative to the search's
    # start; the example log's events are from 2026-03-12, so only a start just after them
    # finds them.
    search = "earliest=-1d EventCode=13 | stats count"
    _, near, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv",
                         "--now", "2026-03-12T12:00:00Z", search)
    _, far, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv",
                        "--now", "2026-03-20T12:00:00Z", search)
    assert int(near.splitlines()[1]) > 0
    assert far.splitlines()[1] == "0"


def test_a_now_that_cannot_be_read_is_a_usage_error(capsys):
    status, out, err = run_cli(capsys, "run", "--data", RMS_LOG, "--now", "yesterday", "| head 1")
    assert (status, out) == (2, "")
    assert "--now yesterday: cannot read the time" in err


def test_no_pushdown_gives_the_same_rows(capsys):
    _, pushed, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv", f"@{SEED}")
    _, whole, _ = run_cli(capsys, "run", "--data", RMS_LOG, "--format", "csv", "--no-pushdown",
                          f"@{SEED}")
    assert pushed == whole and len(pushed.splitlines()) == 8


def test_explain_plan_prints_the_operators_last_first(capsys):
    status, out, _ = run_cli(capsys, "explain", "--plan", COUNT_BY_ACTION)
    lines = out.splitlines()
    assert status == 0
    assert lines[0].startswith("Aggregate count BY Registry.action")
    assert lines[1].lstrip().startswith('Filter search Registry.registry_path="*remote manipulator*"')
    assert lines[-1].strip() == ("Scan literals=((remote manipulator)), "
                                 "columns=(((TargetObject, remote manipulator)))")


def test_binding_notices_go_to_stderr_in_run_and_explain(capsys):
    # A KV store collection with no local rows (engine/lookups.py) and a field the dataset lacks
    # (engine/commands/tstats.py) are notices, not errors: the search still runs.
    lookups = str(ROOT / "tests" / "lookups")
    status, out, err = run_cli(capsys, "run", "--lookups", lookups, "--format", "csv",
                               "| inputlookup seen_regions")
    assert (status, out) == (0, "_key,region\n")
    assert "notice: lookup `seen_regions` is the KV store collection `seen_regions`" in err
    status, out, err = run_cli(capsys, "explain", "--plan", "| tstats count from "
                               "datamodel=Endpoint.Registry by Registry.dets")
    assert status == 0 and out.startswith("Aggregate count BY Registry.dets")
    assert "notice: tstats: the BY field `Registry.dets`" in err
