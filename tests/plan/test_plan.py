"""The logical plan: what searches bind to, and the bugs that copies of one semantic caused
before there was one (each test here failed on the engine that walked the syntax tree)."""

from __future__ import annotations

import json

import pytest

from engine import plan
from engine.catalog import Catalog, load_macros, shipped_models
from engine.clock import Clock
from engine.datamodels import DataModels
from engine.explain import explain
from engine.runner import prepare, run_search
from engine.runtime import Runtime
from support import DATA, TESTS, bind_search, run_search as run_rendered

LOOKUPS = TESTS / "lookups"
ENDPOINT_LOG = DATA / "endpoint_sysmon.log"


def test_a_boolean_option_reads_yes_everywhere():
    # engine/options.py read `yes` as true but the binder's own reader did not, so this was
    # refused as "must be the first command". inputlookup reference: append=<bool>.
    output, _ = run_rendered("| inputlookup hosts.csv | inputlookup append=yes users.csv",
                             lookups=[LOOKUPS])
    users = len((LOOKUPS / "users.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert output.splitlines()[0] == "host,site,role,user,group,team"
    assert len(output.splitlines()) == 1 + 2 + users


def test_tstats_append_true_keeps_its_input_rows():
    # tstats reference: "append: When in prestats mode (prestats=true), enables append=true
    # where the prestats results append to any existing results"; outside prestats the page is
    # silent, and Splunk appends the results too. Before the plan, the input rows were dropped.
    output, _ = run_rendered("| inputlookup hosts.csv | tstats append=true count "
                             "from datamodel=Endpoint.Registry", [ENDPOINT_LOG], lookups=[LOOKUPS])
    rows = output.splitlines()[1:]
    assert rows[:2] == ["web01,paris,frontend,", "db01,berlin,database,"]
    assert len(rows) == 3 and rows[2].startswith(",,,") and rows[2] != ",,,0"


def test_tstats_binds_to_scan_filter_and_aggregate():
    node = prepare('| tstats count from datamodel=Endpoint.Registry '
                   'where Registry.registry_path="*\\\\Run*" by Registry.dest',
                   Catalog.load(), Clock.started()).plan
    kinds = [type(n).__name__ for n in plan.chain(node)]
    assert kinds[:3] == ["Aggregate", "Filter", "DatasetRows"]
    assert kinds[-1] == "Scan"
    aggregate = node
    assert (aggregate.by, aggregate.fillnull) == (("Registry.dest",), None)


def test_a_data_model_constraint_runs_as_the_commands_it_is(tmp_path):
    # Splunk's data model constraints are searches; "tag=x | where 1=2 | head 0" keeps nothing.
    # The old engine kept only the search and eval parts of a constraint and yielded the row.
    model = {"modelName": "Tiny", "objects": [{
        "objectName": "Everything", "parentName": "BaseEvent",
        "constraints": [{"search": "EventCode=1 | where 1=2 | head 0"}],
        "fields": [{"fieldName": "Image"}], "calculations": []}]}
    (tmp_path / "Tiny.json").write_text(json.dumps(model), encoding="utf-8")
    _, knowledge = shipped_models()
    catalog = Catalog(DataModels.load(tmp_path), knowledge, load_macros())
    result = run_search("| tstats count from datamodel=Tiny.Everything", [ENDPOINT_LOG],
                        catalog=catalog)
    assert result.table.materialize()[0] == [{"count": 0}]
    kinds = [type(n).__name__ for n in plan.chain(result.prepared.plan)]
    assert "Limit" in kinds and kinds.count("Filter") >= 2


def test_explain_describes_time_bounds_as_times_not_as_a_field():
    # Search Manual, "Specify time modifiers in your search": earliest= is a time bound, not a
    # field. The old explain said "earliest equals -10000d".
    clock = Clock.started(now=1_800_000_000.0)
    prepared = prepare("EventCode=13 earliest=-1d", Catalog.load(), clock)
    (report,) = explain(prepared, Runtime(clock=clock, data=[ENDPOINT_LOG]))
    assert "_time is at or after 2027-01-14T08:00:00.000+00:00" in report.description
    assert "earliest" not in report.description


def test_explain_reports_the_rows_run_dropped_and_no_others():
    # The old explain re-ran the pipeline without pushdown and reported rows dropped by a
    # search term that the run never saw: they were skipped unread.
    text = 'EventCode=13 TargetObject="*\\\\Run\\\\*" | stats count'
    catalog, clock = Catalog.load(), Clock.started()
    for pushdown in (True, False):
        prepared = prepare(text, catalog, clock, pushdown=pushdown)
        search_step, stats_step = explain(prepared, Runtime(clock=clock, data=[ENDPOINT_LOG]))
        dropped = sum(int(r.split()[0]) for r in search_step.vanished if "dropped" in r)
        skipped = sum(int(r.split()[0]) for r in search_step.vanished if "skipped" in r)
        assert search_step.rows_in - dropped == search_step.rows_out == stats_step.rows_in
        assert (skipped > 0) is pushdown
        assert stats_step.sample == run_search(text, [ENDPOINT_LOG], catalog=catalog,
                                               pushdown=pushdown).table.materialize()[0]


def test_now_sets_the_clock_relative_times_read():
    # `earliest=-1d` is relative to the search's start; --now moves that start so that old
    # logs can be searched with relative times.
    text = "earliest=-1d EventCode=1 | stats count"
    last_event = max(row["_time"] for row in run_search(
        "EventCode=1 | table _time", [ENDPOINT_LOG]).table.materialize()[0])
    near = run_search(text, [ENDPOINT_LOG], clock=Clock.started(now=last_event + 60))
    far = run_search(text, [ENDPOINT_LOG], clock=Clock.started(now=last_event + 3 * 86400))
    assert near.table.materialize()[0][0]["count"] > 0
    assert far.table.materialize()[0] == [{"count": 0}]


def test_plan_text_shows_each_operator_last_first():
    text = plan.render(bind_search("| where x > 1 | head 5 | eval y=x*2"))
    assert text.splitlines() == ["Eval y=(x * 2)", "  Limit count=5",
                                 "    Filter where (x > 1)", "      Rows"]


def test_pushdown_puts_literals_on_the_scan_and_tag_tests_below_enrichment():
    node = prepare('| tstats count from datamodel=Endpoint.Registry '
                   'where Registry.registry_path="*\\\\SYSTEM\\\\Remote Manipulator System*"',
                   Catalog.load(), Clock.started()).plan
    operators = list(plan.chain(node))
    scan = operators[-1]
    assert scan.literals == (("\\system\\remote manipulator system",),)
    below = operators[-2]
    assert isinstance(below, plan.Filter) and "tag endpoint, registry" in below.note
    enrich = next(o for o in operators if isinstance(o, plan.Enrich))
    assert "registry_path" in enrich.fields and "process_name" not in enrich.fields


@pytest.mark.parametrize("text", [
    "| tstats count from datamodel=Endpoint.Processes by Processes.process_name",
    'EventCode=1 Image="*\\\\powershell.exe" | stats count by host',
])
def test_no_pushdown_binds_the_same_plan_unrewritten(text):
    catalog, clock = Catalog.load(), Clock.started()
    plain = prepare(text, catalog, clock, pushdown=False).plan
    scan = list(plan.chain(plain))[-1]
    assert isinstance(scan, plan.Scan) and scan.literals == ()
    rewritten = run_search(text, [ENDPOINT_LOG], catalog=catalog).table.materialize()
    unrewritten = run_search(text, [ENDPOINT_LOG], catalog=catalog,
                             pushdown=False).table.materialize()
    assert rewritten == unrewritten and rewritten[0]
