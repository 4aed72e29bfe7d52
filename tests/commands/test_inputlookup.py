"""inputlookup with the test lookups in tests/lookups.

inputlookup reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/inputlookup
"""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError, SplError
from support import TESTS, run_command, run_search

LOOKUPS = TESTS / "lookups"


def run(text: str) -> str:
    output, _ = run_search(text, lookups=[LOOKUPS])
    return output


def test_reads_every_row_in_file_order_with_the_header_as_columns():
    # "Use the inputlookup command to search the contents of a lookup table"; empty cells are null.
    assert run("| inputlookup users") == ("user,group,team\nalice,admins,red\nbob,users,\n"
                                          "Carol,staff,blue\nalice,auditors,green\n7,service,\n")


def test_a_definition_name_and_a_file_name_both_work():
    # "<filename> | <tablename>": users.csv directly, or the user_primary_group definition.
    assert run("| inputlookup users.csv | head 1") == "user,group,team\nalice,admins,red\n"
    assert run("| inputlookup user_primary_group | head 1") == "user,group,team\nalice,admins,red\n"


def test_where_filters_with_search_matching():
    # "Supports a limited set of search query operators: =, !=, <, >, <=, >=, AND, OR, NOT ...
    # Also supports wildcard string searches"; search matching is case-insensitive.
    assert run("| inputlookup users where user=CAR*") == "user,group,team\nCarol,staff,blue\n"
    assert run("| inputlookup users where user=alice NOT team=red") == \
        "user,group,team\nalice,auditors,green\n"
    assert run("| inputlookup users where user>5 user<8") == "user,group,team\n7,service,\n"


def test_start_and_max_bound_the_rows_read():
    # start: "the 0-based offset of the first event to read"; max: "the maximum number of events
    # to be read from the file".
    assert run("| inputlookup start=1 max=2 users") == \
        "user,group,team\nbob,users,\nCarol,staff,blue\n"


def test_in_a_subsearch():
    # "The inputlookup command can be first command in a search or in a subsearch."
    out = run("| inputlookup hosts | append [| inputlookup users where group=staff]")
    assert out == ("host,site,role,user,group,team\nweb01,paris,frontend,,,\n"
                   "db01,berlin,database,,,\n,,,Carol,staff,blue\n")


def test_append_true_adds_the_rows_after_the_current_results():
    # append=true: "the data returned from the lookup file is appended to the current set of
    # results rather than replacing it".
    result = run_command("| inputlookup append=t hosts where site=lyon OR host=db01",
                         [{"host": "mail01"}], ["host"], lookups=[LOOKUPS])
    assert result.materialize() == (
        [{"host": "mail01"}, {"host": "db01", "site": "berlin", "role": "database"}],
        ["host", "site", "role"])


def test_is_generating_so_it_must_come_first():
    with pytest.raises(BadArgumentError, match="must be the first command"):
        run("| inputlookup hosts | inputlookup users")


@pytest.mark.parametrize("text, words", [
    ("| inputlookup hostz", "did you mean `hosts`?"),
    ("| inputlookup strat=1 hosts", "did you mean `start`?"),
    ("| inputlookup max=-1 hosts", "whole number"),
    ("| inputlookup append=sometimes hosts", "true or false"),
])
def test_mistakes_are_reported_at_bind_time(text, words):
    with pytest.raises(BadArgumentError) as error:
        run(text)
    assert words in str(error.value)


def test_a_subsearch_in_where_is_refused_before_running():
    with pytest.raises(SplError, match="subsearch"):
        run("| inputlookup hosts where [| inputlookup users]")


def test_a_space_after_the_comma_in_the_header_is_not_part_of_the_field_name():
    # The lookup pages are silent on spaces in a CSV header; security_content issue 3987
    # (https://github.com/splunk/security_content/issues/3987) reports Splunk trimming them. The
    # cells keep theirs (silent docs; RFC 4180: "Spaces are considered part of a field").
    assert run("| inputlookup event_codes where Description=\" Was blocked\"") == \
        "EventCode,Description\n8004, Was blocked\n"


def test_a_kv_store_collection_from_its_rest_export_has_its_fields_list_columns():
    # inputlookup reads "a CSV lookup or a KV store lookup"; the columns are the definition's
    # fields_list ("Configure KV Store lookups"), so `_user` and `enabled` of the export are
    # dropped, a number is written as its JSON text and null is no value.
    assert run("| inputlookup known_admins") == (
        "_key,user,since,level\n5410be5441ba15298e4624d1,alice,1709550000,\n"
        "5410be5441ba15298e4624d2,Bob,1709560000,root\n")


def test_a_kv_store_collection_without_local_rows_gives_none_with_a_notice():
    output, result = run_search("| inputlookup seen_regions", lookups=[LOOKUPS])
    assert output == "_key,region\n"
    assert len(result.prepared.notices) == 1
    assert "KV store collection `seen_regions`" in result.prepared.notices[0]
    assert "seen_regions.json or seen_regions.csv" in result.prepared.notices[0]
