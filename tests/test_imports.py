"""Import hygiene of the package (STYLE 1): no private name leaves its module, no cycles.

A private module's names for its siblings have no underscore and stand in its
``__all__``; a name with an underscore is its module's own. And no two ``loopback``
modules import each other, directly or around a loop, not even from inside a function
(a lazy import that dodges a cycle is still a cycle). Imports under ``TYPE_CHECKING``
never run and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "loopback"

#: Trees left out (none: the whole package is checked).
EXCLUDED: tuple[str, ...] = ()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def checked(name: str) -> bool:
    return not any(name == tree or name.startswith(tree + ".") for tree in EXCLUDED)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def run_time_imports(tree: ast.AST) -> list[ast.ImportFrom | ast.Import]:
    """Every import statement that can run: at module level or in a function body."""
    found: list[ast.ImportFrom | ast.Import] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for part in ast.iter_child_nodes(node):
            visit(part)

    visit(tree)
    return found


def base_of(module: str, node: ast.ImportFrom) -> str:
    """The absolute module a ``from X import ...`` reads from."""
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(module: str) -> list[tuple[str, list[str], int]]:
    """``(module imported, names taken from it, line)`` for each run-time import of ours."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out: list[tuple[str, list[str], int]] = []
    for node in run_time_imports(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, [], node.lineno) for alias in node.names)
            continue
        base = base_of(module, node)
        names = []
        for alias in node.names:
            if f"{base}.{alias.name}" in MODULES:  # a submodule, imported as a module
                out.append((f"{base}.{alias.name}", [], node.lineno))
            else:
                names.append(alias.name)
        if names:
            out.append((base, names, node.lineno))
    return [item for item in out if item[0] in MODULES]


def attribute_leaks(module: str) -> list[str]:
    """``mod._name`` where ``mod`` is another of our modules imported as a module."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for node in run_time_imports(tree):
        if isinstance(node, ast.ImportFrom):
            base = base_of(module, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
    return [
        f"{module}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


def test_the_walk_finds_the_package() -> None:
    assert {"loopback", "loopback._address", "loopback.classify", "loopback.hosts"} <= set(MODULES)


@pytest.mark.parametrize("module", [m for m in MODULES if checked(m)])
def test_no_private_name_leaves_its_module(module: str) -> None:
    leaks = [
        f"{module}:{line} imports {name} from {source}"
        for source, names, line in imports_of(module)
        for name in names
        if name.startswith("_") and not name.startswith("__") and checked(source)
    ]
    leaks += attribute_leaks(module)
    assert leaks == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (or one importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": set()}) == [
        ["a", "b", "c"],
        ["d"],
    ]


def test_no_import_cycle() -> None:
    graph = {
        module: {target for target, _, _ in imports_of(module) if checked(target)}
        for module in MODULES
        if checked(module)
    }
    assert cycles(graph) == []
