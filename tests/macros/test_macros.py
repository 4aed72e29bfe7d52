"""Macro libraries, comment stripping, expansion, and the source map back to the user's text.

Error texts are asserted in full where the user sees them: the caret must sit under what the user
wrote, with the chain of macros when the fault lies inside a definition.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spl.errors import MacroError, Span, SplSyntaxError
from spl.macros import (
    MAX_CALLS,
    MAX_DEPTH,
    MAX_EXPANDED,
    Macro,
    MacroLibrary,
    expand,
    split_arguments,
    strip_comments,
    substitute,
)
from spl.shipped import shipped_dir

DATA = Path(__file__).parent / "data"
SHIPPED = MacroLibrary.load([shipped_dir("macros")])


def macro(name: str, definition: str, *arguments: str) -> Macro:
    return Macro(name, arguments, definition, "test")


def expanded(text: str, *macros: Macro) -> str:
    return expand(text, MacroLibrary(macros)).text


def error_of(text: str, library: MacroLibrary) -> MacroError:
    with pytest.raises(MacroError) as raised:
        expand(text, library)
    return raised.value


# ---- loading ----------------------------------------------------------------------------------


def test_load_reads_security_content_yaml_and_skips_other_yaml():
    library = MacroLibrary.load([DATA / "yaml_lib"])
    assert library.names() == ["greet", "null_definition", "pick"]
    greet = library.get("greet", 1)
    assert greet.arguments == ("who",)
    assert greet.definition == 'eval greeting="hello $who$"'
    assert greet.origin == str(DATA / "yaml_lib" / "greet.yml")


def test_a_folder_or_a_dangling_link_named_like_a_macro_file_is_passed_over(tmp_path):
    (tmp_path / "folder.yml").mkdir()
    (tmp_path / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    (tmp_path / "real.yml").write_text("name: real\ndefinition: search x\n", encoding="utf-8")
    assert MacroLibrary.load([tmp_path]).names() == ["real"]


def test_yaml_scalars_stay_spl_text():
    library = MacroLibrary.load([DATA / "yaml_lib"])
    assert library.get("null_definition", 0).definition == "null"


def test_macros_conf_overloads_by_arity_beside_yaml():
    library = MacroLibrary.load([DATA / "yaml_lib", DATA / "conf_lib"])
    assert [library.get("pick", n).definition for n in range(3)] == [
        "fields a", "fields $field$", "fields $first$ $second$"]
    assert library.get("pick", 2).arguments == ("first", "second")
    assert library.get("pick", 3) is None


def test_later_folders_override_earlier_ones_and_conf_origins_name_the_line():
    conf = DATA / "conf_lib" / "macros.conf"
    later_conf = MacroLibrary.load([DATA / "yaml_lib", DATA / "conf_lib"]).get("greet", 1)
    assert (later_conf.definition, later_conf.origin) == ('eval greeting="hi $who$"', f"{conf}:11")
    later_yaml = MacroLibrary.load([DATA / "conf_lib", DATA / "yaml_lib"]).get("greet", 1)
    assert later_yaml.definition == 'eval greeting="hello $who$"'


def test_a_later_macro_given_directly_replaces_an_earlier_one():
    library = MacroLibrary([macro("m", "first"), macro("m", "second")])
    assert library.get("m", 0).definition == "second"


def test_conf_continuation_lines_keep_their_newline():
    library = MacroLibrary.load([DATA / "conf_lib"])
    assert expand("`two_lines`", library).text == "search a \n| head 1"


def test_an_app_folder_reads_default_then_local():
    library = MacroLibrary.load([DATA / "app"])
    assert library.get("where_defined", 0).definition == "search local"
    assert library.get("only_default", 0).definition == "search only_default"


def test_a_conf_stanza_whose_args_do_not_match_its_arity_is_an_error(tmp_path: Path):
    (tmp_path / "macros.conf").write_text("[m(2)]\nargs = a\ndefinition = x\n", encoding="utf-8")
    with pytest.raises(MacroError, match=r"macros\.conf:1: macro \[m\(2\)\] takes 2 argument"):
        MacroLibrary.load([tmp_path])


def test_an_unreadable_macro_file_is_an_error(tmp_path: Path):
    (tmp_path / "broken.yml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(MacroError, match="cannot read macro file"):
        MacroLibrary.load([tmp_path])


def test_an_eval_based_macro_is_refused_when_called():
    library = MacroLibrary.load([DATA / "conf_lib"])
    assert "eval-based" in error_of("| `eval_based`", library).message


# ---- the shipped macros -----------------------------------------------------------------------


def test_the_shipped_macros():
    assert SHIPPED.names() == [
        "drop_dm_object_name", "fillnull_config", "oldsummaries_config",
        "security_content_ctime", "security_content_summariesonly", "summariesonly_config",
        "sysmon"]


def test_security_content_summariesonly_expands_through_its_config_macros():
    assert expand("`security_content_summariesonly`", SHIPPED).text == \
        "summariesonly=false allow_old_summaries=true fillnull_value=null"


@pytest.mark.parametrize("call", ["drop_dm_object_name(Processes)",
                                  'drop_dm_object_name("Processes")',
                                  "drop_dm_object_name( Processes )"])
def test_drop_dm_object_name_quoted_or_not(call: str):
    # Splunk's own handling of the quoted form is not verified against a live Splunk: we strip
    # the quotes of a whole-argument string, as romain-durban's expander does.
    assert expand(f"`{call}`", SHIPPED).text == "rename Processes.* AS *"


def test_security_content_ctime_and_sysmon():
    assert expand("`security_content_ctime(firstTime)`", SHIPPED).text == \
        'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime)'
    assert expand("`sysmon`", SHIPPED).text == (
        "sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR "
        "source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR "
        "source=Syslog:Linux-Sysmon/Operational")


# ---- comments ---------------------------------------------------------------------------------


def test_each_comment_becomes_one_space():
    assert strip_comments("a ```x``` b ```y```c") == "a   b  c"


def test_comments_go_first_even_inside_quotes_and_around_backticks():
    assert strip_comments('search "a```x```b"') == 'search "a b"'
    assert strip_comments('a ```say "`m`"``` b') == "a   b"


def test_comments_go_before_macros_expand():
    assert expanded("```a `missing` macro``` search", macro("m", "x")) == "  search"


def test_an_unclosed_comment_is_an_error_with_a_caret():
    with pytest.raises(MacroError) as raised:
        strip_comments("search a ```oops")
    assert str(raised.value) == (
        "error[macro]: unclosed comment: this ``` has no closing ```\n"
        "  | search a ```oops\n"
        "             ^^^")


def test_positions_after_a_comment_map_back_to_the_users_text():
    expansion = expand("a ```c``` b `m`", MacroLibrary([macro("m", "x")]))
    assert expansion.text == "a   b x"
    assert expansion.source_map.to_original(Span(4, 5)) == (Span(10, 11), [])
    assert expansion.source_map.to_original(Span(2, 3)) == (Span(2, 9), [])
    assert expansion.source_map.to_original(Span(6, 7)) == (Span(12, 15), ["m"])


def test_a_comment_in_a_definition_is_removed_too():
    assert expanded("`m`", macro("m", "search a ```why``` | head 1")) == "search a   | head 1"


# ---- calls and arguments ----------------------------------------------------------------------


@pytest.mark.parametrize("text, arguments", [
    ("a, b", ("a", "b")),
    ("  spaced  ,\tout ", ("spaced", "out")),
    ('"a,b", c', ("a,b", "c")),
    ("f(a, b), c", ("f(a, b)", "c")),
    ('x="1,2"', ('x="1,2"',)),
    ('"He said \\"hi\\""', ('He said "hi"',)),
    ('"a" "b"', ('"a" "b"',)),
    ('"a\\"', ('"a\\"',)),
    ("a,", ("a", "")),
])
def test_split_arguments(text: str, arguments: tuple[str, ...]):
    assert split_arguments(text) == arguments


def test_overloads_by_argument_count():
    library = MacroLibrary.load([DATA / "yaml_lib", DATA / "conf_lib"])
    assert expand("`pick` | `pick(x)` | `pick( x , y )`", library).text == \
        "fields a | fields x | fields x y"


def test_empty_parentheses_mean_no_arguments():
    assert expanded("`pick()`", macro("pick", "fields a")) == "fields a"


def test_a_call_that_is_not_a_name_is_an_error():
    error = error_of("search `not a call`", MacroLibrary())
    assert error.message.startswith("cannot read this macro call")
    assert error.span == Span(7, 19)


# ---- substitution -----------------------------------------------------------------------------


def test_arguments_replace_placeholders_globally_even_inside_quotes():
    m = macro("m", 'eval a="$v$" | search b=$v$ $w$ $unknown$', "v", "w")
    assert expanded("`m(1, 2)`", m) == 'eval a="1" | search b=1 2 $unknown$'


def test_backslashes_in_arguments_survive_substitution():
    m = macro("path", 'search path="$p$"', "p")
    assert expanded("`path(C:\\Windows\\1)`", m) == 'search path="C:\\Windows\\1"'
    assert expanded('`path("C:\\\\Temp\\\\")`', m) == 'search path="C:\\\\Temp\\\\"'
    assert substitute("$a$", ("a",), ("\\1\\g<0>\\\\",)) == "\\1\\g<0>\\\\"


# ---- recursion --------------------------------------------------------------------------------


def test_definitions_expand_recursively_and_steps_record_each_call():
    library = MacroLibrary([macro("outer", "search `inner(x)` | `inner(y)`"),
                            macro("inner", "f=$v$", "v")])
    expansion = expand("| `outer` |", library)
    assert expansion.text == "| search f=x | f=y |"
    assert [(s.call, s.arguments, s.expansion, s.depth, s.span) for s in expansion.steps] == [
        ("outer", (), "search `inner(x)` | `inner(y)`", 0, Span(2, 9)),
        ("inner(x)", ("x",), "f=x", 1, Span(2, 9)),
        ("inner(y)", ("y",), "f=y", 1, Span(2, 9)),
    ]
    assert expansion.steps[1].macro.name == "inner"


def test_a_cycle_is_an_error_naming_the_chain():
    library = MacroLibrary([macro("start", "`a`"), macro("a", "x `b`"), macro("b", "y `a`")])
    error = error_of("`start`", library)
    assert error.message == "macro cycle: `a` -> `b` -> `a`"
    assert error.source_map.to_original(error.span) == (Span(0, 7), ["start", "a", "b"])
    assert error.text == "y `a`"  # shown under "which expands to:"


def test_a_macro_calling_itself_is_a_cycle():
    assert error_of("`a`", MacroLibrary([macro("a", "`a`")])).message == "macro cycle: `a` -> `a`"


def test_an_overload_calling_another_is_not_a_cycle():
    assert expanded("`foo(x)`", macro("foo", "`foo` $v$", "v"), macro("foo", "y")) == "y x"


def test_deep_nesting_is_refused():
    chain = [macro(f"m{i}", f"`m{i + 1}`") for i in range(60)] + [macro("m60", "end")]
    assert "nested more than 50 deep" in error_of("`m0`", MacroLibrary(chain)).message


# ---- quotes -----------------------------------------------------------------------------------


def test_macros_are_not_expanded_inside_quoted_strings():
    assert expanded('search x="foo`bar`baz" `m`', macro("m", "y")) == 'search x="foo`bar`baz" y'


def test_an_escaped_quote_does_not_end_the_string():
    assert expanded('search x="a\\"`b`" `m`', macro("m", "y")) == 'search x="a\\"`b`" y'


def test_an_escaped_quote_outside_a_string_starts_none():
    # as in security_content's kubernetes_create_or_update_privileged_pod
    text = 'search c=*\\"privileged\\":true* | `m`'
    assert expanded(text, macro("m", "y")) == 'search c=*\\"privileged\\":true* | y'


def test_an_escaped_backslash_before_the_closing_quote_ends_it():
    assert expanded('search x="C:\\\\" `m`', macro("m", "y")) == 'search x="C:\\\\" y'


# ---- errors -----------------------------------------------------------------------------------


def test_unknown_macro_golden():
    text = "| tstats count from datamodel=Endpoint.Processes | `drop_dm_objet_name(Processes)`"
    assert str(error_of(text, SHIPPED)) == (
        "error[macro]: unknown macro `drop_dm_objet_name`\n"
        "  | | tstats count from datamodel=Endpoint.Processes | `drop_dm_objet_name(Processes)`\n"
        "                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  hint: did you mean `drop_dm_object_name`?")


def test_unknown_macro_inside_a_definition_golden():
    library = MacroLibrary([*(SHIPPED.get(n, 0) for n in ("summariesonly_config",
                                                          "fillnull_config")),
                            macro("broken", "summariesonly=`summariesonly_config` "
                                            "fillnull_value=`fillnull_confg`")])
    assert str(error_of("| tstats `broken` count", library)) == (
        "error[macro]: unknown macro `fillnull_confg`\n"
        "  | | tstats `broken` count\n"
        "             ^^^^^^^^\n"
        "  in expansion of `broken`\n"
        "  which expands to:\n"
        "  | summariesonly=`summariesonly_config` fillnull_value=`fillnull_confg`\n"
        "                                                        ^^^^^^^^^^^^^^^^\n"
        "  hint: did you mean `fillnull_config`?")


def test_an_unknown_macro_with_nothing_close_has_no_hint():
    assert error_of("`zzzzzz`", SHIPPED).hint is None


def test_a_missing_filter_macro_becomes_search_star_with_one_notice():
    expansion = expand("| `sysmon` | `my_detection_filter` | `my_detection_filter`", SHIPPED)
    assert expansion.text.endswith("| search * | search *")
    notice = ("macro `my_detection_filter` is not defined; using `search *` as Splunk's "
              "content tooling does")
    assert expansion.notices == (notice,)
    assert expansion.steps[-1].macro.name == "my_detection_filter"


def test_a_defined_filter_macro_is_used():
    assert expanded("`x_filter`", macro("x_filter", "search y=1")) == "search y=1"


def test_a_missing_filter_macro_with_arguments_is_unknown():
    assert error_of("`x_filter(a)`", SHIPPED).message == "unknown macro `x_filter`"


def test_wrong_argument_count_golden():
    text = "| `security_content_ctime(firstTime, lastTime)`"
    assert str(error_of(text, SHIPPED)) == (
        "error[macro]: macro `security_content_ctime` is called with 2 argument(s); it is "
        "defined as `security_content_ctime(field)`\n"
        "  | | `security_content_ctime(firstTime, lastTime)`\n"
        "      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^")


def test_wrong_argument_count_lists_every_overload():
    library = MacroLibrary.load([DATA / "yaml_lib", DATA / "conf_lib"])
    assert error_of("`pick(a, b, c)`", library).message == (
        "macro `pick` is called with 3 argument(s); it is defined as `pick` or `pick(field)` or "
        "`pick(first, second)`")


def test_an_unclosed_backtick_is_an_error_with_a_caret():
    assert str(error_of("search `sysmon | head 1", SHIPPED)) == (
        "error[macro]: unclosed macro call: this backtick has no closing backtick\n"
        "  | search `sysmon | head 1\n"
        "           ^")


def test_an_error_after_a_comment_points_at_the_users_text():
    error = error_of("a ```c``` `nope`", SHIPPED)
    assert error.source_map.to_original(error.span) == (Span(10, 16), [])


# ---- the source map ---------------------------------------------------------------------------


def test_text_without_backticks_is_unchanged_and_maps_to_itself():
    text = 'search a="b" | stats count by c\n| where x>1'
    expansion = expand(text, SHIPPED)
    assert (expansion.text, expansion.steps, expansion.notices) == (text, (), ())
    for start, end in [(0, 6), (3, 3), (15, 20), (len(text), len(text))]:
        assert expansion.source_map.to_original(Span(start, end)) == (Span(start, end), [])
    assert expansion.source_map.original == text


def test_macro_output_maps_to_the_users_call_with_the_chain():
    text = "| tstats `security_content_summariesonly` count"
    expansion = expand(text, SHIPPED)
    out, source_map = expansion.text, expansion.source_map
    call = Span(text.index("`"), text.rindex("`") + 1)
    null = out.rindex("null")
    assert source_map.to_original(Span(null, null + 4)) == (
        call, ["security_content_summariesonly", "fillnull_config"])
    own = out.index("summariesonly=")
    assert source_map.to_original(Span(own, own + 3)) == (call, ["security_content_summariesonly"])
    count = out.index("count")
    assert source_map.to_original(Span(count, count + 5)) == (Span(42, 47), [])
    assert source_map.to_original(Span(2, out.index("count"))) == (
        Span(2, call.end + 1), ["security_content_summariesonly"])


def test_an_empty_span_just_after_an_expansion_belongs_to_it():
    text = "| `security_content_ctime(firstTime)`"
    expansion = expand(text, SHIPPED)
    end = len(expansion.text)
    assert expansion.source_map.to_original(Span(end, end)) == (
        Span(2, len(text)), ["security_content_ctime(firstTime)"])


def test_a_later_error_in_macro_output_renders_under_the_users_call():
    expansion = expand("| `security_content_ctime(firstTime)` | head 1", SHIPPED)
    fault = expansion.text.index("ctime(")
    error = SplSyntaxError("unexpected `ctime`", Span(fault, fault + 5))
    error.attach(expansion.text, expansion.source_map)
    assert str(error) == (
        "error[syntax]: unexpected `ctime`\n"
        "  | | `security_content_ctime(firstTime)` | head 1\n"
        "      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  in expansion of `security_content_ctime(firstTime)`\n"
        "  which expands to:\n"
        '  | | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | head 1\n'
        "                                             ^^^^^")


# ---- caps on expansion ------------------------------------------------------------------------


def test_macros_that_each_call_the_next_twice_are_stopped_naming_the_chain():
    """Issue #16: 20 levels of `a` -> `b` `b` took 161 s and 2.5 GB. The cap (MAX_EXPANDED) is 30
    times the largest expansion among security_content's detections (3,220 characters)."""
    fan = [macro(f"f{i}", f"`f{i + 1}` `f{i + 1}`") for i in range(20)]
    fan.append(macro("f20", "search CommandLine=*powershell*"))
    error = error_of("search `f0`", MacroLibrary(fan))
    chain = " -> ".join(f"`f{i}`" for i in range(21))
    assert error.message == f"macro expansion grows past {MAX_EXPANDED:,} characters: {chain}"
    assert str(error).splitlines()[1:3] == ["  | search `f0`", "           ^^^^"]


def test_fan_out_that_produces_no_text_is_stopped_by_the_count_of_calls():
    fan = [macro(f"e{i}", f"`e{i + 1}``e{i + 1}`") for i in range(20)] + [macro("e20", "")]
    error = error_of("`e0`", MacroLibrary(fan))
    assert error.message.startswith(f"macro expansion makes more than {MAX_CALLS:,} calls: "
                                    "`e0` -> `e1` -> ")


def test_fan_out_below_the_caps_expands_in_full():
    fan = [macro(f"g{i}", f"`g{i + 1}` `g{i + 1}`") for i in range(10)] + [macro("g10", "x")]
    assert expanded("`g0`", *fan) == " ".join(["x"] * 2 ** 10)


def test_deep_nesting_names_the_chain():
    chain = [macro(f"m{i}", f"`m{i + 1}`") for i in range(60)] + [macro("m60", "end")]
    message = error_of("`m0`", MacroLibrary(chain)).message
    assert message == (f"macro calls nested more than {MAX_DEPTH} deep: "
                       + " -> ".join(f"`m{i}`" for i in range(MAX_DEPTH + 1)))
