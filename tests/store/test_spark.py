"""The same searches over the same store on Spark (local mode, as CI runs it; a cluster runs
the same SQL) give the rows DuckDB and a run over the log files give.

Spark needs Java: `.ci/run` installs it with the system's package manager, so these tests run
in CI rather than skip. As for the store itself, no Splunk documentation applies: the oracle is
the engine's run over the raw files.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from engine.catalog import Catalog
from engine.clock import Clock
from engine.output import render
from engine.readers import expand_inputs
from engine.runner import run_search
from engine.store import StoreSource
from engine.storescan import read
from pushdown.test_pushdown import EVENT_SEARCHES, SEARCHES, tricky_log
from store.test_store import LOGS, ROOT, case_logs, events, file_rows, stored
from support import DATA


def spark_rows(search: str, store, pushdown: bool = True) -> str:
    catalog = Catalog.load(store=StoreSource(store, "spark"))
    result = run_search(search, catalog=catalog, clock=Clock.started(), pushdown=pushdown)
    return render(result.table, "csv")


def test_spark_gives_back_each_event_as_its_reader_gave_it(tmp_path):
    back = list(read(stored(tmp_path, LOGS), engine="spark"))
    direct = events(LOGS)
    assert back == direct
    assert [list(event) for event in back] == [list(event) for event in direct]


@pytest.mark.parametrize("search", SEARCHES + EVENT_SEARCHES)
def test_a_search_on_spark_gives_the_rows_of_a_run_over_the_files(search, tmp_path):
    logs = [tricky_log(tmp_path), DATA / "endpoint_sysmon.log"]
    store = stored(tmp_path, logs).root
    expected = file_rows(search, logs, pushdown=False)
    assert spark_rows(search, store) == expected and len(expected.splitlines()) > 1


def test_the_seed_detection_on_spark(tmp_path):
    logs = expand_inputs([ROOT / "examples" / "data"])
    search = (ROOT / "examples" / "rms_registry.spl").read_text(encoding="utf-8")
    assert spark_rows(search, stored(tmp_path, logs).root) == file_rows(search, logs)


def test_fields_differing_only_in_case_keep_their_own_values_on_spark(tmp_path):
    logs = case_logs(tmp_path)
    assert list(read(stored(tmp_path, logs), engine="spark")) == events(logs)


def test_spark_without_java_is_a_usage_error_that_says_so(tmp_path):
    store = stored(tmp_path, [DATA / "endpoint_sysmon.log"]).root
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from spl.cli import main; sys.exit(main(sys.argv[1:]))",
         "run", "--store", str(store), "--engine", "spark", "search * | stats count"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "JAVA_HOME": str(tmp_path / "no-java")})
    assert run.returncode == 2
    assert "Spark did not start" in run.stderr and "Java 17" in run.stderr
    assert "Traceback" not in run.stderr
