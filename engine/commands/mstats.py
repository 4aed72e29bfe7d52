"""mstats: statistics over metric indexes, which a run over event logs does not have.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/mstats
`| mstats [chart=<bool>] [chart.<option>=...] [prestats=<bool>] [append=<bool>]
[backfill=<bool>] [update_period=<int>] [fillnull_value=<string>] [chunk_size=<int>]
<stats-func>(<metric_name>) [AS <name>]... WHERE <logical-expression> [(BY|GROUPBY) <field-list>
[span=<timespan> [every=<timespan>]]]`
- "Performs statistics on the measurement, metric_name, and dimension fields in metric indexes";
  "The mstats command is a generating command, except when it is in 'append=t' mode"
  (searchbnf.conf, mstats-command); rate_avg and rate_sum are mstats' own functions.
Metric indexes hold measurements, not events, and the logs read here are events, so there is no
metric index: the search binds as Splunk would check it (options, aggregations, the WHERE
clause's time bounds, spans) and then gives no rows, with a notice that says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.aggregates import check_aggregation
from engine.options import bool_option, int_option, option_map, span_option
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("chart", "chart.limit", "chart.agg", "chart.usenull", "chart.useother",
           "chart.nullstr", "chart.otherstr", "prestats", "append", "backfill", "update_period",
           "fillnull_value", "chunk_size", "span", "every")
MSTATS_FUNCTIONS = ("rate_avg", "rate_sum")  # "Valid for mstats only"


@dataclass(frozen=True, kw_only=True)
class Mstats(plan.Command):
    """No rows, named as mstats would name its columns: no metric index is read here."""

    columns: tuple[str, ...] = ()


def bind(node: ast.Mstats, input: plan.Node | None, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "mstats")
    for name in ("chart", "chart.usenull", "chart.useother", "prestats", "backfill"):
        bool_option(options.get(name), False)
    for name in ("update_period", "chunk_size"):
        int_option(options.get(name), 0)
    for name in ("span", "every"):
        if name in options and options[name].value.lower() != "auto":
            span_option(options[name])
    for aggregation in node.aggregations:
        if aggregation.function.lower() not in MSTATS_FUNCTIONS:
            check_aggregation(aggregation, allow_eval=False)
    binder.time_bounded(node.where)
    columns = node.by + tuple(a.output_name for a in node.aggregations
                              if "*" not in a.output_name)
    own = Mstats(command=node, columns=columns)
    return binder.generated(own, input, bool_option(options.get("append"), False), node,
                            "mstats")


def run(node: Mstats, table: None, runtime: Runtime) -> Table:
    runtime.diagnostics.notice("mstats reads metric indexes, and a run over event logs has "
                               "none: it returns no rows")
    return Table([], list(node.columns))
