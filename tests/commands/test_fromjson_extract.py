"""fromjson and extract (kv) on small tables."""

import pytest

from spl.errors import SplError, UnsupportedCommandError
from support import bind_search, run_command


def run(text, rows):
    return run_command(text, rows).materialize()[0]


def test_fromjson_reads_each_value_of_a_multivalue_field():
    # fromjson "returns keys as fields and key values as field values"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/fromjson);
    # reading every value of a multivalue field is this project's choice.
    rows = run("| fromjson j", [{"j": ('{"a": 1}', '{"a": 2, "b": true}')}])
    assert rows == [{"j": ('{"a": 1}', '{"a": 2, "b": true}'), "a": ("1", "2"), "b": "true"}]


def test_fromjson_key_replaces_a_field():
    assert run("| fromjson j", [{"j": '{"a": "new"}', "a": "old"}])[0]["a"] == "new"


def test_fromjson_misspelt_option():
    with pytest.raises(SplError) as raised:
        bind_search("| fromjson j prefx=x")
    assert "did you mean `prefix`" in raised.value.hint


def test_extract_keeps_fields_the_row_has_unless_mv_add():
    # transforms.conf MV_ADD (default false): a value found for a field that exists is dropped;
    # with mv_add=true it is added (extract overrides MV_ADD,
    # https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/extract).
    rows = [{"_raw": "a=1 a=2 b=3", "b": "0"}]
    assert run("| extract", rows) == [{"_raw": "a=1 a=2 b=3", "a": "1", "b": "0"}]
    assert run("| extract mv_add=true", rows) == [{"_raw": "a=1 a=2 b=3", "a": ("1", "2"),
                                                   "b": ("0", "3")}]


def test_extract_cleans_keys_unless_told_not_to():
    # clean_keys "Specifies whether to clean keys": transforms.conf CLEAN_KEYS replaces
    # characters other than letters and digits with underscores and strips leading underscores
    # and digits.
    rows = [{"_raw": "user-name:bob;1st:x"}]
    assert run('| extract pairdelim=";" kvdelim=":"', rows)[0] == \
        {"_raw": "user-name:bob;1st:x", "user_name": "bob", "st": "x"}
    assert run('| extract pairdelim=";" kvdelim=":" clean_keys=false', rows)[0] == \
        {"_raw": "user-name:bob;1st:x", "user-name": "bob", "1st": "x"}


def test_extract_limit_and_maxchars():
    # limit "Specifies how many automatic key-value pairs to extract"; maxchars how many
    # characters of the event are read.
    raw = "a=1 b=2 c=3"
    assert set(run("| extract limit=2", [{"_raw": raw}])[0]) == {"_raw", "a", "b"}
    assert set(run("| extract maxchars=5", [{"_raw": raw}])[0]) == {"_raw", "a"}


def test_extract_auto_false_finds_nothing_without_delimiters():
    # auto=f: "not to perform automatic key-value field extraction"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/extract).
    assert run("| extract auto=f", [{"_raw": "a=1"}]) == [{"_raw": "a=1"}]


def test_extract_reads_only_raw():
    # "The extract command works only on the _raw field."
    assert run("| extract", [{"msg": "a=1"}]) == [{"msg": "a=1"}]


def test_kv_and_extract_are_one_command():
    assert bind_search("| kv limit=3") == bind_search("| extract limit=3")


def test_extractor_names_need_a_transforms_conf():
    with pytest.raises(UnsupportedCommandError) as raised:
        bind_search("| extract my-access-extractions")
    assert "transforms.conf" in raised.value.message


def test_extract_options_are_checked():
    with pytest.raises(SplError) as raised:
        bind_search("| extract pairdelm=x")
    assert "did you mean `pairdelim`" in raised.value.hint
