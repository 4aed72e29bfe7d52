"""Syntax that published detections write: AS names with parentheses, quoted data model names,
eval field names with punctuation or `{field}`, subsearches that start with a generating
command, and the trees of transaction, appendpipe, map, outputlookup and mstats."""

import pytest

from spl import ast
from spl.errors import SplSyntaxError
from spl.parser import parse


def command(text):
    (found,) = parse(text).commands
    return found


def test_an_as_name_may_end_in_parentheses():
    # `values(aceFlags) as aceFlags(inheritance)` in five security_content detections
    # (windows_ad_dcshadow_privileges_acl_addition and others).
    stats = command("| stats values(aceFlags) as aceFlags(inheritance) count AS n by d")
    assert [a.output_name for a in stats.aggregations] == ["aceFlags(inheritance)", "n"]


def test_tstats_datamodel_may_be_quoted():
    # The tstats syntax names `datamodel=<string:datamodel-name>` (searchbnf.conf).
    assert command('| tstats count from datamodel="Endpoint.Processes"').datamodel == \
        "Endpoint.Processes"


def test_tstats_and_mstats_group_by_or_groupby():
    # searchbnf.conf: `((by|GROUPBY) <field>...)` for tstats, `(BY|GROUPBY)` for mstats.
    assert command("| tstats count from datamodel=Endpoint.Processes groupby a").by == ("a",)
    assert command("| mstats count(x) where index=m GROUPBY a b").by == ("a", "b")


@pytest.mark.parametrize("text, name", [
    ("| eval inbound:outbound = a/b", "inbound:outbound"),  # Splunk's kubernetes detections
    ("| eval feature_set-mppreference=1", "feature_set-mppreference"),  # a security_content macro
    ("| eval process.name=1", "process.name"),
    ("| eval 'in out'=1", "in out"),
])
def test_eval_names_may_hold_punctuation(text, name):
    (assignment,) = command(text).assignments
    assert (assignment.field, assignment.dynamic) == (name, False)


def test_eval_braces_name_the_field_by_another_fields_value():
    # The eval page: `eval {aName}=aValue` writes the field named by aName's value.
    first, second = command("| eval {aName}=aValue, count_{type}_x=1").assignments
    assert (first.field, first.dynamic, first.name_fields) == ("{aName}", True,
                                                              frozenset({"aName"}))
    assert second.name_fields == frozenset({"type"})
    # Quoted, the braces are only characters of the name.
    (quoted,) = command("| eval '{aName}'=1").assignments
    assert (quoted.dynamic, quoted.name_fields) == (False, frozenset())


def test_a_subsearch_may_start_with_a_generating_command_without_a_pipe():
    # "The first command in a subsearch must be a generating command, such as search, eventcount,
    # inputlookup, and tstats" (Search Manual, "About subsearches"); security_content writes
    # `append [ mstats ... ]` and `join key [ mstats ... ]`.
    append = parse("| mstats count(a) where index=m | append [ mstats count(b) where index=m "
                   "| eval x=1 ]").commands[1]
    assert [type(c) for c in append.subsearch.commands] == [ast.Mstats, ast.Eval]
    search = command("index=a [inputlookup hosts.csv | fields host]")
    subsearch = search.expr.operands[1]
    assert isinstance(subsearch.pipeline.commands[0], ast.Inputlookup)
    # Anywhere else the word is a search term, as before.
    assert command("tstats foo") == ast.Search(ast.And((ast.Term("tstats"), ast.Term("foo"))))


def test_transaction_filters_in_parentheses_quotes_or_eval():
    found = command('| transaction host,cookie startswith=(a="x y") endswith=eval(n>1) '
                    'maxspan=30s startsWith="login"')
    assert found.fields == ("host", "cookie")
    assert [(f.name, type(f.search or f.expr).__name__) for f in found.filters] == [
        ("startswith", "Compare"), ("endswith", "Binary")]
    assert [(o.name, o.value) for o in found.options] == [("maxspan", "30s"),
                                                          ("startsWith", "login")]


def test_appendpipe_subpipeline_starts_with_a_command():
    found = command('| appendpipe run_in_preview=f [stats count by a | eval b="c"]')
    assert [type(c) for c in found.subpipeline.commands] == [ast.Stats, ast.Eval]
    piped = command('| appendpipe [| map search="search x=$y$"]')
    assert piped.subpipeline.commands == (ast.Map((ast.Option("search", "search x=$y$"),)),)


def test_map_outputlookup_and_mstats_trees():
    assert command("| map saved_one") == ast.Map((), "saved_one")
    assert command('| outputlookup append=t "my file.csv"') == ast.Outputlookup(
        "my file.csv", (ast.Option("append", "t"),))
    mstats = command("| mstats avg(tcp.*) as tcp.* where index=k AND earliest=-1h by a span=10s")
    assert (mstats.by, [(o.name, o.value) for o in mstats.options],
            mstats.aggregations[0].output_name) == (("a",), [("span", "10s")], "tcp.*")


def test_appendpipe_needs_its_brackets():
    with pytest.raises(SplSyntaxError, match="expected `\\[`"):
        parse("| appendpipe run_in_preview=t")
