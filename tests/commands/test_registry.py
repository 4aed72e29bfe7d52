"""The command registries name modules and functions (so that a run imports only the commands
its search uses); every name must resolve, and every plan node must have a run step."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import engine.commands
from engine import plan
from engine.commands import COMMANDS, OPERATORS, operator
from spl import ast


def command_modules():
    return [importlib.import_module(f"engine.commands.{info.name}")
            for info in pkgutil.iter_modules(engine.commands.__path__)]


def test_every_command_binds_through_a_function_of_its_module():
    for ast_type, command in COMMANDS.items():
        assert issubclass(ast_type, ast.Node)
        assert callable(command.bind), command
        assert inspect.signature(command.bind).parameters.keys() >= {"input", "binder"}


def test_every_plan_node_type_has_a_run_step_and_every_entry_names_one():
    nodes = {cls for module in [plan, *command_modules()] for _, cls in
             inspect.getmembers(module, inspect.isclass)
             if issubclass(cls, plan.Node) and cls.__module__ == module.__name__
             and cls not in (plan.Node, plan.Command)}
    named = {f"{cls.__module__}.{cls.__qualname__}" for cls in nodes}
    assert named == set(OPERATORS)
    for cls in nodes:
        assert callable(operator(cls)), cls


def test_a_search_imports_only_the_commands_it_names():
    # Measured by the benchmark as start-up; here only which modules a fresh process loads.
    code = ("import sys; from engine.runner import run_search; "
            "run_search('| makeresults count=2 | eval x=1 | head 1'); "
            "print(sorted(m for m in sys.modules if m.startswith('engine.commands.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert "engine.commands.makeresults" in loaded and "engine.commands.head" in loaded
    assert "engine.commands.transaction" not in loaded
    assert "engine.commands.timechart" not in loaded
