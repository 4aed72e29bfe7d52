"""The commands the engine runs: one module per SPL command, and two explicit registries.

COMMANDS maps each command of the syntax tree to its bind step, (command, input plan, binder)
-> plan node: the single list of what is supported; the binder reports anything else by name.
OPERATORS maps each plan node type to the Python engine's run step, (node, input table,
runtime, *subplan tables) -> table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spl import ast
from engine import plan, sources
from engine.commands import convert, eval, foreach, from_, rename, search, tstats, where
from engine.commands import (bin, dedup, fields, fillnull, head, makemv, mvcombine, mvexpand,
                             sort, table, tail)
from engine.commands import eventstats, rare, stats, streamstats, top
from engine.commands import (append, inputlookup, join, lookup, regex, rex, spath,
                             xmlkv)
from engine.commands._legacy import Legacy, legacy, run_legacy


@dataclass(frozen=True)
class Command:
    name: str
    bind: Callable
    generating: bool = False  # makes its own rows, so it must come first after a leading `|`


COMMANDS: dict[type, Command] = {
    ast.Search: Command("search", search.bind),
    ast.Tstats: Command("tstats", tstats.bind, generating=True),
    ast.Rename: Command("rename", legacy(rename.rename)),
    ast.Convert: Command("convert", legacy(convert.convert, convert.check)),
    ast.Eval: Command("eval", eval.bind),
    ast.Where: Command("where", where.bind),
    ast.Foreach: Command("foreach", foreach.bind),
    ast.From: Command("from", from_.bind_from, generating=True),
    ast.Datamodel: Command("datamodel", from_.bind_datamodel, generating=True),
    ast.Table: Command("table", legacy(table.table)),
    ast.Fields: Command("fields", legacy(fields.fields)),
    ast.Dedup: Command("dedup", legacy(dedup.dedup, dedup.check)),
    ast.Sort: Command("sort", legacy(sort.sort, sort.check)),
    ast.Head: Command("head", head.bind),
    ast.Tail: Command("tail", tail.bind),
    ast.Fillnull: Command("fillnull", legacy(fillnull.fillnull, fillnull.check)),
    ast.Bin: Command("bin", legacy(bin.bin, bin.check)),  # `bucket` parses to ast.Bin too
    ast.Mvexpand: Command("mvexpand", legacy(mvexpand.mvexpand, mvexpand.check)),
    ast.Makemv: Command("makemv", legacy(makemv.makemv, makemv.check)),
    ast.Mvcombine: Command("mvcombine", legacy(mvcombine.mvcombine, mvcombine.check)),
    ast.Stats: Command("stats", stats.bind),
    ast.Eventstats: Command("eventstats", legacy(eventstats.eventstats, eventstats.check)),
    ast.Streamstats: Command("streamstats", legacy(streamstats.streamstats, streamstats.check)),
    ast.Top: Command("top", legacy(top.top, top.check)),
    ast.Rare: Command("rare", legacy(rare.rare, rare.check)),
    ast.Rex: Command("rex", legacy(rex.rex, rex.check)),
    ast.Regex: Command("regex", legacy(regex.regex, regex.check)),
    ast.Spath: Command("spath", legacy(spath.spath, spath.check)),
    ast.Xmlkv: Command("xmlkv", legacy(xmlkv.xmlkv, xmlkv.check)),
    ast.Lookup: Command("lookup", legacy(lookup.lookup, lookup.check)),
    ast.Inputlookup: Command("inputlookup", inputlookup.bind, generating=True),
    ast.Join: Command("join", join.bind),
    ast.Append: Command("append", append.bind),
}

OPERATORS: dict[type, Callable] = {
    plan.Scan: sources.scan,
    plan.Rows: sources.rows,
    plan.Enrich: sources.enrich,
    plan.DatasetRows: sources.dataset_rows,
    plan.Filter: search.run,
    plan.Eval: eval.run,
    plan.Aggregate: stats.run,
    plan.Limit: head.run,
    plan.Join: join.run,
    plan.Union: append.run,
    inputlookup.Inputlookup: inputlookup.run,
    foreach.Foreach: foreach.run,
    Legacy: run_legacy,
}
