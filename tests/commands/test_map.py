"""map beyond the goldens: $variable$ substitution, the searches' errors, maxsearches, and map
inside appendpipe as Splunk's own content writes it.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/map
and searchbnf.conf's map-command, whose sentences the tests quote.
"""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError, SplSyntaxError, UnsupportedCommandError
from engine.commands.map import substituted
from engine.table import Table
from support import DATA, bind_search, run_search

SYSMON = DATA / "endpoint_sysmon.log"
VALUES = {"user": 'al"ice', "path": "C:\\x", "_serial_id": "3"}


def test_variables_take_the_row_values_escaped_inside_quotes():
    # "The value of variables surrounded in quotes (e.g. text="$_raw$") will be quote escaped".
    assert substituted('search u=$user$ p="$path$" n=$_serial_id$ q="\\"$user$"', VALUES.get) \
        == 'search u=al"ice p="C:\\\\x" n=3 q="\\"al\\"ice"'


def test_a_missing_value_runs_no_search():
    assert substituted("search u=$nobody$", VALUES.get) is None
    assert substituted("search cost=$5 and $ 6", VALUES.get) == "search cost=$5 and $ 6"


def test_saved_searches_and_a_missing_search_are_errors():
    with pytest.raises(UnsupportedCommandError, match="saved searches"):
        bind_search("| map my_saved_search")
    with pytest.raises(BadArgumentError, match="needs the search"):
        bind_search("| map maxsearches=3")
    with pytest.raises(BadArgumentError, match="did you mean `maxsearches`"):
        bind_search('| map search="search x" maxsearch=3')


def test_the_search_is_checked_when_the_outer_search_is_bound():
    with pytest.raises(SplSyntaxError) as raised:
        bind_search('| map search="search a=$b$ | rename x"')
    assert raised.value.message.startswith('in map\'s search "search a=$b$ | rename x"')
    assert raised.value.span.start == len("| map ")


def test_a_value_that_breaks_the_search_fails_under_the_option():
    # Only the real value shows this: it holds a double quote outside any quoted string.
    rows = Table([{"v": 'a"b'}])
    with pytest.raises(SplSyntaxError) as raised:
        run_search('| map search="search x=$v$"', rows=rows)
    assert 'in map\'s search "search x=a"b"' in raised.value.message
    assert raised.value.span.start == len("| map ")


def test_maxsearches_zero_runs_none_and_says_so():
    # "Zero ( 0 ) does not equate to unlimited searches"; "A message is generated if there are
    # more search results than the maximum".
    _, result = run_search('EventCode=1 | map maxsearches=0 search="search EventCode=5"',
                           [SYSMON])
    assert result.table.materialize()[0] == []
    assert any("only the first 0 searches ran" in n for n in result.diagnostics.notices)


def test_rows_lacking_a_variable_are_skipped_with_a_notice():
    output, result = run_search('EventCode=1 OR EventCode=11 | sort _time | head 5 '
                                '| map search="search EventCode=1 ProcessGuid=$ParentProcessGuid$"'
                                ' | table Image', [SYSMON])
    # The fourth row (EventCode 11) has no ParentProcessGuid; whoami.exe's and svc_update.exe's
    # parent is cmd.exe, the others' (explorer.exe) started before the log.
    assert "map: a row lacks a field its search names, so no search ran for it" in \
        result.diagnostics.notices
    assert output.splitlines() == ["Image", r"C:\Windows\System32\cmd.exe",
                                   r"C:\Windows\System32\cmd.exe"]


def test_map_inside_appendpipe_reads_the_rows_so_far():
    # The shape of windows_ad_replication_request_initiated_by_user_account: rows found by a
    # first search, then `appendpipe [| map search="search ... id=$id$"]` adds the events each
    # row's id names.
    search = ('EventCode=1 Image="*\\\\whoami.exe" | table ParentProcessGuid '
              '| appendpipe [| map search="search EventCode=1 ProcessGuid=$ParentProcessGuid$"]'
              ' | table ParentProcessGuid Image')
    output, _ = run_search(search, [SYSMON])
    assert output.splitlines() == [
        "ParentProcessGuid,Image",
        "7C3A91E2-C813-69D4-0122-000000002300,",
        r"7C3A91E2-C2E2-69D4-0091-000000002300,C:\Windows\System32\cmd.exe"]
