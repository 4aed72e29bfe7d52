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


# What a search can need that no local tool can have: the commands of a Splunk app, or the
# lookups an app fills from a Splunk deployment's own state. A detection that fails to bind and
# needs one of these is reported under the app, apart from the failures the tool could fix.
# MLTK's commands: https://help.splunk.com/splunk-enterprise/apply-machine-learning/use-ai-toolkit/5.6.4/ai-toolkit-commands-macros-and-visualizations/search-commands-for-machine-learning
# (DSDL's pretrained models are run with MLTK's apply too.)
MLTK = "Splunk's Machine Learning Toolkit"
APP_COMMANDS = {name: MLTK for name in
                ("fit", "apply", "summary", "listmodels", "deletemodel", "sample", "score", "ai")}
# Enterprise Security's merged asset and identity lookups, KV store collections its merge
# searches fill: https://help.splunk.com/splunk-enterprise-security-8/administer/8.3/asset-and-identity-validation/lookups-that-store-merged-asset-and-identity-data-in-splunk-enterprise-security
ES_ASSETS = "Enterprise Security's asset and identity lookups"
APP_LOOKUPS = {name: ES_ASSETS for name in
               ("asset_lookup_by_str", "asset_lookup_by_cidr", "identity_lookup_expanded",
                "asset_lookup_default_fields", "identity_lookup_default_fields")}


def needs_app(pipeline: ast.Pipeline) -> str | None:
    """Why the search cannot run here, such as "needs Splunk's Machine Learning Toolkit
    (apply)", or None when it needs no app this tool cannot have."""
    wanted: dict[str, list[str]] = {}
    for node in _walk(pipeline):
        if isinstance(node, ast.UnknownCommand) and node.name.lower() in APP_COMMANDS:
            app, name = APP_COMMANDS[node.name.lower()], node.name.lower()
        elif isinstance(node, (ast.Lookup, ast.Inputlookup)) and node.name in APP_LOOKUPS:
            app, name = APP_LOOKUPS[node.name], node.name
        else:
            continue
        if name not in wanted.setdefault(app, []):
            wanted[app].append(name)
    return "; ".join(f"needs {app} ({', '.join(names)})" for app, names in wanted.items()) or None


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
