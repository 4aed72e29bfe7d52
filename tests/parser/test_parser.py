"""The parser: text to AST, SPL's quoting rules, and syntax errors in words with a caret."""

import pytest

from spl import ast
from spl.errors import Span, SplSyntaxError
from spl.parser import parse, parse_expression, unquote


def commands(text):
    return parse(text).commands


def test_implicit_search_is_the_first_command():
    assert commands('EventCode=13 TargetObject="*\\\\Run\\\\*"') == (
        ast.Search(ast.And((ast.Compare("EventCode", "=", "13"),
                            ast.Compare("TargetObject", "=", "*\\Run\\*", quoted=True)))),)


def test_or_binds_tighter_than_implicit_and_in_search():
    # Search Manual, "Boolean expressions": in search, OR is evaluated before AND.
    assert commands("a b OR c") == (
        ast.Search(ast.And((ast.Term("a"), ast.Or((ast.Term("b"), ast.Term("c")))))),)


def test_not_applies_to_the_next_term_only():
    assert commands("NOT a b") == (ast.Search(ast.And((ast.Not(ast.Term("a")), ast.Term("b")))),)


def test_lowercase_operators_are_search_terms():
    # "Boolean operators must be capitalised; lowercase and/or/not are search terms."
    assert commands("a or b") == (
        ast.Search(ast.And((ast.Term("a"), ast.Term("or"), ast.Term("b")))),)


def test_in_list_with_quotes_and_wildcards():
    assert commands('x IN (1, "two words", 3*)') == (
        ast.Search(ast.In("x", ("1", "two words", "3*"))),)


def test_tstats_with_options_before_and_after_by():
    (tstats,) = commands('| tstats summariesonly=false count min(_time) as firstTime '
                         'FROM datamodel=Endpoint.Registry where Registry.action=created '
                         'by Registry.dest fillnull_value="N/A"')
    assert tstats == ast.Tstats(
        options=(ast.Option("summariesonly", "false"), ast.Option("fillnull_value", "N/A")),
        aggregations=(ast.Aggregation("count"), ast.Aggregation("min", "_time", "firstTime")),
        datamodel="Endpoint.Registry",
        where=ast.Compare("Registry.action", "=", "created"),
        by=("Registry.dest",))


def test_keywords_are_case_insensitive_and_fields_keep_case():
    (tstats,) = commands("| TSTATS Count As N from DataModel=Endpoint.Processes BY Processes.Dest")
    assert tstats.aggregations == (ast.Aggregation("Count", None, "N"),)
    assert tstats.by == ("Processes.Dest",)


def test_rename_pairs_with_and_without_commas_and_quotes():
    assert commands('| rename a AS b, "x y" as z c AS d') == (
        ast.Rename((("a", "b"), ("x y", "z"), ("c", "d"))),)


def test_convert_with_timeformat_and_alias():
    assert commands('| convert timeformat="%Y" ctime(firstTime) AS first, ctime(lastTime)') == (
        ast.Convert((ast.Option("timeformat", "%Y"),),
                    (ast.Conversion("ctime", "firstTime", "first"),
                     ast.Conversion("ctime", "lastTime"))),)


def test_unknown_command_is_parsed_far_enough_to_name_it():
    (command,) = commands('| kmeans host maxspan=5m "a|b"')
    assert command == ast.UnknownCommand("kmeans")
    assert command.span == Span(2, 8)


def test_spans_point_into_the_text():
    text = "| rename a AS b"
    (rename,) = commands(text)
    assert text[rename.span.start:rename.span.end] == "rename a AS b"


@pytest.mark.parametrize("token, value", [
    (r'"C:\Windows"', r"C:\Windows"),            # unknown escape kept (Backslashes page)
    (r'"C:\\Windows"', r"C:\Windows"),           # \\ is one backslash
    (r'"say \"hi\""', 'say "hi"'),
    (r'"a\|b"', "a|b"),
    (r'"\*"', r"\*"),                            # \* is not an escape
    ("plain", "plain"),
])
def test_unquote_follows_splunks_backslash_rules(token, value):
    assert unquote(token) == value


def test_eval_precedence_not_and_or_xor():
    # eval reference: NOT binds tightest, then AND, then OR, then XOR.
    expr = parse_expression("a OR b AND NOT c XOR d")
    assert expr == ast.Binary("XOR", ast.Binary("OR", ast.Field("a"), ast.Binary(
        "AND", ast.Field("b"), ast.Unary("NOT", ast.Field("c")))), ast.Field("d"))


def test_eval_strings_expand_control_escapes_and_single_quotes_name_fields():
    expr = parse_expression("'my field' . \"\\t\"")
    assert expr == ast.Binary(".", ast.Field("my field"), ast.Literal("\t"))


def test_eval_numbers_keep_integers_integral():
    assert parse_expression("1 + 2.5") == ast.Binary("+", ast.Literal(1), ast.Literal(2.5))


@pytest.mark.parametrize("text, message, caret", [
    ("| rename a b", "unexpected `b`; expected `AS`", (11, 12)),
    ("| tstats count by", "unexpected end of search; expected a field name", (17, 17)),
    ('foo "bar', "unbalanced quotes: this string has no closing `\"`", (4, 5)),
    ('a="x\nb"', "a quoted string cannot span lines", (2, 3)),
])
def test_syntax_errors_say_what_was_expected(text, message, caret):
    with pytest.raises(SplSyntaxError) as raised:
        parse(text)
    assert raised.value.message.startswith(message)
    assert (raised.value.span.start, raised.value.span.end) == caret


def test_unary_plus_and_minus():
    # The printf reference's own example writes +4.
    assert parse_expression("-2 + +4") == ast.Binary(
        "+", ast.Unary("-", ast.Literal(2)), ast.Literal(4))
