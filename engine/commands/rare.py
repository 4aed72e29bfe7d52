"""rare: the least common values (or combinations of values) of fields, with count and percent.

Splunk reference: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.2/search-commands/rare
`rare [countfield=<string>] [limit=<int>] [percentfield=<string>] [showcount=<bool>]
[showperc=<bool>] <field-list> [BY <field-list>]`.
"This command operates identically to the top command, except that the rare command finds the
least frequent values instead of the most frequent values", so it shares top's code
(engine/commands/top.py) and its choices, with the counts in ascending order. The rare options are
top's without useother and otherstr; limit=0 returns all values.
Binds to a Rare node: top's Top node with rare's options, run by top's `frequent` in reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spl import ast
from engine import plan
from engine.commands.top import Top, check_fields, frequent, read_settings
from engine.table import Table

if TYPE_CHECKING:
    from engine.binder import Binder
    from engine.runtime import Runtime

OPTIONS = ("limit", "countfield", "percentfield", "showcount", "showperc")


@dataclass(frozen=True, kw_only=True)
class Rare(Top):
    """top's settings (useother is never set), for the least common values first."""


def bind(node: ast.Rare, input: plan.Node, binder: Binder) -> plan.Node:
    settings = read_settings(node.options, OPTIONS, "rare")
    check_fields(node, "rare")
    return Rare(input=input, command=node, fields=node.fields, by=node.by, **settings)


def run(node: Rare, table: Table, runtime: Runtime) -> Table:
    return frequent(node, table, most=False)
