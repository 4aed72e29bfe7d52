"""`spl expand` and `spl explain` beyond the tutorial: formatting, traces and the JSON report."""

from __future__ import annotations

import json
from pathlib import Path

from spl.cli import main

ROOT = Path(__file__).resolve().parents[2]
LOG = str(ROOT / "examples" / "data" / "rms_sysmon.log")


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_expand_puts_each_command_on_its_own_line(capsys):
    out = run(capsys, "expand", "EventCode=13 | `drop_dm_object_name(Registry)` | search *")
    assert out.splitlines() == ["EventCode=13", "| rename Registry.* AS *", "| search *"]


def test_expand_keeps_quoted_backticks_and_strips_comments(capsys):
    out = run(capsys, "expand", '```note``` | search x="`not a macro`"')
    assert out.splitlines() == ['| search x="`not a macro`"']


def test_expand_trace_shows_nesting_depth(capsys):
    out = run(capsys, "expand", "--trace", "| tstats `security_content_summariesonly` count "
              "from datamodel=Endpoint.Registry")
    lines = out.splitlines()
    assert lines[0].startswith("`security_content_summariesonly` -> ")
    assert any(line.startswith("  `fillnull_config` -> ") for line in lines)
    assert lines[-1] == ("| tstats summariesonly=false allow_old_summaries=true "
                         "fillnull_value=null count from datamodel=Endpoint.Registry")


def test_explain_json_reports_counts_and_why_rows_vanished(capsys):
    search = ('| tstats count from datamodel=Endpoint.Registry where '
              'Registry.registry_path="*\\\\SYSTEM\\\\Remote Manipulator System*" by Registry.action'
              ' | search Registry.action=created')
    report = json.loads(run(capsys, "explain", "--data", LOG, "--format", "json", search))
    tstats, search_step = report
    assert (tstats["rows_in"], tstats["rows_out"], tstats["columns_out"]) == (0, 2, 2)
    # explain reports the run itself, pushdown included: the 17 records without the pattern's
    # literal are never parsed, so the 8 registry events left all match the pattern.
    assert "17 record(s) skipped unparsed: their text lacks `\\system\\remote manipulator " \
        "system` (pushdown)" in tstats["vanished"]
    assert "8 event(s) belong to dataset Endpoint.Registry" in tstats["vanished"]
    assert "dropped" in tstats["description"]  # no fillnull_value: null BY rows are dropped
    assert (search_step["rows_in"], search_step["rows_out"]) == (2, 1)
    assert search_step["vanished"] == [
        "1 row(s) dropped: not (Registry.action equals created (case-insensitive))"]
    assert search_step["sample"] == [{"Registry.action": "created", "count": "2"}]
