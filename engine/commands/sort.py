"""sort: order the rows by one or more fields, and keep at most a number of them.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/sort
`sort [<count> | limit=<int>] [+|-]<sort-field> [, [+|-]<sort-field>]... [d | desc]`, where a
sort-field is `<field>`, `auto(<field>)`, `str(<field>)`, `ip(<field>)` or `num(<field>)`.
- Count: "If no count is specified, the default limit of 10000 is used. If 0 is specified, all
  results are returned." When the default limit cuts rows off, a notice says so.
- `-` is descending, `+` (the default) ascending; a trailing `d`/`desc` reverses every key.
- "Results missing a given field are treated as having the smallest or largest possible value of
  that field if the order is descending or ascending, respectively": missing fields sort last
  either way.
- Automatic ordering: "If the field takes on numeric values, the collating sequence is numeric. If
  the field takes on IP address values, the collating sequence is for IPs. Otherwise, the
  collating sequence is lexicographic" (UTF-8 order: uppercase before lowercase, "10" < "9").
  The page also says the order is decided "between each pair of values", which is not a total
  order; here numbers come first (numerically), then IPv4 addresses (by octets), then other text
  (lexicographically). So "10.1" > "9.1" but "10.1.a" < "9.1.a", as the page's examples show.
- num(): numbers numerically, then anything else as text. str(): everything as text. ip(): IPv4
  addresses by octets, then anything else as text.
Choices where the page is silent: the sort is stable (equal rows keep their input order), and a
multivalue field sorts by its values in turn (the first value decides, ties go to the next).
Binds to a Sort (keys with their kind resolved, the limit) and runs every Sort; dedup's sortby
sorts with the same keys.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Callable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnknownFunctionError, suggestion
from engine import plan
from engine.options import int_option, option_map
from engine.table import Row, Table
from engine.values import Scalar, to_number, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

DEFAULT_LIMIT = 10000
REVERSE_WORDS = ("d", "desc")
ScalarKey = tuple[int, float | int, str]


def bind(node: ast.Sort, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, ("limit",), "sort")
    if node.count is not None and "limit" in options:
        raise BadArgumentError("sort takes its count once: `sort 100 x` or `sort limit=100 x`",
                               options["limit"].span)
    written = node.count is not None or "limit" in options
    limit = node.count if node.count is not None else \
        int_option(options.get("limit"), DEFAULT_LIMIT)
    return plan.Sort(input=input, command=node, keys=bound_keys(_reversed_by_desc(node.keys)),
                     limit=limit, default_limit=not written)


def run(node: plan.Sort, table: Table, runtime: Runtime) -> Table:
    rows = sort_rows(list(table.rows), node.keys)
    if node.limit and len(rows) > node.limit:
        if node.default_limit:
            runtime.diagnostics.notice(f"sort kept the first {node.limit} rows, its default "
                                       "limit; write `sort 0 ...` to keep them all")
        rows = rows[:node.limit]
    return Table(rows, table.fields)


def _reversed_by_desc(keys: tuple[ast.SortKey, ...]) -> tuple[ast.SortKey, ...]:
    """The keys, with a trailing `d`/`desc` applied: it reverses the order of every key."""
    last = keys[-1]
    if len(keys) > 1 and last.field.lower() in REVERSE_WORDS and not last.kind \
            and not last.descending:
        return tuple(ast.SortKey(k.field, not k.descending, k.kind, span=k.span)
                     for k in keys[:-1])
    return keys


def bound_keys(keys: tuple[ast.SortKey, ...]) -> tuple[plan.SortKey, ...]:
    """The keys as the plan holds them, each kind checked (sort's, and dedup's sortby)."""
    check_sort_keys(keys)
    return tuple(plan.SortKey(k.field, k.descending, k.kind or "auto") for k in keys)


def check_sort_keys(keys: tuple[ast.SortKey, ...]) -> None:
    """A misspelt kind (`nmu(x)`) fails at bind time, under its key, with a did-you-mean."""
    for key in keys:
        if key.kind is not None and key.kind not in _KINDS:
            raise UnknownFunctionError(f"unknown sort type `{key.kind}({key.field})`", key.span,
                                       suggestion(key.kind, _KINDS) or
                                       "use auto(), num(), str() or ip()")


def sort_rows(rows: list[Row], keys: tuple[plan.SortKey, ...]) -> list[Row]:
    """`rows` sorted in place by `keys`, stably, missing values last."""
    for key in reversed(keys):
        rows.sort(key=_row_key(key), reverse=key.descending)
    return rows


def _row_key(key: plan.SortKey) -> Callable[[Row], tuple]:
    value_key = _KINDS[key.kind]
    missing = (0, ()) if key.descending else (1, ())
    present = 1 if key.descending else 0

    def row_key(row: Row) -> tuple:
        values = values_of(row.get(key.field))
        if not values:
            return missing
        return present, tuple(value_key(v) for v in values)
    return row_key


def _auto(value: Scalar) -> ScalarKey:
    number = _number(value)
    if number is not None:
        return 0, number, ""
    address = _ipv4(value)
    return (1, address, "") if address is not None else (2, 0, to_text(value))


def _num(value: Scalar) -> ScalarKey:
    number = _number(value)
    return (0, number, "") if number is not None else (1, 0, to_text(value))


def _str(value: Scalar) -> ScalarKey:
    return 0, 0, to_text(value)


def _ip(value: Scalar) -> ScalarKey:
    address = _ipv4(value)
    return (0, address, "") if address is not None else (1, 0, to_text(value))


def _number(value: Scalar) -> int | float | None:
    number = to_number(value)
    return None if number is None or (isinstance(number, float) and math.isnan(number)) else number


def _ipv4(value: Scalar) -> int | None:
    try:
        return int(ipaddress.IPv4Address(to_text(value).strip()))
    except ValueError:
        return None


_KINDS: dict[str, Callable[[Scalar], ScalarKey]] = {
    "auto": _auto, "num": _num, "str": _str, "ip": _ip,
}
