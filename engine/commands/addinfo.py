"""addinfo: fields that say which search made each row: its time range, start and id.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/addinfo
`addinfo` "Adds fields to each event that contain global, common information about the search":
info_min_time "The earliest time boundary for the search", info_max_time "The latest time
boundary for the search", info_sid "The ID of the search that generated the event" and
info_search_time "The time when the search was run" (the SPL2 page,
https://help.splunk.com/en/splunk-enterprise/search/spl2-search-reference/addinfo-command, adds
"in UNIX time" to the three times).
Offline, each is defined so (the pages do not cover a search that runs outside Splunk):
- info_min_time is 0 and info_max_time is `+Infinity`, the bounds Splunk shows for an All time
  search: a search here has no time range picker and reads every event of the logs it is given
  (earliest= and latest= terms filter events, as they do in Splunk, but set no range here).
- info_search_time is the search's start in epoch seconds (engine/clock.py; `spl run --now`
  sets it), the same for every row.
- info_sid is `<start epoch seconds>.local`: Splunk names an ad hoc search by the second it
  started followed by a job number, and offline there is one job per run.
Binds to an Addinfo node; the values are read from the run's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

INFO_FIELDS = ("info_min_time", "info_max_time", "info_search_time", "info_sid")
ALL_TIME = (0, "+Infinity")


@dataclass(frozen=True, kw_only=True)
class Addinfo(plan.Command):
    """Every row with the search's info_* fields set."""

    def needs(self, after: plan.Needed) -> plan.Needed:
        return None if after is None else after - set(INFO_FIELDS)


def bind(node: ast.Addinfo, input: plan.Node, binder: Binder) -> plan.Node:
    return Addinfo(input=input, command=node)


def run(node: Addinfo, table: Table, runtime: Runtime) -> Table:
    start = runtime.clock.time()
    info = dict(zip(INFO_FIELDS, (*ALL_TIME, start, f"{int(start)}.local")))
    fields = None if table.fields is None else list(dict.fromkeys([*table.fields, *INFO_FIELDS]))
    return Table(({**row, **info} for row in table.rows), fields)
