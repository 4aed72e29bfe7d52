"""The tutorial's pasted outputs are what the commands print today (stderr, then stdout)."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from spl.cli import main

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "examples" / "TUTORIAL.md"
BLOCKS = re.findall(r"```console\n\$ (.*?)\n(.*?)```", TUTORIAL.read_text(encoding="utf-8"),
                    flags=re.S)


def output_of(command: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(shlex.split(command)[1:])
        except SystemExit:  # usage errors exit through argparse
            pass
    return err.getvalue() + out.getvalue()


@pytest.mark.parametrize("command, expected", BLOCKS, ids=[c[:60] for c, _ in BLOCKS])
def test_tutorial_output_is_current(command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert command.startswith("spl ")
    assert output_of(command).rstrip("\n") == expected.rstrip("\n")


def test_tutorial_has_the_three_commands():
    used = {command.split()[1] for command, _ in BLOCKS}
    assert used == {"expand", "explain", "run"}
