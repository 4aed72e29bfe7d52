"""Splunk .conf files: `[stanza]` headers and `key = value` lines.

Used for macros.conf and for the source knowledge in datamodels/ (props, eventtypes, tags).
Comment lines start with `#`; a line ending in a backslash continues on the next; a key given
twice keeps its last value, as Splunk merges settings.
"""

from __future__ import annotations

from pathlib import Path


def read_conf(path: Path) -> dict[str, dict[str, str]]:
    """Stanza name -> settings, in file order. Settings before any stanza go under "default"."""
    stanzas: dict[str, dict[str, str]] = {}
    current = stanzas.setdefault("default", {})
    for line in _logical_lines(path.read_text(encoding="utf-8")):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stanzas.setdefault(stripped[1:-1].strip(), {})
        elif "=" in stripped:
            key, _, value = stripped.partition("=")
            current[key.strip()] = value.strip()
    if not stanzas["default"]:
        del stanzas["default"]
    return stanzas


def _logical_lines(text: str) -> list[str]:
    """Lines with backslash continuations joined (the newline is kept, as Splunk keeps it)."""
    lines: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.endswith("\\"):
            pending += line[:-1] + "\n"
            continue
        lines.append(pending + line)
        pending = ""
    if pending:
        lines.append(pending)
    return lines
