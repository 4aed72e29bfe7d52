"""The parser returns an AST or raises SplError for any text, with a span inside the text."""

from hypothesis import given, settings, strategies as st

from spl import ast
from spl.errors import SplError
from spl.parser import parse, parse_expression

# Text built from SPL's own pieces finds more interesting states than random characters.
PIECES = ["|", " ", "tstats", "rename", "convert", "eval", "where", "search", "count", "AS",
          "by", "FROM", "datamodel=", "Endpoint.Registry", "(", ")", "=", "!=", "<", ",", '"',
          "\\", "*", "NOT", "OR", "AND", "IN", "x", "'f'", "1", ".", "+", "\n", "[", "]"]
spl_like = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


def check(parser, text):
    try:
        result = parser(text)
    except SplError as error:
        assert error.span is not None
        assert 0 <= error.span.start <= error.span.end <= len(text) + 1
        return None
    return result


@settings(max_examples=400)
@given(st.one_of(st.text(max_size=60), spl_like))
def test_parse_returns_a_pipeline_or_raises_spl_error(text):
    result = check(parse, text)
    assert result is None or isinstance(result, ast.Pipeline)


@settings(max_examples=200)
@given(st.one_of(st.text(max_size=40), spl_like))
def test_parse_expression_returns_an_expression_or_raises_spl_error(text):
    check(parse_expression, text)
