"""eventcount: how many events there are, in all or by index.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eventcount
`| eventcount [index=<string>]... [summarize=<bool>] [report_size=<bool>]
[list_federated_remote=<bool>] [list_vix=<bool>]`
- "Returns the number of events in specified indexes"; a generating command, first after a
  leading `|`. "Specifying a time range has no effect on the results returned by the eventcount
  command. All of the events on the indexes you specify are counted."
- index= "The name of an index to report on, or a wildcard matching a set of indexes", and it
  may repeat (`index=* index=_*`). Offline the indexes are the events given (--data): an event
  carries an `index` only when its source says so (a detection test's attack_data entry), and
  an event with none matches every index= term, as a search's index= terms match it
  (engine/matching.py).
- summarize (default true): "Specifies whether or not to summarize events across all peers and
  indexes. If summarize=false, the command splits the event counts by index and search peer."
  The one summarized row holds `count`; split rows hold count, index and server, the fields of
  the page's examples. Offline there is one peer, `local`, makeresults' name for the machine.
- report_size=true "returns the index size in bytes": a local run has files, not indexes on
  disk, so it is refused. list_vix and list_federated_remote list virtual and federated
  indexes, of which a local run has none: accepted, they change nothing.
Choices where the page is silent: split rows are in order of index name, the events with no
index last with an empty `index`; no events give `count` 0 when summarized and no rows when
split.
Binds to an Eventcount over the events (filtered by the index= terms).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import UnsupportedCommandError
from engine import plan
from engine.commands.makeresults import LOCAL_SERVER
from engine.options import bool_option, option_map
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("summarize", "report_size", "list_vix", "list_federated_remote")


@dataclass(frozen=True, kw_only=True)
class Eventcount(plan.Command):
    """The count of the input's rows, one row in all or one per value of `index`."""

    summarize: bool = True

    def needs(self, after: plan.Needed) -> plan.Needed:
        return frozenset({"index"})


def bind(node: ast.Eventcount, input: plan.Node | None, binder: Binder) -> plan.Node:
    indexes, others = split_indexes(node.options)
    options = option_map(others, OPTIONS, "eventcount")
    if bool_option(options.get("report_size"), False):
        raise UnsupportedCommandError("eventcount report_size=true reports the size of an index "
                                      "on disk: a local run reads files, not indexes",
                                      options["report_size"].span)
    for name in ("list_vix", "list_federated_remote"):
        bool_option(options.get(name), name == "list_vix")
    own = Eventcount(input=index_filtered(binder.events(), indexes, node), command=node,
                     summarize=bool_option(options.get("summarize"), True))
    return binder.generated(own, input, False, node, "eventcount")


def run(node: Eventcount, table: Table, runtime: Runtime) -> Table:
    counts = Counter(row.get("index") for row in table.rows)
    if node.summarize:
        return Table([{"count": sum(counts.values())}], ["count"])
    order = sorted(counts, key=lambda index: (index is None, str(index)))
    return Table([{"count": counts[index], "index": index, "server": LOCAL_SERVER}
                  for index in order], ["count", "index", "server"])


def split_indexes(options: tuple[ast.Option, ...]) -> tuple[list[ast.Option], list[ast.Option]]:
    """The index= options (which may repeat) apart from the others."""
    indexes = [option for option in options if option.name.lower() == "index"]
    return indexes, [option for option in options if option.name.lower() != "index"]


def index_filtered(events: plan.Node, indexes: list[ast.Option],
                   command: ast.Command) -> plan.Node:
    """The events any of the index= options matches, as `search index=a OR index=b` keeps them
    (all of them without one)."""
    if not indexes:
        return events
    terms = tuple(ast.Compare("index", "=", option.value, span=option.span) for option in indexes)
    return plan.Filter(input=events, command=command, condition=ast.Or(terms, span=command.span))
