"""rex: extract fields with the named groups of a regular expression, or edit a field with sed.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rex
`rex [field=<field>] (<regex-expression> [max_match=<int>] [offset_field=<string>])
| (mode=sed <sed-expression>)`
- "matches the value of the specified field against the unanchored regular expression and
  extracts the named groups into fields of the corresponding names"; field defaults to `_raw`.
- max_match (default 1): "If greater than 1, the resulting fields are multivalued fields. Use 0
  to specify unlimited matches."
- offset_field: "lists the position of certain values": `name=start-end`, zero-based, end
  inclusive (the page's example gives `firstfive=0-4`).
- mode=sed: `s/<regex>/<replacement>/<flags>` ("Use \\n for back references"; flags "either g to
  replace all matches, or a number to replace a specified match") and `y/<string1>/<string2>/`.
Regular expressions are PCRE; they reach this module after SPL's quoting rules (`\\\\` is one
backslash, `\\d` stays `\\d`), and `pcre()` turns PCRE's own syntax into Python's: `(?<name>`,
`(?'name'`, `\\k<name>`, `\\x{hhhh}`, `\\z`, `\\Z`, `\\h`, `\\Q...\\E` and POSIX classes such as
`[[:alpha:]]`. A pattern Python cannot compile (a mid-pattern `(?i)`, `\\p{...}`, `\\K`) is an
error at bind time, as is (this project's choice) a pattern without a named group, which could
extract nothing.
Choices where the page is silent: a regex that does not match leaves the row as it is, and a
group that takes no part in a match gives no value; a multivalue field is matched value by
value, matches counting towards max_match in order; offset_field lists one `name=start-end` per
group and match, joined by `&`; in sed replacements `\\` before any other character keeps that
character and `&` is literal.
Binds to a Rex node (the pattern text, the field and the parsed options); regex reuses pcre().
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from spl import ast
from spl.errors import BadArgumentError, Span
from engine import plan
from engine.options import int_option, option_map
from engine.table import Row, Table
from engine.values import multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("field", "max_match", "offset_field", "mode")


@dataclass(frozen=True, kw_only=True)
class Rex(plan.Command):
    """Extract the named groups of `pattern` from `field` (up to `max_match` matches, 0: all),
    or, with mode `sed`, edit `field` with the sed expression `pattern`. The pattern stays
    text, checked at bind time and compiled once (cached) when the rows are read."""

    pattern: str
    field: str = "_raw"
    max_match: int = 1
    offset_field: str | None = None
    mode: str | None = None  # "sed", or None to extract

    def needs(self, after: plan.Needed) -> plan.Needed:
        # Every field passes through (an extraction that does not match sets nothing), so
        # what follows still reads them from the input; rex itself reads only `field`.
        return None if after is None else after | {self.field}


def bind(node: ast.Rex, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "rex")
    field = options["field"].value if "field" in options else "_raw"
    mode = options.get("mode")
    if mode is None:
        max_match = int_option(options.get("max_match"), 1)
        if not pcre(node.pattern, node.span).groupindex:
            raise BadArgumentError("this regular expression does not extract anything: it has no "
                                   "named group", node.span, "name what to extract, e.g. "
                                   '`rex "user=(?<user>\\w+)"`')
        offset_field = options["offset_field"].value if "offset_field" in options else None
        return Rex(input=input, command=node, pattern=node.pattern, field=field,
                   max_match=max_match, offset_field=offset_field)
    if mode.value.lower() != "sed":
        raise BadArgumentError(f"rex mode must be `sed`, not `{mode.value}`", mode.span)
    for name in ("max_match", "offset_field"):
        if name in options:
            raise BadArgumentError(f"`{name}` does not apply to mode=sed", options[name].span)
    sed(node.pattern, node.span)
    return Rex(input=input, command=node, pattern=node.pattern, field=field, mode="sed")


def run(node: Rex, table: Table, runtime: Runtime) -> Table:
    """Row by row, streaming. The pattern is compiled once per run (cached by its text, with no
    span: binding already reported any mistake in it under the user's text)."""
    if node.mode == "sed":
        edit = sed(node.pattern, None)
        return Table((_edit_row(row, node.field, edit) for row in table.rows), table.fields)
    extract = _Extraction(pcre(node.pattern, None), node.max_match, node.offset_field)
    fields = table.fields
    if fields is not None:
        fields = list(dict.fromkeys([*fields, *extract.outputs()]))
    return Table((extract.row(row, node.field) for row in table.rows), fields)


# ---- extraction ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Extraction:
    regex: re.Pattern
    max_match: int
    offset_field: str | None

    def outputs(self) -> list[str]:
        names = list(self.regex.groupindex)
        return names + [self.offset_field] if self.offset_field else names

    def row(self, row: Row, field: str) -> Row:
        found: dict[str, list[str]] = {}
        offsets: list[str] = []
        for match in self._matches(row.get(field)):
            for name in self.regex.groupindex:
                if match.group(name) is not None:
                    found.setdefault(name, []).append(match.group(name))
                    offsets.append(f"{name}={match.start(name)}-{match.end(name) - 1}")
        if not found:
            return row
        row = {**row, **{name: multivalue(values) for name, values in found.items()}}
        if self.offset_field:
            row[self.offset_field] = "&".join(offsets)
        return row

    def _matches(self, value) -> list[re.Match]:
        matches: list[re.Match] = []
        for text in values_of(value):
            for match in self.regex.finditer(to_text(text)):
                if self.max_match and len(matches) == self.max_match:
                    return matches
                matches.append(match)
        return matches


# ---- sed ----------------------------------------------------------------------------------------

Edit = Callable[[str], str]


def _edit_row(row: Row, field: str, edit: Edit) -> Row:
    value = row.get(field)
    if value is None:
        return row
    edited = tuple(edit(to_text(v)) for v in values_of(value))
    return {**row, field: edited if isinstance(value, tuple) else edited[0]}


@lru_cache(maxsize=256)
def sed(expression: str, span: Span) -> Edit:
    """The edit a sed expression `s/re/replacement/flags` or `y/from/to/` makes to a text."""
    if len(expression) < 2 or expression[0] not in "sy":
        raise BadArgumentError("a sed expression is `s/<regex>/<replacement>/<flags>` or "
                               "`y/<from>/<to>/`", span)
    parts = _sed_parts(expression[2:], expression[1], span)
    if expression[0] == "y":
        return _transliteration(parts, span)
    regex, replacement, flags = parts
    return _substitution(pcre(regex, span), replacement, flags, span)


def _sed_parts(body: str, delimiter: str, span: Span) -> list[str]:
    """The three parts of a sed body. Escapes stay for the regex and the replacement to read, so
    `\\<delimiter>` is the delimiter character itself in both."""
    parts, current, i = [], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            current.append(body[i:i + 2])
            i += 2
            continue
        if body[i] == delimiter:
            parts.append("".join(current))
            current = []
        else:
            current.append(body[i])
        i += 1
    parts.append("".join(current))
    if len(parts) != 3:
        raise BadArgumentError(f"a sed expression has three parts separated by `{delimiter}`",
                               span)
    return parts


def _substitution(regex: re.Pattern, replacement: str, flags: str, span: Span) -> Edit:
    if flags not in ("", "g") and not flags.isdigit():
        raise BadArgumentError(f"sed flags are `g` or a number, not `{flags}`", span)
    nth = int(flags) if flags.isdigit() else 0
    expand = _replacement(replacement)

    def edit(text: str) -> str:
        if flags == "g":
            return regex.sub(expand, text)
        if nth <= 1:
            return regex.sub(expand, text, count=1)
        matches = list(regex.finditer(text))
        if len(matches) < nth:
            return text
        match = matches[nth - 1]
        return text[:match.start()] + expand(match) + text[match.end():]

    return edit


def _replacement(template: str) -> Callable[[re.Match], str]:
    """A replacement where `\\N` is group N and `\\` before anything else keeps that character."""
    pieces = re.split(r"\\(.)", template, flags=re.DOTALL)

    def expand(match: re.Match) -> str:
        out = []
        for i, piece in enumerate(pieces):
            if i % 2 and piece.isdigit():
                out.append(match.group(int(piece)) or "")
            else:
                out.append(piece)
        return "".join(out)

    return expand


def _transliteration(parts: list[str], span: Span) -> Edit:
    source, target, flags = parts
    if len(source) != len(target) or flags:
        raise BadArgumentError("`y/<from>/<to>/` needs as many characters in <to> as in <from>, "
                               "and no flags", span)
    table = str.maketrans(source, target)
    return lambda text: text.translate(table)


# ---- PCRE to Python ------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def pcre(pattern: str, span: Span) -> re.Pattern:
    """A PCRE pattern compiled as Python's `re`, or a BadArgumentError under the pattern."""
    try:
        return re.compile(translate(pattern))
    except re.error as error:
        hint = _FLAGS_HINT if "global flags" in error.msg else None
        raise BadArgumentError(f"invalid regular expression: {error.msg}", span, hint) from None
    except (IndexError, ValueError) as error:
        raise BadArgumentError(f"invalid regular expression: {error}", span) from None


_FLAGS_HINT = ("PCRE takes `(?i)` anywhere; here put it at the very start, or write `(?i:...)` "
               "around the part it applies to")
_POSIX = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
          "lower": "a-z", "space": r"\s", "xdigit": "0-9A-Fa-f", "word": r"\w",
          "punct": r"!-/:-@\[-`{-~", "blank": r" \t", "cntrl": r"\x00-\x1f\x7f"}
_SIMPLE_ESCAPES = {"z": r"\Z", "Z": r"(?=\n?\Z)", "h": r"[ \t]", "H": r"[^ \t]", "e": r"\x1b"}


def translate(pattern: str) -> str:
    """PCRE syntax that Python's `re` spells differently, rewritten; the rest left as it is.

    >>> translate(r"(?<user>\\w+)(?<=x)\\x{202E}")
    '(?P<user>\\\\w+)(?<=x)\\\\u202e'
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            piece, i = _escape(pattern, i, in_class=False)
        elif pattern[i] == "[":
            piece, i = _char_class(pattern, i)
        elif pattern.startswith("(?<", i) and pattern[i + 3:i + 4] not in ("=", "!"):
            piece, i = "(?P<", i + 3
        elif pattern.startswith("(?'", i):
            end = pattern.index("'", i + 3)
            piece, i = f"(?P<{pattern[i + 3:end]}>", end + 1
        else:
            piece, i = pattern[i], i + 1
        out.append(piece)
    return "".join(out)


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """The escape sequence at pattern[i] (a backslash), translated, and the index after it."""
    letter = pattern[i + 1:i + 2]
    if letter == "x" and pattern[i + 2:i + 3] == "{":
        end = pattern.index("}", i)
        code = int(pattern[i + 3:end], 16)
        return (f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"), end + 1
    if letter == "k" and pattern[i + 2:i + 3] in ("<", "'", "{"):
        close = {"<": ">", "'": "'", "{": "}"}[pattern[i + 2]]
        end = pattern.index(close, i + 3)
        return f"(?P={pattern[i + 3:end]})", end + 1
    if letter == "Q":
        end = pattern.find("\\E", i + 2)
        end = len(pattern) if end == -1 else end
        return re.escape(pattern[i + 2:end]), end + 2
    if letter in _SIMPLE_ESCAPES and not in_class:
        return _SIMPLE_ESCAPES[letter], i + 2
    if letter == "h" and in_class:
        return r" \t", i + 2
    return pattern[i:i + 2], i + 2


def _char_class(pattern: str, i: int) -> tuple[str, int]:
    """A `[...]` class from pattern[i], with escapes and POSIX classes translated."""
    out, j = ["["], i + 1
    if pattern[j:j + 1] == "^":
        out.append("^")
        j += 1
    if pattern[j:j + 1] == "]":
        out.append(r"\]")
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        posix = re.match(r"\[:(\^?)(\w+):\]", pattern[j:])
        if posix and posix.group(2) in _POSIX and not posix.group(1):
            out.append(_POSIX[posix.group(2)])
            j += posix.end()
        elif pattern[j] == "\\":
            piece, j = _escape(pattern, j, in_class=True)
            out.append(piece)
        else:
            out.append("\\[" if pattern[j] == "[" else pattern[j])
            j += 1
    if j >= len(pattern):
        raise ValueError("a character class `[` is not closed")
    return "".join(out) + "]", j + 1
