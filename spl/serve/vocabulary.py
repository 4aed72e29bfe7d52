"""The names the page's highlighter colours, taken from the project's own registries: the
commands the engine runs, the other Splunk commands it knows of, the eval and stats functions,
the grammar's keywords and the macros loaded. The page has no list of its own to drift."""

from __future__ import annotations

import re

from engine.aggregates import AGGREGATES
from engine.catalog import Catalog
from engine.commands import COMMANDS
from engine.functions import FUNCTIONS
from spl.catalog import SPLUNK_COMMANDS
from spl.parser_table import GRAMMAR

_KEYWORD = re.compile(r'"([A-Z]+)"i')  # the grammar's upper-case literals: BY, AS, OR, ...


def vocabulary(catalog: Catalog) -> dict[str, list[str]]:
    supported = sorted({c.name for c in COMMANDS.values()})
    return {
        "commands": supported,
        "other_commands": sorted(set(SPLUNK_COMMANDS) - set(supported)),
        "functions": sorted(set(FUNCTIONS) | set(AGGREGATES)),
        "keywords": sorted(set(_KEYWORD.findall(GRAMMAR.read_text(encoding="utf-8")))),
        "macros": catalog.macros.names(),
    }
