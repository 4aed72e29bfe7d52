"""join with subsearches over the test lookups in tests/lookups.

join reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/join
"""

from __future__ import annotations

import pytest

from engine.commands import join as join_module
from engine.table import Table
from spl.errors import BadArgumentError, UnknownCommandError
from support import TESTS, run_search

LOOKUPS = TESTS / "lookups"
SUB = "[| inputlookup users]"  # alice twice (admins/red, auditors/green), bob, Carol, 7

ROWS = [{"user": "alice", "n": "1"}, {"user": "bob", "n": "2"}, {"user": "dave", "n": "3"},
        {"n": "4"}]


def run(text: str, rows=ROWS, fields=("user", "n")):
    output, context = run_search(text, rows=Table([dict(r) for r in rows], list(fields)),
                                 lookups=[LOOKUPS])
    return output, context


def test_inner_join_keeps_the_first_match_only():
    # "By default, only the first row of the subsearch that matches a row of the main search is
    # returned"; an inner join does "not include events from the main search that have no
    # matches in the subsearch" (dave, and the row without user).
    out, _ = run(f"| join user {SUB}")
    assert out == "user,n,group,team\nalice,1,admins,red\nbob,2,users,\n"


def test_max_zero_returns_every_match_as_its_own_row():
    # "To return all of the matching subsearch rows, include the max=<int> argument and set the
    # value to 0."
    out, _ = run(f"| join max=0 user {SUB}")
    assert out == "user,n,group,team\nalice,1,admins,red\nalice,1,auditors,green\nbob,2,users,\n"


@pytest.mark.parametrize("kind", ["left", "outer"])
def test_left_and_outer_keep_unmatched_rows(kind):
    # "Use either outer or left to specify a left outer join."
    out, _ = run(f"| join type={kind} user {SUB}")
    assert out == "user,n,group,team\nalice,1,admins,red\nbob,2,users,\ndave,3,,\n,4,,\n"


def test_overwrite_decides_which_side_wins_for_shared_fields():
    # overwrite (default true): "whether fields from the subsearch results overwrite the fields
    # from the main search results".
    rows = [{"user": "bob", "group": "mine"}, {"user": "Carol"}]
    out, _ = run(f"| join user {SUB}", rows, ("user", "group"))
    assert out == "user,group,team\nbob,users,\nCarol,staff,blue\n"
    out, _ = run(f"| join overwrite=false user {SUB}", rows, ("user", "group"))
    assert out == "user,group,team\nbob,mine,\nCarol,staff,blue\n"


def test_without_a_field_list_the_common_fields_are_used():
    # "If no fields are specified, all of the fields that are common to both datasets are used."
    rows = [{"user": "alice", "group": "auditors"}, {"user": "alice", "group": "nobody"}]
    out, _ = run(f"| join {SUB}", rows, ("user", "group"))
    assert out == "user,group,team\nalice,auditors,green\n"


def test_values_are_compared_case_sensitively():
    # "The values of the fields used in <field-list> are case sensitive."
    out, _ = run(f"| join user {SUB}", [{"user": "carol"}, {"user": "Carol"}], ("user",))
    assert out == "user,group,team\nCarol,staff,blue\n"


def test_numbers_and_multivalues_compare_as_their_text():
    rows = [{"user": 7}, {"user": ("alice", "bob")}]
    out, _ = run(f"| join type=left user {SUB}", rows, ("user",))
    assert out == 'user,group,team\n7,service,\n"alice\nbob",,\n'


def test_the_subsearch_is_bound_with_the_outer_search():
    with pytest.raises(UnknownCommandError):
        run("| join user [| inputlookup users | sorty user]")


@pytest.mark.parametrize("text, words", [
    (f"| join typ=left user {SUB}", "did you mean `type`?"),
    (f"| join type=full user {SUB}", "inner, outer or left"),
    (f"| join max=-1 user {SUB}", "whole number"),
    (f"| join usetime=true user {SUB}", "not supported"),
    (f"| join left=L right=R user {SUB}", "not supported"),
])
def test_mistakes_and_unsupported_options_fail_at_bind_time(text, words):
    with pytest.raises(BadArgumentError) as error:
        run(text)
    assert words in str(error.value)


def test_subsearch_rows_beyond_the_limit_are_dropped_with_a_notice(monkeypatch):
    # "A maximum of 50,000 rows in the right-side dataset can be joined"; lowered here.
    monkeypatch.setattr(join_module, "SUBSEARCH_MAXOUT", 1)
    out, context = run(f"| join type=left user {SUB}")
    assert out == "user,n,group,team\nalice,1,admins,red\nbob,2,,\ndave,3,,\n,4,,\n"
    assert any("only the first 1" in notice for notice in context.diagnostics.notices)
