"""The event store gives back exactly the events a run over the same log files reads, and a
search over it gives exactly the rows `spl run --data` gives over those files.

The store is this project's own design (Splunk keeps events in index buckets, not Parquet), so
nothing here follows a Splunk documentation page: the oracle is the engine's run over the raw
files, which the other tests hold to Splunk's documented behaviour.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import quote
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock
from engine.diagnostics import Diagnostics
from engine import ingest as ingest_module
from engine.ingest import ingest
from engine.output import render
from engine.readers import expand_inputs, read_events
from engine.runner import prepare, run_search
from engine.session import Session
from engine.store import MANIFEST, Store, StoreError, StoreSource
from engine.storescan import read
from engine.storesql import scan_query
from spl.cli import main
from support import DATA, TESTS, run_cli
from pushdown.test_pushdown import EVENT_SEARCHES, SEARCHES, tricky_log

ROOT = TESTS.parent
READER_DATA = TESTS / "readers" / "data"
LOGS = [DATA / "endpoint_sysmon.log", DATA / "network_sysmon.log", DATA / "linux_sysmon.log",
        READER_DATA / "sysmon.evtx", READER_DATA / "sysmon_export.json",
        READER_DATA / "winlogbeat.ndjson", READER_DATA / "sysmon_evtx.json"]


def stored(tmp_path: Path, logs: list[Path], workers: int = 1) -> Store:
    store = Store.create(tmp_path / "store")
    ingest(store, logs, Diagnostics(), workers=workers)
    return Store.open(store.root)


def events(logs: list[Path]) -> list[dict]:
    return [event for log in logs for event in read_events(log, Diagnostics())]


def test_the_store_gives_back_each_event_as_its_reader_gave_it(tmp_path):
    direct = events(LOGS)
    back = list(read(stored(tmp_path, LOGS)))
    assert back == direct
    assert [list(event) for event in back] == [list(event) for event in direct]  # key order
    assert {event["_raw"][:1] for event in back} == {"<", "{"}  # XML, EVTX and JSON records


def test_two_workers_store_what_one_does(tmp_path):
    one = list(read(stored(tmp_path / "one", LOGS, workers=1)))
    two = list(read(stored(tmp_path / "two", LOGS, workers=2)))
    assert one == two and len(one) == len(events(LOGS))


def test_events_are_partitioned_by_source_type_and_day(tmp_path):
    logs = [DATA / "endpoint_sysmon.log", DATA / "linux_sysmon.log"]
    store = stored(tmp_path, logs)
    folders = {path.parent.relative_to(store.root / "events").as_posix()
               for path in store.parts()}
    expected = {f"sourcetype={quote(event['sourcetype'], safe='')}/day="
                f"{datetime.fromtimestamp(event['_time'], timezone.utc):%Y-%m-%d}"
                for event in events(logs)}
    assert folders == expected and len(expected) >= 2


def test_ingesting_a_file_again_adds_nothing_and_a_new_file_is_added(tmp_path):
    store = Store.create(tmp_path / "store")
    first = ingest(store, [DATA / "endpoint_sysmon.log"], Diagnostics())
    copy = tmp_path / "same_content.log"
    shutil.copy(DATA / "endpoint_sysmon.log", copy)
    again = ingest(store, [DATA / "endpoint_sysmon.log", copy], Diagnostics())
    assert [entry.path for entry in first.added] == [str(DATA / "endpoint_sysmon.log")]
    assert again.added == [] and [path for path, _ in again.already] == \
        [str(DATA / "endpoint_sysmon.log"), str(copy)]
    grown = ingest(store, [DATA / "network_sysmon.log"], Diagnostics())
    assert [entry.number for entry in grown.added] == [2]
    assert list(read(Store.open(store.root))) == \
        events([DATA / "endpoint_sysmon.log", DATA / "network_sysmon.log"])


def test_parts_of_a_file_the_manifest_does_not_name_are_not_read(tmp_path):
    """An ingest stopped after writing a file's Parquet but before its manifest entry."""
    store = stored(tmp_path, [DATA / "endpoint_sysmon.log"])
    (part,) = store.parts()
    shutil.copy(part, part.with_name("f000002-0000.parquet"))
    assert list(read(Store.open(store.root))) == events([DATA / "endpoint_sysmon.log"])


def test_broken_records_are_reported_as_a_run_reports_them(tmp_path):
    log = tmp_path / "damaged.log"
    good = (DATA / "endpoint_sysmon.log").read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([good[0], good[1][:200], "not xml at all", *good[2:]]) + "\n",
                   encoding="utf-8")
    run = Diagnostics()
    direct = list(read_events(log, run))
    into = Diagnostics()
    store = Store.create(tmp_path / "store")
    report = ingest(store, [log], into)
    assert into.problems == run.problems and len(run.problems) >= 1
    assert into.records_read == run.records_read
    assert report.added[0].skipped == len(run.problems)
    assert list(read(Store.open(store.root))) == direct


def case_logs(tmp_path: Path) -> list[Path]:
    """JSON logs whose fields differ only in case, within a record, a file and across files,
    and a field named as a store column, and a number."""
    log = tmp_path / "case.json"
    records = [{"_time": 1709547607.5, "Image": "A.exe", "image": "b.exe", "_raw": "one"},
               {"_time": 1709547608.5, "image": "c.exe", "_raw": "two"},
               {"_time": 1709547609.5, "_fields": "mine", "n": 5, "_raw": "three"}]
    log.write_text("\n".join(json.dumps(record) for record in records) + "\n",
                   encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"_time": 1709547610.5, "IMAGE": "d.exe", "_raw": "four"}) +
                     "\n", encoding="utf-8")
    return [log, other]


def test_fields_differing_only_in_case_keep_their_own_values(tmp_path):
    """DuckDB's column names are case-insensitive; the store keeps both spellings apart."""
    logs = case_logs(tmp_path)
    assert list(read(stored(tmp_path, logs))) == events(logs)


def test_the_prefilter_is_sql_over_raw_with_the_scan_literals(tmp_path):
    store = stored(tmp_path, [DATA / "endpoint_sysmon.log"])
    query = scan_query((("rutserv.exe", "rfusclient.exe"), ("manipulator",)))
    assert query.sql(dialect="duckdb") == (
        "SELECT * FROM events WHERE (_format <> 'xml' OR STRPOS(LOWER(_raw), '&#') > 0 "
        "OR STRPOS(LOWER(_raw), '<![cdata[') > 0 OR STRPOS(_raw, '\u0130') > 0 "
        "OR STRPOS(_raw, '\u212a') > 0 OR ((STRPOS(LOWER(_raw), 'rutserv.exe') > 0 "
        "OR STRPOS(LOWER(_raw), 'rfusclient.exe') > 0) "
        "AND STRPOS(LOWER(_raw), 'manipulator') > 0)) "
        "ORDER BY _file NULLS FIRST, _seq NULLS FIRST")
    kept = list(read(store, (("cmd.exe",),)))
    assert kept and all("cmd.exe" in event["_raw"].lower() for event in kept)
    assert len(kept) < len(events([DATA / "endpoint_sysmon.log"]))


def test_the_column_test_reads_the_fields_a_match_is_copied_from(tmp_path):
    """Every column a field's values may be in is tested (Spark keeps `Image` and `image`
    apart), and `_extra` for each field; a field no column holds adds only that."""
    query = scan_query((), ((("Image", "rutserv"), ("Nowhere", "x")),), ["Image", "image", "_raw"])
    assert query.sql(dialect="duckdb") == (
        "SELECT * FROM events WHERE (STRPOS(LOWER(\"Image\"), 'rutserv') > 0 "
        "OR BIT_LENGTH(\"Image\") <> 8 * LENGTH(\"Image\") "
        "OR STRPOS(LOWER(\"image\"), 'rutserv') > 0 "
        "OR BIT_LENGTH(\"image\") <> 8 * LENGTH(\"image\") "
        "OR STRPOS(LOWER(_extra), '\"image\"') > 0 OR STRPOS(LOWER(_extra), '\"nowhere\"') > 0) "
        "ORDER BY _file NULLS FIRST, _seq NULLS FIRST")


def test_the_column_test_keeps_what_the_engine_could_match(tmp_path):
    """Values the test cannot judge pass: not ASCII (U+017F `ſ` matches `s` case-insensitively
    in Python, where LOWER leaves it), or kept in `_extra` (a multivalue)."""
    log = tmp_path / "values.json"
    records = [{"_time": 1709547607.5, "Image": "C:\\rutserv.exe", "_raw": "a"},
               {"_time": 1709547608.5, "Image": "C:\\other.exe", "_raw": "b"},
               {"_time": 1709547609.5, "Image": "C:\\RUT\u017fERV.exe", "_raw": "c"},
               {"_time": 1709547610.5, "Image": ["x", "rutserv"], "_raw": "d"},
               {"_time": 1709547611.5, "_raw": "no image"}]
    log.write_text("\n".join(json.dumps(record) for record in records) + "\n",
                   encoding="utf-8")
    kept = list(read(stored(tmp_path, [log]), columns=((("Image", "rutserv"),),)))
    assert [event["_raw"] for event in kept] == ["a", "c", "d"]


def store_rows(search: str, store: Path, pushdown: bool = True) -> str:
    catalog = Catalog.load(store=StoreSource(store))
    result = run_search(search, catalog=catalog, clock=Clock.started(), pushdown=pushdown)
    return render(result.table, "csv")


def file_rows(search: str, logs: list[Path], pushdown: bool = True) -> str:
    result = run_search(search, logs, catalog=Catalog.load(), clock=Clock.started(),
                        pushdown=pushdown)
    return render(result.table, "csv")


@pytest.mark.parametrize("search", SEARCHES + EVENT_SEARCHES)
def test_a_search_over_the_store_gives_the_rows_of_a_run_over_the_files(search, tmp_path):
    """The pushdown tests' searches, over records built to trip a careless prefilter."""
    logs = [tricky_log(tmp_path), DATA / "endpoint_sysmon.log"]
    store = stored(tmp_path, logs).root
    expected = file_rows(search, logs, pushdown=False)
    assert store_rows(search, store) == expected
    assert store_rows(search, store, pushdown=False) == expected
    assert len(expected.splitlines()) > 1


def test_the_seed_detection_over_the_store(tmp_path):
    logs = expand_inputs([ROOT / "examples" / "data"])
    store = stored(tmp_path, logs).root
    search = (ROOT / "examples" / "rms_registry.spl").read_text(encoding="utf-8")
    assert store_rows(search, store) == file_rows(search, logs)


def test_a_search_over_a_store_binds_to_a_store_scan():
    prepared = prepare("EventCode=1 cmd.exe | stats count",
                       Catalog.load(store=StoreSource(Path("s"))),
                       Clock.started())
    (scan,) = [node for node in plan.chain(prepared.plan) if isinstance(node, plan.Scan)]
    assert isinstance(scan, plan.StoreScan) and scan.store == Path("s")
    assert ("cmd.exe",) in scan.literals
    assert scan.columns == ((("EventCode", "1"),),)  # the bare term has no field to test


def test_a_column_test_holds_the_value_unescaped_where_the_record_test_escapes_it():
    prepared = prepare('TargetObject IN ("*a&b*", "*c*")', Catalog.load(), Clock.started())
    (scan,) = [node for node in plan.chain(prepared.plan) if isinstance(node, plan.Scan)]
    assert scan.literals == (("a&amp;b", "c"),)
    assert scan.columns == ((("TargetObject", "a&b"), ("TargetObject", "c")),)


def test_a_stored_file_is_parquet_with_the_event_fields_as_columns(tmp_path):
    store = stored(tmp_path, [DATA / "endpoint_sysmon.log"])
    (part,) = store.parts()
    columns = pq.read_schema(part).names
    assert {"_raw", "_time", "host", "source", "sourcetype", "Image", "CommandLine"} <= \
        set(columns)
    assert str(pq.read_schema(part).field("_time").type) == "double"


def test_cli_ingest_then_run(tmp_path, capsys):
    store = tmp_path / "store"
    status, _, err = run_cli(capsys, "ingest", "--data", str(ROOT / "examples" / "data"),
                             "--store", str(store))
    assert status == 0 and "added to" in err
    status, _, err = run_cli(capsys, "ingest", "--data", str(ROOT / "examples" / "data"),
                             "--store", str(store))
    assert status == 0 and "already in the store" in err and "0 file(s)" in err
    search = "@" + str(ROOT / "examples" / "rms_registry.spl")
    status, out, _ = run_cli(capsys, "run", "--store", str(store), "--format", "csv", search)
    _, expected, _ = run_cli(capsys, "run", "--data", str(ROOT / "examples" / "data"),
                             "--format", "csv", search)
    assert status == 0 and out == expected and len(out.splitlines()) > 1


@pytest.mark.parametrize("arguments, message", [
    (["run", "--store", "{tmp}/nothing", "search *"], "not an event store"),
    (["run", "--store", "{tmp}/store", "--data", "{data}", "search *"], "give one of them"),
    (["ingest", "--data", "{data}", "--store", "{tmp}/full"], "holds files but no store"),
    (["ingest", "--data", "{data}", "--store", "{tmp}/store", "--workers", "0"], "--workers"),
])
def test_cli_mistakes_are_usage_errors(arguments, message, tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    Store.create(tmp_path / "store")
    filled = [a.format(tmp=tmp_path, data=DATA / "endpoint_sysmon.log") for a in arguments]
    status, _, err = run_cli(capsys, *filled)
    assert status == 2 and message in err


def test_a_manifest_of_another_version_is_refused(tmp_path):
    store = Store.create(tmp_path / "store")
    (store.root / MANIFEST).write_text('{"version": 99, "files": []}', encoding="utf-8")
    with pytest.raises(StoreError, match="version 99"):
        Store.open(store.root)


def test_a_session_over_a_store_gives_a_session_over_the_files_rows(tmp_path):
    logs = [tricky_log(tmp_path), DATA / "endpoint_sysmon.log"]
    over_store = Session(store=stored(tmp_path, logs).root)
    over_files = Session(logs)
    for search in [*SEARCHES, *EVENT_SEARCHES, "EventCode=1 | stats count by process_name"]:
        rows = over_store.run(search).materialize()
        assert rows == over_files.run(search).materialize() and rows[0]


def test_a_session_reads_files_or_a_store_not_both(tmp_path):
    with pytest.raises(ValueError, match="not both"):
        Session([DATA / "endpoint_sysmon.log"], store=stored(tmp_path, LOGS[:1]).root)
    with pytest.raises(StoreError, match="not an event store"):
        Session(store=tmp_path / "nothing")


@pytest.mark.parametrize("engine, spelled", [("duckdb", "STRPOS(LOWER(\"EventCode\"), '13') > 0"),
                                             ("spark", "LOCATE('13', LOWER(`EventCode`)) > 0")])
def test_explain_plan_says_which_part_runs_where_with_the_sql(engine, spelled, tmp_path, capsys):
    store = stored(tmp_path, [DATA / "endpoint_sysmon.log"]).root
    status, out, _ = run_cli(capsys, "explain", "--plan", "--store", str(store),
                             "--engine", engine, "EventCode=13 rutserv.exe | stats count by host")
    plan_text, sql = out.split(f"\nStoreScan runs on {engine}", 1)
    assert status == 0 and "StoreScan literals=" in plan_text.splitlines()[-1]
    assert "the operators above it in the Python engine" in sql and spelled in sql


def test_duckdb_draws_no_progress_bar_into_the_results(tmp_path, capfd, monkeypatch):
    """DuckDB draws a progress bar on stdout, where the results go, for a query slower than
    two seconds, when `enable_progress_bar` is on (its default in an interactive session, as
    here): the store's connection turns it off. (Setting `progress_bar_time` to 0 to make a
    query slow turns the bar back on, so the test reads the setting off the connection the
    search used, as it closes.)"""
    store = stored(tmp_path, [DATA / "endpoint_sysmon.log"]).root
    connect, seen = duckdb.connect, []

    class Watched:
        def __init__(self, *arguments, **options):
            self.connection = connect(*arguments, **options)
            self.connection.execute("SET enable_progress_bar = true")

        def close(self):
            setting = "SELECT current_setting('enable_progress_bar')"
            seen.append(self.connection.execute(setting).fetchone()[0])
            self.connection.close()

        def __getattr__(self, name):
            return getattr(self.connection, name)

    monkeypatch.setattr(duckdb, "connect", Watched)
    status = main(["run", "--store", str(store), "--format", "csv",
                   "search EventCode=1 | stats count by host"])
    out = capfd.readouterr().out
    assert status == 0 and out.splitlines()[0] == "host,count" and seen == [False]


def test_a_worker_holds_at_most_part_rows_events_however_many_days_a_log_spans(tmp_path,
                                                                              monkeypatch):
    """Memory stays bounded: every PART_ROWS events the worker writes what it holds, into one
    file per source type and day, so no file (and no buffer) holds more."""
    monkeypatch.setattr(ingest_module, "PART_ROWS", 4)
    logs = [DATA / "endpoint_sysmon.log", DATA / "linux_sysmon.log"]
    store = stored(tmp_path, logs)
    sizes = [pq.read_metadata(part).num_rows for part in store.parts()]
    assert max(sizes) <= 4 and sum(sizes) == len(events(logs)) and len(sizes) > 4
    assert list(read(store)) == events(logs)


def test_a_time_range_reads_only_the_days_it_allows_and_gives_the_same_rows(tmp_path):
    """`earliest=`/`latest=` bind to `_time` bounds, which the Scan takes (both ends
    inclusive): the store leaves out the day folders outside them, and SQL the rows."""
    logs = [DATA / "endpoint_sysmon.log", DATA / "network_sysmon.log", DATA / "linux_sysmon.log"]
    store = stored(tmp_path, logs)
    times = sorted(event["_time"] for event in events([DATA / "endpoint_sysmon.log"]))
    first, last = int(times[0]), int(times[-1]) + 1
    search = f"earliest={first} latest={last} | stats count by host, EventCode"
    prepared = prepare(search, Catalog.load(store=StoreSource(store.root)), Clock.started())
    (scan,) = [node for node in plan.chain(prepared.plan) if isinstance(node, plan.Scan)]
    assert scan.time_range == (first, last)
    assert 0 < len(store.parts(scan.time_range)) < len(store.parts())
    assert store_rows(search, store.root) == file_rows(search, logs)
    assert len(file_rows(search, logs).splitlines()) > 1
    assert store_rows(f"earliest={last + 86_400 * 400} | stats count", store.root) == \
        "count\n0\n"
