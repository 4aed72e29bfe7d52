"""examples/SPL_BY_EXAMPLE.md: every pasted output is what the command prints today, and the page
shows the commands it says it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import console_blocks, console_output

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "examples" / "SPL_BY_EXAMPLE.md"
BLOCKS = console_blocks(PAGE)
SHOWN = ("makeresults", "eval", "stats", "rex", "rename", "where", "table", "nomv", "strcat",
         "accum", "delta", "autoregress", "reverse", "uniq", "addinfo", "replace", "fromjson",
         "extract", "chart", "eventcount", "metadata", "timechart")


@pytest.mark.parametrize("command, expected", BLOCKS, ids=[c[:70] for c, _ in BLOCKS])
def test_page_output_is_current(command, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert command.startswith("spl run --now ")  # a fixed start: _time does not change
    assert console_output(command).rstrip("\n") == expected.rstrip("\n")


def test_every_search_without_a_log_starts_with_makeresults_and_the_page_shows_each_command():
    searches = [command.split("'")[1] for command, _ in BLOCKS]
    assert all(search.startswith("| makeresults") for (command, _), search in zip(BLOCKS, searches)
               if "--data" not in command)
    used = {name for search in searches for name in re.findall(r"\|\s*(\w+)", search)}
    assert set(SHOWN) <= used


def test_the_readme_links_the_page():
    assert "examples/SPL_BY_EXAMPLE.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("search, told", [
    ("| makeresults", False),  # makes its own rows: no events to miss
    ("EventCode=1", True),
    ("| makeresults | append [search EventCode=1]", True),  # a subsearch reads events
])
def test_no_data_notice_only_when_the_search_reads_events(search, told, monkeypatch):
    monkeypatch.chdir(ROOT)
    said = "no --data given" in console_output(f"spl run --now 0 '{search}'")
    assert said == told
