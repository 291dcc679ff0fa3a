"""The plain-library layers never import Home Assistant, and data flows one way.

`custom_components/autoarr/arr/` (the Sonarr, Radarr and SABnzbd clients),
`llm/` (the model providers), `recovery/` and `audit/` (plain logic on the
clients, see DEVELOPERS.md) must stay usable without Home Assistant: the
benchmark, the demo servers and other programs import them on their own. Each
may import only the layers below it: `arr/` nothing of the integration,
`llm/` (for `redact`), `recovery/` and `audit/` only `arr/`.

Two checks: a static one that reads every module's imports with `ast`
(including imports inside functions, `importlib.import_module("...")` calls
and relative imports that climb out of the layer into the integration, whose
modules import Home Assistant), and a dynamic one that imports every module
in a fresh interpreter where importing `homeassistant` fails.
"""

from __future__ import annotations

import ast
from pathlib import Path
import subprocess
import sys
import textwrap

import pytest

PACKAGE_DIR = Path(__file__).parent.parent / "custom_components" / "autoarr"
PACKAGE = "custom_components.autoarr"
# Each plain layer and the layers of the integration it may import.
PLAIN_LAYERS: dict[str, frozenset[str]] = {
    "arr": frozenset({"arr"}),
    "llm_providers": frozenset({"llm_providers", "arr"}),
    "agent": frozenset({"agent", "arr", "llm_providers"}),
    "recovery": frozenset({"recovery", "arr"}),
    "audit": frozenset({"audit", "arr"}),
}
FORBIDDEN = "homeassistant"


def layer_modules(layer: str) -> list[Path]:
    """Return every Python file of a layer."""
    return sorted((PACKAGE_DIR / layer).rglob("*.py"))


def module_name(path: Path) -> str:
    """Return the dotted module name of a file of the integration."""
    relative = path.relative_to(PACKAGE_DIR).with_suffix("")
    parts = [part for part in relative.parts if part != "__init__"]
    return ".".join([PACKAGE, *parts])


def _is_forbidden(name: str) -> bool:
    return name == FORBIDDEN or name.startswith(f"{FORBIDDEN}.")


def _not_allowed(name: str, allowed: frozenset[str]) -> bool:
    """Return whether a module name is Home Assistant or a layer not allowed."""
    if _is_forbidden(name):
        return True
    if name != PACKAGE and not name.startswith(f"{PACKAGE}."):
        return False  # the standard library or a third-party package
    return not any(
        name == f"{PACKAGE}.{layer}" or name.startswith(f"{PACKAGE}.{layer}.")
        for layer in allowed
    )


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str | None:
    """Return the absolute module an ImportFrom names, None if above the top."""
    target = node.module or ""
    if not node.level:
        return target
    base = module.split(".")
    # A package's __init__ is inside the package it names.
    drop = node.level - 1 if is_package else node.level
    if drop > len(base):
        return None
    return ".".join(base[: len(base) - drop] + ([target] if target else []))


def forbidden_imports(
    source: str,
    module: str,
    allowed: frozenset[str],
    *,
    is_package: bool = False,
) -> list[str]:
    """Return a description of every import that leaves the plain layers.

    `module` is the dotted name of the module the source belongs to (needed to
    resolve relative imports; `is_package` when it is a package's __init__).
    The plain layers may import each other, the standard library and
    third-party packages; not Home Assistant, and not the rest of the
    integration (its modules import Home Assistant).
    """
    problems: list[str] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            resolved = _resolve(node, module, is_package)
            if resolved is None:
                problems.append(
                    f"line {node.lineno}: relative import above the package"
                )
                continue
            names = [resolved]
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
                names = [first.value]
        problems.extend(
            f"line {getattr(node, 'lineno', 0)}: imports {name}"
            for name in names
            if _not_allowed(name, allowed)
        )
    return problems


def test_layers_exist() -> None:
    """The check would be empty if the layers moved: make sure they are here."""
    for layer in PLAIN_LAYERS:
        assert layer_modules(layer), f"no modules under {layer}/"


@pytest.mark.parametrize("layer", PLAIN_LAYERS)
def test_no_homeassistant_imports(layer: str) -> None:
    """No module of a plain layer imports Home Assistant, the integration or a
    layer above it."""
    problems = {}
    for path in layer_modules(layer):
        found = forbidden_imports(
            path.read_text(encoding="utf-8"),
            module_name(path),
            PLAIN_LAYERS[layer],
            is_package=path.name == "__init__.py",
        )
        if found:
            problems[str(path.relative_to(PACKAGE_DIR))] = found
    assert not problems, f"imports leaving {layer}/: {problems}"


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import homeassistant", "custom_components.autoarr.arr.x", 1),
        ("import homeassistant.core as core", "custom_components.autoarr.arr.x", 1),
        (
            "from homeassistant.core import HomeAssistant",
            "custom_components.autoarr.arr.x",
            1,
        ),
        (
            "def f():\n    from homeassistant import const",
            "custom_components.autoarr.arr.x",
            1,
        ),
        (
            "if TYPE_CHECKING:\n    import homeassistant",
            "custom_components.autoarr.llm_providers.x",
            1,
        ),
        ("from ..const import DOMAIN", "custom_components.autoarr.arr.x", 1),
        ("from .. import data", "custom_components.autoarr.llm_providers.x", 1),
        (
            "from custom_components.autoarr.coordinator import X",
            "custom_components.autoarr.arr.x",
            1,
        ),
        ("import custom_components.autoarr.data", "custom_components.autoarr.arr.x", 1),
        (
            "importlib.import_module('homeassistant.helpers')",
            "custom_components.autoarr.arr.x",
            1,
        ),
        ("__import__('homeassistant')", "custom_components.autoarr.arr.x", 1),
        ("from ....... import x", "custom_components.autoarr.arr.x", 1),
        # Data flows one way: the clients import no layer above them.
        (
            "from ..llm_providers.base import LLMProvider",
            "custom_components.autoarr.arr.x",
            1,
        ),
        ("from ..recovery import engine", "custom_components.autoarr.arr.x", 1),
        ("from ..audit.rules import RULES", "custom_components.autoarr.recovery.x", 1),
        ("from ..agent import tools", "custom_components.autoarr.audit.x", 1),
        # Allowed: lower layers, the standard library, third parties.
        (
            "from ..arr.sabnzbd_models import SabQueue",
            "custom_components.autoarr.recovery.x",
            0,
        ),
        (
            "from ..arr.errors import redact",
            "custom_components.autoarr.llm_providers.x",
            0,
        ),
        (
            "from .errors import ArrError\nfrom . import http",
            "custom_components.autoarr.arr.x",
            0,
        ),
        ("from .sub.mod import y", "custom_components.autoarr.arr", 0),
        (
            "from custom_components.autoarr.arr.errors import ArrError",
            "custom_components.autoarr.arr.x",
            0,
        ),
        (
            "import aiohttp\nimport json\nfrom yarl import URL",
            "custom_components.autoarr.llm_providers.x",
            0,
        ),
        ("import homeassistant_like_name", "custom_components.autoarr.arr.x", 0),
        ("importlib.import_module(name)", "custom_components.autoarr.arr.x", 0),
    ],
)
def test_checker_finds_what_it_should(source: str, module: str, expected: int) -> None:
    """The static check itself: it flags each way of leaving the layer."""
    is_package = module.count(".") == 2
    allowed = PLAIN_LAYERS[module.split(".")[2]]
    found = forbidden_imports(source, module, allowed, is_package=is_package)
    assert len(found) == expected, found


def test_layers_import_without_homeassistant(tmp_path: Path) -> None:
    """Every module of the plain layers imports where Home Assistant cannot."""
    modules = [
        module_name(path) for layer in PLAIN_LAYERS for path in layer_modules(layer)
    ]
    script = textwrap.dedent(
        f"""
        import importlib, sys, types

        # Importing the integration's package would run its __init__, which
        # imports Home Assistant: stand in empty packages for the parents.
        for name, path in (
            ("custom_components", {str(PACKAGE_DIR.parent)!r}),
            ("custom_components.autoarr", {str(PACKAGE_DIR)!r}),
        ):
            package = types.ModuleType(name)
            package.__path__ = [path]
            sys.modules[name] = package
        # None in sys.modules makes every import of it raise ImportError.
        sys.modules["homeassistant"] = None

        failures = []
        for name in {modules!r}:
            try:
                importlib.import_module(name)
            except ImportError as err:
                failures.append(f"{{name}}: {{err}}")
        leaked = sorted(m for m in sys.modules if m.startswith("homeassistant."))
        if failures or leaked:
            print("\\n".join(failures + leaked))
            sys.exit(1)
        """
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
