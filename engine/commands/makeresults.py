"""makeresults: rows made from nothing, the start of every example in Splunk's documentation.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/makeresults
`| makeresults [count=<num>] [annotate=<bool>] [splunk_server=<string>]
[splunk_server_group=<string>...] [<format>=<format_type>] [data=<string>]`
- "If you do not specify any of the optional arguments, this command runs on the local machine
  and generates one result with only the _time field." A generating command: it comes first,
  after a leading `|`, or first in a subsearch.
- count (default 1): "The number of results to generate. If you do not specify the annotate
  argument, the results have only the _time field."
- _time is the "Date and time that you run the makeresults command": the search's start
  (engine/clock.py), which `spl run --now` sets, so every row has the same _time.
- annotate=true adds the fields of the page's table: _raw, host, source, sourcetype and
  splunk_server_group with no value ("None."), and splunk_server, "The name of the server that
  the makeresults command is run on".
- splunk_server ("Use 'local' to refer to the search head", default local) and
  splunk_server_group choose where the rows are made; offline there is one machine, so they are
  accepted and change nothing.
- format=csv|json with data=<string>: the rows are those of the inline data.
Choices where the page, as read here, is silent: annotate's splunk_server is `local`, the name
the page gives the machine the search runs on; with data=, the rows are exactly the data's (no
_time is added), count= and annotate= are refused beside it, and format= without data= (or data=
without format=) is an error; CSV data is a header line then one line per row, blank lines
around it ignored, an empty cell a null field, spaces after a comma dropped; JSON data is an
array of objects (or one object), each object a row, read as fromjson reads an object.
Binds to a Makeresults node: the count and annotate flag, or the inline rows parsed at bind time
so that a mistake in them points at data=.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.commands.fromjson import object_fields
from engine.locationpaths import parse_document
from engine.options import bool_option, int_option, option_map
from engine.table import Row, Table
from engine.values import Value

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("count", "annotate", "splunk_server", "splunk_server_group", "format", "data")
MAX_COUNT = 1_000_000
"""The most rows count= makes (not Splunk's documented limit; the page names none): a guard, as
every row is held in memory, against a count filling it (count=99999999999 would)."""
FORMATS = ("csv", "json")
# annotate=true: the page's table, in the order Splunk lists event fields (_time first, _raw last)
ANNOTATED = ("_time", "host", "source", "sourcetype", "splunk_server", "splunk_server_group",
             "_raw")
LOCAL_SERVER = "local"

Cells = tuple[tuple[str, Value], ...]  # one inline row, as (field, value) pairs


@dataclass(frozen=True, kw_only=True)
class Makeresults(plan.Command):
    """`count` rows holding the search's start as _time (and annotate's fields), or the rows of
    the inline data when `data` is set (its columns in `columns`)."""

    count: int = 1
    annotate: bool = False
    data: tuple[Cells, ...] | None = None
    columns: tuple[str, ...] = ()

    def label(self) -> str:
        if self.data is not None:
            return f"Makeresults {len(self.data)} row(s) of inline data"
        return f"Makeresults count={self.count}" + (" annotate" if self.annotate else "")


def bind(node: ast.Makeresults, input: plan.Node | None, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "makeresults")
    annotate = bool_option(options.get("annotate"), False)
    count = int_option(options.get("count"), 1, minimum=1, maximum=MAX_COUNT)
    if "data" in options or "format" in options:
        own = _inline(node, options)
    else:
        own = Makeresults(command=node, count=count, annotate=annotate)
    return binder.generated(own, input, False, node, "makeresults")


def run(node: Makeresults, table: None, runtime: Runtime) -> Table:
    if node.data is not None:
        return Table([dict(cells) for cells in node.data], list(node.columns))
    start = runtime.clock.time()
    if not node.annotate:
        return Table([{"_time": start} for _ in range(node.count)], ["_time"])
    row = {"_time": start, "splunk_server": LOCAL_SERVER}
    return Table([dict(row) for _ in range(node.count)], list(ANNOTATED))


def _inline(node: ast.Makeresults, options: dict[str, ast.Option]) -> Makeresults:
    """The rows of `data=` read in `format=`; count= and annotate= beside them are refused."""
    for name in ("count", "annotate"):
        if name in options:
            raise BadArgumentError(f"makeresults makes the rows of data=, so `{name}=` has no "
                                   "meaning beside it", options[name].span)
    if "data" not in options or "format" not in options:
        given = options.get("data") or options["format"]
        raise BadArgumentError("makeresults takes format= and data= together: "
                               "format=csv|json says how to read the rows data= holds",
                               given.span)
    format_ = options["format"].value.lower()
    if format_ not in FORMATS:
        raise BadArgumentError(f"makeresults format= is csv or json, not "
                               f"`{options['format'].value}`", options["format"].span)
    if format_ == "csv":
        columns, rows = _csv_rows(options["data"])
    else:
        rows = _json_rows(options["data"])
        columns = tuple(dict.fromkeys(name for row in rows for name in row))
    return Makeresults(command=node, data=tuple(tuple(r.items()) for r in rows), columns=columns)


def _csv_rows(option: ast.Option) -> tuple[tuple[str, ...], list[Row]]:
    """The header's columns and the rows."""
    reader = csv.reader(io.StringIO(option.value.strip()), skipinitialspace=True)
    header = next(reader, [])
    if not any(header):
        raise BadArgumentError("makeresults data= holds no CSV header line", option.span)
    rows = [{name: cell for name, cell in zip(header, cells) if cell != ""}
            for cells in reader if cells]
    return tuple(dict.fromkeys(header)), rows


def _json_rows(option: ast.Option) -> list[Row]:
    document = parse_document(option.value)
    objects = [document] if isinstance(document, dict) else document
    if not isinstance(objects, list) or not all(isinstance(o, dict) for o in objects):
        raise BadArgumentError("makeresults format=json reads an array of objects, one row "
                               "each: data=\"[{\\\"a\\\": 1}, {\\\"a\\\": 2}]\"", option.span)
    return [object_fields(o) for o in objects]
