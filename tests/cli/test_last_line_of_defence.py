"""Issue #16's last line of defence and non-UTF-8 input: an unexpected exception is one line,
"internal error", where to report it and exit status 70 (the traceback only with --debug or
SPL_DEBUG=1); a byte that is not UTF-8 in the search, from argv or stdin under a strict UTF-8
locale, is an error with a caret, never a traceback. Run through `python -m spl.cli` where the
locale and the bytes matter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spl.cli import EXIT_INTERNAL_ERROR, main

ROOT = Path(__file__).resolve().parents[2]


def _broken(args):
    return {}["a key no dict has"]


@pytest.fixture
def broken_expand(monkeypatch):
    """`spl expand` made to fail as a bug would."""
    monkeypatch.setattr("spl.cli.expand._expand", _broken)


def test_an_unexpected_exception_is_one_line_and_a_distinct_status(capsys, monkeypatch,
                                                                    broken_expand):
    monkeypatch.delenv("SPL_DEBUG", raising=False)
    assert main(["expand", "search *"]) == EXIT_INTERNAL_ERROR == 70
    err = capsys.readouterr().err
    first, second = err.strip().splitlines()
    assert first.startswith("spl: internal error: KeyError: 'a key no dict has' (")
    assert "test_last_line_of_defence.py:" in first and "in _broken)" in first
    assert "please report it with the search and the command line" in second
    assert "Traceback" not in err


@pytest.mark.parametrize("how", ["flag", "flag after the command", "variable"])
def test_debug_shows_the_traceback(capsys, monkeypatch, broken_expand, how):
    monkeypatch.delenv("SPL_DEBUG", raising=False)
    if how == "flag":
        argv = ["--debug", "expand", "search *"]
    elif how == "flag after the command":
        argv = ["expand", "--debug", "search *"]
    else:
        monkeypatch.setenv("SPL_DEBUG", "1")
        argv = ["expand", "search *"]
    assert main(argv) == EXIT_INTERNAL_ERROR
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "spl: internal error: KeyError" in err


def test_a_mistake_in_the_search_is_still_exit_1_not_an_internal_error(capsys):
    assert main(["run", "| rename a b"]) == 1
    assert "internal error" not in capsys.readouterr().err


def spl(*argv: str | bytes, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess:
    """`python -m spl.cli` from the checkout, with the environment's locale replaced."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "spl.cli", *argv], input=stdin, cwd=ROOT,
                          env=environment, capture_output=True, timeout=120)


def test_the_package_runs_as_python_m_spl_cli():
    done = spl("--version")
    assert done.returncode == 0 and done.stdout.startswith(b"spl ")


@pytest.mark.parametrize("streams", ["", "utf-8:strict"])
def test_a_non_utf8_byte_in_the_search_argument_is_an_error_with_a_caret(streams):
    # argv is decoded with surrogateescape under C.UTF-8; stdout and stderr may be strict.
    done = spl("run", b"| makeresults | eval x=\"a\xffb\"", LC_ALL="C.UTF-8",
               PYTHONIOENCODING=streams)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert done.stdout == b""
    lines = err.splitlines()
    assert lines[0] == ("error[encoding]: the search (from the command line) holds the byte "
                        "0xff, which is not UTF-8, at character 26")
    assert lines[1] == '  | | makeresults | eval x="a\ufffdb"'
    assert lines[2] == " " * (4 + 25) + "^"
    assert "Traceback" not in err


def test_a_non_utf8_byte_on_stdin_is_an_error_with_its_position():
    done = spl("run", "-", stdin=b"search CommandLine=\"*\xff*\"\n", LC_ALL="C.UTF-8",
               PYTHONIOENCODING="utf-8:strict")  # a strict stdin decoder raised here before
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert err.startswith("error[encoding]: the search (from stdin) holds the byte 0xff, "
                          "which is not UTF-8, at character 22")
    assert "Traceback" not in err


def test_a_non_utf8_byte_in_a_search_file_is_an_error_naming_the_file(tmp_path):
    search = tmp_path / "search.spl"
    search.write_bytes(b"| makeresults \xfe")
    done = spl("run", f"@{search}", LC_ALL="C.UTF-8")
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1, err
    assert err.startswith(f"error[encoding]: the search (from {search}) holds the byte 0xfe")
