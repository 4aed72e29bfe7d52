"""The shape of the code's imports, read from the source with `ast` (nothing here imports it).

Three rules: the import graph of the `spl` and `engine` modules has no cycle; no function imports
inside its body (the old way to dodge a cycle) unless FUNCTION_IMPORTS_ALLOWED says why; and the
language (`spl`, apart from its front ends) imports nothing of `engine`, which runs it over
events. The front ends are the command line `spl.cli` and the search page `spl.serve`: both take
a user's search and run it, so both must reach the engine.

The graph holds the imports that run when a module is imported: its top level, class bodies,
`try` and the like, but not the body of an `if TYPE_CHECKING:`, which never runs. `from p import
m` counts as importing the module `p.m` when there is one, else `p`; a module's import of its
parent packages, which Python does first, is not drawn (every package's `__init__` would
otherwise sit in a cycle with any submodule it imports).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("spl", "engine")

FUNCTION_IMPORTS_ALLOWED: dict[tuple[str, str], str] = {}
"""(module, function's qualified name) -> why that function imports inside its body rather than
at the top of its module. A cycle is never a reason: break it instead. Empty today: the one
lazy import there was, `evtx` in engine.readers.evtx.read_evtx, saved about a millisecond of
start-up, so it moved to the top of its module."""

MODULE, TYPE_CHECKING, FUNCTION = "module", "TYPE_CHECKING", "function"


@dataclass(frozen=True)
class Import:
    importer: str  # the importing module
    imported: str  # the module it names (the project's or not)
    line: int
    kind: str  # MODULE, TYPE_CHECKING or FUNCTION: where the statement is
    scope: str  # the qualified name of the function or class it is in; "" at the top level

    def __str__(self) -> str:
        place = f" in {self.scope}()" if self.kind == FUNCTION else ""
        return f"{self.importer} line {self.line}{place} imports {self.imported}"


@cache
def project_modules() -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@cache
def project_imports() -> tuple[Import, ...]:
    """Every import statement in the packages' modules."""
    return tuple(i for name, path in project_modules().items() for i in imports_of(name, path))


def imports_of(module: str, path: Path) -> list[Import]:
    """The imports in one file, each with where it is."""
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, kind: str, scope: str) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.extend(Import(module, target, node.lineno, kind, scope)
                         for target in _targets(node, module, is_package))
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = f"{scope}.{node.name}" if scope else node.name
            if not isinstance(node, ast.ClassDef):  # a class body runs where the class is
                kind = FUNCTION
        elif isinstance(node, ast.If) and kind != FUNCTION and _is_type_checking(node.test):
            for statement in node.body:
                visit(statement, TYPE_CHECKING, scope)
            for statement in node.orelse:
                visit(statement, kind, scope)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, kind, scope)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), MODULE, "")
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
            or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules an import statement names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:  # relative: from the importing module's package, `level - 1` up
            package = module.split(".") if is_package else module.split(".")[:-1]
            base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in project_modules() else base
                 for alias in node.names]
    return list(dict.fromkeys(names))


def import_graph() -> dict[str, dict[str, Import]]:
    """Module -> the modules it imports when it is imported (-> the statement that does)."""
    graph: dict[str, dict[str, Import]] = {name: {} for name in project_modules()}
    for found in project_imports():
        if found.kind == MODULE and found.imported in graph:
            graph[found.importer].setdefault(found.imported, found)
    return graph


def cycles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """One cycle through each group of modules that import one another (Tarjan's strongly
    connected components), as [a, b, ..., a]."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, dict[str, Import]]) -> list[str]:
    """A shortest way round from the group's first module back to itself."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for target in sorted(graph[node]):
            if target == start:
                return paths[node] + [start]
            if target in group and target not in paths:
                paths[target] = paths[node] + [target]
                frontier.append(target)
    raise AssertionError(f"no cycle in {sorted(group)}")


def test_the_scan_sees_each_kind_of_import():
    # Without this, a scan that found nothing would pass every rule below.
    found = {(i.importer, i.imported, i.kind) for i in project_imports()}
    assert ("engine.expressions", "engine.functions", MODULE) in found
    assert ("engine.commands.where", "engine.plan", MODULE) in found  # `from engine import plan`
    assert ("engine.plan", "engine.lookups", TYPE_CHECKING) in found
    assert "engine.lookups" not in import_graph()["engine.plan"]
    assert len(project_modules()) > 50


def test_modules_do_not_import_one_another_in_a_cycle():
    graph = import_graph()
    found = cycles(graph)
    report = []
    for cycle in found:
        report.append(" -> ".join(cycle))
        report.extend(f"    {graph[a][b]}" for a, b in zip(cycle, cycle[1:]))
    assert not found, "import cycles:\n" + "\n".join(report)


def test_functions_do_not_import():
    inside = [i for i in project_imports() if i.kind == FUNCTION]
    unexplained = [i for i in inside if (i.importer, i.scope) not in FUNCTION_IMPORTS_ALLOWED]
    assert not unexplained, ("imports inside functions (move them to the top of the module; if "
                             "that makes a cycle, break the cycle):\n"
                             + "\n".join(f"    {i}" for i in unexplained))


def test_the_allowed_function_imports_are_still_there():
    inside = {(i.importer, i.scope) for i in project_imports() if i.kind == FUNCTION}
    assert set(FUNCTION_IMPORTS_ALLOWED) <= inside, set(FUNCTION_IMPORTS_ALLOWED) - inside


def test_the_language_does_not_import_the_engine():
    # Every import counts here, TYPE_CHECKING ones too: the language's types name no engine type.
    crossing = [i for i in project_imports()
                if i.importer.split(".")[0] == "spl" and not _in_front_end(i.importer)
                and i.imported.split(".")[0] == "engine"]
    assert not crossing, (f"spl imports engine (only {', '.join(FRONT_ENDS)} may):\n"
                          + "\n".join(f"    {i}" for i in crossing))


FRONT_ENDS = ("spl.cli", "spl.serve")  # the command line and the search page


def _in_front_end(module: str) -> bool:
    return any(module == end or module.startswith(end + ".") for end in FRONT_ENDS)
