"""Splunk .conf files: `[stanza]` headers and `key = value` lines.

Users teach the tool with the same files they would give Splunk (macros.conf, and the props,
eventtypes and tags .conf of an add-on), so this reader follows Splunk's rules rather than
Python's configparser: a line whose first non-blank character is `#` is a comment (a `#` later in
a line is part of the value); a line ending in a backslash continues on the next, the newline
kept, as Splunk keeps it in multi-line searches; a key given twice keeps its last value and a
stanza given twice is merged, as Splunk merges settings; settings before any stanza belong to
`[default]`. Each stanza remembers the line it starts on, so callers can point at it in errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


class ConfError(ValueError):
    """A line that is neither a comment, a `[stanza]` nor a `key = value` setting."""


class Conf(dict[str, dict[str, str]]):
    """Stanza name -> {key: value}, in file order, with the line each stanza starts on."""

    def __init__(self, origin: str):
        super().__init__()
        self.origin = origin
        self.lines: dict[str, int] = {}

    def where(self, stanza: str) -> str:
        """`origin:line` of the stanza, for messages."""
        return f"{self.origin}:{self.lines[stanza]}"


def read_conf(path: Path) -> Conf:
    """The stanzas of the .conf file at `path` (UTF-8, with or without a byte-order mark)."""
    return parse_conf(path.read_text(encoding="utf-8-sig"), str(path))


def parse_conf(text: str, origin: str = "<conf>") -> Conf:
    """The stanzas of .conf `text`; `origin` names it in ConfError messages and Conf.where."""
    conf = Conf(origin)
    current: dict[str, str] | None = None
    for number, line in _logical_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = _stanza(conf, stripped[1:-1].strip(), number)
        elif "=" in stripped:
            key, _, value = stripped.partition("=")
            if current is None:
                current = _stanza(conf, "default", number)
            current[key.strip()] = value.strip()
        else:
            raise ConfError(f"{origin}:{number}: expected `[stanza]` or `key = value`, "
                            f"got `{stripped}`")
    return conf


def _stanza(conf: Conf, name: str, number: int) -> dict[str, str]:
    conf.lines.setdefault(name, number)
    return conf.setdefault(name, {})


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number of the first physical line, line) with backslash continuations joined."""
    pending: list[str] = []
    first = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not pending:
            first = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        yield first, "\n".join([*pending, line])
        pending = []
    if pending:
        yield first, "\n".join(pending)
