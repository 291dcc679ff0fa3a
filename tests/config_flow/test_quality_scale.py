"""quality_scale.yaml names every rule once, with a status, and stays truthful.

The rules are those of Home Assistant's Integration Quality Scale (bronze to
platinum). Where the file claims a config flow rule is done, the flow must
have what the rule asks for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from custom_components.autoarr import config_flow
from custom_components.autoarr.config_flow import AutoArrConfigFlow

QUALITY_SCALE = Path(config_flow.__file__).parent / "quality_scale.yaml"
RULES = {
    "bronze": [
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow-test-coverage",
        "config-flow",
        "dependency-transparency",
        "docs-actions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ],
    "gold": [
        "devices",
        "diagnostics",
        "discovery-update-info",
        "discovery",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}


def load() -> dict[str, dict[str, Any]]:
    """Return each rule as {"status": ..., "comment": ...}."""
    rules = yaml.safe_load(QUALITY_SCALE.read_text(encoding="utf-8"))["rules"]
    return {
        name: value if isinstance(value, dict) else {"status": value}
        for name, value in rules.items()
    }


def test_every_rule_once_with_a_status() -> None:
    """All rules of every tier, nothing else; exemptions and todos say why."""
    rules = load()
    assert sorted(rules) == sorted(rule for tier in RULES.values() for rule in tier)
    for name, rule in rules.items():
        assert rule["status"] in ("done", "todo", "exempt"), name
        if rule["status"] == "exempt":
            assert rule.get("comment", "").strip(), f"{name}: exempt needs a reason"


def test_config_flow_claims_hold() -> None:
    """The flow rules marked done are backed by the flow's steps."""
    rules = load()
    steps = {
        "reauthentication-flow": "async_step_reauth",
        "reconfiguration-flow": "async_step_reconfigure",
        "config-flow": "async_step_user",
    }
    for rule, step in steps.items():
        if rules[rule]["status"] == "done":
            assert hasattr(AutoArrConfigFlow, step), rule
    for subentry_flow in AutoArrConfigFlow.async_get_supported_subentry_types(
        None  # type: ignore[arg-type]
    ).values():
        assert hasattr(subentry_flow, "async_step_reconfigure")
