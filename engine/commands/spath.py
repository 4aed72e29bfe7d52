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
nor XML, leaves the row as it is; a multivalue input field is read value by value.
Deviation: auto-extract reads the whole input, not only its first 5,000 characters
(limits.conf `extraction_cutoff`). `output=` without a path is refused rather than ignored.
Binds to a Spath node: the input field, the path (None: auto-extract) and where its value goes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from lxml import etree

from spl import ast
from spl.errors import BadArgumentError, Span
from engine import plan
from engine.options import option_map
from engine.table import Row, Table
from engine.values import multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("input", "output", "path")
_STEP = re.compile(r"([^.{}]*)((?:\{[^{}]*\})*)")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

Found = list[tuple[str, str]]  # (field name, value), in document order


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
        return None if after is None else after | {self.input_field}


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
        return Table(_extracted(row, node.input_field, _everything) for row in table.rows)
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


# ---- documents and paths -------------------------------------------------------------------------


class _Number(str):
    """A JSON number, kept as written."""


def parse_document(text: str) -> object | None:
    """A JSON object or array, or an XML root element, or None when the text is neither."""
    start = text.lstrip()[:1]
    try:
        if start in ("{", "["):
            return json.loads(text, parse_float=_Number, parse_int=_Number,
                              parse_constant=_Number)
        if start == "<":
            return etree.fromstring(text.strip().encode("utf-8"), _XML_PARSER)
    except (ValueError, etree.XMLSyntaxError):
        return None
    return None


@dataclass(frozen=True)
class Step:
    name: str
    indexes: tuple[str, ...]  # "" for {}, digits, or "@attribute"


def parse_path(path: str, span: Span | None = None) -> list[Step]:
    """`a.b{}.c{2}{@id}` as its location steps."""
    steps = []
    for part in _split(path):
        match = _STEP.fullmatch(part)
        if match is None:
            raise BadArgumentError(f"spath cannot read the path `{path}`: `{part}` is not a "
                                   "name with {} indexes", span)
        indexes = tuple(i.strip() for i in re.findall(r"\{([^{}]*)\}", match.group(2)))
        steps.append(Step(match.group(1), indexes))
    return steps


def _split(path: str) -> list[str]:
    """The path split at the periods that are not inside curly brackets."""
    parts, depth, current = [], 0, []
    for char in path:
        depth += (char == "{") - (char == "}")
        if char == "." and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def follow(document: object, steps: list[Step]) -> list[str]:
    if isinstance(document, etree._Element):
        return _xml_follow(document, steps)
    return [_json_text(node) for node in _json_follow(document, steps)]


# ---- JSON ----------------------------------------------------------------------------------------


def _json_follow(document: object, steps: list[Step]) -> list[object]:
    nodes = [document]
    for step in steps:
        if step.name:
            nodes = [n[step.name] for n in nodes if isinstance(n, dict) and step.name in n]
        for index in step.indexes:
            nodes = _json_index(nodes, index)
    return nodes


def _json_index(nodes: list[object], index: str) -> list[object]:
    arrays = [n for n in nodes if isinstance(n, list)]
    if index == "":
        return [item for array in arrays for item in array]
    if index.isdigit():
        return [array[int(index)] for array in arrays if int(index) < len(array)]
    return []  # {@attribute} is for XML


def _json_text(node: object) -> str:
    if node is None or isinstance(node, bool):
        return json.dumps(node)
    if isinstance(node, str):
        return node
    return _json_dump(node)


def _json_dump(node: object) -> str:
    """Compact JSON, numbers as they were written."""
    if isinstance(node, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{_json_dump(v)}"
                              for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ",".join(_json_dump(v) for v in node) + "]"
    if isinstance(node, _Number):
        return str(node)
    return json.dumps(node, ensure_ascii=False)


def _json_everything(node: object, name: str) -> Iterable[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _json_everything(value, f"{name}.{key}" if name else key)
    elif isinstance(node, list):
        for item in node:
            yield from _json_everything(item, name + "{}")
    else:
        yield name, _json_text(node)


def _everything(document: object) -> Found:
    if isinstance(document, etree._Element):
        return list(_xml_everything(document, ""))
    return list(_json_everything(document, ""))


# ---- XML -----------------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element, name: str | None = None) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and (name is None or _local(c) == name)]


def _xml_follow(root: etree._Element, steps: list[Step]) -> list[str]:
    first, *rest = steps
    nodes = _xml_index([root] if first.name in ("", _local(root)) else [], first.indexes)
    for step in rest:
        elements = [n for n in nodes if not isinstance(n, str)]
        if not step.name:
            nodes = _xml_index(elements, step.indexes)
            continue
        nodes = [found for element in elements
                 for found in _xml_index(_children(element, step.name), step.indexes)]
    return [n if isinstance(n, str) else _xml_text(n) for n in nodes]


def _xml_index(siblings: list, indexes: tuple[str, ...]) -> list:
    """The indexes of a step applied to the elements it names under one parent: `{N}` the N-th
    (from 1), `{@name}` their attribute, `{}` all of them."""
    nodes = siblings
    for index in indexes:
        if index.startswith("@"):
            nodes = [n.get(index[1:]) for n in nodes if not isinstance(n, str)
                     and n.get(index[1:]) is not None]
        elif index.isdigit():
            nodes = [nodes[int(index) - 1]] if 0 < int(index) <= len(nodes) else []
    return nodes


def _xml_text(element: etree._Element) -> str:
    if _children(element):
        return etree.tostring(element, encoding="unicode", with_tail=False).strip()
    return (element.text or "").strip()


def _xml_everything(element: etree._Element, prefix: str) -> Iterable[tuple[str, str]]:
    name = f"{prefix}.{_local(element)}" if prefix else _local(element)
    for attribute, value in element.attrib.items():
        yield f"{name}{{@{etree.QName(attribute).localname}}}", value
    children = _children(element)
    for child in children:
        yield from _xml_everything(child, name)
    if not children and (element.text or "").strip():
        yield name, element.text.strip()
