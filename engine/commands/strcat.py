"""strcat: join the values of fields and quoted strings into a new field.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/strcat
`strcat [allrequired=<bool>] <source-fields> <dest-field>`
- "Combines together string values and literals into a new field. A destination field name is
  specified at the end of the strcat command"; source fields are `(<field> | <quoted-str>)...`
  and "Literal values must be enclosed in quotation marks" (`strcat sourceIP "/" destIP comboIP`).
- allrequired (default false): "If allrequired=f, the destination field is always written and
  source fields that do not exist are treated as empty strings. If allrequired=t, the values are
  written to destination field only if all source fields exist."
strcat is eval's `.` over its sources, so it binds to an Eval: `dest = coalesce(a, "") . "/" .
coalesce(b, "")`, or with allrequired=t `dest = coalesce(a . "/" . b, dest)` (the join is null,
and dest keeps its value, when a source is missing). Values are therefore joined as `.` joins
them (a multivalue field's values with spaces, numbers as Splunk prints them), the page being
silent on both.
"""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.options import bool_option, option_map

if TYPE_CHECKING:
    from engine.binder import Binder


def bind(node: ast.Strcat, input: plan.Node, binder: Binder) -> plan.Node:
    options = option_map(node.options, ("allrequired",), "strcat")
    if bool_option(options.get("allrequired"), False):
        joined = _joined(node.sources)
        expr: ast.Expr = ast.Call("coalesce", (joined, ast.Field(node.dest)), span=node.span)
    else:
        expr = _joined(tuple(_or_empty(source) for source in node.sources))
    assignment = ast.Assignment(node.dest, expr, span=node.span)
    return plan.Eval(input=input, command=node, assignments=(assignment,))


def _joined(parts: tuple[ast.Expr, ...]) -> ast.Expr:
    """The parts joined with `.`, which makes text even of a lone number."""
    first = parts[0] if len(parts) > 1 else ast.Binary(".", ast.Literal(""), parts[0])
    return reduce(lambda left, right: ast.Binary(".", left, right), parts[1:], first)


def _or_empty(source: ast.Field | ast.Literal) -> ast.Expr:
    if isinstance(source, ast.Literal):
        return source
    return ast.Call("coalesce", (source, ast.Literal("")), span=source.span)
