"""Coverage: which commands and functions a parsed search needs that the engine does not run.

Binding stops at the first problem; a coverage report wants all of them, so that each missing
command or function can be ranked by how many detections it would unlock on its own.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Iterable, Iterator

from spl import ast
from engine.aggregates import AGGREGATES
from engine.commands import COMMANDS
from engine.functions import FUNCTIONS


def missing(pipeline: ast.Pipeline) -> set[str]:
    """Names like "command stats" or "function urldecode" the search needs and the engine lacks."""
    found = set()
    for node in _walk(pipeline):
        if isinstance(node, ast.UnknownCommand):
            found.add(f"command {node.name.lower()}")
        elif isinstance(node, ast.Command) and type(node) not in COMMANDS:
            found.add(f"command {type(node).__name__.lower()}")
        elif isinstance(node, ast.Call) and node.name not in FUNCTIONS:
            found.add(f"function {node.name}")
        elif isinstance(node, ast.Aggregation) and node.function.lower() not in AGGREGATES:
            found.add(f"aggregation {node.function.lower()}")
    return found


def _walk(node: object) -> Iterator[object]:
    yield node
    if dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            yield from _walk(getattr(node, field.name))
    elif isinstance(node, tuple):
        for item in node:
            yield from _walk(item)


def ranking(needs: Iterable[set[str]]) -> list[tuple[str, int, int]]:
    """(name, detections it alone blocks, detections that use it), most unlocking first."""
    needs = list(needs)
    alone = Counter(next(iter(n)) for n in needs if len(n) == 1)
    used = Counter(name for n in needs for name in n)
    return sorted(((name, alone[name], used[name]) for name in used),
                  key=lambda item: (-item[1], -item[2], item[0]))
