"""appendpipe and mstats beyond the goldens: binding errors and the notice mstats gives.

Splunk references: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/appendpipe
and https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mstats
(searchbnf.conf's mstats-command for the options).
"""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError, UnknownFunctionError, UnsupportedCommandError
from engine.table import Table
from support import bind_search, run_search


def test_the_subpipeline_is_bound_with_the_search():
    # A mistake inside the subpipeline fails before any row is read, under its own text.
    with pytest.raises(UnsupportedCommandError) as raised:
        bind_search("| stats count | appendpipe [stats count | kmeans k=2]")
    assert raised.value.span.start == len("| stats count | appendpipe [stats count | ")
    with pytest.raises(BadArgumentError, match="did you mean `run_in_preview`"):
        bind_search("| appendpipe run_in_previw=t [stats count]")


def test_appendpipe_reads_the_rows_so_far_not_the_events():
    rows = Table([{"n": 1}, {"n": 2}])
    output, _ = run_search("| eval n=n*10 | appendpipe [stats sum(n) AS n]", rows=rows)
    assert output.splitlines() == ["n", "10", "20", "30"]


def test_mstats_gives_no_rows_and_says_why():
    output, result = run_search("| mstats rate_avg(bytes) AS r count(x) WHERE index=m BY host "
                                "span=1m")
    assert output == "host,r,count(x)\n"
    assert "mstats reads metric indexes, and a run over event logs has none: it returns no " \
           "rows" in result.diagnostics.notices


@pytest.mark.parametrize("search, error, words", [
    ("| mstats spam=1m avg(x) WHERE index=m", BadArgumentError, "did you mean `span`"),
    ("| mstats avgg(x) WHERE index=m", UnknownFunctionError, "did you mean `avg`"),
    ("| mstats avg(x) WHERE index=m earliest=-1zz", BadArgumentError, "earliest"),
    ("| mstats avg(x) WHERE index=m BY h span=soon", BadArgumentError, "span"),
    ("| mstats prestats=maybe avg(x) WHERE index=m", BadArgumentError, "prestats"),
])
def test_mstats_binds_as_splunk_checks_it(search, error, words):
    with pytest.raises(error) as raised:
        run_search(search)
    assert words in str(raised.value)


def test_mstats_must_come_first_unless_append():
    with pytest.raises(BadArgumentError, match="must be the first command"):
        bind_search("| mstats count(x) WHERE index=m")  # bind_search reads rows: not first
    output, _ = run_search("| mstats append=t count(x) WHERE index=m", rows=Table([{"a": 1}]))
    assert output.splitlines() == ["a", "1"]
