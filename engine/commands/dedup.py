"""dedup: keep the first N rows of each combination of values of the listed fields.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/dedup
(also https://docs.splunk.com/Documentation/Splunk/9.2.1/SearchReference/dedup)
`dedup [<int>] <field-list> [keepevents=<bool>] [keepempty=<bool>] [consecutive=<bool>]
[sortby <sort-by-clause>]`.
- The rows kept are the first ones "based on search order"; `<int>` (default 1, "must be greater
  than 0") keeps that many of each combination.
- keepempty (default false): "All events where any of the selected fields are null are dropped";
  true "keeps every event where one or more of the specified fields is not present".
- keepevents (default false): "If true, keep all events, but will remove the selected fields from
  events after the first event containing a particular combination of values."
- consecutive (default false): "only remove events with duplicate combinations of values that are
  consecutive".
- sortby: the doc's example `dedup source sortby -_size` is "remove duplicates ... and sort the
  events by the _size field in descending order": the kept rows are sorted afterwards, with the
  sort command's ordering rules (engine/commands/sort.py).
- A multivalue field is compared as a whole: two rows are duplicates only when all its values
  match (the reference's usage notes on multivalue fields).
Choices where the page is silent: values are compared as text, case-sensitively (so 1 and "1" are
equal, "1.0" and "1" are not); keepevents keeps duplicates only, rows with a null field still
follow keepempty; under consecutive=true a row with a null field ends a run of duplicates.
Binds to a Dedup with its options read and its sortby keys resolved as sort resolves them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError
from engine import plan
from engine.options import bool_option, option_map
from engine.commands.sort import bound_keys, sort_rows
from engine.table import Row, Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("keepevents", "keepempty", "consecutive")


@dataclass(frozen=True, kw_only=True)
class Dedup(plan.Command):
    """Keep the first `count` rows of each combination of values of `fields`, then sort the
    kept rows by `sortby`."""

    fields: tuple[str, ...]
    count: int = 1
    keepevents: bool = False
    keepempty: bool = False
    consecutive: bool = False
    sortby: tuple[plan.SortKey, ...] = ()

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, [*self.fields, *(key.field for key in self.sortby)])


def bind(node: ast.Dedup, input: plan.Node, binder: Binder) -> plan.Node:
    if node.count < 1:
        raise BadArgumentError("dedup keeps at least 1 row of each combination; the count must "
                               "be greater than 0", node.span)
    options = option_map(node.options, OPTIONS, "dedup")
    flags = {name: bool_option(options.get(name), False) for name in OPTIONS}
    return Dedup(input=input, command=node, fields=node.fields, count=node.count,
                 sortby=bound_keys(node.sortby), **flags)


def run(node: Dedup, table: Table, runtime: Runtime) -> Table:
    rows: Iterable[Row] = _dedup(table.rows, node)
    if node.sortby:
        rows = sort_rows(list(rows), node.sortby)
    return Table(rows, table.fields)


def _dedup(rows: Iterable[Row], settings: Dedup) -> Iterator[Row]:
    names = settings.fields
    seen: Counter[tuple] = Counter()
    previous, run = None, 0
    for row in rows:
        key = _key(row, names)
        if key is None:
            previous = None
            if settings.keepempty:
                yield row
            continue
        if settings.consecutive:
            run = run + 1 if key == previous else 1
            previous, position = key, run
        else:
            seen[key] += 1
            position = seen[key]
        if position <= settings.count:
            yield row
        elif settings.keepevents:
            yield {name: value for name, value in row.items() if name not in names}


def _key(row: Row, names: tuple[str, ...]) -> tuple | None:
    """The row's values of `names` as text, or None when any of them is null."""
    key = tuple(tuple(to_text(v) for v in values_of(row.get(name))) for name in names)
    return None if any(not values for values in key) else key
