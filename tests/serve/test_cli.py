"""`spl serve` on the command line: what it listens on, what it prints, what it refuses."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from serve.conftest import RMS_LOG, ROOT, free_port
from spl.cli import main


def test_it_serves_on_127_0_0_1_and_prints_the_address():
    port = free_port()
    command = [sys.executable, "-c", "import sys; from spl.cli import main; sys.exit(main())",
               "serve", "--data", str(RMS_LOG), "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        info = fetched(f"http://127.0.0.1:{port}/api/info")
        assert info["events"] == 26 and info["data"] == [str(RMS_LOG)]
    finally:
        server.terminate()
        server.wait(10)
    assert "read 26 events from 1 file(s)" in server.stderr.read()


def fetched(url: str) -> dict:
    """The JSON at `url`, once the server listens (it prints its address just before)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return json.load(answer)
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize("option", ["--detections", "--data-root"])
def test_a_folder_option_naming_no_folder_is_a_usage_error(option, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--data", str(RMS_LOG), option, str(RMS_LOG)])
    assert stopped.value.code == 2
    assert f"{option} {RMS_LOG}: not a folder" in capsys.readouterr().err
