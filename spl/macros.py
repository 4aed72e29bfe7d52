"""Search macros: loading libraries of them, and expanding a search's backtick calls.

Splunk removes ```comments``` first, then replaces each `` `name(arg, ...)` `` outside quoted
strings by the macro's definition with `$arg$` replaced literally (even inside quotes), expanding
nested calls until none is left. Macros overload by argument count. Libraries are folders of
security_content YAML files (`name`, `definition`, `arguments`) or `macros.conf` stanzas
(`[name(2)]`, `args`, `definition`); later folders override earlier ones.

Expansion keeps a SourceMap from every character of the expanded text back to the user's text, so
an error anywhere in the expanded search points at what the user wrote: their own characters, or
the backtick call whose expansion produced the faulty text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

import yaml

from spl.conf import read_conf
from spl.errors import MacroError, Span, suggestion

MAX_DEPTH = 50
_CALL = re.compile(r"\s*([^\s(),`]+)\s*(?:\((.*)\))?\s*", re.DOTALL)
_STANZA = re.compile(r"(.+?)\((\d+)\)")


@dataclass(frozen=True)
class Macro:
    name: str
    arguments: tuple[str, ...]
    definition: str
    origin: str  # the file it came from

    @property
    def signature(self) -> str:
        return f"{self.name}({', '.join(self.arguments)})" if self.arguments else self.name


class MacroLibrary:
    """Macros by (name, argument count)."""

    def __init__(self, macros: dict[tuple[str, int], Macro] | None = None):
        self._macros = macros or {}

    @classmethod
    def load(cls, dirs: Sequence[Path]) -> MacroLibrary:
        macros: dict[tuple[str, int], Macro] = {}
        for folder in dirs:
            for macro in _macros_in(folder):
                macros[(macro.name, len(macro.arguments))] = macro
        return cls(macros)

    def get(self, name: str, arity: int) -> Macro | None:
        return self._macros.get((name, arity))

    def arities(self, name: str) -> list[Macro]:
        return [m for (n, _), m in self._macros.items() if n == name]

    def names(self) -> list[str]:
        return sorted({name for name, _ in self._macros})


def _macros_in(folder: Path) -> Iterator[Macro]:
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        macro = _yaml_macro(path)
        if macro is not None:
            yield macro
    for path in sorted(folder.rglob("macros.conf")):
        yield from _conf_macros(path)


def _yaml_macro(path: Path) -> Macro | None:
    """A macro from a security_content YAML file; files of another kind are not macros."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise MacroError(f"cannot read macro file {path}: {error}") from None
    if not isinstance(document, dict) or "name" not in document or "definition" not in document:
        return None
    arguments = tuple(str(a) for a in document.get("arguments") or ())
    return Macro(str(document["name"]), arguments, str(document["definition"]), str(path))


def _conf_macros(path: Path) -> Iterator[Macro]:
    for stanza, settings in read_conf(path).items():
        if "definition" not in settings:
            continue
        match = _STANZA.fullmatch(stanza)
        name = match.group(1) if match else stanza
        arguments = tuple(a.strip() for a in settings.get("args", "").split(",") if a.strip())
        yield Macro(name, arguments, settings["definition"], f"{path} [{stanza}]")


# ---- the source map ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where one character of the expanded text came from: a span of the user's text (their
    own character, or a whole backtick call) and the chain of macros that produced it."""

    start: int
    end: int
    chain: tuple[str, ...] = ()


@dataclass
class SourceMap:
    original: str
    origins: list[Origin]

    def to_original(self, span: Span) -> tuple[Span, list[str]]:
        """The span of the user's text that produced `span` of the expanded text, and the
        macro calls (outermost first) it lies inside."""
        if not self.origins:
            return Span(0, 0), []
        if span.start >= len(self.origins):  # the end of the search
            end = len(self.original.rstrip())
            last = self.origins[-1]
            return (Span(end, end), list(last.chain)) if not last.chain else \
                (Span(last.start, last.end), list(last.chain))
        covered = self.origins[span.start:max(span.end, span.start + 1)]
        first = covered[0]
        return Span(first.start, max(o.end for o in covered)), list(first.chain)


# ---- expansion ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One macro call: as written between backticks, the macro chosen, its arguments and the
    text its definition gave (before the calls inside it were expanded)."""

    call: str
    macro: Macro
    arguments: tuple[str, ...]
    expansion: str
    depth: int  # 0: written by the user


@dataclass(frozen=True)
class Expansion:
    text: str
    source_map: SourceMap
    steps: tuple[Step, ...]
    notices: tuple[str, ...]


_MISSING_FILTER = Macro("", (), "search *", "(generated: the filter macro is not defined)")


def strip_comments(text: str) -> str:
    """`text` with each ```comment``` replaced by one space."""
    return _Expander(text, MacroLibrary()).run().text


def expand(text: str, library: MacroLibrary) -> Expansion:
    """`text` with comments removed and every macro call expanded, recursively."""
    return _Expander(text, library).run()


@dataclass
class _Expander:
    original: str
    library: MacroLibrary
    steps: list[Step] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def run(self) -> Expansion:
        identity = [Origin(i, i + 1) for i in range(len(self.original))]
        text, origins = self._expand(self.original, identity, depth=0, stack=())
        return Expansion(text, SourceMap(self.original, origins), tuple(self.steps),
                         tuple(self.notices))

    def _expand(self, text: str, origins: list[Origin], depth: int,
                stack: tuple[str, ...]) -> tuple[str, list[Origin]]:
        out: list[str] = []
        out_origins: list[Origin] = []
        for kind, start, end in _pieces(text, origins, self._fail):
            if kind == "text":
                out.append(text[start:end])
                out_origins += origins[start:end]
            elif kind == "comment":
                out.append(" ")
                out_origins.append(origins[start])
            else:
                produced, produced_origins = self._call(text, origins, start, end, depth, stack)
                out.append(produced)
                out_origins += produced_origins
        return "".join(out), out_origins

    def _call(self, text: str, origins: list[Origin], start: int, end: int, depth: int,
              stack: tuple[str, ...]) -> tuple[str, list[Origin]]:
        """Expand the call text[start:end] (backticks included)."""
        call = text[start + 1:end - 1]
        site = Origin(min(o.start for o in origins[start:end]),
                      max(o.end for o in origins[start:end]), origins[start].chain)
        name, arguments = self._parse_call(call, site)
        macro = self._resolve(name, arguments, call, site)
        if name in stack or depth >= MAX_DEPTH:
            cycle = " -> ".join(f"`{n}`" for n in (*stack, name))
            self._fail(f"macro cycle: {cycle}" if name in stack else
                       f"macros nested more than {MAX_DEPTH} deep", site)
        definition = substitute(macro.definition, macro.arguments, arguments)
        self.steps.append(Step(call, macro, arguments, definition, depth))
        inner = Origin(site.start, site.end, site.chain + (call.strip(),))
        return self._expand(definition, [inner] * len(definition), depth + 1, stack + (name,))

    def _parse_call(self, call: str, site: Origin) -> tuple[str, tuple[str, ...]]:
        match = _CALL.fullmatch(call)
        if match is None:
            self._fail(f"cannot read the macro call `{call}`; write `name` or `name(arg, ...)`",
                       site)
        name, argument_text = match.group(1), match.group(2)
        return name, split_arguments(argument_text) if argument_text is not None else ()

    def _resolve(self, name: str, arguments: tuple[str, ...], call: str, site: Origin) -> Macro:
        macro = self.library.get(name, len(arguments))
        if macro is not None:
            return macro
        overloads = self.library.arities(name)
        if overloads:
            wanted = " or ".join(f"`{m.signature}`" for m in overloads)
            self._fail(f"macro `{name}` is called with {len(arguments)} argument(s); it is "
                       f"defined as {wanted}", site)
        if name.endswith("_filter") and not arguments:
            self.notices.append(f"macro `{name}` is not defined; using `search *` as Splunk's "
                                "content tooling does")
            return _MISSING_FILTER
        self._fail(f"unknown macro `{name}`", site, suggestion(name, self.library.names()))
        raise AssertionError  # _fail always raises

    def _fail(self, message: str, site: Origin, hint: str | None = None) -> None:
        error = MacroError(message, Span(site.start, site.end), hint)
        raise error.attach(self.original, _CallSite(self.original, site.chain))


@dataclass(frozen=True)
class _CallSite:
    """A source map for an error found while expanding: its span is already in the user's
    text; the chain says which macros were being expanded."""

    original: str
    chain: tuple[str, ...]

    def to_original(self, span: Span) -> tuple[Span, list[str]]:
        return span, list(self.chain)


def _pieces(text: str, origins: list[Origin], fail) -> Iterator[tuple[str, int, int]]:
    """Split text into ("text" | "comment" | "call", start, end) pieces. Calls are found only
    outside double-quoted strings; comments anywhere, as Splunk strips them first."""
    i, piece_start, quoted = 0, 0, False
    while i < len(text):
        char = text[i]
        if text.startswith("```", i):
            close = text.find("```", i + 3)
            if close == -1:
                fail("unclosed comment: ``` has no closing ```", _site(origins, i, i + 3))
            yield "text", piece_start, i
            yield "comment", i, close + 3
            i = piece_start = close + 3
            continue
        if quoted and char == "\\":
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "`" and not quoted:
            close = text.find("`", i + 1)
            if close == -1:
                fail("unclosed macro call: this ` has no closing `", _site(origins, i, i + 1))
            yield "text", piece_start, i
            yield "call", i, close + 1
            i = piece_start = close + 1
            continue
        i += 1
    yield "text", piece_start, len(text)


def _site(origins: list[Origin], start: int, end: int) -> Origin:
    covered = origins[start:end]
    return Origin(min(o.start for o in covered), max(o.end for o in covered), covered[0].chain)


def split_arguments(text: str) -> tuple[str, ...]:
    """Macro arguments split on top-level commas; a whole-argument "quoted string" loses its
    quotes (and `\\"` inside it becomes `"`), so `("Processes")` and `(Processes)` agree."""
    arguments, current, depth, quoted, i = [], [], 0, False, 0
    while i < len(text):
        char = text[i]
        if quoted and char == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == ",":
            arguments.append("".join(current))
            current = []
            i += 1
            continue
        current.append(char)
        i += 1
    arguments.append("".join(current))
    return tuple(_unquote_argument(a.strip()) for a in arguments)


def _unquote_argument(argument: str) -> str:
    if len(argument) >= 2 and argument[0] == argument[-1] == '"' and \
            '"' not in argument[1:-1].replace('\\"', ""):
        return argument[1:-1].replace('\\"', '"')
    return argument


_PLACEHOLDER = re.compile(r"\$([A-Za-z0-9_-]+)\$")


def substitute(definition: str, names: tuple[str, ...], values: tuple[str, ...]) -> str:
    """`$name$` replaced by its value everywhere, in one pass, literally: the replacement is a
    function's result, never a regex template, so Windows backslashes survive."""
    values_by_name = dict(zip(names, values))
    return _PLACEHOLDER.sub(lambda m: values_by_name.get(m.group(1), m.group(0)), definition)
