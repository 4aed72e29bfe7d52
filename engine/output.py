"""Result tables as the user asked for them: an aligned table, CSV, or JSON.

Multivalue fields show one value per line in table cells and CSV cells (as Splunk exports them)
and as arrays in JSON. An empty result is the header alone in table and CSV when its columns are
known (`table`, `stats`, `tstats` name them), nothing when they are not; `[]` in JSON.

JSON numbers: a value is a JSON number when it is a number in the engine, that is when a command
or function computed it (`count`, `avg`, `len()`, eval arithmetic, `tonumber()`); field text
stays a JSON string however numeric it looks, so an event's `EventCode` "1", a `ProcessId`
"4242", a hex "0x1F" or a zero-padded "007" print as written (engine/values.py: values read from
logs are text, which SPL reads as a number where one is needed). Splunk's pages say only that
"Splunk fields contain values that can be processed as either strings or numeric values based
on their context" (Search Reference, informational functions) and do not say how its JSON
export types them; this rule keeps what the log said and types what the search computed. Not a
number in JSON (NaN, infinities) prints as Splunk prints it, as text ("nan", "inf").
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import timezone, tzinfo

from tabulate import tabulate

from engine.table import Row, Table
from engine.timefmt import RESULT_TIMEFORMAT, format_time
from engine.values import Value, to_number, to_output, to_text

FORMATS = ("table", "csv", "json")


def render(table: Table, format_: str, tz: tzinfo = timezone.utc) -> str:
    """The whole table as text in `format_` (one of FORMATS). `_time` shows as a time in `tz`,
    as Splunk shows it, wherever it holds epoch seconds."""
    rows, fields = table.materialize()
    if "_time" in fields:
        rows = [with_time_text(row, tz) for row in rows]
    return _RENDERERS[format_](rows, fields)


def with_time_text(row: Row, tz: tzinfo) -> Row:
    """The row with `_time` shown as a time in `tz`, as Splunk shows it: its milliseconds are
    digits of the time, truncated (engine/timefmt.py), so 10:20:07.9999999 shows as
    10:20:07.999."""
    epoch = to_number(row.get("_time")) if not isinstance(row.get("_time"), tuple) else None
    if epoch is None:
        return row
    return {**row, "_time": format_time(float(epoch), RESULT_TIMEFORMAT, tz)}


def cell_text(value: Value) -> str:
    """A value as one table or CSV cell: multivalues one value per line, null empty."""
    printed = to_output(value)
    if printed is None:
        return ""
    return "\n".join(printed) if isinstance(printed, tuple) else printed


def _as_table(rows: list[Row], fields: list[str]) -> str:
    if not fields:
        return ""
    cells = [[cell_text(row.get(f)) for f in fields] for row in rows]
    return tabulate(cells, headers=fields, tablefmt="simple", disable_numparse=True) + "\n"


def _as_csv(rows: list[Row], fields: list[str]) -> str:
    if not fields:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    writer.writerows([cell_text(row.get(f)) for f in fields] for row in rows)
    return buffer.getvalue()


def _json_value(value: Value):
    """See the module's docstring: computed numbers are numbers, field text is text."""
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            return to_text(value)
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return value


def _as_json(rows: list[Row], fields: list[str]) -> str:
    objects = [{f: _json_value(row.get(f)) for f in fields} for row in rows]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


_RENDERERS = {"table": _as_table, "csv": _as_csv, "json": _as_json}
