"""lookup over small tables with the test lookups in tests/lookups.

lookup reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/lookup
Field matching rules: https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.4/use-the-configuration-files-to-configure-lookups/add-field-matching-rules-to-your-lookup-configuration
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.lookups import read_table
from engine.table import Table
from spl.errors import BadArgumentError, SplError
from support import TESTS, run_search

LOOKUPS = TESTS / "lookups"


def run(text: str, rows: list[dict], fields: list[str] | None = None,
        lookups: list[Path] = (LOOKUPS,)) -> str:
    output, _ = run_search(text, rows=Table(rows, fields), lookups=list(lookups))
    return output


def test_match_field_as_event_field_and_output_as():
    # Basic example: `lookup usertogroup user as local_user OUTPUT group as user_group`.
    out = run("| lookup users user AS local_user OUTPUT group AS user_group",
              [{"local_user": "bob"}], ["local_user"])
    assert out == "local_user,user_group\nbob,users\n"


def test_no_output_clause_outputs_every_other_column():
    # "if an OUTPUT or OUTPUTNEW clause is not specified, all of the fields in the lookup table
    # that are not the match fields are used as output fields"; an empty cell gives no value.
    out = run("| lookup users user", [{"user": "bob"}, {"user": "Carol"}], ["user"])
    assert out == "user,group,team\nbob,users,\nCarol,staff,blue\n"


def test_several_matching_rows_give_multivalue_outputs_in_file_order():
    # max_matches: "Splunk software uses the first <integer> entries, in file order" (default 100).
    out = run("| lookup users user OUTPUT group team", [{"user": "alice"}], ["user"])
    assert out == 'user,group,team\nalice,"admins\nauditors","red\ngreen"\n'


def test_max_matches_from_the_definition_keeps_the_first_rows():
    out = run("| lookup user_primary_group user OUTPUT group", [{"user": "alice"}], ["user"])
    assert out == "user,group\nalice,admins\n"


def test_matching_is_case_sensitive_unless_the_definition_says_otherwise():
    # case_sensitive_match defaults to true; user_primary_group sets it to false.
    rows = [{"user": "carol"}, {"user": "ALICE"}]
    assert run("| lookup users user OUTPUT group", rows, ["user"]) == "user,group\ncarol,\nALICE,\n"
    out = run("| lookup user_primary_group user OUTPUT group", rows, ["user"])
    assert out == "user,group\ncarol,staff\nALICE,admins\n"


def test_output_overwrites_and_clears_outputnew_only_fills_nulls():
    # "If the OUTPUT clause is specified, the output lookup fields overwrite existing fields. If
    # the OUTPUTNEW clause is specified, the lookup is not performed for events in which the
    # output fields already exist."
    rows = [{"user": "bob", "group": "old"}, {"user": "nobody", "group": "old"}, {"user": "bob"}]
    out = run("| lookup users user OUTPUT group", rows, ["user", "group"])
    assert out == "user,group\nbob,users\nnobody,\nbob,users\n"
    out = run("| lookup users user OUTPUTNEW group", rows, ["user", "group"])
    assert out == "user,group\nbob,old\nnobody,old\nbob,users\n"


def test_row_without_the_match_field_is_left_alone():
    # NULL inputs are not replaced with default_match (field matching rules page).
    out = run("| lookup suspicious_tools process_name OUTPUT is_suspicious",
              [{"host": "h1", "is_suspicious": "kept"}], ["host", "is_suspicious"])
    assert out == "host,is_suspicious\nh1,kept\n"


def test_wildcard_match_type_and_default_match():
    # security_content style definition: WILDCARD(process_name), min_matches 1, default 'false'.
    rows = [{"process_name": "PsExec64.exe"}, {"process_name": "mimikatz.exe"},
            {"process_name": "notepad.exe"}]
    out = run("| lookup suspicious_tools process_name OUTPUT is_suspicious description", rows,
              ["process_name"])
    assert out == ("process_name,is_suspicious,description\n"
                   "PsExec64.exe,true,remote execution\n"
                   "mimikatz.exe,true,credential theft\n"
                   "notepad.exe,false,false\n")


def test_cidr_match_type():
    rows = [{"ip": "10.20.30.40"}, {"ip": "192.168.10.7"}, {"ip": "8.8.8.8"}, {"ip": "n/a"}]
    out = run("| lookup internal_subnets subnet AS ip OUTPUT zone", rows, ["ip"])
    assert out == "ip,zone\n10.20.30.40,corporate\n192.168.10.7,lab\n8.8.8.8,\nn/a,\n"


def test_multivalue_match_field_looks_up_each_value():
    out = run("| lookup users user OUTPUT group", [{"user": ("bob", "Carol", "zed")}], ["user"])
    assert out == 'user,group\n"bob\nCarol\nzed","users\nstaff"\n'


def test_numbers_match_the_text_of_the_table():
    out = run("| eval uid=3+4 | lookup users user AS uid OUTPUT group", [{"x": "1"}], ["x"])
    assert out == "x,uid,group\n1,7,service\n"


def test_two_match_fields_must_both_match():
    rows = [{"host": "web01", "site": "paris"}, {"host": "web01", "site": "berlin"}]
    out = run("| lookup hosts host, site OUTPUT role", rows, ["host", "site"])
    assert out == "host,site,role\nweb01,paris,frontend\nweb01,berlin,\n"


def test_csv_file_named_directly_and_later_folders_win():
    row = [{"host": "web01"}]
    assert run("| lookup hosts.csv host OUTPUT site", row, ["host"]) == "host,site\nweb01,paris\n"
    out = run("| lookup hosts host OUTPUT site", row, ["host"],
              lookups=(LOOKUPS, LOOKUPS / "override"))
    assert out == "host,site\nweb01,lyon\n"


def test_local_and_update_are_accepted():
    out = run("| lookup local=true update=false users user OUTPUT group", [{"user": "bob"}])
    assert out == "user,group\nbob,users\n"


def test_streams_and_keeps_known_columns():
    out = run("| lookup users user OUTPUT team AS colour", [{"user": "Carol", "z": "1"}],
              ["z", "user"])
    assert out == "z,user,colour\n1,Carol,blue\n"


@pytest.mark.parametrize("text, kind, words", [
    ("| lookup userz user", BadArgumentError, "did you mean `users`?"),
    ("| lookup users usr", BadArgumentError, "did you mean `user`?"),
    ("| lookup users user OUTPUT grp", BadArgumentError, "did you mean `group`?"),
    ("| lookup seen_regions regoin", BadArgumentError, "did you mean `region`?"),
    ("| lookup locl=true users user", BadArgumentError, "did you mean `local`?"),
    ("| lookup local=maybe users user", BadArgumentError, "true or false"),
])
def test_mistakes_are_reported_at_bind_time(text, kind, words):
    with pytest.raises(kind) as error:
        run(text, [])
    assert words in str(error.value)


def test_no_lookup_folder_says_how_to_give_one():
    with pytest.raises(BadArgumentError) as error:
        run("| lookup users user", [], lookups=())
    assert "--lookups DIR" in str(error.value)


def test_a_definition_whose_file_is_missing(tmp_path):
    (tmp_path / "gone.yml").write_text("name: gone\nfilename: gone.csv\n", encoding="utf-8")
    with pytest.raises(BadArgumentError, match="gone.csv"):
        run("| lookup gone x", [], lookups=(tmp_path,))


def test_a_match_type_it_cannot_read(tmp_path):
    (tmp_path / "t.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "t.yml").write_text("name: t\nfilename: t.csv\nmatch_type: FUZZY(a)\n",
                                    encoding="utf-8")
    with pytest.raises(BadArgumentError, match="match_type"):
        run("| lookup t a", [], lookups=(tmp_path,))


def test_each_file_is_read_once_until_it_changes(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    first = read_table(path)
    assert read_table(path) is first
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert read_table(path) is not first
    assert read_table(path).rows == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


# ---- CSV headers -----------------------------------------------------------------------------
# Splunk's lookup pages say nothing about spaces in a CSV header; security_content ships lookups
# written `EventCode, Description` (applockereventcodes.csv and five more), and issue 3987
# (https://github.com/splunk/security_content/issues/3987) reports a detection over such a
# header firing in Splunk: the names are trimmed. Cells are kept as written (the docs are silent;
# RFC 4180: "Spaces are considered part of a field and should not be ignored").


def test_a_space_after_the_comma_in_the_header_is_not_part_of_the_field_name():
    rows = [{"EventCode": "8004"}, {"EventCode": "8007"}]
    out = run("| lookup event_codes EventCode OUTPUT Description", rows, ["EventCode"])
    assert out == "EventCode,Description\n8004, Was blocked\n8007,Script blocked\n"


def test_the_untrimmed_name_is_not_a_field():
    with pytest.raises(BadArgumentError, match="has no field ` Description`"):
        run('| lookup event_codes EventCode OUTPUT " Description"', [], ["EventCode"])


# ---- KV store lookups --------------------------------------------------------------------------
# "Configure KV Store lookups" (https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.1/use-the-configuration-files-to-configure-lookups/configure-kv-store-lookups):
# a definition names a `collection` and its `fields_list`; "KV Store lookup ... does not support
# case-insensitive field lookups" and case_sensitive_match "does not apply to KV Store lookups"
# (field matching rules page above). Offline there is no KV store: rows come from a local file
# (known_admins: admin_accounts.json, as the REST API exports the collection) or there are none.


def test_a_kv_store_collection_reads_its_rows_from_its_json_export():
    out = run("| lookup known_admins user OUTPUT level since", [{"user": "Bob"}], ["user"])
    assert out == "user,level,since\nBob,root,1709560000\n"


def test_a_kv_store_lookup_matches_case_sensitively_whatever_the_definition_says():
    # known_admins.yml says case_sensitive_match: 'false'; a KV store lookup cannot honour it.
    out = run("| lookup known_admins user OUTPUT level", [{"user": "bob"}], ["user"])
    assert out == "user,level\nbob,\n"


def test_a_kv_store_lookup_has_only_the_fields_of_its_fields_list():
    # admin_accounts.json has `enabled` and `_user`; fields_list names neither.
    with pytest.raises(BadArgumentError, match="has no field `enabled`"):
        run("| lookup known_admins user OUTPUT enabled", [], ["user"])


def test_a_kv_store_collection_without_local_rows_is_empty_with_a_notice():
    _, result = run_search("| lookup seen_regions region OUTPUT _key", rows=Table(
        [{"region": "eu-west-1"}], ["region"]), lookups=[LOOKUPS])
    assert result.table.materialize() == ([{"region": "eu-west-1"}], ["region", "_key"])
    assert result.prepared.notices == (
        "lookup `seen_regions` is the KV store collection `seen_regions`, which is not here: "
        "read as an empty table of _key, region; put its rows in seen_regions.json or "
        "seen_regions.csv in a --lookups folder",)


def test_rows_of_a_kv_store_collection_from_a_csv_named_for_it_in_a_later_folder(tmp_path):
    (tmp_path / "seen_regions.csv").write_text("region,_key,extra\neu-west-1,k1,x\n",
                                               encoding="utf-8")
    _, result = run_search("| lookup seen_regions region", rows=Table(
        [{"region": "eu-west-1"}], ["region"]), lookups=[LOOKUPS, tmp_path])
    assert result.table.materialize() == ([{"region": "eu-west-1", "_key": "k1"}],
                                          ["region", "_key"])
    assert result.prepared.notices == ()


def test_the_collection_name_comes_before_the_definition_name(tmp_path):
    (tmp_path / "k.yml").write_text("name: k\ncollection: c\nfields_list: a, b\n",
                                    encoding="utf-8")
    (tmp_path / "k.csv").write_text("a,b\n1,from name\n", encoding="utf-8")
    (tmp_path / "c.json").write_text('[{"a": "1", "b": "from collection"}]', encoding="utf-8")
    out = run("| lookup k a OUTPUT b", [{"a": "1"}], ["a"], lookups=(tmp_path,))
    assert out == "a,b\n1,from collection\n"


@pytest.mark.parametrize("spec, data, words", [
    ("collection: c\n", None, "no `fields_list`"),
    ("collection: c\nfields_list: a\n", "{not json", "is not JSON"),
    ("collection: c\nfields_list: a\n", '{"a": "1"}', "not a JSON array of objects"),
    ("filename: t.txt\n", "", "not a CSV file"),
])
def test_kv_store_and_file_mistakes_are_reported_at_bind_time(tmp_path, spec, data, words):
    (tmp_path / "t.yml").write_text(f"name: t\n{spec}", encoding="utf-8")
    if data is not None:
        (tmp_path / ("c.json" if "collection" in spec else "t.txt")).write_text(
            data, encoding="utf-8")
    with pytest.raises(SplError, match=words):
        run("| lookup t a", [], lookups=(tmp_path,))
