"""Binding: a parsed pipeline becomes a logical plan, checked against the catalog before any
event is read.

Every name that must resolve (commands, functions, aggregations, options, data models, datasets,
lookups) is resolved here by the command's own bind step, so a misspelling fails fast with a caret
and a did-you-mean instead of quietly producing no rows half-way through a large log; every
option is parsed once, into the plan node, and never read as text again.
"""

from __future__ import annotations

from dataclasses import replace

from spl import ast
from spl.catalog import SPLUNK_COMMANDS
from spl.errors import (BadArgumentError, SplError, UnknownCommandError, UnsupportedCommandError,
                        suggestion)
from engine import plan
from engine.catalog import Catalog
from engine.clock import Clock
from engine.commands import COMMANDS
from engine.datamodels import Dataset
from engine.timemodifiers import check_time_bounds, with_time_bounds


class Binder:
    """Binds pipelines (the search and its subsearches) against one catalog and clock."""

    def __init__(self, catalog: Catalog, clock: Clock):
        self.catalog = catalog
        self.clock = clock
        self.notices: list[str] = []  # for the user: what binding saw that is no error

    def notice(self, message: str) -> None:
        """Tell the user something about the search that Splunk would run all the same (a KV
        store read as an empty table, a field a dataset does not have); each is said once."""
        if message not in self.notices:
            self.notices.append(message)

    def bind(self, pipeline: ast.Pipeline, input: plan.Node | None = None) -> plan.Node:
        """The plan of `pipeline`, reading `input` (by default the events of the input files,
        unless the first command makes its own rows)."""
        node = input
        for command in pipeline.commands:
            spec = COMMANDS.get(type(command))
            if spec is None:
                raise _unknown_command(command)
            try:
                node = spec.bind(command, node if spec.generating else node or self.events(),
                                 self)
            except SplError as error:
                error.span = error.span or command.span
                raise
        return node if node is not None else self.events()

    def generated(self, own: plan.Node, input: plan.Node | None, append: bool,
                  command: ast.Command, name: str) -> plan.Node:
        """A generating command's rows: alone when it comes first, after its input's rows when
        it says `append=true`; anywhere else it is a mistake."""
        if input is None:
            return own
        if not append:
            raise BadArgumentError(f"{name} makes its own rows, so it must be the first "
                                   "command, after a leading `|`", command.span)
        return plan.Union(input=input, right=own, command=command)

    def dataset_rows(self, dataset: Dataset, command: ast.Command) -> plan.Node:
        """The rows of a data model dataset: the events its constraint searches choose (bound
        as the commands they are, `tag=process tag=report | eval ...`), then its calculated
        fields. The operators are attributed to `command`, the user's command that reads them."""
        node = self.events()
        for constraint in dataset.constraints:
            node = self.bind(constraint, node)
        return _attributed(plan.DatasetRows(input=node, dataset=dataset), command)

    def events(self) -> plan.Node:
        """The source most searches read: every event of the input files (or of the event
        store), with source knowledge applied."""
        store = self.catalog.store
        scan = plan.Scan() if store is None else \
            plan.StoreScan(store=store.root, engine=store.engine, master=store.master)
        return plan.Enrich(input=scan, knowledge=self.catalog.knowledge)

    def time_bounded(self, expr: ast.SearchExpr | None) -> ast.SearchExpr | None:
        """`expr` with earliest= and latest= resolved on this search's clock into `_time`
        bounds; a modifier that cannot be read points at its term."""
        now, tz = self.clock.time(), self.clock.tz
        check_time_bounds(expr, now, tz)
        return with_time_bounds(expr, now, tz)


# Splunk commands whose rows come from a running Splunk server, not from events, so that they can
# never run offline. dbinspect "Returns information about the buckets in the specified index"
# (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/dbinspect);
# "The rest command reads a Splunk REST API endpoint and returns the resource data as a search
# result" (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.0/search-commands/rest).
NEEDS_A_SERVER = {"dbinspect": "the buckets of a Splunk index",
                  "rest": "a Splunk REST API endpoint"}


def _attributed(node: plan.Node, command: ast.Command) -> plan.Node:
    """`node` and the operators below it, each attributed to `command`."""
    below = None if node.input is None else _attributed(node.input, command)
    return replace(node, input=below, command=command)


def _unknown_command(node: ast.Command) -> SplError:
    supported = ", ".join(sorted(c.name for c in COMMANDS.values()))
    if not isinstance(node, ast.UnknownCommand):
        name = type(node).__name__.lower()
        return UnsupportedCommandError(f"`{name}` is parsed but not run yet: the engine has no "
                                       f"implementation of it", node.span)
    name = node.name.lower()
    if name in NEEDS_A_SERVER:
        return UnsupportedCommandError(f"`{name}` reads {NEEDS_A_SERVER[name]}: it needs a "
                                       "Splunk server, and a local run has none", node.span)
    if name in SPLUNK_COMMANDS:
        return UnsupportedCommandError(f"`{name}` is not supported yet", node.span,
                                       f"supported commands: {supported}")
    return UnknownCommandError(f"unknown command `{node.name}`", node.span,
                               suggestion(name, SPLUNK_COMMANDS) or f"supported: {supported}")
