"""Fixtures for the search page: a workspace over the bundled RMS Sysmon log (examples/ as the
detections folder, the seed detection's attack data where its test expects it), the API
through Starlette's TestClient, and a real server on a free local port for the browser."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from starlette.testclient import TestClient

from spl.cli.serve import workspace_of
from spl.serve.app import create_app
from spl.serve.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
RMS_LOG = ROOT / "examples" / "data" / "rms_sysmon.log"
RMS_SEARCH = (ROOT / "examples" / "rms_registry.spl").read_text(encoding="utf-8").rstrip("\n")
# Where the seed detection's test entry finds its file under a data root (a clone of
# splunk/attack_data keeps it at this path of the URL, after attack_data/master/).
AZORULT = Path("datasets/malware/azorult/sysmon.log")


def lay_out(folder: Path) -> Path:
    """A data root holding the seed detection's attack data (a copy of the RMS log)."""
    data_root = folder / "attack_data"
    (data_root / AZORULT).parent.mkdir(parents=True)
    shutil.copy(RMS_LOG, data_root / AZORULT)
    return data_root


def make_workspace(folder: Path, store: Path | None = None) -> Workspace:
    """The page over the RMS log (or the event store `store`), with examples/ (the seed
    detection) as its detections folder, named relative to here as a user would name it (the
    screenshots show it)."""
    data_root = lay_out(folder)
    detections = Path(os.path.relpath(ROOT / "examples"))
    args = argparse.Namespace(data=[] if store else [RMS_LOG], macros=[], lookups=[],
                              detections=[detections], data_root=data_root, tz="UTC",
                              now=None, geoip=None, store=store, engine="duckdb", master=None)
    workspace = workspace_of(args)
    workspace.load()
    return workspace


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Workspace:
    return make_workspace(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def client(workspace) -> TestClient:
    return TestClient(create_app(workspace), base_url="http://127.0.0.1")


def finished(client: TestClient, started: dict, timeout: float = 60) -> dict:
    """Poll a job until it is no longer running."""
    state, deadline = started, time.monotonic() + timeout
    while state["status"] == "running":
        assert time.monotonic() < deadline, f"job still running: {state}"
        time.sleep(0.02)
        state = client.get(f"/api/jobs/{state['id']}").json()
    return state


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server(workspace):
    """The page served for real, on 127.0.0.1, for as long as the session's tests need it."""
    port = free_port()
    config = uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port,
                            log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)
