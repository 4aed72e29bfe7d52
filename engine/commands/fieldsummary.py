"""fieldsummary: one row of summary statistics per field of the rows.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.1/search-commands/fieldsummary
`fieldsummary [maxvals=<unsigned_int>] [<wc-field-list>]`.
- "calculates summary statistics for all fields or a subset of the fields in your events"; the
  field list may hold `*` wildcards.
- Its columns: field ("The field name in the event"), count ("The number of events/results with
  that field"), distinct_count ("The number of unique values in the field"), is_exact (1 when the
  distinct count is exact: "If the number of values of the field exceeds maxvals, then
  fieldsummary will stop retaining all the values and compute an approximate distinct count"),
  max, mean, min, numeric_count, stdev and values.
- maxvals: "the maximum distinct values to return for each field. Cannot be negative. Set
  maxvals = 0 to return all"; default 100.
- The SPL2 page's examples
  (https://help.splunk.com/splunk-enterprise/search/spl2-search-reference/fieldsummary-command/fieldsummary-command-overview-syntax-and-usage)
  show values as a JSON list `[{"value":"purchase","count":6},...]`, most frequent first, the
  rows in order of field name, and, for a field of text (`action`), an empty max, mean, min and
  stdev with numeric_count 0; for 11 numbers 800..1800 a stdev of 331.6, the sample standard
  deviation.
Choices where the page is silent: the statistics are those of engine/aggregates.py (max, mean,
min and stdev over the values that read as numbers, each value of a multivalue field counted);
equal counts in values are ordered by the text of the value; distinct_count here is exact even
when is_exact is 0 (Splunk's would be an estimate); without a field list the internal fields
(`_time`, `_raw`, ...) are left out, as the `*` pattern of fields leaves them out.
Binds to a Fieldsummary holding the field patterns and maxvals.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.aggregates import AGGREGATES, Accumulator
from engine.commands.fields import select_fields
from engine.options import int_option, option_map
from engine.table import Row, Table
from engine.values import to_number, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("maxvals",)
COLUMNS = ["field", "count", "distinct_count", "is_exact", "max", "mean", "min",
           "numeric_count", "stdev", "values"]
_STATISTICS = {"max": "max", "mean": "avg", "min": "min", "stdev": "stdev"}


@dataclass(frozen=True, kw_only=True)
class Fieldsummary(plan.Command):
    """One row of statistics per field the `patterns` match, with at most `maxvals` values
    listed (0: all)."""

    patterns: tuple[str, ...] = ("*",)
    maxvals: int = 100

    def needs(self, after: plan.Needed) -> plan.Needed:
        if any("*" in p for p in self.patterns):
            return None
        return frozenset(self.patterns)


def bind(node: ast.Fieldsummary, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "fieldsummary")
    return Fieldsummary(input=input, command=node, patterns=node.fields or ("*",),
                        maxvals=int_option(options.get("maxvals"), 100))


def run(node: Fieldsummary, table: Table, runtime: Runtime) -> Table:
    rows, fields = table.materialize()
    names = sorted(select_fields(node.patterns, fields))
    return Table([_summary(name, rows, node.maxvals) for name in names], list(COLUMNS))


def _summary(name: str, rows: list[Row], maxvals: int) -> Row:
    present = [values_of(row.get(name)) for row in rows if row.get(name) is not None]
    values = [v for found in present for v in found]
    counts = Counter(to_text(v) for v in values)
    numbers = Accumulator()
    for number in (n for n in map(to_number, values) if n is not None):
        numbers.add(number, None)
    listed = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    summary: Row = {"field": name, "count": len(present), "distinct_count": len(counts),
                    "is_exact": int(not maxvals or len(counts) <= maxvals),
                    "numeric_count": len(numbers.values),
                    "values": json.dumps([{"value": v, "count": c}
                                          for v, c in listed[:maxvals or None]],
                                         separators=(",", ":"), ensure_ascii=False)}
    if numbers.values:
        summary.update({column: AGGREGATES[function](numbers, name)
                        for column, function in _STATISTICS.items()})
    return {column: summary[column] for column in COLUMNS if column in summary}
