"""Location paths into JSON and XML documents, as the spath command and eval's spath() read them.

`a.b{2}.c` steps into object members or XML child elements; `{N}` picks the Nth (1-based) of
repeated values, `{}` all of them; `@attr` reads an XML attribute. See engine/commands/spath.py
for the command's semantics and its Splunk reference.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable

from lxml import etree

from spl.errors import BadArgumentError, Span

_STEP = re.compile(r"([^.{}]*)((?:\{[^{}]*\})*)")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)

Found = list[tuple[str, str]]  # (field name, value), in document order


# How deeply a JSON document may nest objects and arrays. Real documents nest a few levels;
# the walks over a document recurse once per level, so a deeper one (a hostile 100,000 levels)
# is not read at all rather than exhausting the stack. lxml bounds XML itself (256 levels).
MAX_DEPTH = 100


class JsonNumber(str):
    """A JSON number, kept as written (so are NaN and Infinity, which Python's decoder takes)."""


# Numbers arrive as their text: no float rounding, and no limit on an integer's digits.
JSON_DECODER = json.JSONDecoder(parse_float=JsonNumber, parse_int=JsonNumber, parse_constant=JsonNumber)


def parse_document(text: str) -> object | None:
    """A JSON object or array, or an XML root element, or None when the text is neither (or is
    JSON nested more than MAX_DEPTH levels)."""
    start = text.lstrip()[:1]
    try:
        if start in ("{", "["):
            document = JSON_DECODER.decode(text)
            return None if too_deep(document, text) else document
        if start == "<":
            return etree.fromstring(text.strip().encode("utf-8"), _XML_PARSER)
    except (ValueError, RecursionError, etree.XMLSyntaxError):
        return None
    return None


def too_deep(document: object, text: str) -> bool:
    """Whether a decoded JSON document (of `text`) nests more than MAX_DEPTH levels. Counting
    brackets in the text settles most documents without walking them."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False
    level = [document]
    for _ in range(MAX_DEPTH):
        level = [child for node in level
                 for child in (node.values() if isinstance(node, dict) else node)
                 if isinstance(child, (dict, list))]
        if not level:
            return False
    return True


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
    return [json_text(node) for node in follow_json(document, steps)]


# ---- JSON ----------------------------------------------------------------------------------------


def follow_json(document: object, steps: list[Step]) -> list[object]:
    """The JSON values at a path, in document order; `{N}` counts from 0 here, as the eval JSON
    functions' page counts (json_extract's `{0}` is the first city)."""
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
    if index.isascii() and index.isdigit():  # `{²}` is no index
        return [array[int(index)] for array in arrays if int(index) < len(array)]
    return []  # {@attribute} is for XML


def json_text(node: object) -> str:
    """A JSON value as a field value: a string as it is, true, false and null as those words,
    numbers as written, an object or array as compact JSON (spath and fromjson read it so)."""
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
    if isinstance(node, JsonNumber):
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
        yield name, json_text(node)


def everything(document: object) -> Found:
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
        elif index.isascii() and index.isdigit():
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
