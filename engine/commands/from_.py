"""from and datamodel: the rows of a data model dataset, as the CIM computes them.

    | from datamodel:Endpoint.Registry          | datamodel Endpoint Registry search

Splunk references: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/from
and .../search-commands/datamodel. Fields are named `<Dataset>.<field>`, as tstats names them;
only the `search` mode of datamodel is supported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from spl.errors import UnsupportedCommandError
from engine.table import Table

if TYPE_CHECKING:
    from engine.context import Context


def from_(table: Table, node: ast.From, context: Context) -> Table:
    return _rows(node.dataset, node, context)


def datamodel(table: Table, node: ast.Datamodel, context: Context) -> Table:
    return _rows(f"{node.model}.{node.dataset}", node, context)


def check_from(node: ast.From, context: Context) -> None:
    context.datamodels.dataset(node.dataset, node.span)


def check_datamodel(node: ast.Datamodel, context: Context) -> None:
    if node.mode.lower() != "search":
        raise UnsupportedCommandError(f"datamodel {node.mode} is not supported; use "
                                      "`| datamodel <model> <dataset> search`", node.span)
    context.datamodels.dataset(f"{node.model}.{node.dataset}", node.span)


def _rows(reference: str, node: ast.Node, context: Context) -> Table:
    dataset = context.datamodels.dataset(reference, node.span)
    fields = ["_time"] + [dataset.prefix + f for f in dataset.fields if f != "_time"]
    return Table(context.dataset_rows(dataset, None, set(fields)), fields)
