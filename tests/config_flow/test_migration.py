"""Entries stored by older versions are brought to the current layout."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_NAME,
    CONF_PROMPT,
    CONF_URL,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_CONFIRM_CHANGES,
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    CONF_VOICE_CONTROL,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DOMAIN,
    PROVIDER_AUTO,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
    VOICE_ALLOW,
)
from custom_components.autoarr.llm_providers.anthropic import DEFAULT_ANTHROPIC_MODEL
from custom_components.autoarr.llm_providers.ollama import (
    DEFAULT_OLLAMA_MODEL,
    DEFAULT_OLLAMA_URL,
)

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")

KEY = "test-api-key-0123456789abcdef"


async def migrate(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the entry up, which migrates it first."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def by_type(entry: MockConfigEntry) -> dict[str, list[tuple[str, str | None, dict]]]:
    """Return the entry's subentries as (title, unique id, data) per type."""
    result: dict[str, list[tuple[str, str | None, dict]]] = {}
    for sub in entry.subentries.values():
        result.setdefault(sub.subentry_type, []).append(
            (sub.title, sub.unique_id, dict(sub.data))
        )
    return {kind: sorted(items) for kind, items in result.items()}


async def test_v1_services_become_subentries(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, setup_calls: list[str]
) -> None:
    """Services listed in a v1 entry's data become subentries; options an agent."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="AutoArr",
        unique_id=DOMAIN,
        version=1,
        data={
            CONF_OLLAMA_URL: "http://192.0.2.10:11434",
            CONF_OLLAMA_MODEL: "llama3.1:8b",
            CONF_ANTHROPIC_API_KEY: KEY,
            ServiceKind.SONARR: [
                {
                    CONF_NAME: "TV",
                    CONF_URL: "http://192.0.2.20:8989/",
                    CONF_API_KEY: KEY,
                },
                # The same instance twice (as an old bug could store it).
                {
                    CONF_NAME: "TV again",
                    CONF_URL: "http://192.0.2.20:8989",
                    CONF_API_KEY: KEY,
                },
            ],
            ServiceKind.RADARR: [
                {
                    CONF_NAME: "Movies 4K",
                    CONF_URL: "https://192.0.2.21/radarr4k/",
                    CONF_API_KEY: KEY,
                    CONF_VERIFY_SSL: False,
                },
                {CONF_NAME: "Broken", CONF_URL: "radarr.local", CONF_API_KEY: KEY},
                {CONF_NAME: "No address", CONF_API_KEY: KEY},
                "not a service",
            ],
            ServiceKind.SABNZBD: [
                {CONF_URL: "http://192.0.2.22:8080", CONF_API_KEY: KEY}
            ],
        },
        options={CONF_PROMPT: "Keep it short.", CONF_LLM_HASS_API: "assist"},
    )
    await migrate(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (
        AutoArrConfigFlow.VERSION,
        AutoArrConfigFlow.MINOR_VERSION,
    )
    assert dict(entry.data) == {
        CONF_OLLAMA_URL: "http://192.0.2.10:11434",
        CONF_OLLAMA_MODEL: "llama3.1:8b",
        CONF_ANTHROPIC_API_KEY: KEY,
        CONF_ANTHROPIC_MODEL: DEFAULT_ANTHROPIC_MODEL,
    }
    assert dict(entry.options) == {}
    assert by_type(entry) == {
        ServiceKind.SONARR: [
            (
                "TV",
                "sonarr:http://192.0.2.20:8989",
                {
                    CONF_URL: "http://192.0.2.20:8989",
                    CONF_API_KEY: KEY,
                    CONF_VERIFY_SSL: True,
                },
            )
        ],
        ServiceKind.RADARR: [
            (
                "Movies 4K",
                "radarr:https://192.0.2.21/radarr4k",
                {
                    CONF_URL: "https://192.0.2.21/radarr4k",
                    CONF_API_KEY: KEY,
                    CONF_VERIFY_SSL: False,
                },
            )
        ],
        ServiceKind.SABNZBD: [
            (
                "SABnzbd",
                "sabnzbd:http://192.0.2.22:8080",
                {
                    CONF_URL: "http://192.0.2.22:8080",
                    CONF_API_KEY: KEY,
                    CONF_VERIFY_SSL: True,
                },
            )
        ],
        SUBENTRY_CONVERSATION: [
            (
                "AutoArr",
                None,
                {
                    CONF_PROVIDER: PROVIDER_AUTO,
                    CONF_MAX_TOOL_ITERATIONS: DEFAULT_MAX_TOOL_ITERATIONS,
                    CONF_INSTANT_ANSWERS: True,
                    CONF_VOICE_CONTROL: VOICE_ALLOW,
                    CONF_CONFIRM_CHANGES: False,
                    CONF_LLM_HASS_API: ["assist"],
                    CONF_PROMPT: "Keep it short.",
                },
            )
        ],
        SUBENTRY_AI_TASK: [
            (
                "AutoArr AI Task",
                None,
                {
                    CONF_PROVIDER: PROVIDER_AUTO,
                    CONF_MAX_TOOL_ITERATIONS: DEFAULT_MAX_TOOL_ITERATIONS,
                },
            )
        ],
    }
    # The unusable service is dropped, and the log says so.
    assert "Dropping the Radarr service 'Broken'" in caplog.text
    assert "Dropping the Radarr service 'No address'" in caplog.text
    assert "Dropping a Radarr service stored as 'not a service'" in caplog.text
    assert setup_calls == [entry.entry_id]


async def test_empty_v1_entry_gets_the_defaults(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first skeleton stored nothing: the defaults fill the hub."""
    monkeypatch.delenv("OLLAMA_URL", raising=False)
    monkeypatch.delenv("OLLAMA_MODEL", raising=False)
    entry = MockConfigEntry(domain=DOMAIN, title="AutoArr", version=1, data={})
    await migrate(hass, entry)
    assert entry.version == AutoArrConfigFlow.VERSION
    assert dict(entry.data) == {
        CONF_OLLAMA_URL: DEFAULT_OLLAMA_URL,
        CONF_OLLAMA_MODEL: DEFAULT_OLLAMA_MODEL,
    }
    assert sorted(by_type(entry)) == [SUBENTRY_AI_TASK, SUBENTRY_CONVERSATION]


async def test_current_entry_is_left_alone(
    hass: HomeAssistant, setup_calls: list[str]
) -> None:
    """A version 2 entry is not touched."""
    data = {CONF_OLLAMA_URL: "http://192.0.2.10:11434", CONF_OLLAMA_MODEL: "m:1"}
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=AutoArrConfigFlow.VERSION,
        minor_version=AutoArrConfigFlow.MINOR_VERSION,
        data=data,
    )
    await migrate(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert dict(entry.data) == data
    assert not entry.subentries


async def test_entry_from_a_newer_version_is_refused(
    hass: HomeAssistant, setup_calls: list[str]
) -> None:
    """An entry written by a newer AutoArr is not loaded (and not damaged)."""
    entry = MockConfigEntry(
        domain=DOMAIN, version=AutoArrConfigFlow.VERSION + 1, data={"future": True}
    )
    await migrate(hass, entry)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert dict(entry.data) == {"future": True}
    assert setup_calls == []


async def test_migrate_entry_refuses_a_newer_version_itself(
    hass: HomeAssistant,
) -> None:
    """async_migrate_entry itself says no to a newer version."""
    from custom_components.autoarr import async_migrate_entry

    entry = MockConfigEntry(domain=DOMAIN, version=AutoArrConfigFlow.VERSION + 1)
    entry.add_to_hass(hass)
    assert await async_migrate_entry(hass, entry) is False
    entry_current = MockConfigEntry(domain=DOMAIN, version=AutoArrConfigFlow.VERSION)
    entry_current.add_to_hass(hass)
    assert await async_migrate_entry(hass, entry_current) is True
