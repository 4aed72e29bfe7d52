"""bin (alias bucket): put numeric values and times into equal-sized bins.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/bin
and https://docs.splunk.com/Documentation/Splunk/9.0.5/SearchReference/Bin; "The bucket command is
an alias for the bin command" (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.1/search-commands/bucket).
`bin span=<span-length> [aligntime=<epoch>] <field> [AS <newfield>]`, options before or after.
- A span with a time unit, or any span on `_time`, bins times: the value becomes the start of its
  bin, in epoch seconds. Units: s/sec/secs/second/seconds, m/min/mins/minute/minutes,
  h/hr/hrs/hour/hours, d/day/days, mon/month/months, and us/ms/cs/ds for subseconds, spelt as
  time modifiers spell them (engine/timeunits.py).
- Bins are aligned to "base UTC time (epoch 0)" unless `aligntime=<epoch>` moves them. "When a
  <span-length> of a day or more is used, the span is aligned to midnight in the timezone of the
  user": day and month bins start at midnight in the run's time zone (UTC unless --tz), and
  aligntime does not apply to them (Splunk ignores it there; here it is an error).
- A span without a unit on another field bins numbers. The page describes span=10 bins as "0-9,
  10-19, 20-29"; Splunk prints each as `<start>-<start + span>` ("0-10", "10-20"), which is what
  this gives. A value that is not a number is left as it is; each value of a multivalue field is
  binned; null stays null.
Not supported yet, and rejected: bins= and minspan= (spans inferred from the data), start= and end=
(which only matter when the span is inferred), log spans (`span=log10`), week spans, and aligntime
values other than an epoch number.
Binds to a Bin holding the span (engine/spans.py reads spans, for tstats too) and the alignment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine import plan
from engine.options import option_map, read_option
from engine.spans import Binner, Span, as_time, binner, parse_span
from engine.table import Row, Table
from engine.values import Scalar, Value, to_number

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("span", "aligntime", "bins", "minspan", "start", "end")
_INFERRED = ("bins", "minspan", "start", "end")


@dataclass(frozen=True, kw_only=True)
class Bin(plan.Command):
    """Put each value of `field` into its bin of width `span` (starting at `align`, for times
    under a day), written to `target`."""

    field: str
    target: str
    span: Span
    align: float = 0.0

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Bin, input: plan.Node, binder: Binder) -> plan.Node:
    span, align = _read(node)
    return Bin(input=input, command=node, field=node.field, target=node.alias or node.field,
               span=span, align=align)


def run(node: Bin, table: Table, runtime: Runtime) -> Table:
    bins = binner(node.span, node.align, runtime.clock.tz)
    known = table.fields
    if known is not None and node.target not in known:
        known = known + [node.target]
    rows = (_bin_row(row, node.field, node.target, bins) for row in table.rows)
    return Table(rows, known)


def _read(node: ast.Bin) -> tuple[Span, float]:
    """The span and the alignment (epoch seconds), or an error under the faulty option."""
    options = option_map(node.options, OPTIONS, "bin")
    for name in _INFERRED:
        if name in options:
            raise UnsupportedCommandError(f"bin `{name}=` is not supported yet; give span=",
                                          options[name].span)
    if "span" not in options:
        raise UnsupportedCommandError("bin needs span= here: spans inferred from the data are "
                                      "not supported yet", node.span, "e.g. `bin span=1h _time`")
    times = node.field == "_time"
    span = read_option(options["span"],
                         lambda text: as_time(parse_span(text)) if times else parse_span(text))
    align = options.get("aligntime")
    return span, 0.0 if align is None else read_option(align, lambda text: _aligntime(text, span))




def _aligntime(text: str, span: Span) -> float:
    if span.unit != "seconds":
        raise BadArgumentError("aligntime= only applies to time spans under a day")
    epoch = to_number(text)
    if epoch is None:
        raise UnsupportedCommandError(f"aligntime=`{text}` is not supported yet; give an epoch "
                                      "time in seconds, e.g. aligntime=1500567890")
    return float(epoch)


def _bin_row(row: Row, field: str, target: str, binner: Binner) -> Row:
    value: Value = row.get(field)
    if value is None:
        return row
    if isinstance(value, tuple):
        binned: Value = tuple(_or_same(binner, v) for v in value)
    else:
        binned = _or_same(binner, value)
    return {**row, target: binned}


def _or_same(binner: Binner, value: Scalar) -> Scalar:
    """The bin of a number; a value that is not one, or a time no calendar holds (day and month
    spans need a date, and `_time=1e300` has none), stays as it is."""
    number = to_number(value)
    if number is None or not math.isfinite(number):
        return value
    try:
        return binner(number)
    except (OverflowError, ValueError, OSError):
        return value
