"""Session: many searches over logs read once give the same results as separate runs."""

from __future__ import annotations

from pathlib import Path

from engine.output import render
from engine.session import Session
from support import run_search

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "tests" / "data" / "endpoint_sysmon.log"
SEARCHES = [
    "| tstats count from datamodel=Endpoint.Registry by Registry.action",
    '| tstats count from datamodel=Endpoint.Registry where Registry.registry_path="*\\\\Run*" '
    "by Registry.registry_key_name",
    "| tstats dc(Processes.process_name) as n from datamodel=Endpoint.Processes by Processes.dest",
    'EventCode=13 | eval k=lower(TargetObject) | where like(k, "%run%") | table k',
]


def test_session_results_equal_single_runs():
    session = Session([LOG])
    for search in SEARCHES:
        assert render(session.run(search), "csv") == run_search(search, [LOG])[0]


def test_logs_are_read_once_and_reused():
    session = Session([LOG])
    session.run(SEARCHES[0])
    read = sum(session.runtime.diagnostics.records_read.values())
    session.run(SEARCHES[1])
    session.run(SEARCHES[0])
    assert read == 33
    assert sum(session.runtime.diagnostics.records_read.values()) == read


def test_commands_cannot_change_the_kept_events():
    session = Session([LOG])
    session.run('EventCode=13 | eval TargetObject="changed" | table TargetObject')
    again = render(session.run("EventCode=13 | table TargetObject"), "csv")
    assert "changed" not in again
