"""The commands the engine runs: one module per SPL command, one explicit registry.

A command is a function (table, node, context) -> table, with an optional check (node, context)
that binding runs before any event is read. This dict is the single list of what is supported;
the binder reports anything else by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spl import ast
from engine.commands import convert, eval, foreach, from_, rename, search, tstats, where
from engine.commands import (bin, dedup, fields, fillnull, head, makemv, mvcombine, mvexpand,
                             sort, table, tail)
from engine.commands import eventstats, rare, stats, streamstats, top
from engine.commands import (append, inputlookup, join, lookup, regex, rex, spath,
                             xmlkv)


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable
    check: Callable | None = None
    generating: bool = False  # makes its own rows, so it must come first after a leading `|`


COMMANDS: dict[type, Command] = {
    ast.Search: Command("search", search.search, search.check),
    ast.Tstats: Command("tstats", tstats.tstats, tstats.check, generating=True),
    ast.Rename: Command("rename", rename.rename),
    ast.Convert: Command("convert", convert.convert, convert.check),
    ast.Eval: Command("eval", eval.eval, eval.check),
    ast.Where: Command("where", where.where, where.check),
    ast.Foreach: Command("foreach", foreach.foreach, foreach.check),
    ast.From: Command("from", from_.from_, from_.check_from, generating=True),
    ast.Datamodel: Command("datamodel", from_.datamodel, from_.check_datamodel, generating=True),
    ast.Table: Command("table", table.table),
    ast.Fields: Command("fields", fields.fields),
    ast.Dedup: Command("dedup", dedup.dedup, dedup.check),
    ast.Sort: Command("sort", sort.sort, sort.check),
    ast.Head: Command("head", head.head, head.check),
    ast.Tail: Command("tail", tail.tail, tail.check),
    ast.Fillnull: Command("fillnull", fillnull.fillnull, fillnull.check),
    ast.Bin: Command("bin", bin.bin, bin.check),  # `bucket` parses to ast.Bin too
    ast.Mvexpand: Command("mvexpand", mvexpand.mvexpand, mvexpand.check),
    ast.Makemv: Command("makemv", makemv.makemv, makemv.check),
    ast.Mvcombine: Command("mvcombine", mvcombine.mvcombine, mvcombine.check),
    ast.Stats: Command("stats", stats.stats, stats.check),
    ast.Eventstats: Command("eventstats", eventstats.eventstats, eventstats.check),
    ast.Streamstats: Command("streamstats", streamstats.streamstats, streamstats.check),
    ast.Top: Command("top", top.top, top.check),
    ast.Rare: Command("rare", rare.rare, rare.check),
    ast.Rex: Command("rex", rex.rex, rex.check),
    ast.Regex: Command("regex", regex.regex, regex.check),
    ast.Spath: Command("spath", spath.spath, spath.check),
    ast.Xmlkv: Command("xmlkv", xmlkv.xmlkv, xmlkv.check),
    ast.Lookup: Command("lookup", lookup.lookup, lookup.check),
    ast.Inputlookup: Command("inputlookup", inputlookup.inputlookup, inputlookup.check,
                             generating=True),
    ast.Join: Command("join", join.join, join.check),
    ast.Append: Command("append", append.append, append.check),
}
