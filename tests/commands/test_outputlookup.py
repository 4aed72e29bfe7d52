"""outputlookup: what it writes, where (only into --lookups-out), and with which options.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/outputlookup
and searchbnf.conf's outputlookup-command, whose sentences the tests quote.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from spl.cli import main
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine.catalog import Catalog
from engine.runner import run_search
from engine.runtime import Runtime
from engine.table import Table
from support import DATA, bind_search

ROWS = [{"user": "ann", "count": 2, "hosts": ("h1", "h2")}, {"user": "bob", "count": 1}]


def write(search: str, folder: Path | None, rows=ROWS):
    """The rows and columns `search` passes on over `rows`, writing into `folder`."""
    runtime = Runtime(lookups_out=folder)
    result = run_search(search, catalog=Catalog.load(), runtime=runtime,
                        rows=Table([dict(r) for r in rows]))
    return result.table.materialize()


def test_writes_the_results_as_csv_and_passes_them_on(tmp_path):
    rows, fields = write("| outputlookup seen.csv", tmp_path)
    assert (rows, fields) == (ROWS, ["user", "count", "hosts"])
    # splunk_sv_csv, the default: a multivalue field one value per line, as `--format csv`.
    assert (tmp_path / "seen.csv").read_text() == 'user,count,hosts\nann,2,"h1\nh2"\nbob,1,\n'


def test_a_table_name_writes_name_dot_csv(tmp_path):
    # "you can use either staff.csv or staff as the tablename".
    write("| outputlookup staff", tmp_path)
    assert (tmp_path / "staff.csv").exists()


def test_what_is_written_reads_back_with_inputlookup(tmp_path):
    write("| outputlookup seen.csv", tmp_path)
    result = run_search("| inputlookup seen.csv", catalog=Catalog.load((), [tmp_path]))
    assert result.table.materialize()[0] == [
        {"user": "ann", "count": "2", "hosts": "h1\nh2"}, {"user": "bob", "count": "1"}]


def test_append_adds_only_the_existing_header_fields(tmp_path):
    # "If there is an existing file that has a csv header already, 'outputlookup' adds only the
    # fields that are referenced by that header".
    (tmp_path / "seen.csv").write_text("count,user\n9,zed\n")
    write("| outputlookup append=true seen.csv", tmp_path)
    assert (tmp_path / "seen.csv").read_text() == "count,user\n9,zed\n2,ann\n1,bob\n"


def test_append_creates_a_missing_file(tmp_path):
    write("| outputlookup append=t seen.csv", tmp_path)
    assert (tmp_path / "seen.csv").read_text().splitlines()[0] == "user,count,hosts"


def test_without_append_the_file_is_replaced(tmp_path):
    (tmp_path / "seen.csv").write_text("old\nrow\n")
    write("| outputlookup seen.csv", tmp_path)
    assert (tmp_path / "seen.csv").read_text().startswith("user,count,hosts\n")


def test_max_limits_the_rows_written_not_those_passed_on(tmp_path):
    rows, _ = write("| outputlookup max=1 seen.csv", tmp_path)
    assert len(rows) == 2
    assert (tmp_path / "seen.csv").read_text() == 'user,count,hosts\nann,2,"h1\nh2"\n'


@pytest.mark.parametrize("options, existing, expected", [
    # "If 'create_empty' is true (the default) and no results are passed to 'outputlookup',
    # 'ouputlookup' creates a 0-length file"; override_if_empty (default true) "deletes the
    # lookup file if it exists".
    ("", "a\n1\n", ""),
    ("", None, ""),
    # "If 'override_if_empty=f', 'outputlookup' does not delete the existing lookup file."
    ("override_if_empty=false", "a\n1\n", "a\n1\n"),
    # "When 'create_empty=f', 'outputlookup does not create a file and the file is deleted if it
    # previously existed."
    ("create_empty=false", "a\n1\n", None),
    ("create_empty=false", None, None),
    # Both false: the page's two sentences disagree; the file is kept.
    ("create_empty=false override_if_empty=false", "a\n1\n", "a\n1\n"),
])
def test_no_results(tmp_path, options, existing, expected):
    path = tmp_path / "seen.csv"
    if existing is not None:
        path.write_text(existing)
    write(f"| outputlookup {options} seen.csv", tmp_path, rows=[])
    assert (path.read_text() if path.exists() else None) == expected


def test_gz_files_are_written_gzipped_and_cannot_be_appended_to(tmp_path):
    write("| outputlookup seen.csv.gz", tmp_path)
    with gzip.open(tmp_path / "seen.csv.gz", "rt") as stream:
        assert stream.readline() == "user,count,hosts\n"
    # ".gz files cannot be appended to".
    with pytest.raises(BadArgumentError, match="cannot append to a .gz"):
        bind_search("| outputlookup append=t seen.csv.gz")


def test_without_lookups_out_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadArgumentError, match="--lookups-out") as raised:
        write("| outputlookup seen.csv", None)
    assert raised.value.span.start == 2  # under the command
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../seen.csv", "sub/seen.csv", "sub\\seen.csv", "/tmp/x.csv",
                                  "C:x.csv", "..", '"a/../b.csv"'])
def test_a_name_can_only_name_a_file_of_the_folder(name):
    with pytest.raises(BadArgumentError, match="named without a folder") as raised:
        bind_search(f"| outputlookup {name}")
    assert raised.value.span.start == len("| outputlookup ")


@pytest.mark.parametrize("search, error, words", [
    ("| outputlookup key_field=user seen", UnsupportedCommandError, "KV store"),
    ("| outputlookup output_format=splunk_mv_csv seen", UnsupportedCommandError, "mv_csv"),
    ("| outputlookup create_context=ap seen", BadArgumentError, "did you mean `app`"),
    ("| outputlookup apend=t seen", BadArgumentError, "did you mean `append`"),
    ("| outputlookup max=-1 seen", BadArgumentError, "max"),
])
def test_option_errors(search, error, words):
    with pytest.raises(error) as raised:
        bind_search(search)
    assert words in str(raised.value)


def test_spl_run_lookups_out_is_where_it_writes(tmp_path, capsys):
    folder = tmp_path / "out"
    status = main(["run", "--data", str(DATA / "endpoint_sysmon.log"), "--lookups-out",
                   str(folder), "--format", "csv",
                   "EventCode=1 | stats count by User | outputlookup users"])
    assert status == 0
    assert (folder / "users.csv").read_text() == capsys.readouterr().out
