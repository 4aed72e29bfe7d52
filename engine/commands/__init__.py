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


@dataclass(frozen=True)
class Command:
    name: str
    bind: Callable
    generating: bool = False  # makes its own rows, so it must come first after a leading `|`


COMMANDS: dict[type, Command] = {
    ast.Search: Command("search", search.bind),
    ast.Tstats: Command("tstats", tstats.bind, generating=True),
    ast.Rename: Command("rename", rename.bind),
    ast.Convert: Command("convert", convert.bind),
    ast.Eval: Command("eval", eval.bind),
    ast.Where: Command("where", where.bind),
    ast.Foreach: Command("foreach", foreach.bind),
    ast.From: Command("from", from_.bind_from, generating=True),
    ast.Datamodel: Command("datamodel", from_.bind_datamodel, generating=True),
    ast.Table: Command("table", table.bind),
    ast.Fields: Command("fields", fields.bind),
    ast.Dedup: Command("dedup", dedup.bind),
    ast.Sort: Command("sort", sort.bind),
    ast.Head: Command("head", head.bind),
    ast.Tail: Command("tail", tail.bind),
    ast.Fillnull: Command("fillnull", fillnull.bind),
    ast.Bin: Command("bin", bin.bind),  # `bucket` parses to ast.Bin too
    ast.Mvexpand: Command("mvexpand", mvexpand.bind),
    ast.Makemv: Command("makemv", makemv.bind),
    ast.Mvcombine: Command("mvcombine", mvcombine.bind),
    ast.Stats: Command("stats", stats.bind),
    ast.Eventstats: Command("eventstats", eventstats.bind),
    ast.Streamstats: Command("streamstats", streamstats.bind),
    ast.Top: Command("top", top.bind),
    ast.Rare: Command("rare", rare.bind),
    ast.Rex: Command("rex", rex.bind),
    ast.Regex: Command("regex", regex.bind),
    ast.Spath: Command("spath", spath.bind),
    ast.Xmlkv: Command("xmlkv", xmlkv.bind),
    ast.Lookup: Command("lookup", lookup.bind),
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
    plan.Sort: sort.run,
    plan.Limit: head.run,
    plan.Join: join.run,
    plan.Union: append.run,
    plan.Lookup: lookup.run,
    inputlookup.Inputlookup: inputlookup.run,
    foreach.Foreach: foreach.run,
    eventstats.Eventstats: eventstats.run,
    streamstats.Streamstats: streamstats.run,
    top.Top: top.run,
    rare.Rare: rare.run,
    rex.Rex: rex.run,
    regex.Regex: regex.run,
    spath.Spath: spath.run,
    xmlkv.Xmlkv: xmlkv.run,
    rename.Rename: rename.run,
    convert.Convert: convert.run,
    table.Table: table.run,
    fields.Fields: fields.run,
    dedup.Dedup: dedup.run,
    fillnull.Fillnull: fillnull.run,
    bin.Bin: bin.run,
    mvexpand.Mvexpand: mvexpand.run,
    makemv.Makemv: makemv.run,
    mvcombine.Mvcombine: mvcombine.run,
}
