"""The tutorial's pasted outputs are what the commands print today (stderr, then stdout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import console_blocks, console_output

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "examples" / "TUTORIAL.md"
BLOCKS = console_blocks(TUTORIAL)


@pytest.mark.parametrize("command, expected", BLOCKS, ids=[c[:60] for c, _ in BLOCKS])
def test_tutorial_output_is_current(command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert command.startswith("spl ")
    assert console_output(command).rstrip("\n") == expected.rstrip("\n")


def test_tutorial_has_the_three_commands():
    used = {command.split()[1] for command, _ in BLOCKS}
    assert used == {"expand", "explain", "run"}
