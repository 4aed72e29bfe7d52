"""spath on small tables (spath reference, Splunk Search Reference:
https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/spath)."""

from __future__ import annotations

import pytest

from spl.errors import BadArgumentError
from support import bind_search, run_command

CATALOG = "<catalog><book id='1'><t>A</t></book><book id='2'><t>B</t></book></catalog>"


def run(command: str, rows: list[dict]):
    return list(run_command(command, rows).rows)


def test_xml_element_and_its_empty_index_are_the_same():
    # "catalog.book and catalog.book{} are equivalent. Both get you all the books".
    rows = run("| spath output=a path=catalog.book.t | spath output=b path=catalog.book{}.t",
               [{"_raw": CATALOG}])
    assert rows[0]["a"] == rows[0]["b"] == ("A", "B")


def test_xml_index_counts_from_one_and_an_element_with_children_gives_its_xml():
    rows = run("| spath output=second path=catalog.book{2}", [{"_raw": CATALOG}])
    assert rows[0]["second"] == '<book id="2"><t>B</t></book>'


def test_xml_index_applies_under_each_parent():
    # "In XML, this same path refers to the third desc child of product": per parent element.
    raw = "<r><p><c>1</c><c>2</c></p><p><c>3</c><c>4</c></p><p><c>5</c></p></r>"
    rows = run("| spath output=v path=r.p.c{2} | spath output=w path=r.p{3}.c", [{"_raw": raw}])
    assert (rows[0]["v"], rows[0]["w"]) == (("2", "4"), "5")


def test_json_top_level_array_and_nested_arrays_are_named_with_braces():
    rows = run("| spath", [{"_raw": '[{"a": [[1, 2], [3]]}, {"a": []}]'}])
    assert rows[0]["{}.a{}{}"] == ("1", "2", "3")


def test_json_paths_cannot_take_xml_attributes_and_xml_paths_start_at_the_root():
    rows = run("| spath output=x path=a{@b} | spath output=y path=book.t",
               [{"_raw": '{"a": [1]}'}, {"_raw": CATALOG}])
    assert [("x" in r, "y" in r) for r in rows] == [(False, False), (False, False)]


def test_broken_documents_give_nothing():
    rows = [{"_raw": '{"a": 1'}, {"_raw": "<a><b></a>"}, {"_raw": "42"}, {"_raw": '"text"'}]
    assert run("| spath", [dict(r) for r in rows]) == rows


@pytest.mark.parametrize("search", ["| spath", "| spath output=v path=a.a",
                                    '| eval v=spath(_raw, "a.a")'])
def test_json_nested_deeper_than_100_levels_is_not_read(search):
    # The page names no depth limit; past 100 levels the document is left unread, as one that
    # is not JSON is (100,000 levels ended the run with a RecursionError).
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    level_100 = '{"a":' * 100 + "1" + "}" * 100
    rows = run(search, [{"_raw": deep, "n": 1}, {"_raw": level_100, "n": 2}])
    assert rows[0] == {"_raw": deep, "n": 1}
    assert rows[1].get("v", rows[1].get("a." * 99 + "a")) is not None


def test_multivalue_input_is_read_value_by_value():
    rows = run("| spath input=j output=v path=k", [{"j": ('{"k": "x"}', "no", '{"k": 2}')}])
    assert rows[0]["v"] == ("x", "2")


def test_unicode_and_escapes_in_json_strings():
    rows = run("| spath", [{"_raw": '{"name": "caf\\u00e9", "path": "C:\\\\x"}'}])
    assert (rows[0]["name"], rows[0]["path"]) == ("café", "C:\\x")


def test_streams():
    assert not isinstance(run_command("| spath a", iter([{"_raw": "{}"}])).rows, list)


@pytest.mark.parametrize("text, words", [
    ("| spath path=a b", "not both"),
    ("| spath output=x", "no path is given"),
    ("| spath inptu=x a", "did you mean `input`?"),
    ("| spath path=a{b", "cannot read the path"),
])
def test_mistakes_are_reported_at_bind_time(text, words):
    with pytest.raises(BadArgumentError) as error:
        bind_search(text)
    assert words in str(error.value)
