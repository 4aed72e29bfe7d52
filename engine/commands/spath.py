"""spath: fields from the JSON or XML held in a field, by location path or all of them.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/spath
`spath [input=<field>] [output=<field>] [path=<datapath> | <datapath>]`
- input defaults to `_raw`; without output, "the value for the path argument becomes the field
  name for the extracted value".
- A path is location steps separated by periods, each "a field name and an optional index
  surrounded by curly brackets": an integer (JSON counts from 0: `desc{3}` is the fourth
  element; XML from 1: the third `desc` child), `{}` for every element of a JSON array
  (`entities.hashtags{}.text`; in XML `catalog.book` and `catalog.book{}` are the same), or
  `{@name}` for an XML attribute. The first XML step is the root element. Several values give a
  multivalue field (the page's `purchases.book.title{@yearPublished}` example).
- Without a path spath "runs in auto-extract mode": every value, named by its path, arrays
  written `{}` (`commits{}.id`), XML attributes `{@name}`.
Choices where the page is silent: JSON true, false and null read as the text `true`, `false`,
`null`, numbers as written; a path that ends on an object or array gives it as compact JSON, one
that ends on an XML element with child elements gives that element's XML; an XML namespace is
dropped from names; a path that finds nothing, or an input that is not a JSON object or array
nor XML, leaves the row as it is, and so does JSON nested more than 100 levels deep
(engine.locationpaths.MAX_DEPTH; the page names no depth, and a hostile 100,000 levels must not
exhaust the stack); a multivalue input field is read value by value.
Deviation: auto-extract reads the whole input, not only its first 5,000 characters
(limits.conf `extraction_cutoff`). `output=` without a path is refused rather than ignored.
Binds to a Spath node: the input field, the path (None: auto-extract) and where its value goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.locationpaths import everything, follow, parse_document, parse_path
from engine.options import option_map
from engine.table import Row, Table
from engine.values import multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("input", "output", "path")


@dataclass(frozen=True, kw_only=True)
class Spath(plan.Command):
    """Extract from the documents in `input_field` the values at `path` into `output`, or,
    with no path, every value under its own path's name. The path stays text, checked at bind
    time and read into steps once per run."""

    input_field: str = "_raw"
    path: str | None = None
    output: str | None = None  # where the path's value goes; the path itself by default

    def needs(self, after: plan.Needed) -> plan.Needed:
        # Extracted fields are set only where the path finds something; the others pass through.
        return plan.also(after, {self.input_field})


def bind(node: ast.Spath, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "spath")
    if "path" in options and node.path is not None:
        raise BadArgumentError("spath takes one path: `path=` or a bare path, not both",
                               options["path"].span)
    path = options["path"].value if "path" in options else node.path
    source = options["input"].value if "input" in options else "_raw"
    if path is None:
        if "output" in options:
            raise BadArgumentError("spath output= names where a path's value goes, but no path "
                                   "is given", options["output"].span,
                                   "add path=<datapath>, or drop output= to extract every field")
        return Spath(input=input, command=node, input_field=source)
    parse_path(path, node.span)
    output = options["output"].value if "output" in options else path
    return Spath(input=input, command=node, input_field=source, path=path, output=output)


def run(node: Spath, table: Table, runtime: Runtime) -> Table:
    if node.path is None:
        return Table(_extracted(row, node.input_field, everything) for row in table.rows)
    steps, output = parse_path(node.path), node.output
    rows = (_extracted(row, node.input_field,
                       lambda doc: [(output, v) for v in follow(doc, steps)])
            for row in table.rows)
    return Table(rows, None if table.fields is None else list(dict.fromkeys([*table.fields,
                                                                              output])))


def _extracted(row: Row, source: str, extract) -> Row:
    found: dict[str, list[str]] = {}
    for value in values_of(row.get(source)):
        document = parse_document(to_text(value))
        if document is not None:
            for name, text in extract(document):
                found.setdefault(name, []).append(text)
    if not found:
        return row
    return {**row, **{name: multivalue(values) for name, values in found.items()}}
