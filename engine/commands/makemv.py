"""makemv: split a field's text into a multivalue field, on a delimiter or with a regex.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2411/search-commands/makemv
`makemv [delim=<string> | tokenizer=<string>] [allowempty=<bool>] [setsv=<bool>] <field>`.
- delim (default a single space) "Splits the values in field on every occurrence of this
  delimiter"; it may be several characters long.
- tokenizer is "A regular expression with a capturing group that is repeat-matched against the
  values in the field. For each match, the first capturing group is used as a value". A pattern
  without a capturing group is an error here. Patterns are Python regular expressions.
- allowempty (default false): "if delim="," and field="a,,b", by default does not produce any
  value for the empty string"; with a tokenizer "zero length matches produce empty string values.
  By default they produce no values."
- "The makemv command does not apply to internal fields."
- setsv=true keeps a single-value copy of the field beside the multivalue one, which this
  engine's values cannot hold; it is rejected (setsv=false is accepted).
Choices where the page is silent: a value that splits into nothing becomes null; a field that is
already multivalue has each of its values split.
"""

from __future__ import annotations

import re
from typing import Callable, TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine.options import bool_option, option_map
from engine.commands.mvexpand import check_not_internal
from engine.table import Row, Table
from engine.values import Scalar, multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.context import Context

OPTIONS = ("delim", "tokenizer", "allowempty", "setsv")
Splitter = Callable[[str], list[str]]


def makemv(table: Table, node: ast.Makemv, context: Context) -> Table:
    split = _splitter(node)
    return Table((_split_row(row, node.field, split) for row in table.rows), table.fields)


def check(node: ast.Makemv, context: Context) -> None:
    check_not_internal(node.field, "makemv", node.span)
    _splitter(node)


def _splitter(node: ast.Makemv) -> Splitter:
    options = option_map(node.options, OPTIONS, "makemv")
    if bool_option(options.get("setsv"), False):
        raise UnsupportedCommandError("makemv setsv=true is not supported", options["setsv"].span)
    keep_empty = bool_option(options.get("allowempty"), False)
    if "tokenizer" in options:
        if "delim" in options:
            raise BadArgumentError("makemv takes delim= or tokenizer=, not both",
                                   options["tokenizer"].span)
        split = _tokenizer(options["tokenizer"])
    else:
        split = _delimiter(options.get("delim"))
    return split if keep_empty else lambda text: [v for v in split(text) if v != ""]


def _delimiter(option: ast.Option | None) -> Splitter:
    delim = " " if option is None else option.value
    if delim == "":
        raise BadArgumentError("makemv delim= cannot be empty", option.span)
    return lambda text: text.split(delim)


def _tokenizer(option: ast.Option) -> Splitter:
    try:
        regex = re.compile(option.value)
    except re.error as error:
        raise BadArgumentError(f"invalid tokenizer regular expression: {error}",
                               option.span) from None
    if regex.groups < 1:
        raise BadArgumentError("the tokenizer needs a capturing group, e.g. tokenizer=\"([^,]+)\"",
                               option.span)
    return lambda text: [m.group(1) for m in regex.finditer(text) if m.group(1) is not None]


def _split_row(row: Row, field: str, split: Splitter) -> Row:
    value = row.get(field)
    if value is None:
        return row
    parts: list[Scalar] = [part for v in values_of(value) for part in split(to_text(v))]
    return {**row, field: multivalue(parts)}
