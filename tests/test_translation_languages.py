"""The UI in every language: each translations/<language>.json has exactly
the keys of English with the same {placeholders}, and Home Assistant serves it.

The check is scripts/translations (scripts/translations.py), which also
writes translations/en.json from strings.json; these tests run its
functions on the real files and on a copy with a language file damaged.
"""

from __future__ import annotations

import json
from pathlib import Path
import shutil
import subprocess
import sys
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.generated.languages import LANGUAGES as HA_LANGUAGES
from homeassistant.helpers import translation
import pytest

from custom_components.autoarr import config_flow
from custom_components.autoarr.const import DOMAIN
from scripts import translations as script

COMPONENT = Path(config_flow.__file__).parent
TRANSLATIONS = COMPONENT / "translations"
REPOSITORY = COMPONENT.parent.parent
ENGLISH = json.loads((TRANSLATIONS / "en.json").read_text(encoding="utf-8"))
LANGUAGES = sorted(
    path.stem for path in TRANSLATIONS.glob("*.json") if path.stem != "en"
)


def _load(folder: Path, language: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (folder / f"{language}.json").read_text(encoding="utf-8")
    )
    return loaded


def _save(folder: Path, language: str, strings: dict[str, Any]) -> None:
    (folder / f"{language}.json").write_text(
        json.dumps(strings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


@pytest.fixture
def component(tmp_path: Path) -> Path:
    """A copy of the integration's strings and translations."""
    copy = tmp_path / "autoarr"
    (copy / "translations").mkdir(parents=True)
    shutil.copy(COMPONENT / "strings.json", copy / "strings.json")
    for path in TRANSLATIONS.glob("*.json"):
        shutil.copy(path, copy / "translations" / path.name)
    return copy


def test_the_ui_languages() -> None:
    """The languages of the UI beside English, in Home Assistant's codes."""
    assert set(LANGUAGES) >= {"de", "es", "fr", "it", "nl", "pl", "pt", "pt-BR"}
    assert set(LANGUAGES) <= set(HA_LANGUAGES)


def test_every_language_is_complete() -> None:
    """No language misses or adds a key, or changes a placeholder."""
    assert script.check(COMPONENT) == []


def test_a_missing_key_fails(
    component: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A language file without one of English's keys fails the script."""
    assert script.main(["--component", str(component)]) == 0
    french = _load(component / "translations", "fr")
    del french["config"]["step"]["user"]["title"]
    _save(component / "translations", "fr", french)
    capsys.readouterr()

    assert script.main(["--component", str(component)]) == 1
    assert "fr: missing key config.step.user.title" in capsys.readouterr().err
    assert script.check(component) == ["fr: missing key config.step.user.title"]


def test_a_new_english_key_fails_until_translated(component: Path) -> None:
    """A key added to strings.json is missing in every language until added."""
    strings = json.loads((component / "strings.json").read_text(encoding="utf-8"))
    strings["exceptions"]["brand_new"] = {"message": "New text for {name}."}
    (component / "strings.json").write_text(json.dumps(strings), encoding="utf-8")

    assert script.main(["--component", str(component)]) == 1
    missing = {p for p in script.check(component) if p.endswith("brand_new.message")}
    assert missing == {
        f"{language}: missing key exceptions.brand_new.message"
        for language in LANGUAGES
    }


def test_extra_keys_placeholders_and_references_fail(component: Path) -> None:
    """An extra key, a changed placeholder and a kept reference are each listed."""
    german = _load(component / "translations", "de")
    german["config"]["step"]["user"]["unused"] = "Nicht in Englisch"
    german["exceptions"]["service_error"]["message"] = "{service} antwortet: {error}"
    german["config"]["step"]["models"]["title"] = (
        "[%key:component::autoarr::config::step::user::title%]"
    )
    _save(component / "translations", "de", german)

    assert script.check(component) == [
        "de: extra key config.step.user.unused",
        "de: config.step.models.title keeps a reference: write the text",
        (
            "de: exceptions.service_error.message has placeholders "
            "['error', 'service'], English ['error', 'name']"
        ),
    ]


def test_invalid_json_fails(component: Path) -> None:
    """A language file that is not JSON is reported, not skipped."""
    (component / "translations" / "nl.json").write_text("{", encoding="utf-8")
    (problem,) = script.check(component)
    assert problem.startswith("nl: not valid JSON")


def test_references_are_resolved_in_english(component: Path) -> None:
    """Home Assistant does not resolve a custom integration's references: the
    script writes their text into en.json, and lists one it cannot resolve."""
    strings = json.loads((component / "strings.json").read_text(encoding="utf-8"))
    user = strings["config"]["step"]["user"]
    strings["config"]["step"]["models"]["title"] = (
        "[%key:component::autoarr::config::step::user::title%]"
    )
    strings["config"]["step"]["reauth_confirm"]["data"]["api_key"] = (
        "[%key:common::config_flow::data::api_key%]"
    )
    (component / "strings.json").write_text(json.dumps(strings), encoding="utf-8")

    assert script.generate_english(component) == []
    english = _load(component / "translations", "en")
    assert english["config"]["step"]["models"]["title"] == user["title"]
    assert english["config"]["step"]["reauth_confirm"]["data"]["api_key"] == "API key"

    strings["config"]["step"]["models"]["title"] = "[%key:component::autoarr::nope%]"
    strings["config"]["step"]["user"]["title"] = "[%key:component::sonarr::title%]"
    (component / "strings.json").write_text(json.dumps(strings), encoding="utf-8")
    assert script.generate_english(component) == [
        (
            "strings.json config.step.user.title: reference to another "
            "integration: [%key:component::sonarr::title%]"
        ),
        (
            "strings.json config.step.models.title: unresolved reference: "
            "[%key:component::autoarr::nope%]"
        ),
    ]


def test_the_script_exits_non_zero(component: Path) -> None:
    """Run as a program, it lists the problem and exits with status 1."""
    polish = _load(component / "translations", "pl")
    del polish["services"]["ask"]["name"]
    _save(component / "translations", "pl", polish)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "scripts.translations", "--component", str(component)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "pl: missing key services.ask.name" in result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
async def test_home_assistant_loads_the_language(
    hass: HomeAssistant, language: str
) -> None:
    """Home Assistant's loader serves the language's own strings."""
    strings = _load(TRANSLATIONS, language)
    for category, path in (
        ("config", ("config", "step", "user", "title")),
        ("entity", ("entity", "sensor", "queue", "name")),
        ("services", ("services", "ask", "name")),
    ):
        text: Any = strings
        english: Any = ENGLISH
        for part in path:
            text, english = text[part], english[part]
        loaded = await translation.async_get_translations(
            hass, language, category, [DOMAIN]
        )
        assert loaded[f"component.{DOMAIN}.{'.'.join(path)}"] == text
        assert text != english
