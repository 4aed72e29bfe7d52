"""xmlkv: fields from the `<key>value</key>` elements of an XML field.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xmlkv
`xmlkv [<field>] [maxinputs=<int>]`
- "automatically extracts key-value pairs from XML-formatted data": in `<name>Settlers of
  Catan</name>`, "name is the key and Settlers of Catan is the value". The field defaults to
  `_raw`.
- maxinputs (default 50000) is how many results each invocation of the command takes; it "is
  invoked repeatedly in increments ... until the search is complete", so every row is processed
  whatever its value: it is checked and changes nothing here.
Choices where the page is silent: only elements that hold text and no other element give a pair;
attributes are ignored; a namespace prefix (`<ns:key>`) is dropped from the key; XML entities in
values are decoded and surrounding white space trimmed; an empty element gives nothing; a key met
several times gives a multivalue field in document order; an extracted key replaces a field of
the same name. The XML need not be well-formed (a fragment, or text around it, is read as is).
Binds to an Xmlkv node holding the field read (maxinputs is checked, then dropped).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.options import int_option, option_map
from engine.table import Row, Table
from engine.values import multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

DEFAULT_MAXINPUTS = 50_000
_ELEMENT = re.compile(r"<((?:[\w.-]+:)?([A-Za-z_][\w.-]*))(?:\s[^<>]*)?>([^<]*)</\1\s*>")


@dataclass(frozen=True, kw_only=True)
class Xmlkv(plan.Command):
    """Make a field of each `<key>value</key>` in the XML of `field`."""

    field: str = "_raw"

    def needs(self, after: plan.Needed) -> plan.Needed:
        # A key is set only on the rows whose XML holds it; every other field passes through.
        return plan.also(after, {self.field})


def bind(node: ast.Xmlkv, input: plan.Node, binder: Binder) -> plan.Node:
    int_option(option_map(node.options, ("maxinputs",), "xmlkv").get("maxinputs"),
               DEFAULT_MAXINPUTS, minimum=1)
    return Xmlkv(input=input, command=node, field=node.field)


def run(node: Xmlkv, table: Table, runtime: Runtime) -> Table:
    rows = (_extract(row, node.field) for row in table.rows)
    return Table(rows)  # the keys, and so the columns, are only known once the rows are read


def pairs(text: str) -> dict[str, list[str]]:
    """The values of each leaf element of an XML text, by tag name.

    >>> pairs("<game><name>Settlers of Catan</name><category>competitive</category></game>")
    {'name': ['Settlers of Catan'], 'category': ['competitive']}
    """
    found: dict[str, list[str]] = {}
    for match in _ELEMENT.finditer(text):
        value = html.unescape(match.group(3)).strip()
        if value:
            found.setdefault(match.group(2), []).append(value)
    return found


def _extract(row: Row, field: str) -> Row:
    found: dict[str, list[str]] = {}
    for value in values_of(row.get(field)):
        for key, values in pairs(to_text(value)).items():
            found.setdefault(key, []).extend(values)
    if not found:
        return row
    return {**row, **{key: multivalue(values) for key, values in found.items()}}
