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
from engine.commands import (accum, addinfo, autoregress, delta, extract, fromjson, makeresults,
                             nomv, replace, reverse, strcat, uniq)
from engine.commands import addtotals, chart, fieldsummary, timechart, untable, xyseries
from engine.commands import appendpipe, map, mstats, outputlookup, transaction


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
    ast.Makeresults: Command("makeresults", makeresults.bind, generating=True),
    ast.Nomv: Command("nomv", nomv.bind),
    ast.Strcat: Command("strcat", strcat.bind),
    ast.Accum: Command("accum", accum.bind),
    ast.Delta: Command("delta", delta.bind),
    ast.Autoregress: Command("autoregress", autoregress.bind),
    ast.Reverse: Command("reverse", reverse.bind),
    ast.Uniq: Command("uniq", uniq.bind),
    ast.Addinfo: Command("addinfo", addinfo.bind),
    ast.Replace: Command("replace", replace.bind),
    ast.Fromjson: Command("fromjson", fromjson.bind),
    ast.Extract: Command("extract", extract.bind),  # `kv` parses to ast.Extract too
    ast.Timechart: Command("timechart", timechart.bind),
    ast.Chart: Command("chart", chart.bind),
    ast.Addtotals: Command("addtotals", addtotals.bind),
    ast.Untable: Command("untable", untable.bind),
    ast.Xyseries: Command("xyseries", xyseries.bind),
    ast.Fieldsummary: Command("fieldsummary", fieldsummary.bind),
    ast.Transaction: Command("transaction", transaction.bind),
    ast.Appendpipe: Command("appendpipe", appendpipe.bind),
    ast.Map: Command("map", map.bind),
    ast.Outputlookup: Command("outputlookup", outputlookup.bind),
    ast.Mstats: Command("mstats", mstats.bind, generating=True),
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
    makeresults.Makeresults: makeresults.run,
    nomv.Nomv: nomv.run,
    accum.Accum: accum.run,
    delta.Delta: delta.run,
    autoregress.Autoregress: autoregress.run,
    reverse.Reverse: reverse.run,
    uniq.Uniq: uniq.run,
    addinfo.Addinfo: addinfo.run,
    replace.Replace: replace.run,
    fromjson.Fromjson: fromjson.run,
    extract.Extract: extract.run,
    timechart.Timechart: timechart.run,
    chart.Chart: chart.run,
    addtotals.Addtotals: addtotals.run,
    untable.Untable: untable.run,
    xyseries.Xyseries: xyseries.run,
    fieldsummary.Fieldsummary: fieldsummary.run,
    eval.DynamicEval: eval.run_dynamic,
    tstats.Prestats: tstats.run_prestats,
    transaction.Transaction: transaction.run,
    appendpipe.Appendpipe: appendpipe.run,
    map.Map: map.run,
    outputlookup.Outputlookup: outputlookup.run,
    mstats.Mstats: mstats.run,
}
