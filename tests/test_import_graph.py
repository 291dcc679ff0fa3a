"""The integration's modules import each other without cycles.

`test_layers.py` keeps the plain layers free of Home Assistant; this test
keeps the whole package a directed acyclic graph, and keeps Home Assistant's
platform modules (the ones it loads by name: entity platforms,
`config_flow`, `diagnostics`, `repairs`, `llm`) as leaves that no other
module of the integration imports, so no platform is used as a library.

Every import counts, at the top of a module or inside a function (a lazy
import hides a cycle, it does not remove it), except those under
`if TYPE_CHECKING:`: they never run, and typed `runtime_data` needs the
coordinator types in `data.py` while the coordinators take the typed entry.
The implicit import of a parent package's `__init__` is not an edge either:
Home Assistant imports the integration's `__init__` first, whatever a module
names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from homeassistant.const import Platform
import pytest

from tests.test_layers import PACKAGE, PACKAGE_DIR, _resolve, module_name

# Modules Home Assistant loads from an integration by name, besides the
# entity platforms.
INTEGRATION_PLATFORMS = frozenset({"config_flow", "diagnostics", "repairs", "llm"})
PLATFORM_MODULES = frozenset(
    f"{PACKAGE}.{name}"
    for name in {platform.value for platform in Platform} | INTEGRATION_PLATFORMS
    if (PACKAGE_DIR / f"{name}.py").exists()
)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Yield every node, skipping the bodies of `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield child
                yield from _runtime_nodes(child)
            continue
        yield node
        yield from _runtime_nodes(node)


def imports_of(
    source: str, module: str, known: frozenset[str], *, is_package: bool = False
) -> set[str]:
    """Return the modules among `known` that a module's source imports."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            resolved = _resolve(node, module, is_package)
            if resolved is None:
                continue
            # `from . import x` and `from .pkg import mod` name modules too.
            targets = [resolved, *(f"{resolved}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Call):
            func = node.func
            called = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            first = node.args[0] if node.args else None
            if (
                called in ("import_module", "__import__")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                targets = [first.value]
        found.update(t for t in targets if t in known and t != module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Return each module of the integration and the modules it imports."""
    paths = sorted(PACKAGE_DIR.rglob("*.py"))
    known = frozenset(module_name(path) for path in paths)
    return {
        module_name(path): imports_of(
            path.read_text(encoding="utf-8"),
            module_name(path),
            known,
            is_package=path.name == "__init__.py",
        )
        for path in paths
    }


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        # Tarjan's algorithm; the graph has a few dozen nodes, recursion is fine.
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_graph_is_read() -> None:
    """The check would be empty if the package moved: it sees the modules."""
    graph = import_graph()
    assert f"{PACKAGE}.coordinator" in graph
    assert f"{PACKAGE}.const" in graph[f"{PACKAGE}.coordinator"]
    assert f"{PACKAGE}.sensor" in PLATFORM_MODULES
    assert f"{PACKAGE}.config_flow" in PLATFORM_MODULES


def test_no_import_cycle() -> None:
    """No module of the integration imports itself through others."""
    assert not cycles(import_graph())


def test_no_module_imports_a_platform() -> None:
    """Platform modules are leaves: what they share lives in other modules."""
    problems = {
        module: sorted(targets & PLATFORM_MODULES)
        for module, targets in import_graph().items()
        if targets & PLATFORM_MODULES
    }
    assert not problems


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from .b import x", {"p.b"}),
        ("from . import b", {"p.b"}),
        ("import p.b", {"p.b"}),
        ("def f():\n    from .b import x", {"p.b"}),
        ("if TYPE_CHECKING:\n    from .b import x", set()),
        ("if typing.TYPE_CHECKING:\n    from .b import x", set()),
        ("if TYPE_CHECKING:\n    pass\nelse:\n    from .b import x", {"p.b"}),
        ("importlib.import_module('p.b')", {"p.b"}),
        ("from .c import x", set()),
        ("import json", set()),
    ],
)
def test_imports_found(source: str, expected: set[str]) -> None:
    """The reader finds each kind of import, and skips type-only ones."""
    assert imports_of(source, "p.a", frozenset({"p.a", "p.b"})) == expected


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
    ],
)
def test_cycles_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    """The cycle finder reports every cycle, and none in a tree."""
    assert sorted(cycles(graph)) == expected
