"""The UI in every language: each translations/<language>.json is loaded by
Home Assistant, and its strings keep the placeholders of the English ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import translation
import pytest

from custom_components.autoarr import config_flow
from custom_components.autoarr.const import DOMAIN

TRANSLATIONS = Path(config_flow.__file__).parent / "translations"
ENGLISH = json.loads((TRANSLATIONS / "en.json").read_text(encoding="utf-8"))
LANGUAGES = sorted(
    path.stem for path in TRANSLATIONS.glob("*.json") if path.stem != "en"
)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _flat(node: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in node.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from _flat(value, path)
        else:
            yield path, value


def _load(language: str) -> dict[str, Any]:
    text = (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_the_ui_languages() -> None:
    """The languages of the UI beside English (Home Assistant's codes)."""
    assert set(LANGUAGES) >= {"de", "es", "fr", "it", "nl", "pl", "pt", "pt-BR"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language: str) -> None:
    """Each string names the same {placeholders} as the English one."""
    english = dict(_flat(ENGLISH))
    for key, text in _flat(_load(language)):
        assert isinstance(text, str) and text.strip(), key
        if key in english:
            wanted = set(PLACEHOLDER.findall(english[key]))
            assert set(PLACEHOLDER.findall(text)) == wanted, (language, key)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_home_assistant_loads_the_language(
    hass: HomeAssistant, language: str
) -> None:
    """Home Assistant's loader serves the language's own strings."""
    strings = _load(language)
    for category, key, text in (
        (
            "config",
            "config.step.user.title",
            strings["config"]["step"]["user"]["title"],
        ),
        (
            "entity",
            "entity.sensor.queue.name",
            strings["entity"]["sensor"]["queue"]["name"],
        ),
        (
            "services",
            "services.ask.name",
            strings["services"]["ask"]["name"],
        ),
    ):
        loaded = await translation.async_get_translations(
            hass, language, category, [DOMAIN]
        )
        assert loaded[f"component.{DOMAIN}.{key}"] == text
        assert text != dict(_flat(ENGLISH))[key]
