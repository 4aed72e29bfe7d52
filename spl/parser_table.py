"""The LALR parser for grammar.lark, built once: at install time, not at every start.

Building the parser from the grammar costs a quarter of a second or more, so the build step
(setup.py) writes it, serialized with `Lark.save`, to `parser_table.pickle` next to the grammar;
at run time `load()` reads that file back in a few milliseconds. The file's first line is a key:
a hash of the grammar's text, of Lark's version and of the options below. When the file is
missing (a source checkout that was never built, as when tests run from the repository), was
written from another grammar or by another Lark, or cannot be read, `load()` builds the parser in
memory instead, exactly as before. Nothing is ever written at run time.

This module needs only Lark and the standard library, so the build step can load it on its own,
without importing the `spl` package.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import lark
from lark import Lark

GRAMMAR = Path(__file__).with_name("grammar.lark")
TABLE_NAME = "parser_table.pickle"
TABLE = GRAMMAR.with_name(TABLE_NAME)
OPTIONS = {
    "parser": "lalr",
    "propagate_positions": True,
    "maybe_placeholders": True,
    "start": ["pipeline", "eval_expression"],
}
_MAGIC = b"spl-parser-table"


def key(grammar: str) -> bytes:
    """What a table must have been built from to be used: this grammar, Lark and options."""
    digest = hashlib.sha256()
    for part in (grammar, lark.__version__, repr(sorted(OPTIONS.items()))):
        digest.update(part.encode("utf-8") + b"\0")
    return _MAGIC + b" " + digest.hexdigest().encode("ascii") + b"\n"


def build(grammar: str | None = None) -> Lark:
    """The parser built from the grammar's text, in memory."""
    text = GRAMMAR.read_text(encoding="utf-8") if grammar is None else grammar
    return Lark(text, **OPTIONS)


def load(table: Path = TABLE) -> Lark:
    """The parser: read from `table` when it was built from this grammar, else built."""
    grammar = GRAMMAR.read_text(encoding="utf-8")
    try:
        with table.open("rb") as handle:
            if handle.readline() == key(grammar):
                return Lark.load(handle)
    except Exception:  # noqa: BLE001 - missing or unreadable: it only costs the time to build
        pass
    return build(grammar)


def write(table: Path = TABLE) -> Path:
    """Build the parser and write it to `table` (the build step calls this)."""
    grammar = GRAMMAR.read_text(encoding="utf-8")
    parser = build(grammar)
    partial = table.with_name(table.name + ".partial")
    with partial.open("wb") as handle:
        handle.write(key(grammar))
        parser.save(handle)
    partial.replace(table)
    return table
