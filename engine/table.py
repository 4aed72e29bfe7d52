"""The table that flows from command to command.

Rows are dicts from field name to value (a missing key is a null field). `rows` may be a one-shot
iterator, so that commands that can stream do; `fields` is the column order when a command knows
it (tstats, table, stats), else None and the renderer takes fields in the order rows show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from engine.values import Value

Row = dict[str, Value]


@dataclass
class Table:
    rows: Iterable[Row]
    fields: list[str] | None = None

    def materialize(self) -> tuple[list[Row], list[str]]:
        """All rows, and the column order: the known one, else fields in order of appearance."""
        rows = list(self.rows)
        if self.fields is not None:
            return rows, list(self.fields)
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
        return rows, _display_order(list(seen))


def _display_order(fields: list[str]) -> list[str]:
    """Event fields as Splunk lists them: `_time` first, other internal fields last."""
    front = [f for f in fields if f == "_time"]
    internal = [f for f in fields if f.startswith("_") and f != "_time"]
    rest = [f for f in fields if not f.startswith("_")]
    return front + rest + internal
