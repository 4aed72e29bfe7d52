"""`spl repl` without a terminal: keys typed through prompt_toolkit's pipe input, the screen
thrown away (DummyOutput), results read from stdout as `spl run` prints them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import sources
from engine.catalog import Catalog
from engine.runtime import Runtime
from spl.cli import main
from spl.cli.repl import Shell, complete

ROOT = Path(__file__).resolve().parents[2]
RMS_LOG = ROOT / "examples" / "data" / "rms_sysmon.log"
ENTER, CTRL_D = "\r", "\x04"
# What the fixture holds, read from its text here: its registry-value events (EventID 13) and
# the hosts they come from.
RECORDS = RMS_LOG.read_text(encoding="utf-8").split("<Event ")[1:]
SET_VALUE = [r for r in RECORDS if "<EventID>13</EventID>" in r]
HOSTS = {re.search(r"<Computer>([^<]+)</Computer>", r).group(1) for r in SET_VALUE}


def typed(capsys, keys: str, *options: str) -> tuple[int, str, str]:
    with create_pipe_input() as keyboard, create_app_session(input=keyboard,
                                                             output=DummyOutput()):
        keyboard.send_text(keys)
        status = main(["repl", "--data", str(RMS_LOG), "--format", "csv", *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_typed_search_prints_its_rows_and_ctrl_d_quits(capsys):
    status, out, err = typed(capsys, "EventCode=13 | stats count" + ENTER + CTRL_D)
    assert status == 0
    assert out == f"count\n{len(SET_VALUE)}\n"
    assert err.startswith(f"{len(RECORDS)} events read from 1 file(s) and kept")


def test_a_line_ending_with_a_pipe_continues_the_search(capsys):
    _, out, _ = typed(capsys, "EventCode=13 |" + ENTER + "stats dc(host) as hosts" + ENTER
                      + CTRL_D)
    assert out == f"hosts\n{len(HOSTS)}\n"


def test_a_mistake_is_shown_and_the_prompt_goes_on(capsys):
    status, out, err = typed(capsys, "| rename a b" + ENTER + "| makeresults | eval n=1 "
                             "| table n" + ENTER + "exit" + ENTER)
    assert status == 0
    assert "error[syntax]: unexpected `b`; expected `AS`" in err
    assert out == "n\n1\n"


def test_an_options_file_found_wanting_ends_the_search_not_the_prompt(capsys, tmp_path):
    not_a_database = tmp_path / "city.mmdb"
    not_a_database.write_text("not a MaxMind DB", encoding="utf-8")
    status, out, err = typed(capsys, '| makeresults | eval ip="192.0.2.1" | iplocation ip'
                             + ENTER + "| makeresults | eval n=2 | table n" + ENTER + CTRL_D,
                             "--geoip", str(not_a_database))
    assert status == 0
    assert f"spl repl: error: --geoip {not_a_database}: not a MaxMind DB" in err
    assert out == "n\n2\n"


def test_history_is_written_only_to_the_file_named(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    typed(capsys, "| makeresults | eval n=3 | table n" + ENTER + CTRL_D)
    assert list(tmp_path.iterdir()) == []  # no history file unless asked for
    history = tmp_path / "searches.txt"
    typed(capsys, "| makeresults | eval n=3 | table n" + ENTER + CTRL_D, "--history",
          str(history))
    assert "+| makeresults | eval n=3 | table n" in history.read_text(encoding="utf-8")


def test_the_file_is_read_once_for_every_search(capsys, monkeypatch):
    opened = []
    real = sources.read_events

    def counted(path, *args):
        opened.append(path)
        return real(path, *args)

    monkeypatch.setattr(sources, "read_events", counted)
    status, out, _ = typed(capsys, "EventCode=13 | stats count" + ENTER + "EventCode=1 | stats "
                           "count" + ENTER + "| makeresults | eval n=1 | table n" + ENTER
                           + CTRL_D)
    assert status == 0
    assert out.count("count\n") == 2 and out.endswith("n\n1\n")
    assert opened == [RMS_LOG]


@pytest.fixture(scope="module")
def completer():
    shell = Shell(Catalog.load(), Runtime(data=[RMS_LOG]), "csv", fixed_now=False)
    shell.fields.update({"CommandLine", "Computer"})
    return shell.completer()


def names(completer, text: str) -> dict[str, str]:
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return {c.text: c.display_meta_text for c in found}


def test_completion_after_a_pipe_lists_commands(completer):
    assert names(completer, "EventCode=13 | ev") == {"eval": "command",
                                                     "eventstats": "command"}
    assert "tstats" in names(completer, "| ts")


def test_generating_commands_are_offered_only_where_a_search_starts(completer):
    """`eventcount` makes its own rows, so it must come first (the binder refuses it later)."""
    assert "eventcount" in names(completer, "| even")
    assert "makeresults" in names(completer, "| append [| make")
    assert "eventcount" not in names(completer, "EventCode=13 | even")


def test_completion_after_a_backtick_lists_macros(completer):
    assert names(completer, "| tstats `security_content_summ")["security_content_summariesonly"] \
        == "macro"


def test_completion_elsewhere_lists_functions_and_fields(completer):
    found = names(completer, "| eval x=Co")
    assert found["Computer"] == "field" and found["CommandLine"] == "field"
    assert names(completer, "| eval x=coal")["coalesce"] == "function"


@pytest.mark.parametrize("text, whole", [
    ("search a", True), ("search a |", False), ('search a="b', False), ("search [search", False),
    ("| tstats `macro", False), ('search a="[" | table a', True), ('eval a="\\"x"', True)])
def test_what_counts_as_a_whole_search(text, whole):
    assert complete(text) is whole
