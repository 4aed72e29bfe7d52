"""metadata: the hosts, sources or sourcetypes of the events, with when each was seen.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/metadata
`| metadata type=<metadata-type> [<index-specifier>]... [splunk_server=<wc-string>]
[splunk_server_group=<wc-string>]... <datatype>`
- "returns a list of sources, sourcetypes, or hosts from a specified index"; type "must be one
  of the three literal strings: hosts, sources, or sourcetypes". A generating command.
- index=<index_name> may repeat and hold `*` wildcards; offline it keeps the events as
  eventcount's index= does (engine/commands/eventcount.py): an event with no index matches.
- One row per value of the host, source or sourcetype field, with firstTime (the earliest
  `_time` of its events), lastTime (the latest), recentTime and totalCount (how many events):
  the page text read here does not list the output columns, and these are the fields Splunk
  Lantern's "Hosts logging data in a certain timeframe" reads from it
  (https://lantern.splunk.com/hc/en-us/articles/360048503294: `| metadata type=hosts | eval
  "Last Seen"=now()-recentTime` and `rename totalCount AS Count firstTime AS "First Event"
  lastTime AS "Last Event" recentTime AS "Last Update"`). A `type` column holding the type=
  asked for is this project's choice.
- splunk_server and splunk_server_group choose peers; offline there is one, so they change
  nothing. datatype is event (the default) or metric; a local run has no metrics index, so
  datatype=metric gives no rows, as mstats does here.
Choices where the page is silent: recentTime is Splunk's time of the most recent indexing; events
read here are taken as indexed when they happened, so it is lastTime. Rows are in order of the
value; events without the field, or without a `_time` that reads as a number, are not counted.
Binds to a Metadata over the events (filtered by the index= terms).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, suggestion
from engine import plan
from engine.commands.eventcount import index_filtered, split_indexes
from engine.options import option_map
from engine.table import Row, Table
from engine.values import to_number, to_text

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("type", "splunk_server", "splunk_server_group", "datatype")
TYPES = {"hosts": "host", "sources": "source", "sourcetypes": "sourcetype"}
DATATYPES = ("event", "metric")


@dataclass(frozen=True, kw_only=True)
class Metadata(plan.Command):
    """One row per value of `field` (host, source or sourcetype) among the input's rows."""

    type: str
    metrics: bool = False  # datatype=metric: no metrics index here, so no rows

    @property
    def field(self) -> str:
        return TYPES[self.type]

    def needs(self, after: plan.Needed) -> plan.Needed:
        return frozenset({self.field, "_time", "index"})


def bind(node: ast.Metadata, input: plan.Node | None, binder: Binder) -> plan.Node:
    indexes, others = split_indexes(node.options)
    options = option_map(others, OPTIONS, "metadata")
    if "type" not in options:
        raise BadArgumentError("metadata needs type=hosts, type=sources or type=sourcetypes",
                               node.span)
    kind = options["type"].value.lower()
    if kind not in TYPES:
        raise BadArgumentError(f"metadata type= is hosts, sources or sourcetypes, not "
                               f"`{options['type'].value}`", options["type"].span,
                               suggestion(kind, TYPES))
    datatype = options["datatype"].value.lower() if "datatype" in options else "event"
    if datatype not in DATATYPES:
        raise BadArgumentError(f"metadata datatype= is event or metric, not "
                               f"`{options['datatype'].value}`", options["datatype"].span)
    own = Metadata(input=index_filtered(binder.events(), indexes, node), command=node,
                   type=kind, metrics=datatype == "metric")
    return binder.generated(own, input, False, node, "metadata")


def run(node: Metadata, table: Table, runtime: Runtime) -> Table:
    field = node.field
    columns = ["firstTime", field, "lastTime", "recentTime", "totalCount", "type"]
    seen: dict[str, list[float]] = {}
    for row in ([] if node.metrics else table.rows):
        value, time = row.get(field), to_number(row.get("_time"))
        if value is not None and time is not None:
            seen.setdefault(to_text(value), []).append(time)
    return Table([_summary(field, value, seen[value], node.type) for value in sorted(seen)],
                 columns)


def _summary(field: str, value: str, times: list[float], kind: str) -> Row:
    return {"firstTime": min(times), field: value, "lastTime": max(times),
            "recentTime": max(times), "totalCount": len(times), "type": kind}
