"""from and datamodel: the rows of a data model dataset, as the CIM computes them.

    | from datamodel:Endpoint.Registry          | datamodel Endpoint Registry search

Splunk references: https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/from
and .../search-commands/datamodel. Fields are named `<Dataset>.<field>`, as tstats names them;
only the `search` mode of datamodel is supported. Both bind to the dataset's rows
(engine/binder.py, dataset_rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spl import ast
from spl.errors import UnsupportedCommandError
from engine import plan

if TYPE_CHECKING:
    from engine.binder import Binder


def bind_from(node: ast.From, input: plan.Node | None, binder: Binder) -> plan.Node:
    dataset = binder.catalog.datamodels.dataset(node.dataset, node.span)
    return binder.generated(binder.dataset_rows(dataset, node), input, False, node, "from")


def bind_datamodel(node: ast.Datamodel, input: plan.Node | None, binder: Binder) -> plan.Node:
    if node.mode.lower() != "search":
        raise UnsupportedCommandError(f"datamodel {node.mode} is not supported; use "
                                      "`| datamodel <model> <dataset> search`", node.span)
    dataset = binder.catalog.datamodels.dataset(f"{node.model}.{node.dataset}", node.span)
    return binder.generated(binder.dataset_rows(dataset, node), input, False, node, "datamodel")
