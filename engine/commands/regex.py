"""regex: keep the rows whose field matches a regular expression (`=`), or does not (`!=`).

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex
`regex (<field>=<regex-expression> | <field>!=<regex-expression> | <regex-expression>)`
- "An unanchored regular expression" (PCRE, case-sensitive unless it says `(?i)`); the field
  defaults to `_raw`.
- "You can use a regex command with != to filter for events that don't have a field value
  matching the regular expression, or for which the field is null" — unlike `search`, `!=` keeps
  rows where the field is missing.
Choice where the page is silent: a multivalue field matches when any of its values does, and `!=`
keeps exactly the rows `=` drops. The pattern is PCRE, compiled once by engine.regexes as for
rex; a pattern that does not compile is an error at bind time.
Binds to a Regex node (field, negation and pattern text), a filter that streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.regexes import compile_regex
from engine.table import Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime


@dataclass(frozen=True, kw_only=True)
class Regex(plan.Command):
    """Keep the rows whose `field` matches `pattern` (those it does not, when `negate`)."""

    field: str
    pattern: str
    negate: bool = False

    def needs(self, after: plan.Needed) -> plan.Needed:
        return plan.also(after, {self.field})


def bind(node: ast.Regex, input: plan.Node, binder: Binder) -> plan.Node:
    compile_regex(node.pattern, node.span)
    return Regex(input=input, command=node, field=node.field, pattern=node.pattern,
                 negate=node.negate)


def run(node: Regex, table: Table, runtime: Runtime) -> Table:
    search = compile_regex(node.pattern, node.command.span).search  # compiled when bound
    field, keep = node.field, not node.negate

    def matches(row) -> bool:
        return any(search(to_text(v)) for v in values_of(row.get(field))) == keep

    return Table((row for row in table.rows if matches(row)), table.fields)
