"""fromjson: the keys of a JSON object held in a field, as fields.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2408/search-commands/fromjson
`| fromjson <string> [prefix=<string>]`
- "Converts JSON-formatted objects into multivalue fields. If you give the fromjson command a
  single field name that points to proper JSON objects, fromjson returns keys as fields and key
  values as field values": `eval object=json_object("name", "Albert", "age", 63) | fromjson
  object` gives `age=63` and `name=Albert`, and `object` stays.
- prefix (default none) "Prepends a string to the fields that fromjson extracts".
Choices where the page is silent: only the object's own keys become fields (a nested object's
value is its compact JSON, as spath shows one); an array becomes a multivalue field of its
elements; JSON true, false and null read as those words and numbers as written (spath's rules,
engine/locationpaths.py); a key replaces a field of the same name; a value that is not a JSON
object (an array, a number, bad JSON) leaves the row as it is; a multivalue field is read value
by value, a key met in several of them giving a multivalue field.
Binds to a Fromjson node holding the field and the prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.locationpaths import json_text, parse_document
from engine.options import option_map
from engine.table import Row, Table
from engine.values import Scalar, Value, multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Fromjson(plan.Command):
    """The keys of the JSON object in `field`, as fields named `prefix` + key."""

    field: str
    prefix: str = ""

    def needs(self, after: plan.Needed) -> plan.Needed:
        # A key is set only on the rows whose JSON holds it; every other field passes through.
        return plan.also(after, {self.field})


def bind(node: ast.Fromjson, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, ("prefix",), "fromjson")
    prefix = options["prefix"].value if "prefix" in options else ""
    return Fromjson(input=input, command=node, field=node.field, prefix=prefix)


def run(node: Fromjson, table: Table, runtime: Runtime) -> Table:
    return Table(_extract(row, node) for row in table.rows)


def object_fields(document: dict, prefix: str = "") -> dict[str, Value]:
    """The fields a JSON object gives: each key's value as text, an array as a multivalue of
    its elements, an empty array nothing (makeresults format=json reads each object of its
    data this way).

    >>> object_fields({"name": "Albert", "tags": ["a", "b"], "none": []})
    {'name': 'Albert', 'tags': ('a', 'b')}
    """
    values = {prefix + key: _value(item) for key, item in document.items()}
    return {name: value for name, value in values.items() if value is not None}


def _value(item: object) -> Value:
    if isinstance(item, list):
        return multivalue([json_text(element) for element in item])
    return json_text(item)


def _extract(row: Row, node: Fromjson) -> Row:
    found: dict[str, list[Scalar]] = {}
    for value in values_of(row.get(node.field)):
        document = parse_document(to_text(value))
        if isinstance(document, dict):
            for name, extracted in object_fields(document, node.prefix).items():
                found.setdefault(name, []).extend(values_of(extracted))
    if not found:
        return row
    return {**row, **{name: multivalue(values) for name, values in found.items()}}
