"""Binding: check a parsed pipeline against what the engine knows, before any event is read.

Every name that must resolve (commands, functions, aggregations, options, data models and
datasets) is checked here, so a misspelling fails fast with a caret and a did-you-mean instead of
quietly producing no rows half-way through a large log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spl import ast
from spl.catalog import SPLUNK_COMMANDS
from spl.errors import (BadArgumentError, SplError, UnknownCommandError, UnknownFunctionError,
                        UnsupportedCommandError, suggestion)
from engine.aggregates import AGGREGATES, NEEDS_FIELD
from engine.commands import COMMANDS, GENERATING, NAMES
from engine.commands.convert import CONVERTERS
from engine.commands.tstats import OPTIONS, span_seconds
from engine.datamodels import DataModels
from engine.functions import FUNCTIONS


@dataclass(frozen=True)
class Step:
    node: ast.Command
    run: Callable


def bind(pipeline: ast.Pipeline, datamodels: DataModels) -> list[Step]:
    """The pipeline as steps to run, or the first SplError found in it."""
    steps = []
    for position, command in enumerate(pipeline.commands):
        if isinstance(command, ast.UnknownCommand):
            raise _unknown_command(command)
        if type(command) in GENERATING and position > 0:
            raise BadArgumentError(f"{NAMES[type(command)]} makes its own rows, so it must be the "
                                   "first command, after a leading `|`", command.span)
        _CHECKS.get(type(command), lambda c, d: None)(command, datamodels)
        steps.append(Step(command, COMMANDS[type(command)]))
    return steps


def _unknown_command(command: ast.UnknownCommand) -> SplError:
    supported = ", ".join(sorted(NAMES.values()))
    name = command.name.lower()
    if name in SPLUNK_COMMANDS:
        return UnsupportedCommandError(f"`{name}` is not supported yet; supported: {supported}",
                                       command.span)
    return UnknownCommandError(f"unknown command `{command.name}`", command.span,
                               suggestion(name, SPLUNK_COMMANDS) or f"supported: {supported}")


def _check_tstats(node: ast.Tstats, datamodels: DataModels) -> None:
    for option in node.options:
        name = option.name.lower()
        if name not in OPTIONS:
            raise BadArgumentError(f"tstats has no option `{option.name}`", option.span,
                                   suggestion(name, OPTIONS))
        if name == "prestats" and option.value.lower() in ("t", "true", "1"):
            raise UnsupportedCommandError("tstats prestats=true is not supported yet",
                                          option.span)
        if name == "span":
            _reraise_at(option.span, span_seconds, option.value)
    if node.datamodel is None:
        raise UnsupportedCommandError("tstats runs over data models here; add "
                                      "FROM datamodel=<model>.<dataset>", node.span)
    datamodels.dataset(node.datamodel, node.datamodel_span)
    for aggregation in node.aggregations:
        _check_aggregation(aggregation)


def _check_aggregation(aggregation: ast.Aggregation) -> None:
    function = aggregation.function.lower()
    if function not in AGGREGATES:
        raise UnknownFunctionError(f"unknown aggregation `{aggregation.function}`",
                                   aggregation.span, suggestion(function, AGGREGATES))
    if function in NEEDS_FIELD and aggregation.field is None:
        raise BadArgumentError(f"{function} needs a field, e.g. {function}(_time)",
                               aggregation.span)


def _check_convert(node: ast.Convert, datamodels: DataModels) -> None:
    for option in node.options:
        if option.name.lower() != "timeformat":
            raise BadArgumentError(f"convert has no option `{option.name}`", option.span,
                                   suggestion(option.name, ["timeformat"]))
    for conversion in node.conversions:
        if conversion.function.lower() not in CONVERTERS:
            raise UnknownFunctionError(f"unknown convert function `{conversion.function}`",
                                       conversion.span, suggestion(conversion.function, CONVERTERS))


def _check_eval(node: ast.Eval, datamodels: DataModels) -> None:
    for assignment in node.assignments:
        check_expression(assignment.expr)


def _check_where(node: ast.Where, datamodels: DataModels) -> None:
    check_expression(node.expr)


def check_expression(expr: ast.Expr) -> None:
    """Every function in `expr` exists and gets a number of arguments it accepts."""
    if isinstance(expr, ast.Call):
        _check_call(expr)
    for child in _children(expr):
        check_expression(child)


def _check_call(call: ast.Call) -> None:
    function = FUNCTIONS.get(call.name)
    if function is None:
        raise UnknownFunctionError(f"unknown function `{call.name}`", call.span,
                                   suggestion(call.name, FUNCTIONS))
    count = len(call.args)
    if count < function.min_args or (function.max_args is not None and count > function.max_args):
        most = "or more" if function.max_args is None else f"to {function.max_args}"
        wanted = function.min_args if function.max_args == function.min_args else \
            f"{function.min_args} {most}"
        raise BadArgumentError(f"{call.name}() takes {wanted} argument(s), got {count}", call.span)


def _children(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    if isinstance(expr, ast.Call):
        return expr.args
    if isinstance(expr, ast.Binary):
        return (expr.left, expr.right)
    if isinstance(expr, ast.Unary):
        return (expr.operand,)
    return ()


def _reraise_at(span, fn: Callable, *args) -> None:
    try:
        fn(*args)
    except SplError as error:
        error.span = error.span or span
        raise


_CHECKS: dict[type, Callable] = {
    ast.Tstats: _check_tstats,
    ast.Convert: _check_convert,
    ast.Eval: _check_eval,
    ast.Where: _check_where,
}

