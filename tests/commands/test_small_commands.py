"""nomv, strcat, accum, delta, autoregress, reverse, uniq and addinfo on small tables: the edges
the golden cases (tests/golden/<command>/) do not show, and the mistakes bind-time refuses."""

import pytest

from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock
from engine.explain import describe
from engine.runner import prepare, run_search
from spl.errors import BadArgumentError, SplError
from support import bind_search, run_command


def run(text, rows):
    return run_command(text, rows).materialize()[0]


def test_nomv_joins_numbers_as_they_print():
    # nomv: "Converts values of the specified multivalue field into one single value"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/nomv).
    assert run("| nomv v", [{"v": (1, 2.5, "x")}]) == [{"v": "1\n2.5\nx"}]


def test_nomv_uses_mvcombine_delim_only_right_after_it():
    # mvcombine: "To use the delim argument, you must use the nomv command immediately after".
    rows = [{"k": "1", "v": "a"}, {"k": "1", "v": "b"}]
    assert run('| mvcombine delim=";" v | eval w=v | nomv v', rows)[0]["v"] == "a\nb"
    assert run('| mvcombine delim=";" v | nomv k', rows)[0]["v"] == ("a", "b")


def test_strcat_binds_to_eval():
    # strcat is eval's `.` over its sources, so the rewrite rules and explain know it.
    node = bind_search('| strcat a "-" b c')
    assert isinstance(node, plan.Eval) and node.assignments[0].field == "c"


@pytest.mark.parametrize("text, message", [
    ('| strcat a "x"', "ends with the field to write"),
    ("| strcat c", "then the field to write"),
    ("| strcat allrequred=t a b", "did you mean `allrequired`"),
])
def test_strcat_mistakes(text, message):
    with pytest.raises(SplError) as raised:
        bind_search(text)
    assert message in raised.value.message + " " + (raised.value.hint or "")


def test_accum_integers_stay_integral_and_multivalue_counts_its_first_value():
    # accum: "calculates a running total or sum of the numbers"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/accum);
    # the first value of a multivalue field is this project's choice.
    rows = run("| accum n AS t", [{"n": "2"}, {"n": ("3", "100")}, {"n": "-1"}])
    assert [row["t"] for row in rows] == [2, 5, 4]


def test_delta_of_decimals():
    # delta: "the difference ... between the <field> value for the current event and the <field>
    # value for the previous event"
    # (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/delta).
    rows = run("| delta x", [{"x": "1.5"}, {"x": "4"}])
    assert rows == [{"x": "1.5"}, {"x": "4", "delta(x)": 2.5}]


@pytest.mark.parametrize("text, message", [
    ("| delta x p=0", "at least 1"),
    ("| delta x q=2", "its options are p"),
    ("| autoregress x AS y p=1-3", "single p, not a range"),
    ("| autoregress x p=3-2", "not `3-2`"),
    ("| autoregress x p=two", "not `two`"),
])
def test_delta_and_autoregress_mistakes(text, message):
    # autoregress: newfield is "Invalid if p is set to a range"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/autoregress).
    with pytest.raises(BadArgumentError) as raised:
        bind_search(text)
    assert message in raised.value.message + " " + (raised.value.hint or "")


def test_autoregress_copies_a_multivalue_whole():
    rows = run("| autoregress v", [{"v": ("a", "b")}, {"v": "c"}])
    assert rows[1] == {"v": "c", "v_p1": ("a", "b")}


def test_reverse_holds_rows_and_keeps_columns():
    # reverse "does not affect which results are returned by the search, only the order"
    # (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/reverse).
    table = run_command("| table b a | reverse", [{"a": 1, "b": 2}, {"a": 3}])
    rows, fields = table.materialize()
    assert (rows, fields) == ([{"a": 3}, {"a": 1, "b": 2}], ["b", "a"])


def test_uniq_compares_every_field_including_internal_ones():
    # uniq removes a result that "is an exact duplicate of the previous result"
    # (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/uniq).
    rows = [{"a": "1", "_raw": "x"}, {"a": "1", "_raw": "y"}, {"a": "1", "_raw": "y"}]
    assert run("| uniq", rows) == rows[:2]


def test_uniq_sees_a_number_and_its_text_as_the_same_value():
    assert run("| uniq", [{"a": 1}, {"a": "1"}]) == [{"a": 1}]


@pytest.mark.parametrize("text", ["| reverse x", "| uniq x", "| addinfo x"])
def test_commands_without_arguments_refuse_them(text):
    with pytest.raises(SplError):
        bind_search(text)


def test_addinfo_reads_the_run_clock():
    # info_search_time: "The time when the search was run"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/addinfo).
    result = run_search("| makeresults | addinfo", catalog=Catalog.load(),
                        clock=Clock(now=1709553600.0))
    (row,) = result.table.materialize()[0]
    assert row == {"_time": 1709553600.0, "info_min_time": 0, "info_max_time": "+Infinity",
                   "info_search_time": 1709553600.0, "info_sid": "1709553600.local"}


def test_addinfo_input_need_not_carry_its_fields():
    node = bind_search("| addinfo | table info_sid host")
    assert node.input.needs(frozenset({"info_sid", "host"})) == frozenset({"host"})


@pytest.mark.parametrize("text, sentence", [
    ("| makeresults count=3", "makes 3 row(s) with _time set to the search's start"),
    ('| makeresults format=json data="[{}, {}]"', "makes the 2 row(s) of its inline data"),
    ("| nomv v", "joins the values of v into one value, separated by new lines"),
    ("| accum n", "writes the running total of n to n"),
    ("| delta n p=2", "writes n minus its value 2 numeric row(s) earlier to delta(n)"),
    ("| autoregress n p=1-2", "copies into each row the value n had 1 row(s) earlier as n_p1, "
                              "2 row(s) earlier as n_p2"),
    ("| reverse", "puts the rows in the opposite order"),
    ("| uniq", "drops each row identical to the row before it"),
    ("| addinfo", "adds info_min_time, info_max_time, info_search_time and info_sid (the "
                  "search's time range, start and id)"),
    ("| replace a* WITH b* IN f", "replaces values a* with b* in f"),
    ("| fromjson j prefix=x_", "makes a field of each key of the JSON object in j, named with "
                               "the prefix x_"),
    ('| kv pairdelim=";"', "extracts key-value pairs from _raw split on ; and ="),
])
def test_explain_says_what_each_command_does(text, sentence):
    # `spl explain` describes each command from the node it was bound to (engine/explain.py).
    node = plan_of(text)
    assert describe(node.command, node) == sentence


def plan_of(text: str) -> plan.Node:
    """The plan of `text` as the whole search (makeresults must come first)."""
    return prepare(text, Catalog.load(), Clock(now=0)).plan
