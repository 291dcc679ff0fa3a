"""The declared lower bounds are the versions the tests run.

The tests run on each Home Assistant version of `HA_VERSIONS` in
scripts/_env.sh, the oldest from requirements_test.txt (its
pytest-homeassistant-custom-component pins it) and the others from their own
requirements files; the Anthropic SDK at the version each file pins. The
oldest of them is what manifest.json, hacs.json and pyproject.toml promise.
"""

from __future__ import annotations

from importlib.metadata import version
import json
from pathlib import Path
import re
import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / "custom_components" / "autoarr" / "manifest.json"


def home_assistant_versions() -> list[Version]:
    """Return the Home Assistant versions scripts/test runs on, oldest first."""
    env = (ROOT / "scripts" / "_env.sh").read_text()
    match = re.search(r"^HA_VERSIONS=\(([^)]*)\)", env, re.MULTILINE)
    assert match is not None
    return [Version(item) for item in match.group(1).split()]


def pins(name: str) -> list[Version]:
    """Return the versions of a package the requirements files pin."""
    found = []
    for path in sorted(ROOT.glob("requirements_test*.txt")):
        for line in path.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            requirement = Requirement(line)
            if requirement.name == name:
                (spec,) = requirement.specifier
                assert spec.operator == "=="
                found.append(Version(spec.version))
    return found


def lower_bound(requirement: str) -> Version:
    """Return the `>=` bound of a requirement."""
    (spec,) = Requirement(requirement).specifier
    assert spec.operator == ">="
    return Version(spec.version)


def declared(name: str) -> list[Version]:
    """Return the lower bounds of a package in manifest.json and pyproject.toml."""
    manifest = json.loads(MANIFEST.read_text())["requirements"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        lower_bound(item)
        for item in [*manifest, *project["dependencies"]]
        if Requirement(item).name == name
    ]


def test_home_assistant_bounds_are_the_oldest_tested() -> None:
    """hacs.json and pyproject.toml ask for the oldest tested Home Assistant."""
    oldest = home_assistant_versions()[0]
    hacs = json.loads((ROOT / "hacs.json").read_text())
    assert Version(hacs["homeassistant"]) == oldest
    assert declared("homeassistant") == [oldest]
    # This run is one of them.
    assert Version(version("homeassistant")) in home_assistant_versions()


def test_anthropic_bounds_are_the_oldest_tested() -> None:
    """manifest.json and pyproject.toml ask for the oldest tested Anthropic SDK."""
    tested = pins("anthropic")
    assert len(tested) == len(home_assistant_versions())
    assert declared("anthropic") == [min(tested)] * 2
    assert Version(version("anthropic")) in tested


def test_babel_bounds_are_the_tested_version() -> None:
    """manifest.json and pyproject.toml ask for the Babel the tests run."""
    tested = pins("babel")
    assert len(tested) == len(home_assistant_versions())
    assert declared("babel") == [min(tested)] * 2
    assert Version(version("babel")) in tested
