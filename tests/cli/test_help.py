"""`--version` and every subcommand's `--help`: each option says what it does in words of its own,
the description is not an option's text, and the README's tour lists what the parsers take."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import spl.cli
from spl.cli import SUBCOMMANDS, main, version

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def help_text(capsys, monkeypatch, *argv: str) -> str:
    monkeypatch.setenv("COLUMNS", "2000")  # one line per option: no wrapping to undo
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 0
    return capsys.readouterr().out


def options(text: str) -> dict[str, str]:
    """Each option and positional argument of a help text, and the help it has ("" if none)."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if not match or line.startswith("usage") or line.startswith("   "):
            continue
        helped = match.group(2)
        if helped is None and number + 1 < len(lines) and lines[number + 1].startswith("    "):
            helped = lines[number + 1].strip()
        found[match.group(1)] = helped or ""
    return found


def description(text: str) -> str:
    """The paragraph after the usage lines."""
    paragraphs = text.split("\n\n")
    return " ".join(paragraphs[1].split())


def test_version_is_the_projects(capsys, monkeypatch):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert help_text(capsys, monkeypatch, "--version").strip() == f"spl {project['version']}"


def test_version_installed_comes_from_the_package_metadata(monkeypatch, tmp_path):
    # Installed, no pyproject.toml lies beside the package: the distribution's metadata says.
    monkeypatch.setattr(spl.cli, "__file__", str(tmp_path / "site" / "spl" / "cli" /
                                                 "__init__.py"))
    try:
        expected = importlib.metadata.version("spl-local")
    except importlib.metadata.PackageNotFoundError:
        expected = "unknown (not installed, and no pyproject.toml beside the code)"
    assert version() == expected


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_option_has_help_of_its_own(capsys, monkeypatch, name):
    text = help_text(capsys, monkeypatch, name, "--help")
    found = {o: h for o, h in options(text).items() if not o.startswith("-h, --help")}
    assert found, text
    missing = [o for o, h in found.items() if not h]
    assert not missing, f"spl {name}: no help for {missing}"
    helps = list(found.values())
    repeated = {h for h in helps if helps.count(h) > 1}
    assert not repeated, f"spl {name}: options share the help {repeated}"
    # The description is the command's own text, not an option's (the bug was `spl run`'s
    # description ending in --tz's help).
    words = description(text)
    assert not any(h in words for h in helps if len(h) > 30), words


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_the_readme_tour_lists_each_subcommand_with_its_options_and_summary(capsys, monkeypatch,
                                                                             name):
    tour = README.split("## A short tour", 1)[1].split("```")[1]
    entries = dict(re.findall(r"^spl (\w+)\s+(.*?)(?=^spl |^OPTIONS|\Z)", tour, re.M | re.S))
    assert name in entries, f"README's tour lacks `spl {name}`"
    entry = entries[name]
    if "[OPTIONS]" in entry:
        entry += tour.split("OPTIONS (", 1)[1]
    summaries = dict(re.findall(r"^    (\w+)\s{2,}(.+)$",
                                help_text(capsys, monkeypatch, "--help"), re.M))
    assert summaries[name] in " ".join(entry.split())
    text = help_text(capsys, monkeypatch, name, "--help")
    flags = set(re.findall(r"--[a-z][a-z-]*", " ".join(options(text))))
    listed = set(re.findall(r"--[a-z][a-z-]*", entry))
    assert flags - {"--help"} <= listed, f"spl {name}: README lacks {flags - listed - {'--help'}}"


def test_spl_help_lists_every_subcommand_without_importing_one():
    """`spl -h` shows each summary from SUBCOMMANDS: importing the subcommands would bring
    uvicorn (serve), pyarrow (ingest), prompt_toolkit (repl) and sqlglot (explain)."""
    probe = ("import contextlib, io, sys\n"
             "from spl.cli import SUBCOMMANDS, main\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
             "    main(['--help'])\n"
             "print(sorted(m for m, _ in SUBCOMMANDS.values() if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert run.stdout.strip() == "[]"


def test_a_mistyped_subcommand_is_a_usage_error_naming_the_choices(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["rnu", "search *"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and "invalid choice: 'rnu'" in err and "'run'" in err
