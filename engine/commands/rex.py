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
Regular expressions are PCRE, compiled once by engine.regexes (PCRE2 itself, with Splunk's
match limit); they reach this module after SPL's quoting rules (`\\\\` is one backslash, `\\d`
stays `\\d`). A pattern that does not compile is an error at bind time, as is (this project's
choice) an extraction without a named group, which could extract nothing.
Choices where the page is silent: a regex that does not match leaves the row as it is, and a
group that takes no part in a match gives no value; a multivalue field is matched value by
value, matches counting towards max_match in order; offset_field lists one `name=start-end` per
group and match, joined by `&`; in sed replacements `\\` before any other character keeps that
character and `&` is literal.
Binds to a Rex node (the pattern text, the field and the parsed options).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from spl import ast
from spl.errors import BadArgumentError, Span
from spl.parser import whole_number
from engine import plan
from engine.options import int_option, option_map
from engine.regexes import Match, Regex, compile_regex
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
        return plan.also(after, {self.field})


def bind(node: ast.Rex, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "rex")
    field = options["field"].value if "field" in options else "_raw"
    mode = options.get("mode")
    if mode is None:
        max_match = int_option(options.get("max_match"), 1)
        if not compile_regex(node.pattern, node.span).groupindex:
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
    """Row by row, streaming. The pattern was compiled when bound (cached by its text and span,
    so binding's compilation is the one used, and a match that exceeds the match limit points
    at the command)."""
    span = node.command.span
    if node.mode == "sed":
        edit = sed(node.pattern, span)
        return Table((_edit_row(row, node.field, edit) for row in table.rows), table.fields)
    extract = _Extraction(compile_regex(node.pattern, span), node.max_match, node.offset_field)
    fields = table.fields
    if fields is not None:
        fields = list(dict.fromkeys([*fields, *extract.outputs()]))
    return Table((extract.row(row, node.field) for row in table.rows), fields)


# ---- extraction ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Extraction:
    regex: Regex
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

    def _matches(self, value) -> list[Match]:
        matches: list[Match] = []
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
    return _substitution(compile_regex(regex, span), replacement, flags, span)


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


def _substitution(regex: Regex, replacement: str, flags: str, span: Span) -> Edit:
    nth = whole_number(flags) if flags not in ("", "g") else 0
    if nth is None or nth < 0:
        raise BadArgumentError(f"sed flags are `g` or a number, not `{flags}`", span)
    expand = _replacement(replacement, regex.groups, span)

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


def _replacement(template: str, groups: int, span: Span) -> Callable[[Match], str]:
    """A replacement where `\\N` is group N and `\\` before anything else keeps that character;
    a reference to a group the regex does not have is a mistake (as GNU sed says: "invalid
    reference \\N on `s' command's RHS"), reported when bound rather than on the first match."""
    pieces = re.split(r"\\(.)", template, flags=re.DOTALL)
    for reference in pieces[1::2]:
        if _digit(reference) and int(reference) > groups:
            raise BadArgumentError(f"the sed replacement refers to group \\{reference}, but the "
                                   f"regex has {groups} group{'' if groups == 1 else 's'}", span)

    def expand(match: Match) -> str:
        out = []
        for i, piece in enumerate(pieces):
            if i % 2 and _digit(piece):
                out.append(match.group(int(piece)) or "")
            else:
                out.append(piece)
        return "".join(out)

    return expand


def _digit(char: str) -> bool:
    """An ASCII digit (`\\²` is a `²` kept as it is, not a group)."""
    return char.isascii() and char.isdigit()


def _transliteration(parts: list[str], span: Span) -> Edit:
    source, target, flags = parts
    if len(source) != len(target) or flags:
        raise BadArgumentError("`y/<from>/<to>/` needs as many characters in <to> as in <from>, "
                               "and no flags", span)
    table = str.maketrans(source, target)
    return lambda text: text.translate(table)
