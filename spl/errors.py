"""Errors a user can cause, and how they are shown.

Every mistake in a search (bad syntax, an unknown macro, command, function or data model) is an
`SplError`: a kind, a message, the span of text it is about and, where a name had to resolve, a
did-you-mean. Spans are offsets into the text the parser saw (after macro expansion); a
`SourceMap` from the macro expander carries them back to the text the user wrote, so the caret
always sits under the user's own words, with the chain of macros that produced the faulty text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from spl.macros import SourceMap


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into a text."""

    start: int
    end: int


class SplError(Exception):
    """A mistake in the search the user wrote; rendered with a caret under their text."""

    kind = "error"

    def __init__(self, message: str, span: Span | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint
        self.source_map: SourceMap | None = None
        self.text: str | None = None

    def attach(self, text: str, source_map: SourceMap | None = None) -> SplError:
        """Remember the text the span points into, and the map from it back to the user's
        text. The first caller to attach each wins: the innermost knows best."""
        if self.text is None:
            self.text = text
        if self.source_map is None and text == self.text:
            self.source_map = source_map
        return self

    def __str__(self) -> str:
        return render(self)


class SplSyntaxError(SplError):
    kind = "syntax"


class MacroError(SplError):
    kind = "macro"


class UnknownCommandError(SplError):
    kind = "unknown-command"


class UnsupportedCommandError(SplError):
    kind = "unsupported-command"


class UnknownFunctionError(SplError):
    kind = "unknown-function"


class BadArgumentError(SplError):
    kind = "bad-argument"


class DataModelError(SplError):
    kind = "datamodel"


class EncodingError(SplError):
    """Search text that is not UTF-8 (a byte from the terminal, a pipe or a file)."""

    kind = "encoding"


class UsageError(Exception):
    """A mistake in how the command line was used (exit status 2), not in the search."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt name, compared case-insensitively, or None."""
    by_lower = {c.lower(): c for c in candidates}
    close = difflib.get_close_matches(word.lower(), by_lower, n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def suggestion(word: str, candidates: Iterable[str]) -> str | None:
    """A hint line 'did you mean `x`?' or None when nothing is close."""
    best = did_you_mean(word, candidates)
    return f"did you mean `{best}`?" if best else None


def render(error: SplError) -> str:
    """The message, then the user's text with a caret under the span, then the macro chain."""
    lines = [f"error[{error.kind}]: {error.message}"]
    if error.text is not None and error.span is not None:
        text, span, chain = error.text, error.span, []
        if error.source_map is not None:
            text = error.source_map.original
            span, chain = error.source_map.to_original(error.span)
        lines += _caret_lines(text, span)
        lines += [f"  in expansion of `{call}`" for call in chain]
        if chain:  # show the fault in the text the macros produced, too
            lines += ["  which expands to:"] + _caret_lines(error.text, error.span)
    if error.hint:
        lines.append(f"  hint: {error.hint}")
    return "\n".join(lines)


def _caret_lines(text: str, span: Span) -> list[str]:
    """The line of `text` holding span.start, and a caret line under the span (clipped to it)."""
    start = max(0, min(span.start, len(text)))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    end = max(start + 1, min(span.end, line_end))
    line = text[line_start:line_end].replace("\t", " ")
    line_no = text.count("\n", 0, start) + 1
    prefix = f"  {line_no} | " if "\n" in text else "  | "
    pad = " " * (len(prefix) + start - line_start)
    return [prefix + line, pad + "^" * (end - start)]
