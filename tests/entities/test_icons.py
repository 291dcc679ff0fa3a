"""Every entity translation key has an icon, and every state icon a state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import custom_components.autoarr as integration

FOLDER = Path(integration.__file__).parent


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return data["entity"]


def test_every_entity_has_an_icon() -> None:
    """icons.json and strings.json name the same entities."""
    strings, icons = _load("strings.json"), _load("icons.json")
    translated = {(p, key) for p, keys in strings.items() for key in keys}
    with_icon = {(p, key) for p, keys in icons.items() for key in keys}
    assert translated - with_icon == set(), "entities without an icon"
    assert with_icon - translated == set(), "icons of unknown entities"
    assert all("default" in icons[p][key] for p, key in with_icon)


def test_state_icons_match_translated_states() -> None:
    """A state with an icon is a state the entity can have."""
    strings, icons = _load("strings.json"), _load("icons.json")
    for platform, keys in icons.items():
        for key, icon in keys.items():
            translation = strings[platform][key]
            if platform == "sensor" and "state" in icon:
                assert set(icon["state"]) <= set(translation["state"]), key
            event_icons = icon.get("state_attributes", {}).get("event_type", {})
            if event_icons:
                event_states = translation["state_attributes"]["event_type"]["state"]
                assert set(event_icons["state"]) == set(event_states), key


def test_every_action_has_an_icon() -> None:
    """icons.json gives every action services.yaml declares an icon."""
    icons = json.loads((FOLDER / "icons.json").read_text(encoding="utf-8"))
    declared = {
        line.removesuffix(":")
        for line in (FOLDER / "services.yaml").read_text(encoding="utf-8").splitlines()
        if line and not line[0].isspace() and line.endswith(":")
    }
    assert len(declared) > 10
    assert set(icons["services"]) == declared
    assert all(
        icon["service"].startswith("mdi:") for icon in icons["services"].values()
    )
