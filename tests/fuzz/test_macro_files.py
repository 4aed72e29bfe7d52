"""Macro files as an input surface (issue #16): any folder of macros, however written, must end
in an expansion or a search error, never a traceback, a hang or unbounded memory.

Each example writes a folder of random macros, as security_content YAML files or a macros.conf:
recursive and mutually recursive ones, fan-out (a macro calling another several times), calls
with the wrong number of arguments, `$arg$` placeholders, comments, and files broken as YAML or
as .conf, or of the wrong shape. `spl expand` and `spl run` are run on a search calling them, in
process (spl.cli.main): the exit status is 0, 1 (printed as an error) or 2. tests/macros has the
properties of expansion itself (source maps, arity) over in-memory libraries.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from fuzz.in_process import run_spl

NAMES = ["a", "b", "c", "d_filter"]
PIECES = ["`a`", "`b`", "`b(x)`", "`c(1, 2)`", "`a(\"q,\")`", "`d_filter`", "`nope`", "`a()`",
          "`b` `b`", "`c(`a`, `a`)`", " search x=1 ", "$v$", "$w$", "$nope$", '"', "```", "(",
          ")", ",", "| stats count by x ", "\\", "`"]
GOOD_PIECES = [p for p in PIECES if p not in ('"', "```", "(", ")", "\\", "`")]
YAML_DAMAGE = ["", "name: [1, 2]\ndefinition: x\n", "name: a\ndefinition: {x: 1}\n",
               "name: a\ndefinition: x\narguments: 5\n", "name: a\n\tdefinition: x\n",
               "- just\n- a list\n", "name: a\ndefinition: 'unclosed\n", "\x00\xff",
               "name: a\ndefinition: x\narguments: [[1]]\n"]
CONF_DAMAGE = ["[a\ndefinition = x\n", "[a(2)]\nargs = v\ndefinition = $v$\n",
               "[a]\niseval = 1\ndefinition = 1+1\n", "definition = outside any stanza\n",
               "[a(x)]\ndefinition = x\n", "[b]\n", "\x00\xff"]

definitions = st.one_of(st.lists(st.sampled_from(GOOD_PIECES), max_size=4),
                        st.lists(st.sampled_from(PIECES), max_size=6)).map("".join)
macros = st.lists(st.tuples(st.sampled_from(NAMES), st.integers(0, 2), definitions),
                  min_size=1, max_size=6)


def _yaml(name: str, arity: int, definition: str) -> str:
    quoted = definition.replace("\\", "\\\\").replace('"', '\\"')
    arguments = "".join(f"\n  - {a}" for a in ("v", "w")[:arity])
    return f'name: {name}\ndefinition: "{quoted}"\narguments:{arguments or " []"}\n'


def _conf(name: str, arity: int, definition: str) -> str:
    stanza = f"[{name}({arity})]\nargs = {', '.join(('v', 'w')[:arity])}\n" if arity else \
        f"[{name}]\n"
    return stanza + "definition = " + definition.replace("\n", " ") + "\n"


@st.composite
def macro_folder(draw) -> dict[str, str]:
    """File name -> text: the macros as YAML files or as one macros.conf, maybe a damaged one."""
    found = draw(macros)
    if draw(st.booleans()):
        files = {f"m{i}.yml": _yaml(*macro) for i, macro in enumerate(found)}
        if draw(st.integers(0, 3)) == 0:
            files["damaged.yml"] = draw(st.sampled_from(YAML_DAMAGE))
    else:
        text = "".join(_conf(*macro) + "\n" for macro in found)
        if draw(st.integers(0, 3)) == 0:
            text += draw(st.sampled_from(CONF_DAMAGE))
        files = {"macros.conf": text}
    return files


def run_cli(files: dict[str, str], command: str, *argv: str) -> tuple[int, str]:
    """`spl <command> --macros <folder> ...` in process over a folder holding `files`: its exit
    status and what it printed on stderr (fuzz.in_process)."""
    return run_spl([command, "--macros", "{folder}", *argv], files)


calls = st.lists(st.sampled_from(["`a`", "`b`", "`b(x)`", "`c(1, 2)`", "`d_filter`", "`a(1)`"]),
                 min_size=1, max_size=3).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(macro_folder(), calls)
def test_expanding_any_macro_folder_ends_in_a_result_or_an_error(files, call):
    assert run_cli(files, "expand", "--", "| makeresults | " + call)[0] in (0, 1, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(macro_folder(), calls)
def test_running_a_search_over_any_macro_folder_ends_in_a_result_or_an_error(files, call):
    status, _ = run_cli(files, "run", "--format", "csv", "--", "| makeresults | " + call)
    assert status in (0, 1, 2)


def test_macros_that_fan_out_twenty_levels_end_in_the_size_error():
    """Issue #16's example: 20 levels, each calling the next twice (161 s and 2.5 GB before)."""
    files = {f"f{i}.yml": _yaml(f"f{i}", 0, f"`f{i + 1}` `f{i + 1}`") for i in range(20)}
    files["f20.yml"] = _yaml("f20", 0, "search CommandLine=*powershell*")
    status, err = run_cli(files, "expand", "--", "| makeresults | `f0`")
    assert status == 1
    assert err.startswith("error[macro]: macro expansion grows past 100,000 characters: "
                                "`f0` -> `f1` -> ")
