"""xyseries: turn rows of (x, series name, data) into a table with one row per x value and one
column per series.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/xyseries
`xyseries [grouped=<bool>] <x-field> <y-name-field> <y-data-field>... [sep=<string>]
[format=<string>]`: "Converts results into a tabular format that is suitable for graphing. This
command is the inverse of the untable command."
- <x-field>'s values label the rows; <y-name-field> "contains the values to use as labels for
  the data series"; each <y-data-field> holds the data.
- With several data fields the columns are named by format, "$AGG$" the data field and "$VAL$"
  the series ("format takes precedence over sep"), `$AGG$<sep>$VAL$` with sep ": " by default:
  `count: www1`; with one, by the series value alone (as chart names them: the naming is chart's,
  engine/commands/chart.py).
- grouped=true: "indicates that the input is sorted by the value of the <x-field>": rows are
  made run by run of equal x values, so an unsorted x comes back in several rows; grouped=false
  (the default) gathers every row of an x value into one.
- untable's page: "When you untable a set of results and then use the xyseries command to
  combine the results, results that contain duplicate values are removed": the first value of
  an (x, series) cell is kept.
Choices where the page is silent: rows and columns come in the order their x values and series
names first appear (so `untable` then `xyseries` gives the table back); a row without the x field
or the name field is left out; a multivalue name gives the data to each of its values.
Binds to an Xyseries holding the fields and the column name format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.commands.chart import pivot
from engine.options import bool_option, option_map
from engine.table import Table
from engine.values import Value, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("grouped", "sep", "format")


@dataclass(frozen=True, kw_only=True)
class Xyseries(plan.Command):
    """A row per value of `x` (per run of equal values when `grouped`), a column per value of
    `name` and data field, named by `format`."""

    x: str
    name: str
    data: tuple[str, ...]
    grouped: bool = False
    format: str = "$AGG$: $VAL$"

    def needs(self, after: plan.Needed) -> plan.Needed:
        return frozenset((self.x, self.name) + self.data)


def bind(node: ast.Xyseries, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "xyseries")
    if len(node.fields) < 3:
        raise BadArgumentError("xyseries needs an x field, a name field and at least one data "
                               "field, e.g. `xyseries _time host count`", node.span)
    x, name, *data = node.fields
    sep = options["sep"].value if "sep" in options else ": "
    format = options["format"].value if "format" in options else f"$AGG${sep}$VAL$"
    return Xyseries(input=input, command=node, x=x, name=name, data=tuple(data),
                    grouped=bool_option(options.get("grouped"), False), format=format)


def run(node: Xyseries, table: Table, runtime: Runtime) -> Table:
    rows_of: dict[tuple[str, ...], str] = {}  # an x value -> its output row (grouped=false)
    labels: dict[str, Value] = {}
    series: dict[str, None] = {}
    cells: dict[tuple[str, str], dict[str, Value]] = {}
    previous: tuple[str, ...] | None = None  # the x value of the run going on (grouped=true)
    key = ""
    for row in table.rows:
        x, names = row.get(node.x), values_of(row.get(node.name))
        if x is None or not names:
            continue
        identity = tuple(to_text(v) for v in values_of(x))
        if not node.grouped:
            key = rows_of.setdefault(identity, str(len(rows_of)))
        elif identity != previous:
            key, previous = str(len(labels)), identity
        labels.setdefault(key, x)
        for name in map(to_text, names):
            series.setdefault(name)
            cell = cells.setdefault((key, name), {})
            for data in node.data:
                if row.get(data) is not None:
                    cell.setdefault(data, row[data])
    return pivot(list(labels), labels, node.x, list(series), list(node.data), cells, node.format)
