"""rare: the least common values (or combinations of values) of fields, with count and percent.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rare
`rare [countfield=<string>] [limit=<int>] [percentfield=<string>] [showcount=<bool>]
[showperc=<bool>] <field-list> [BY <field-list>]`.
"This command operates identically to the top command, except that the rare command finds the
least frequent values instead of the most frequent values", so it shares top's code
(engine/commands/top.py) and its choices, with the counts in ascending order. The rare options are
top's without useother and otherstr; limit=0 returns all values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from engine.commands.top import check_fields, frequent, read_settings
from engine.table import Table

if TYPE_CHECKING:
    from engine.context import Context

OPTIONS = ("limit", "countfield", "percentfield", "showcount", "showperc")


def rare(table: Table, node: ast.Rare, context: Context) -> Table:
    return frequent(table, node, read_settings(node.options, OPTIONS, "rare"), most=False)


def check(node: ast.Rare, context: Context) -> None:
    read_settings(node.options, OPTIONS, "rare")
    check_fields(node, "rare")
