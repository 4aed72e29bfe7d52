"""The commands the engine runs: one module per SPL command, and two explicit registries.

COMMANDS maps each command of the syntax tree to its bind step, (command, input plan, binder)
-> plan node: the single list of what is supported; the binder reports anything else by name.
OPERATORS maps each plan node type to the Python engine's run step, (node, input table,
runtime, *subplan tables) -> table.

Both name modules and functions rather than hold them, and a command's module is imported when a
search first uses it: a run imports the few commands its search names, not all sixty (start-up
is measured by the benchmark). tests/commands/test_registry.py resolves every entry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Callable

from spl import ast


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # engine/commands/<module>.py
    function: str = "bind"
    generating: bool = False  # makes its own rows, so it must come first after a leading `|`

    @property
    def bind(self) -> Callable:
        return getattr(importlib.import_module(f"engine.commands.{self.module}"), self.function)


COMMANDS: dict[type, Command] = {
    ast.Search: Command("search", "search"),
    ast.Tstats: Command("tstats", "tstats", generating=True),
    ast.Rename: Command("rename", "rename"),
    ast.Convert: Command("convert", "convert"),
    ast.Eval: Command("eval", "eval"),
    ast.Where: Command("where", "where"),
    ast.Foreach: Command("foreach", "foreach"),
    ast.From: Command("from", "from_", "bind_from", generating=True),
    ast.Datamodel: Command("datamodel", "from_", "bind_datamodel", generating=True),
    ast.Table: Command("table", "table"),
    ast.Fields: Command("fields", "fields"),
    ast.Dedup: Command("dedup", "dedup"),
    ast.Sort: Command("sort", "sort"),
    ast.Head: Command("head", "head"),
    ast.Tail: Command("tail", "tail"),
    ast.Fillnull: Command("fillnull", "fillnull"),
    ast.Bin: Command("bin", "bin"),  # `bucket` parses to ast.Bin too
    ast.Mvexpand: Command("mvexpand", "mvexpand"),
    ast.Makemv: Command("makemv", "makemv"),
    ast.Mvcombine: Command("mvcombine", "mvcombine"),
    ast.Stats: Command("stats", "stats"),
    ast.Eventstats: Command("eventstats", "eventstats"),
    ast.Streamstats: Command("streamstats", "streamstats"),
    ast.Top: Command("top", "top"),
    ast.Rare: Command("rare", "rare"),
    ast.Rex: Command("rex", "rex"),
    ast.Regex: Command("regex", "regex"),
    ast.Spath: Command("spath", "spath"),
    ast.Xmlkv: Command("xmlkv", "xmlkv"),
    ast.Lookup: Command("lookup", "lookup"),
    ast.Inputlookup: Command("inputlookup", "inputlookup", generating=True),
    ast.Join: Command("join", "join"),
    ast.Append: Command("append", "append"),
    ast.Makeresults: Command("makeresults", "makeresults", generating=True),
    ast.Nomv: Command("nomv", "nomv"),
    ast.Strcat: Command("strcat", "strcat"),
    ast.Accum: Command("accum", "accum"),
    ast.Delta: Command("delta", "delta"),
    ast.Autoregress: Command("autoregress", "autoregress"),
    ast.Reverse: Command("reverse", "reverse"),
    ast.Uniq: Command("uniq", "uniq"),
    ast.Addinfo: Command("addinfo", "addinfo"),
    ast.Replace: Command("replace", "replace"),
    ast.Fromjson: Command("fromjson", "fromjson"),
    ast.Extract: Command("extract", "extract"),  # `kv` parses to ast.Extract too
    ast.Timechart: Command("timechart", "timechart"),
    ast.Chart: Command("chart", "chart"),
    ast.Addtotals: Command("addtotals", "addtotals"),
    ast.Untable: Command("untable", "untable"),
    ast.Xyseries: Command("xyseries", "xyseries"),
    ast.Fieldsummary: Command("fieldsummary", "fieldsummary"),
    ast.Transaction: Command("transaction", "transaction"),
    ast.Appendpipe: Command("appendpipe", "appendpipe"),
    ast.Map: Command("map", "map"),
    ast.Outputlookup: Command("outputlookup", "outputlookup"),
    ast.Mstats: Command("mstats", "mstats", generating=True),
    ast.Iplocation: Command("iplocation", "iplocation"),
    ast.Eventcount: Command("eventcount", "eventcount", generating=True),
    ast.Metadata: Command("metadata", "metadata", generating=True),
}

# The run step of each plan node type, by the node class's dotted name: "module:function".
OPERATORS: dict[str, str] = {
    "engine.plan.Scan": "engine.sources:scan",
    "engine.plan.StoreScan": "engine.storescan:scan",
    "engine.plan.Rows": "engine.sources:rows",
    "engine.plan.Enrich": "engine.sources:enrich",
    "engine.plan.DatasetRows": "engine.sources:dataset_rows",
    "engine.plan.Filter": "engine.commands.search:run",
    "engine.plan.Eval": "engine.commands.eval:run",
    "engine.plan.Aggregate": "engine.commands.stats:run",
    "engine.plan.Sort": "engine.commands.sort:run",
    "engine.plan.Limit": "engine.commands.head:run",
    "engine.plan.Join": "engine.commands.join:run",
    "engine.plan.Union": "engine.commands.append:run",
    "engine.plan.Lookup": "engine.commands.lookup:run",
    "engine.commands.inputlookup.Inputlookup": "engine.commands.inputlookup:run",
    "engine.commands.foreach.Foreach": "engine.commands.foreach:run",
    "engine.commands.eventstats.Eventstats": "engine.commands.eventstats:run",
    "engine.commands.streamstats.Streamstats": "engine.commands.streamstats:run",
    "engine.commands.top.Top": "engine.commands.top:run",
    "engine.commands.rare.Rare": "engine.commands.rare:run",
    "engine.commands.rex.Rex": "engine.commands.rex:run",
    "engine.commands.regex.Regex": "engine.commands.regex:run",
    "engine.commands.spath.Spath": "engine.commands.spath:run",
    "engine.commands.xmlkv.Xmlkv": "engine.commands.xmlkv:run",
    "engine.commands.rename.Rename": "engine.commands.rename:run",
    "engine.commands.convert.Convert": "engine.commands.convert:run",
    "engine.commands.table.Table": "engine.commands.table:run",
    "engine.commands.fields.Fields": "engine.commands.fields:run",
    "engine.commands.dedup.Dedup": "engine.commands.dedup:run",
    "engine.commands.fillnull.Fillnull": "engine.commands.fillnull:run",
    "engine.commands.bin.Bin": "engine.commands.bin:run",
    "engine.commands.mvexpand.Mvexpand": "engine.commands.mvexpand:run",
    "engine.commands.makemv.Makemv": "engine.commands.makemv:run",
    "engine.commands.mvcombine.Mvcombine": "engine.commands.mvcombine:run",
    "engine.commands.makeresults.Makeresults": "engine.commands.makeresults:run",
    "engine.commands.nomv.Nomv": "engine.commands.nomv:run",
    "engine.commands.accum.Accum": "engine.commands.accum:run",
    "engine.commands.delta.Delta": "engine.commands.delta:run",
    "engine.commands.autoregress.Autoregress": "engine.commands.autoregress:run",
    "engine.commands.reverse.Reverse": "engine.commands.reverse:run",
    "engine.commands.uniq.Uniq": "engine.commands.uniq:run",
    "engine.commands.addinfo.Addinfo": "engine.commands.addinfo:run",
    "engine.commands.replace.Replace": "engine.commands.replace:run",
    "engine.commands.fromjson.Fromjson": "engine.commands.fromjson:run",
    "engine.commands.extract.Extract": "engine.commands.extract:run",
    "engine.commands.timechart.Timechart": "engine.commands.timechart:run",
    "engine.commands.chart.Chart": "engine.commands.chart:run",
    "engine.commands.addtotals.Addtotals": "engine.commands.addtotals:run",
    "engine.commands.untable.Untable": "engine.commands.untable:run",
    "engine.commands.xyseries.Xyseries": "engine.commands.xyseries:run",
    "engine.commands.fieldsummary.Fieldsummary": "engine.commands.fieldsummary:run",
    "engine.commands.eval.DynamicEval": "engine.commands.eval:run_dynamic",
    "engine.commands.tstats.Prestats": "engine.commands.tstats:run_prestats",
    "engine.commands.transaction.Transaction": "engine.commands.transaction:run",
    "engine.commands.appendpipe.Appendpipe": "engine.commands.appendpipe:run",
    "engine.commands.map.Map": "engine.commands.map:run",
    "engine.commands.outputlookup.Outputlookup": "engine.commands.outputlookup:run",
    "engine.commands.mstats.Mstats": "engine.commands.mstats:run",
    "engine.commands.iplocation.Iplocation": "engine.commands.iplocation:run",
    "engine.commands.eventcount.Eventcount": "engine.commands.eventcount:run",
    "engine.commands.metadata.Metadata": "engine.commands.metadata:run",
}


@cache
def operator(node_type: type) -> Callable:
    """The run step of a plan node type (its module is imported on first use)."""
    name = f"{node_type.__module__}.{node_type.__qualname__}"
    module, _, function = OPERATORS[name].partition(":")
    return getattr(importlib.import_module(module), function)
