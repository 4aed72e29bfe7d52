"""regex: keep the rows whose field matches a regular expression (`=`), or does not (`!=`).

Splunk reference: https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/regex
`regex (<field>=<regex-expression> | <field>!=<regex-expression> | <regex-expression>)`
- "An unanchored regular expression" (PCRE, case-sensitive unless it says `(?i)`); the field
  defaults to `_raw`.
- "You can use a regex command with != to filter for events that don't have a field value
  matching the regular expression, or for which the field is null" — unlike `search`, `!=` keeps
  rows where the field is missing.
Choice where the page is silent: a multivalue field matches when any of its values does, and `!=`
keeps exactly the rows `=` drops. The pattern is read as rex reads it (see rex.pcre); a pattern
that does not compile is an error at bind time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.commands.rex import pcre
from engine.table import Table
from engine.values import to_text, values_of

if TYPE_CHECKING:
    from engine.context import Context


def regex(table: Table, node: ast.Regex, context: Context) -> Table:
    search = pcre(node.pattern, node.span).search
    field, keep = node.field, not node.negate

    def matches(row) -> bool:
        return any(search(to_text(v)) for v in values_of(row.get(field))) == keep

    return Table((row for row in table.rows if matches(row)), table.fields)


def check(node: ast.Regex, context: Context) -> None:
    pcre(node.pattern, node.span)
