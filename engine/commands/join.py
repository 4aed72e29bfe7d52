"""join: merge each row with the rows of a subsearch that share its values of the join fields.

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/join
`join [type=inner|outer|left] [max=<int>] [overwrite=<bool>] [usetime=false] [earlier=<bool>]
[<field>...] [<subsearch>]`
- "If no fields are specified, all of the fields that are common to both datasets are used."
- "The values of the fields used in <field-list> are case sensitive."
- type (default inner): "The results of an inner join do not include events from the main
  search that have no matches in the subsearch. The results of a left (or outer) join includes
  all of the events in the main search"; "Use either outer or left to specify a left outer join."
- max (default 1): "the maximum number of subsearch results that each main search result can
  join with. If set to max=0, there is no limit"; each match gives one result row.
- overwrite (default true): whether subsearch fields overwrite main-search fields of the same name
  (a null main field takes the subsearch value either way).
- The subsearch gives at most 50,000 rows ("A maximum of 50,000 rows in the right-side dataset
  can be joined"); more are dropped with a notice.
Not supported, and refused at bind time: `usetime=true` (time-bounded matching) and the
`left=<alias> right=<alias> where ...` form. Choices where the page is silent: values are compared
as the text they print as, a multivalue field as its whole list of values; a row missing a join
field matches nothing; with no field common to both sides nothing matches.
"""

from __future__ import annotations

from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, suggestion
from engine import plan
from engine.options import bool_option, int_option, option_map
from engine.table import Row, Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("type", "max", "overwrite", "usetime", "earlier", "left", "right")
TYPES = ("inner", "outer", "left")
SUBSEARCH_MAXOUT = 50_000


def bind(node: ast.Join, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, OPTIONS, "join")
    kind = _join_type(options)
    limit = int_option(options.get("max"), 1)
    overwrite = bool_option(options.get("overwrite"), True)
    bool_option(options.get("earlier"), True)
    if bool_option(options.get("usetime"), False):
        raise BadArgumentError("join usetime=true (matching by time) is not supported yet",
                               options["usetime"].span, "remove it, or compare _time afterwards")
    for name in ("left", "right"):
        if name in options:
            raise BadArgumentError("join's `left=... right=... where` form is not supported yet",
                                   options[name].span, "list the join fields instead, e.g. "
                                   "`join process_guid [search ...]`")
    return plan.Join(input=input, command=node, right=binder.bind(node.subsearch),
                     fields=node.fields, type=kind, max=limit, overwrite=overwrite)


def run(node: plan.Join, table: Table, runtime: Runtime, right: Table) -> Table:
    sub_rows, sub_fields = right.materialize()
    if len(sub_rows) > SUBSEARCH_MAXOUT:
        runtime.diagnostics.notice(f"join: the subsearch returned {len(sub_rows)} rows; only "
                                   f"the first {SUBSEARCH_MAXOUT} are joined, as in Splunk")
        sub_rows = sub_rows[:SUBSEARCH_MAXOUT]
    rows, fields = table.rows, table.fields
    keys = list(node.fields)
    if not keys:
        rows, fields = table.materialize()
        keys = [f for f in fields if f in sub_fields]
    joined = _Join(keys, sub_rows, node.max, node.overwrite, node.type != "inner")
    merged = None if fields is None else list(dict.fromkeys([*fields, *sub_fields]))
    return Table(joined.rows(rows), merged)


def _join_type(options: dict[str, ast.Option]) -> str:
    option = options.get("type")
    if option is None:
        return "inner"
    kind = option.value.lower()
    if kind not in TYPES:
        raise BadArgumentError(f"join type must be inner, outer or left, not `{option.value}`",
                               option.span, suggestion(kind, TYPES))
    return kind


class _Join:
    """The subsearch rows indexed by their values of the join fields."""

    def __init__(self, keys: list[str], sub_rows: list[Row], limit: int, overwrite: bool,
                 keep_unmatched: bool):
        self.keys, self.limit, self.overwrite = keys, limit or None, overwrite
        self.keep_unmatched = keep_unmatched
        self.index: dict[tuple, list[Row]] = {}
        for row in sub_rows:
            key = self._key(row)
            if key is not None:
                self.index.setdefault(key, []).append(row)

    def rows(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            key = self._key(row)
            matches = self.index.get(key, [])[:self.limit] if key is not None else []
            if not matches and self.keep_unmatched:
                yield row
            for match in matches:
                yield self._merge(row, match)

    def _key(self, row: Row) -> tuple | None:
        if not self.keys:
            return None
        key = tuple(tuple(to_text(v) for v in values_of(row.get(k))) for k in self.keys)
        return None if () in key else key

    def _merge(self, row: Row, match: Row) -> Row:
        merged = dict(row)
        for name, value in match.items():
            if self.overwrite or merged.get(name) is None:
                merged[name] = value
        return merged
