"""Lookup names and files that try to leave the --lookups folders, or are of the wrong shape
(issue #16): each through the `spl` command, each an error naming the file (with a caret under
the lookup's name), never a traceback and never a byte of a file outside the folders named.

The folders come from each test's tmp_path; `secret.csv` beside them holds SECRET, which must
never reach the output.
"""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

import pytest

from spl.cli import main
import engine.lookups

SECRET = "s3cr3t-value"


@pytest.fixture(autouse=True)
def field_size_limit():
    """The csv module's process-wide cell limit, which reading a lookup sets from the cap that
    some tests lower: put back afterwards, for the other tests' CSV."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    """tmp_path/lookups (users.csv, a definition of it) and tmp_path/outside/secret.csv."""
    lookups = tmp_path / "lookups"
    lookups.mkdir()
    (lookups / "users.csv").write_text("user,group\nalice,admins\nbob,users\n", encoding="utf-8")
    (lookups / "user_group.yml").write_text("name: user_group\nfilename: users.csv\n",
                                            encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.csv").write_text(f"user,group\nalice,{SECRET}\n",
                                                     encoding="utf-8")
    return tmp_path


def spl(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run(capsys, folders: Path, search: str, *more) -> tuple[int, str, str]:
    return spl(capsys, "run", "--lookups", folders / "lookups", *more, search)


def caret_under(err: str, text: str) -> bool:
    """Whether the rendered error puts its carets exactly under `text` in the search line."""
    lines = err.splitlines()
    for line, below in zip(lines, lines[1:]):
        start = line.find(text)
        if start >= 0 and set(below.strip()) == {"^"}:
            return below.index("^") == start and len(below.strip()) == len(text)
    return False


# ---- names that leave the folder ----------------------------------------------------------------


@pytest.mark.parametrize("search, name", [
    ("| inputlookup ../outside/secret.csv", "../outside/secret.csv"),
    ("| inputlookup {outside}/secret.csv", "{outside}/secret.csv"),
    ("| makeresults | eval user=\"alice\" | lookup {outside}/secret.csv user OUTPUT group",
     "{outside}/secret.csv"),
    ("| makeresults | eval user=\"alice\" | lookup ../outside/secret user OUTPUT group",
     "../outside/secret"),  # the `<name>.csv` convenience does not leave the folder either
])
def test_a_name_that_leaves_the_lookups_folder_is_an_error(capsys, folders, search, name):
    outside = folders / "outside"
    search, name = search.format(outside=outside), name.format(outside=outside)
    status, out, err = run(capsys, folders, search)
    assert status == 1
    assert SECRET not in out + err
    assert f"lookup `{name}` leads to {(outside / 'secret.csv').resolve()}, outside the " \
        f"--lookups folder" in err
    assert caret_under(err, name)


def test_a_name_leading_out_suggests_the_folder_lookup_of_that_name(capsys, folders):
    status, _, err = run(capsys, folders, f"| inputlookup {folders / 'elsewhere' / 'users.csv'}")
    assert status == 1
    assert "did you mean `users.csv`?" in err


def test_a_link_in_the_folder_that_points_out_of_it_is_refused(capsys, folders):
    os.symlink(folders / "outside" / "secret.csv", folders / "lookups" / "linked.csv")
    status, out, err = run(capsys, folders, "| inputlookup linked.csv")
    assert status == 1
    assert SECRET not in out + err and "outside the --lookups folder" in err


def test_a_definition_whose_file_is_a_link_out_is_refused(capsys, folders):
    os.symlink(folders / "outside" / "secret.csv", folders / "lookups" / "linked.csv")
    (folders / "lookups" / "linked.yml").write_text("name: linked\nfilename: linked.csv\n",
                                                    encoding="utf-8")
    status, out, err = run(capsys, folders, "| inputlookup linked")
    assert status == 1
    assert SECRET not in out + err and "outside the --lookups folder" in err


def test_a_name_or_a_link_that_stays_inside_the_folder_is_read(capsys, folders):
    (folders / "lookups" / "sub").mkdir()
    os.symlink(folders / "lookups" / "users.csv", folders / "lookups" / "alias.csv")
    for name in ("sub/../users.csv", "alias.csv"):
        status, out, _ = run(capsys, folders, f"| inputlookup {name} | stats count",
                             "--format", "csv")
        assert (status, out) == (0, "count\n2\n"), name


def test_outputlookup_does_not_write_through_a_link_out_of_lookups_out(capsys, folders):
    out_folder = folders / "out"
    out_folder.mkdir()
    os.symlink(folders / "outside" / "secret.csv", out_folder / "seen.csv")
    status, _, err = spl(capsys, "run", "--lookups-out", out_folder,
                         "| makeresults | eval user=\"mallory\" | outputlookup seen.csv")
    assert status == 1
    assert "outputlookup writes only into the --lookups-out folder" in err
    assert caret_under(err, "seen.csv")
    assert SECRET in (folders / "outside" / "secret.csv").read_text(encoding="utf-8")


# ---- files of the wrong shape -------------------------------------------------------------------


def test_a_csv_gz_that_is_not_gzip_is_an_error_naming_it(capsys, folders):
    (folders / "lookups" / "fake.csv.gz").write_bytes(b"user,group\nalice,admins\n")
    status, _, err = run(capsys, folders, "| inputlookup fake.csv.gz")
    assert status == 1
    assert "fake.csv.gz is named .gz but is not gzip data" in err
    assert caret_under(err, "fake.csv.gz")


def test_a_truncated_csv_gz_is_an_error_naming_it(capsys, folders):
    whole = gzip.compress(b"user,group\n" + b"alice,admins\n" * 1000)
    (folders / "lookups" / "cut.csv.gz").write_bytes(whole[:len(whole) // 2])
    status, _, err = run(capsys, folders, "| inputlookup cut.csv.gz")
    assert status == 1
    assert "cut.csv.gz is named .gz but is not gzip data" in err


def test_a_gzip_bomb_stops_at_the_cap_naming_the_file_and_the_cap(capsys, folders, monkeypatch):
    # the cap is lowered so that the bomb stays small: 200 KB of rows compress to a few hundred
    # bytes, as the 3 MB compressed to hundreds of MB
    monkeypatch.setattr(engine.lookups, "MAX_LOOKUP_BYTES", 100_000)
    bomb = gzip.compress(b"user,group\n" + b"alice,admins\n" * 16_000)
    assert len(bomb) < 2_000
    (folders / "lookups" / "bomb.csv.gz").write_bytes(bomb)
    status, _, err = run(capsys, folders, "| inputlookup bomb.csv.gz")
    assert status == 1
    assert "bomb.csv.gz holds more than 100,000 bytes once decompressed, the most a lookup " \
        "may hold here" in err


def test_a_plain_file_over_the_cap_is_an_error_too(capsys, folders, monkeypatch):
    monkeypatch.setattr(engine.lookups, "MAX_LOOKUP_BYTES", 1_000)
    (folders / "lookups" / "big.csv").write_text("user\n" + "alice\n" * 200, encoding="utf-8")
    status, _, err = run(capsys, folders, "| inputlookup big.csv")
    assert status == 1
    assert "big.csv holds more than 1,000 bytes, the most a lookup may hold here" in err


def test_a_cell_over_128_kb_is_read_whole(capsys, folders):
    # Python's csv module stops at 131,072 characters a field; Splunk's "Configure CSV lookups"
    # page limits the header row to 4096 characters and is silent on cells, so a long cell is
    # read as it is (the file's size is capped instead).
    # https://help.splunk.com/splunk-cloud-platform/manage-knowledge-objects/knowledge-management-manual/9.3.2408/use-the-configuration-files-to-configure-lookups/configure-csv-lookups
    (folders / "lookups" / "long.csv").write_text("user,note\nalice," + "x" * 200_000 + "\n",
                                                  encoding="utf-8")
    status, out, _ = run(capsys, folders, "| inputlookup long.csv | eval n=len(note) | table n",
                         "--format", "csv")
    assert (status, out) == (0, "n\n200000\n")


def test_a_broken_link_is_an_error_saying_so(capsys, folders):
    os.symlink(folders / "lookups" / "gone.csv", folders / "lookups" / "broken.csv")
    status, _, err = run(capsys, folders, "| inputlookup broken.csv")
    assert status == 1
    assert f"broken.csv is a link to {(folders / 'lookups' / 'gone.csv').resolve()}, which " \
        "does not exist" in err
    assert "did you mean" not in err  # it used to suggest `broken.csv` itself


def test_a_folder_named_like_a_lookup_is_an_error_saying_so(capsys, folders):
    (folders / "lookups" / "dir.csv").mkdir()
    status, _, err = run(capsys, folders, "| inputlookup dir.csv")
    assert status == 1
    assert "dir.csv is a folder" in err


def test_a_folder_or_broken_link_named_yml_is_passed_over_and_listed(capsys, folders):
    (folders / "lookups" / "x.yml").mkdir()
    os.symlink(folders / "lookups" / "gone.yml", folders / "lookups" / "dangling.yml")
    status, out, _ = run(capsys, folders, "| inputlookup user_group | stats count",
                         "--format", "csv")
    assert (status, out) == (0, "count\n2\n")  # the other definitions are still read
    status, _, err = run(capsys, folders, "| inputlookup no_such_lookup")
    assert status == 1
    assert "passed over: " in err and "x.yml (a folder)" in err
    assert "dangling.yml (a link to " in err


def test_max_matches_that_is_not_an_ascii_number_is_an_error(capsys, folders):
    # `²` is a digit to Python's str.isdigit but no number to int(): a traceback before
    (folders / "lookups" / "squared.yml").write_text(
        'name: squared\nfilename: users.csv\nmax_matches: "²"\n', encoding="utf-8")
    status, _, err = run(capsys, folders,
                         "| makeresults | eval user=\"alice\" | lookup squared user")
    assert status == 1
    assert "lookup `squared` has `max_matches: ²`, not a whole number" in err
    assert caret_under(err, "squared")


def test_a_loop_of_links_is_an_error_saying_so(capsys, folders):
    lookups = folders / "lookups"
    os.symlink(lookups / "b.csv", lookups / "a.csv")
    os.symlink(lookups / "a.csv", lookups / "b.csv")
    status, _, err = run(capsys, folders, "| inputlookup a.csv")
    assert status == 1
    assert f"lookup `a.csv`: cannot follow {lookups / 'a.csv'}: " in err
    status, out, _ = run(capsys, folders, "| inputlookup users.csv | stats count", "--format",
                         "csv")
    assert (status, out) == (0, "count\n2\n")  # the folder's other lookups still read
