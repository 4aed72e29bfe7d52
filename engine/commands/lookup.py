"""lookup: add fields to each row from the rows of a lookup table that match it.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/lookup
`lookup [local=<bool>] [update=<bool>] <lookup-table-name> (<lookup-field> [AS <event-field>])...
[OUTPUT | OUTPUTNEW (<lookup-destfield> [AS <event-destfield>])...]`
- "if an OUTPUT or OUTPUTNEW clause is not specified, all of the fields in the lookup table that
  are not the match fields are used as output fields. If the OUTPUT clause is specified, the
  output lookup fields overwrite existing fields. If the OUTPUTNEW clause is specified, the lookup
  is not performed for events in which the output fields already exist."
- Several matching rows give multivalue outputs, up to max_matches (default 100); matching is
  case-sensitive unless the definition sets `case_sensitive_match` false; WILDCARD and CIDR
  match types, min_matches and default_match come from the definition (see engine/lookups.py).
- `local` and `update` choose where and when Splunk runs the lookup, not what it returns: they
  are accepted and change nothing here.
Choices where the page is silent:
- A row without a value for some match field is left as it is (the field-matching page: "Splunk
  software treats NULL values as matching values and does not replace them with the
  default_match value").
- OUTPUT on a row that matches nothing removes the destination fields (they are overwritten with
  nothing); OUTPUTNEW fills each destination field that is null and leaves the others.
- A multivalue match field looks up each of its values; the outputs of all of them are combined
  in order. An empty cell in the lookup gives no value.
A lookup name that does not resolve, or a match or output field the table does not have, is an
error at bind time; a KV store collection with no local rows is an empty table, with a notice.
Binds to a plan.Lookup (the resolved definition, the match and output pairs, OUTPUTNEW).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, suggestion
from engine import plan
from engine.options import bool_option, option_map
from engine.lookups import Definition, Matcher, resolve
from engine.table import Row, Table
from engine.values import multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("local", "update")


def bind(node: ast.Lookup, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "lookup")
    for name in OPTIONS:
        bool_option(options.get(name), False)
    definition = resolve(node.name, list(binder.catalog.lookups), node.name_span)
    if definition.notice:
        binder.notice(definition.notice)
    columns = definition.table().fields
    for item in (*node.match, *node.output):
        _check_column(item, columns, definition)
    match_fields = {m.field for m in node.match}
    outputs = tuple((o.field, o.alias or o.field) for o in node.output) or \
        tuple((c, c) for c in columns if c not in match_fields)
    return plan.Lookup(input=input, command=node, definition=definition,
                       match=tuple((m.field, m.alias or m.field) for m in node.match),
                       outputs=outputs, outputnew=node.outputnew)


def run(node: plan.Lookup, table: Table, runtime: Runtime) -> Table:
    """Row by row, streaming; the table is indexed once, when the run starts."""
    lookup = _Lookup(Matcher(node.definition, tuple(source for source, _ in node.match)),
                     tuple(target for _, target in node.match), node.outputs, node.outputnew)
    fields = table.fields
    if fields is not None:
        fields = list(dict.fromkeys([*fields, *(target for _, target in node.outputs)]))
    return Table((lookup.apply(row) for row in table.rows), fields)


def _check_column(item: ast.LookupField, columns: list[str], definition: Definition) -> None:
    if item.field not in columns:
        raise BadArgumentError(f"lookup `{definition.name}` has no field `{item.field}`",
                               item.span, suggestion(item.field, columns)
                               or "its fields are " + ", ".join(columns))


@dataclass(frozen=True)
class _Lookup:
    """A lookup ready to run: where to read the match values, what to write, how to find rows."""

    matcher: Matcher
    match_fields: tuple[str, ...]  # event fields, in the matcher's order
    outputs: tuple[tuple[str, str], ...]  # (lookup field, event field)
    outputnew: bool

    def apply(self, row: Row) -> Row:
        values = [[to_text(v) for v in values_of(row.get(f))] for f in self.match_fields]
        if not all(values):
            return row
        found = [r for combination in product(*values) for r in self.matcher.rows(combination)]
        found += [None] * (self.matcher.definition.min_matches - len(found))
        row = dict(row)
        for source, target in self.outputs:
            value = multivalue([v for r in found if (v := self._cell(r, source)) is not None])
            if not self.outputnew or row.get(target) is None:
                row[target] = value
            if row[target] is None:
                del row[target]
        return row

    def _cell(self, row: dict[str, str] | None, source: str) -> str | None:
        return self.matcher.definition.default_match if row is None else row.get(source)
