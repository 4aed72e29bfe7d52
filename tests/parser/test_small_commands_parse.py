"""The grammar of makeresults and the small commands: the forms Splunk's pages and
security_content write, and their names staying ordinary words elsewhere."""

import pytest

from spl import ast
from spl.errors import SplSyntaxError
from spl.parser import parse


def command(text):
    return parse(text).commands[-1]


def test_replace_as_a_detection_writes_it():
    # Lower-case with/in and quoted values, from windows_ad_domain_controller_audit_policy_disabled.
    assert command('| replace "%%8448" with "Success removed", "%%8450" with "Failure removed" '
                   'in AuditPolicyChanges') == ast.Replace(
        (ast.ReplacePair("%%8448", "Success removed"), ast.ReplacePair("%%8450", "Failure removed")),
        ("AuditPolicyChanges",))


def test_replace_fields_may_be_space_or_comma_separated():
    # replace: "Specify a comma or space delimited list of one or more field names"
    # (https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/replace).
    assert command("| replace a WITH b IN x y, z").fields == ("x", "y", "z")


def test_makeresults_data_may_span_lines():
    # The makeresults page's CSV data is written over several lines.
    options = command('| makeresults format=csv data="a,b\n1,2"').options
    assert options[1] == ast.Option("data", "a,b\n1,2")


def test_a_string_spanning_lines_elsewhere_still_says_so():
    with pytest.raises(SplSyntaxError) as raised:
        parse('| eval x="a\nb"')
    assert raised.value.message.startswith("a quoted string cannot span lines")


def test_kv_is_extract():
    # "The alias for the extract command is kv"
    # (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/extract).
    assert command("| kv pairdelim=;") == command("| extract pairdelim=;")


def test_strcat_sources_are_fields_or_literals():
    assert command('| strcat sourceIP "/" destIP comboIP') == ast.Strcat(
        (ast.Field("sourceIP"), ast.Literal("/"), ast.Field("destIP")), "comboIP")


@pytest.mark.parametrize("text, expected", [
    ('| eval x=replace(a, "b", "c")', ast.Call("replace", (ast.Field("a"), ast.Literal("b"),
                                                          ast.Literal("c")))),
])
def test_command_names_stay_function_names_in_eval(text, expected):
    assert command(text).assignments[0].expr == expected


def test_command_names_stay_search_terms():
    assert command("reverse uniq") == ast.Search(ast.And((ast.Term("reverse"), ast.Term("uniq"))))
