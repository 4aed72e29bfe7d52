"""makemv: split a field's text into a multivalue field, on a delimiter or with a regex.

Splunk reference: https://help.splunk.com/splunk-cloud-platform/spl-search-reference/9.3.2411/search-commands/makemv
`makemv [delim=<string> | tokenizer=<string>] [allowempty=<bool>] [setsv=<bool>] <field>`.
- delim (default a single space) "Splits the values in field on every occurrence of this
  delimiter"; it may be several characters long.
- tokenizer is "A regular expression with a capturing group that is repeat-matched against the
  values in the field. For each match, the first capturing group is used as a value". A pattern
  without a capturing group is an error here. Patterns are PCRE, compiled by engine.regexes as
  rex's are.
- allowempty (default false): "if delim="," and field="a,,b", by default does not produce any
  value for the empty string"; with a tokenizer "zero length matches produce empty string values.
  By default they produce no values."
- "The makemv command does not apply to internal fields."
- setsv=true keeps a single-value copy of the field beside the multivalue one, which this
  engine's values cannot hold; it is rejected (setsv=false is accepted).
Choices where the page is silent: a value that splits into nothing becomes null; a field that is
already multivalue has each of its values split.
Binds to a Makemv holding the delimiter or the compiled tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from spl.errors import BadArgumentError, UnsupportedCommandError
from engine import plan
from engine.options import bool_option, option_map
from engine.commands.mvexpand import check_not_internal
from engine.regexes import Regex, compile_regex
from engine.table import Row, Table
from engine.values import Scalar, multivalue, to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("delim", "tokenizer", "allowempty", "setsv")


@dataclass(frozen=True, kw_only=True)
class Makemv(plan.Command):
    """Split `field` on `delim`, or into the first group of each match of `tokenizer` when
    there is one; empty values are kept only with `allowempty`."""

    field: str
    delim: str = " "
    tokenizer: Regex | None = None
    allowempty: bool = False

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})

    def split(self, text: str) -> list[str]:
        if self.tokenizer is not None:
            parts = [m.group(1) for m in self.tokenizer.finditer(text) if m.group(1) is not None]
        else:
            parts = text.split(self.delim)
        return parts if self.allowempty else [part for part in parts if part != ""]


def bind(node: ast.Makemv, input: plan.Node, binder: Binder) -> plan.Node:
    check_not_internal(node.field, "makemv", node.span)
    options = option_map(node.options, OPTIONS, "makemv")
    if bool_option(options.get("setsv"), False):
        raise UnsupportedCommandError("makemv setsv=true is not supported", options["setsv"].span)
    allowempty = bool_option(options.get("allowempty"), False)
    if "tokenizer" in options:
        if "delim" in options:
            raise BadArgumentError("makemv takes delim= or tokenizer=, not both",
                                   options["tokenizer"].span)
        return Makemv(input=input, command=node, field=node.field, allowempty=allowempty,
                      tokenizer=_tokenizer(options["tokenizer"]))
    return Makemv(input=input, command=node, field=node.field, allowempty=allowempty,
                  delim=_delimiter(options.get("delim")))


def run(node: Makemv, table: Table, runtime: Runtime) -> Table:
    return Table((_split_row(row, node) for row in table.rows), table.fields)


def _delimiter(option: ast.Option | None) -> str:
    delim = " " if option is None else option.value
    if delim == "":
        raise BadArgumentError("makemv delim= cannot be empty", option.span)
    return delim


def _tokenizer(option: ast.Option) -> Regex:
    regex = compile_regex(option.value, option.span)
    if regex.groups < 1:
        raise BadArgumentError("the tokenizer needs a capturing group, e.g. tokenizer=\"([^,]+)\"",
                               option.span)
    return regex


def _split_row(row: Row, node: Makemv) -> Row:
    value = row.get(node.field)
    if value is None:
        return row
    parts: list[Scalar] = [part for v in values_of(value) for part in node.split(to_text(v))]
    return {**row, node.field: multivalue(parts)}
