"""Search macros: loading libraries of them, and expanding a search's backtick calls.

Published detections are pasted with their macros (`` `sysmon` ``,
`` `drop_dm_object_name(Registry)` ``), so a search only means something once they are expanded
the way Splunk does it: ```comments``` go first, each becoming a space; then each
`` `name(arg, ...)` `` outside double-quoted strings is replaced by the definition of the macro
with that name and number of arguments (macros overload by arity), its `$arg$` placeholders
replaced literally, even inside quotes; definitions may call macros in turn. Libraries are
folders of security_content YAML files (`name`, `definition`, `arguments`) or `macros.conf`
stanzas (`[name(2)]`, `args`, `definition`); later folders win.

Expansion keeps a SourceMap from every character of the expanded text back to the user's text, so
an error found anywhere later (by the parser, by a command) still points at what the user wrote:
their own characters, or the backtick call whose expansion produced the faulty text, with the
chain of macros that led there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import yaml

from spl.booleans import boolean
from spl.conf import ConfError, read_conf
from spl.errors import MacroError, Span, suggestion

MAX_DEPTH = 50
"""How deep macro calls may nest. The deepest nesting among security_content's 1,204
detections, expanded with its macros folder and this project's, is 2 (a filter macro calling
another); 50 leaves room for any hand-written library."""
MAX_EXPANDED = 100_000
"""How many characters the macro definitions of one search may produce, in all. The largest
expansion of a security_content detection is 3,220 characters (from 2,303 written; 20 calls),
so this is 30 times that; macros that each call the next twice double the text per level, and
20 levels of them would otherwise take minutes and gigabytes."""
MAX_CALLS = 10_000
"""How many macro calls one search may expand (security_content's most is 20): macros that
expand to almost nothing can fan out without producing text."""
_CALL = re.compile(r"([^\s(),`]+)\s*(?:\((.*)\))?", re.DOTALL)
_CONF_STANZA = re.compile(r"(.+?)\s*\((\d+)\)")


@dataclass(frozen=True)
class Macro:
    name: str
    arguments: tuple[str, ...]
    definition: str
    origin: str  # the file (and, for macros.conf, the line) it came from
    iseval: bool = False  # macros.conf `iseval = 1`: the definition is an eval expression

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.arguments)})" if self.arguments else self.name


class MacroLibrary:
    """Macros by (name, argument count); a later macro replaces an earlier one with the same key."""

    def __init__(self, macros: Iterable[Macro] = ()):
        self._macros = {(m.name, len(m.arguments)): m for m in macros}

    @classmethod
    def load(cls, dirs: Sequence[Path]) -> MacroLibrary:
        """Every macro in each folder (see _macros_in); later folders override earlier ones."""
        return cls(macro for folder in dirs for macro in _macros_in(Path(folder)))

    def get(self, name: str, arity: int) -> Macro | None:
        return self._macros.get((name, arity))

    def overloads(self, name: str) -> list[Macro]:
        """Every macro called `name`, fewest arguments first."""
        return sorted((m for (n, _), m in self._macros.items() if n == name),
                      key=lambda m: len(m.arguments))

    def names(self) -> list[str]:
        return sorted({name for name, _ in self._macros})


# ---- loading ----------------------------------------------------------------------------------


def _macros_in(folder: Path) -> Iterator[Macro]:
    """The folder's *.yml macros, then its macros.conf, then those of a Splunk app's default/ and
    local/ folders, in that order of precedence (last wins). A folder named `x.yml` holds no
    macro and is passed over, as is a link that leads nowhere."""
    for path in sorted(p for p in folder.glob("*.yml") if p.is_file()):
        macro = _yaml_macro(path)
        if macro is not None:
            yield macro
    for path in (folder / "macros.conf", folder / "default/macros.conf",
                 folder / "local/macros.conf"):
        if path.is_file():
            yield from _conf_macros(path)


def _yaml_macro(path: Path) -> Macro | None:
    """The macro in a security_content YAML file, or None for a YAML file of another kind.
    Every scalar is read as text: a definition `null` or `true` is SPL, not a YAML value."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise MacroError(f"cannot read macro file {path}: {error}") from None
    if not isinstance(document, dict) or not {"name", "definition"} <= document.keys():
        return None
    name, definition, arguments = document["name"], document["definition"], \
        document.get("arguments") or []
    if not (isinstance(name, str) and isinstance(definition, str) and isinstance(arguments, list)
            and all(isinstance(a, str) for a in arguments)):
        raise MacroError(f"{path}: `name` and `definition` must be text and `arguments` a list "
                         "of names")
    return Macro(name, tuple(arguments), definition, str(path))


def _conf_macros(path: Path) -> Iterator[Macro]:
    try:
        conf = read_conf(path)
    except (OSError, UnicodeDecodeError, ConfError) as error:
        raise MacroError(f"cannot read macro file {path}: {error}") from None
    for stanza, settings in conf.items():
        if "definition" in settings:
            yield _conf_macro(stanza, settings, conf.where(stanza))


def _conf_macro(stanza: str, settings: dict[str, str], where: str) -> Macro:
    """`[name]` or `[name(N)]` with `args = a,b` naming its N arguments."""
    match = _CONF_STANZA.fullmatch(stanza)
    name, arity = (match.group(1), int(match.group(2))) if match else (stanza, 0)
    arguments = tuple(a.strip() for a in settings.get("args", "").split(",") if a.strip())
    if len(arguments) != arity:
        raise MacroError(f"{where}: macro [{stanza}] takes {arity} argument(s) but `args` "
                         f"names {len(arguments)}")
    iseval = boolean(settings.get("iseval", "0")) is True
    return Macro(name, arguments, settings["definition"], where, iseval)


# ---- the source map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where one character of a text being expanded came from: a span of the user's text (the
    character itself, a removed comment, or a whole backtick call) and the calls, outermost
    first, whose expansion produced it."""

    start: int
    end: int
    chain: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceMap:
    """Carries spans of an expanded text back to the text the user wrote (`original`)."""

    original: str
    origins: tuple[Origin, ...]  # one per character of the expanded text

    @classmethod
    def identity(cls, text: str) -> SourceMap:
        return cls(text, tuple(Origin(i, i + 1) for i in range(len(text))))

    def to_original(self, span: Span) -> tuple[Span, list[str]]:
        """The span of the user's text that produced `span`, and the chain of calls (outermost
        first) it came from. The user's own text maps to itself, macro output to the user's whole
        backtick call; a span over several pieces maps to their union, with the chain of the
        first piece a macro produced."""
        start = min(max(span.start, 0), len(self.origins))
        end = min(max(span.end, start), len(self.origins))
        if start == end:
            return self._point(start)
        covered = self.origins[start:end]
        chain = next((o.chain for o in covered if o.chain), ())
        return Span(min(o.start for o in covered), max(o.end for o in covered)), list(chain)

    def _point(self, at: int) -> tuple[Span, list[str]]:
        """An empty span: inside or just after an expansion it is the call (so "unexpected end
        of search" after a macro points at the macro); elsewhere the same point of the user's
        text."""
        for origin in (*self.origins[at:at + 1], *self.origins[max(at - 1, 0):at]):
            if origin.chain:
                return Span(origin.start, origin.end), list(origin.chain)
        if at < len(self.origins):
            point = self.origins[at].start
        else:
            point = self.origins[-1].end if self.origins else len(self.original)
        return Span(point, point), []


@dataclass(frozen=True)
class _Mapped:
    """A text being expanded, with the map from each of its characters to the user's text."""

    text: str
    source_map: SourceMap

    @property
    def origins(self) -> tuple[Origin, ...]:
        return self.source_map.origins

    def site(self, start: int, end: int) -> Origin:
        """The user's text behind text[start:end], with the chain of its first character."""
        covered = self.origins[start:end]
        return Origin(min(o.start for o in covered), max(o.end for o in covered),
                       covered[0].chain)

    def fail(self, message: str, start: int, end: int, hint: str | None = None) -> NoReturn:
        """A MacroError about text[start:end], rendered against the user's text."""
        raise MacroError(message, Span(start, end), hint).attach(self.text, self.source_map)


# ---- comments ---------------------------------------------------------------------------------


def strip_comments(text: str) -> str:
    """`text` with each ```comment``` replaced by one space, as Splunk does before anything else
    (an unclosed ``` is a MacroError)."""
    return _strip_comments(_Mapped(text, SourceMap.identity(text))).text


def _strip_comments(mapped: _Mapped) -> _Mapped:
    """`mapped` with each ```comment``` replaced by a space that maps to the whole comment."""
    text, pieces, origins, done = mapped.text, [], [], 0
    while (start := text.find("```", done)) != -1:
        close = text.find("```", start + 3)
        if close == -1:
            mapped.fail("unclosed comment: this ``` has no closing ```", start, start + 3)
        pieces += [text[done:start], " "]
        origins += [*mapped.origins[done:start], mapped.site(start, close + 3)]
        done = close + 3
    if done == 0:
        return mapped
    pieces.append(text[done:])
    origins += mapped.origins[done:]
    return _Mapped("".join(pieces), SourceMap(mapped.source_map.original, tuple(origins)))


# ---- expansion --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One macro call: as written between the backticks, the macro chosen, its arguments and the
    text its definition gave (before the calls inside it were expanded)."""

    call: str
    macro: Macro
    arguments: tuple[str, ...]
    expansion: str
    depth: int  # 0: written by the user; 1: in the definition of a depth-0 call; ...
    span: Span  # the user's backtick call this step lies within


@dataclass(frozen=True)
class Expansion:
    text: str
    source_map: SourceMap
    steps: tuple[Step, ...]  # in the order the calls were met, outer before inner
    notices: tuple[str, ...]


def expand(text: str, library: MacroLibrary) -> Expansion:
    """`text` with comments removed and every macro call expanded, recursively."""
    return _Expander(library).run(text)


@dataclass
class _Expander:
    library: MacroLibrary
    steps: list[Step] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    produced: int = 0  # characters the definitions expanded so far gave (see MAX_EXPANDED)

    def run(self, text: str) -> Expansion:
        user = _strip_comments(_Mapped(text, SourceMap.identity(text)))
        result = self._expand(user, stack=())
        return Expansion(result.text, result.source_map, tuple(self.steps), tuple(self.notices))

    def _expand(self, mapped: _Mapped, stack: tuple[tuple[str, int], ...]) -> _Mapped:
        """`mapped` with each call outside quoted strings replaced by its expansion; `stack`
        holds the (name, arity) of the macros whose definitions `mapped` lies within."""
        pieces: list[str] = []
        origins: list[Origin] = []
        done = 0
        for start, end in _calls(mapped):
            inner = self._call(mapped, start, end, stack)
            pieces += [mapped.text[done:start], inner.text]
            origins += [*mapped.origins[done:start], *inner.origins]
            done = end
        if done == 0:
            return mapped
        pieces.append(mapped.text[done:])
        origins += mapped.origins[done:]
        return _Mapped("".join(pieces), SourceMap(mapped.source_map.original, tuple(origins)))

    def _call(self, mapped: _Mapped, start: int, end: int,
              stack: tuple[tuple[str, int], ...]) -> _Mapped:
        """The expansion of the call mapped.text[start:end] (backticks included)."""
        call = mapped.text[start + 1:end - 1].strip()
        name, arguments = _parse_call(call) or mapped.fail(
            "cannot read this macro call; write `name` or `name(argument, ...)`", start, end)
        macro = self._resolve(mapped, start, end, name, arguments)
        _check_nesting(mapped, start, end, stack, (name, len(arguments)))
        if macro.iseval:
            mapped.fail(f"macro `{macro.signature}` is eval-based (iseval), which is not "
                        "supported", start, end)
        definition = substitute(macro.definition, macro.arguments, arguments)
        self.produced += len(definition)
        _check_size(mapped, start, end, stack, (name, len(arguments)), self.produced,
                    len(self.steps) + 1)
        site = mapped.site(start, end)
        self.steps.append(Step(call, macro, arguments, definition, len(stack),
                               Span(site.start, site.end)))
        produced = Origin(site.start, site.end, (*site.chain, call))
        inner = _Mapped(definition, SourceMap(mapped.source_map.original,
                                              (produced,) * len(definition)))
        return self._expand(_strip_comments(inner), (*stack, (name, len(arguments))))

    def _resolve(self, mapped: _Mapped, start: int, end: int, name: str,
                 arguments: tuple[str, ...]) -> Macro:
        """The macro a call names, a `search *` stand-in for a missing `*_filter`, or an error."""
        macro = self.library.get(name, len(arguments))
        if macro is not None:
            return macro
        overloads = self.library.overloads(name)
        if overloads:
            signatures = " or ".join(f"`{m.signature}`" for m in overloads)
            mapped.fail(f"macro `{name}` is called with {len(arguments)} argument(s); it is "
                        f"defined as {signatures}", start, end)
        if name.endswith("_filter") and not arguments:
            notice = (f"macro `{name}` is not defined; using `search *` as Splunk's content "
                      "tooling does")
            if notice not in self.notices:
                self.notices.append(notice)
            return Macro(name, (), "search *",
                         "(not defined: a missing filter macro stands for `search *`)")
        mapped.fail(f"unknown macro `{name}`", start, end, suggestion(name, self.library.names()))


def _check_nesting(mapped: _Mapped, start: int, end: int, stack: tuple[tuple[str, int], ...],
                   key: tuple[str, int]) -> None:
    """A call of a macro already being expanded is a cycle; very deep nesting is refused too."""
    if key in stack:
        cycle = [*stack[stack.index(key):], key]
        mapped.fail("macro cycle: " + _chain(cycle), start, end)
    if len(stack) >= MAX_DEPTH:
        mapped.fail(f"macro calls nested more than {MAX_DEPTH} deep: {_chain([*stack, key])}",
                    start, end)


def _check_size(mapped: _Mapped, start: int, end: int, stack: tuple[tuple[str, int], ...],
                key: tuple[str, int], produced: int, calls: int) -> None:
    """Refuses an expansion that grows past MAX_EXPANDED characters or MAX_CALLS calls, naming
    the chain of calls that was being expanded when it did."""
    if produced > MAX_EXPANDED:
        mapped.fail(f"macro expansion grows past {MAX_EXPANDED:,} characters: "
                    f"{_chain([*stack, key])}", start, end,
                    "a macro that calls another more than once doubles the text at each level")
    if calls > MAX_CALLS:
        mapped.fail(f"macro expansion makes more than {MAX_CALLS:,} calls: "
                    f"{_chain([*stack, key])}", start, end,
                    "a macro that calls another more than once doubles the calls at each level")


def _chain(keys: Sequence[tuple[str, int]]) -> str:
    return " -> ".join(f"`{name}`" for name, _ in keys)


def _calls(mapped: _Mapped) -> Iterator[tuple[int, int]]:
    """(start, end) of each backtick call outside double-quoted strings, backticks included."""
    text, i, quoted = mapped.text, 0, False
    while i < len(text):
        char = text[i]
        if _escapes(text, i, quoted):
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "`" and not quoted:
            close = text.find("`", i + 1)
            if close == -1:
                mapped.fail("unclosed macro call: this backtick has no closing backtick", i, i + 1)
            yield i, close + 1
            i = close
        i += 1


def _escapes(text: str, i: int, quoted: bool) -> bool:
    """Whether text[i] is a backslash escaping the next character, as SPL reads it: inside a
    quoted string any character (so `\\"` does not end it), outside one a quote or a backslash
    (so `*\\"privileged\\":true*` starts no string)."""
    return text[i] == "\\" and (quoted or text[i + 1:i + 2] in ('"', "\\"))


def _parse_call(call: str) -> tuple[str, tuple[str, ...]] | None:
    """(name, arguments) of `name` or `name(arguments)`; `name()` has no arguments."""
    match = _CALL.fullmatch(call)
    if match is None:
        return None
    name, argument_text = match.groups()
    if argument_text is None or not argument_text.strip():
        return name, ()
    return name, split_arguments(argument_text)


def split_arguments(text: str) -> tuple[str, ...]:
    """A call's arguments, split on commas outside double quotes and nested parentheses, each
    trimmed; a whole-argument "quoted string" loses its quotes (`\\"` in it becomes `"`), so
    `drop_dm_object_name("Processes")` and `drop_dm_object_name(Processes)` agree."""
    pieces, start, depth, quoted, i = [], 0, 0, False, 0
    while i < len(text):
        char = text[i]
        if _escapes(text, i, quoted):
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "()":
            depth = max(depth + (1 if char == "(" else -1), 0)
        elif not quoted and depth == 0 and char == ",":
            pieces.append(text[start:i])
            start = i + 1
        i += 1
    pieces.append(text[start:])
    return tuple(_unquote(piece.strip()) for piece in pieces)


def _unquote(argument: str) -> str:
    if argument.startswith('"') and _closing_quote(argument) == len(argument) - 1:
        return argument[1:-1].replace('\\"', '"')
    return argument


def _closing_quote(text: str) -> int:
    """The index of the quote that closes the string opened by text[0], or -1."""
    i = 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return -1


_PLACEHOLDER = re.compile(r"\$([A-Za-z0-9_-]+)\$")


def substitute(definition: str, names: tuple[str, ...], values: tuple[str, ...]) -> str:
    """`definition` with each `$name$` replaced by its value, globally (even inside quotes), in
    one pass (a value holding `$other$` is not substituted again) and literally: the value is
    a function's result, never a regex template, so Windows backslashes survive untouched."""
    by_name = dict(zip(names, values))
    return _PLACEHOLDER.sub(lambda match: by_name.get(match.group(1), match.group(0)), definition)
