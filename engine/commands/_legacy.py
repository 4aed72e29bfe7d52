"""TRANSITIONAL: runs commands not yet converted to plan nodes. Deleted once all are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spl import ast
from engine import plan
from engine.table import Table


@dataclass
class LegacyContext:
    catalog: object
    clock: object
    runtime: object = None

    @property
    def datamodels(self):
        return self.catalog.datamodels

    @property
    def knowledge(self):
        return self.catalog.knowledge

    @property
    def lookups(self):
        return list(self.catalog.lookups)

    @property
    def now(self):
        return self.clock.time()

    @property
    def tz(self):
        return self.clock.tz

    @property
    def diagnostics(self):
        return self.runtime.diagnostics


@dataclass(frozen=True, kw_only=True)
class Legacy(plan.Command):
    run: Callable
    check: object = None

    def label(self) -> str:
        return f"Legacy {type(self.command).__name__}"


def legacy(run: Callable, check: Callable | None = None) -> Callable:
    def bind(node: ast.Command, input: plan.Node, binder) -> plan.Node:
        if check is not None:
            check(node, LegacyContext(binder.catalog, binder.clock))
        return Legacy(input=input, command=node, run=run, check=binder)
    return bind


def run_legacy(node: Legacy, table: Table, runtime) -> Table:
    return node.run(table, node.command, LegacyContext(node.check.catalog, node.check.clock,
                                                      runtime))
