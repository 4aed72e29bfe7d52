"""Properties of expansion over arbitrary text and small random libraries: it terminates, fails
only with MacroError, leaves text without backticks alone, and every span maps back inside the
user's text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spl.errors import MacroError, Span
from spl.macros import Expansion, Macro, MacroLibrary, SourceMap, expand

ARGUMENTS = {0: (), 1: ("v",), 2: ("v", "w")}
KEYS = [("a", 0), ("b", 0), ("a", 1), ("b", 2), ("c", 0)]
CALLS = ["`a`", "`b`", "`a(x)`", "`b(1, 2)`", '`a("q,\\"")`', "`c_filter`", "`nope`", "`a()`"]
PIECES = [*CALLS, " ", '"', "\\", "```", "`", "x", "$v$", "$w$", "(", ")", ",", "|", "\n"]

pieced_text = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
mostly_calls = st.lists(st.sampled_from([*CALLS[:6], " x ", '"', "```c```"]), max_size=8).map(
    "".join)
any_text = st.one_of(mostly_calls, pieced_text, st.text(alphabet='`"\\()$, ab|\n', max_size=30),
                     st.text())
no_backticks = st.text().map(lambda text: text.replace("`", ""))
CLEAN = ["`a`", "`b(1, 2)`", "`c_filter`", " x ", "$v$", "$w$", '"y"', "(", ","]
definitions = st.one_of(st.lists(st.sampled_from(CLEAN), max_size=4),
                        st.lists(st.sampled_from(PIECES), max_size=5)).map("".join)
libraries = st.dictionaries(st.sampled_from(KEYS), definitions, min_size=3, max_size=len(KEYS)).map(
    lambda found: MacroLibrary(Macro(name, ARGUMENTS[arity], definition, "generated")
                               for (name, arity), definition in found.items()))


def expand_or_error(text: str, library: MacroLibrary) -> Expansion | MacroError:
    try:
        return expand(text, library)
    except MacroError as error:
        return error


def assert_maps_inside(source_map: SourceMap, span: Span) -> Span:
    mapped, _ = source_map.to_original(span)
    assert 0 <= mapped.start <= mapped.end <= len(source_map.original)
    return mapped


@given(no_backticks, libraries)
def test_text_without_backticks_is_unchanged_and_maps_to_itself(text: str, library: MacroLibrary):
    expansion = expand(text, library)
    assert expansion.text == text
    for start in range(0, len(text) + 1, 3):
        for end in (start, len(text)):
            assert expansion.source_map.to_original(Span(start, end)) == (Span(start, end), [])


@settings(max_examples=500)
@given(any_text, libraries)
def test_expansion_terminates_and_fails_only_with_a_macro_error(text: str, library: MacroLibrary):
    result = expand_or_error(text, library)
    if isinstance(result, MacroError):
        assert result.text is not None and result.source_map is not None
        assert 0 <= result.span.start <= result.span.end <= len(result.text)
        assert_maps_inside(result.source_map, result.span)
        assert str(result).startswith("error[macro]: ")


@given(st.text(alphabet="ab $|()\n", max_size=10), st.text(alphabet="ab $|()\n", max_size=10))
def test_a_macro_calling_itself_is_a_cycle(before: str, after: str):
    library = MacroLibrary([Macro("a", (), f"{before}`a`{after}", "generated")])
    result = expand_or_error("`a`", library)
    assert isinstance(result, MacroError)
    assert result.message == "macro cycle: `a` -> `a`"


@settings(max_examples=500)
@given(any_text, libraries, st.data())
def test_every_expanded_span_maps_inside_the_users_text(text: str, library: MacroLibrary,
                                                         data: st.DataObject):
    result = expand_or_error(text, library)
    if isinstance(result, MacroError):
        return
    assert len(result.source_map.origins) == len(result.text)
    length = len(result.text)
    for at in range(length):  # the user's own character, a comment, or a whole backtick call
        mapped, chain = result.source_map.to_original(Span(at, at + 1))
        source = text[mapped.start:mapped.end]
        if chain:
            assert source.startswith("`") and source.endswith("`") and len(source) > 1
        else:
            assert source == result.text[at] or source.startswith("```")
    for _ in range(5):
        start = data.draw(st.integers(0, length))
        end = data.draw(st.integers(start, length))
        assert_maps_inside(result.source_map, Span(start, end))
