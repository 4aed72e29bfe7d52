"""The search page's JSON API, through Starlette's TestClient: each answer is checked against
what the engine or the command line gives for the same search over the same log."""

from __future__ import annotations

from collections import Counter

import pytest
from starlette.testclient import TestClient

from engine.catalog import Catalog
from engine.runner import run_search
from serve.conftest import RMS_LOG, RMS_SEARCH, finished, make_workspace
from spl.cli import main
from spl.serve import results
from spl.serve.app import create_app
from spl.serve.jobs import Job


def search(client, text: str) -> dict:
    return finished(client, client.post("/api/search", json={"search": text}).json())


def events_of(text: str) -> list[dict]:
    rows, _ = run_search(text, [RMS_LOG], catalog=Catalog.load()).table.materialize()
    return rows


def test_the_seed_detection_gives_the_rows_spl_run_gives(client):
    state = search(client, RMS_SEARCH)
    assert state["status"] == "done", state
    result = state["result"]
    expected = events_of(RMS_SEARCH)
    assert result["kind"] == "table" and result["count"] == len(expected) > 0
    assert sorted(r["registry_path"] for r in result["rows"]) == \
        sorted(r["registry_path"] for r in expected)
    assert all("remote manipulator system" in r["registry_path"].lower() for r in result["rows"])
    # the filter macro it lacks is named, as spl run names it
    assert any("_filter" in n for n in result["notices"])


def test_the_page_over_an_event_store_gives_the_rows_it_gives_over_the_log(client, tmp_path,
                                                                         capsys):
    store = tmp_path / "store"
    assert main(["ingest", "--data", str(RMS_LOG), "--store", str(store)]) == 0
    over_store = TestClient(create_app(make_workspace(tmp_path, store)),
                            base_url="http://127.0.0.1")
    info = over_store.get("/api/info").json()
    assert info["store"] == str(store) and info["events"] == 26 and info["data"] == []
    for text in (RMS_SEARCH, "search EventCode=13 | stats count by TargetObject"):
        assert search(over_store, text)["result"]["rows"] == search(client, text)["result"]["rows"]


def test_a_mistake_comes_back_rendered_exactly_as_the_cli_prints_it(client, capsys):
    text = "search * | stats cont by EventCode"
    state = search(client, text)
    assert state["status"] == "error"
    assert main(["run", "--data", str(RMS_LOG), text]) == 1
    printed = capsys.readouterr().err.strip()
    assert state["error"]["rendered"] == printed
    assert state["error"]["hint"] == "did you mean `count`?"
    lines = printed.splitlines()
    caret = next(line for line in lines if "^" in line)
    source = lines[lines.index(caret) - 1]
    assert source[caret.index("^"):caret.rindex("^") + 1] == "cont"


def test_a_syntax_error_in_expand_is_a_400_with_the_caret(client):
    answer = client.post("/api/expand", json={"search": "search * | stats count by"})
    assert answer.status_code == 400
    assert "^" in answer.json()["error"]["rendered"]


def test_an_event_search_gives_events_a_field_sidebar_and_a_timeline(client):
    text = "search EventCode=13"
    rows = events_of(text)
    result = search(client, text)["result"]
    assert result["kind"] == "events" and result["count"] == len(rows)
    assert {e["raw"] for e in result["events"]} == {r["_raw"] for r in rows}
    assert all(e["fields"]["EventCode"] == "13" for e in result["events"])
    computers = Counter(r["Computer"] for r in rows)
    summary = {f["field"]: f for f in result["summary"]}
    assert summary["Computer"]["distinct_count"] == len(computers)
    top = summary["Computer"]["values"][0]
    value, count = computers.most_common(1)[0]
    assert (top["value"], top["count"]) == (value, count)
    assert top["share"] == pytest.approx(count / len(rows))
    assert summary["EventCode"]["share"] == 1.0
    buckets = result["timeline"]["buckets"]
    assert sum(b["count"] for b in buckets) == len(rows)
    assert [b["epoch"] for b in buckets] == sorted(b["epoch"] for b in buckets)


def test_charting_commands_come_with_a_chart_and_plain_tables_without(client):
    by_code = search(client, "search * | stats count by EventCode")["result"]
    assert by_code["chart"] == {"type": "column", "x": ["EventCode"], "series": ["count"]}
    timechart = search(client, "search * | timechart span=1m count by EventCode")["result"]
    assert timechart["chart"]["type"] == "line" and timechart["chart"]["x"] == ["_time"]
    assert set(timechart["chart"]["series"]) == {r["EventCode"] for r in events_of("search *")}
    top = search(client, "search * | top Computer")["result"]
    assert top["chart"] == {"type": "pie", "x": ["Computer"], "series": ["count"]}
    assert search(client, RMS_SEARCH)["result"]["chart"] is None  # tstats: a table only
    assert search(client, "search * | stats count")["result"]["chart"] is None  # no BY


def test_explain_reports_each_command_from_the_real_run(client):
    text = "search EventCode=13 | stats count by Computer"
    started = client.post("/api/explain", json={"search": text}).json()
    steps = finished(client, started)["result"]["steps"]
    matched = events_of("search EventCode=13")
    assert [s["command"] for s in steps] == ["search EventCode=13", "stats count by Computer"]
    assert (steps[0]["rows_in"], steps[0]["rows_out"]) == (len(events_of("search *")), len(matched))
    assert any("dropped" in v for v in steps[0]["vanished"])
    assert steps[1]["rows_out"] == len({r["Computer"] for r in matched})
    assert steps[1]["sample"][0].keys() == {"Computer", "count"}


def test_expand_shows_each_macro_and_the_search_as_spl_expand_prints_it(client, capsys):
    answer = client.post("/api/expand", json={"search": RMS_SEARCH}).json()
    assert main(["expand", RMS_SEARCH]) == 0
    assert capsys.readouterr().out.strip() == answer["text"]
    calls = [s["call"] for s in answer["steps"]]
    assert "security_content_summariesonly" in calls and "drop_dm_object_name(Registry)" in calls
    assert any(s["depth"] == 1 for s in answer["steps"])  # a macro inside a macro


def test_the_vocabulary_comes_from_the_engine_and_grammar(client):
    vocabulary = client.get("/api/info").json()["vocabulary"]
    assert "tstats" in vocabulary["commands"] and "transaction" in vocabulary["commands"]
    assert "count" in vocabulary["functions"] and "coalesce" in vocabulary["functions"]
    assert {"BY", "AS", "OR", "WHERE"} <= set(vocabulary["keywords"])
    assert "drop_dm_object_name" in vocabulary["macros"]


def test_detections_are_listed_with_their_check_run_and_tested(client, workspace):
    folder = str(workspace.detection_dirs[0])
    listed = client.get("/api/detections", params={"path": folder}).json()["detections"]
    assert [(d["name"], d["status"]) for d in listed] == \
        [("Windows Remote Access Software RMS Registry", "ok")]
    ran = client.post("/api/detections/run", json={"path": listed[0]["path"]})
    assert ran.status_code == 202 and ran.json()["search"].startswith("| tstats")
    assert finished(client, ran.json())["result"]["count"] == len(events_of(RMS_SEARCH))
    tested = client.post("/api/detections/test", json={"path": listed[0]["path"]})
    tests = finished(client, tested.json())["result"]["tests"]
    assert [(t["name"], t["outcome"]) for t in tests] == \
        [("Windows Remote Access Software RMS Registry:True Positive Test", "pass")]


def test_nothing_outside_the_named_detection_folders_is_read(client, workspace):
    outside = workspace.data_root
    for answer in (client.get("/api/detections", params={"path": str(outside)}),
                   client.post("/api/detections/run", json={"path": "/etc/passwd"}),
                   client.post("/api/detections/test",
                               json={"path": str(workspace.detection_dirs[0] / "..")})):
        assert answer.status_code == 403
        assert "--detections" in answer.json()["error"]["message"]


def test_only_the_packages_static_files_are_served(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/vendor/plotly.min.js").text.lstrip().startswith("/**")
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404


def cancelled_after(workspace, text: str, rows: int) -> Job:
    """The job of `text`, cancelled once some operator has passed on `rows` rows."""
    job = Job(1, lambda job: results.run(workspace, text, job))
    watch = job.watch

    def cancelling(node, given):
        for number, row in enumerate(watch(node, given), 1):
            if number == rows:
                job.cancel()
            yield row
    job.watch = cancelling
    job.start().join(30)
    return job


def test_a_cancelled_search_stops_at_the_next_row(workspace):
    job = cancelled_after(workspace, "search * | stats count", 5)
    assert job.status == "cancelled"
    assert job.read == 5 < workspace.events and job.result is None


def test_a_search_that_makes_its_own_rows_is_cancelled_too(workspace):
    job = cancelled_after(workspace, "| makeresults count=1000000 | stats count", 5)
    assert job.status == "cancelled" and job.read == 5 and job.matched == 0


def test_progress_counts_the_records_read_and_rows_matched(client, workspace):
    state = search(client, "search EventCode=13")
    assert state["progress"] == {"read": workspace.events,
                                 "matched": len(events_of("search EventCode=13"))}


def test_cancel_through_the_api_answers_the_jobs_state(client):
    started = client.post("/api/search", json={"search": "search *"}).json()
    answer = client.post(f"/api/jobs/{started['id']}/cancel", json={})
    assert answer.status_code == 200 and answer.json()["id"] == started["id"]
    assert finished(client, answer.json())["status"] in ("cancelled", "done")
    assert client.post("/api/jobs/nosuch/cancel", json={}).status_code == 404


def test_other_hosts_and_non_json_posts_are_refused(workspace, client):
    # A page of another site reaching this server by a rebound name, or posting a form to it
    rebound = TestClient(create_app(workspace), base_url="http://attacker.example")
    assert rebound.get("/api/info").status_code == 400
    form = client.post("/api/search", content="search=search *",
                       headers={"Content-Type": "text/plain"})
    assert form.status_code == 415
    assert client.post("/api/search", json={"search": "search *"}).status_code == 202
