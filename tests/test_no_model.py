"""AutoArr without a language model, and with one that does not answer.

A hub may have no model at all: the entities, the actions and the instant
answers work, and the agent answers what needs a model with a sentence
saying so. A model server that is down never fails the setup: it becomes a
repair issue once the outage lasts, as for a service.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.components import ai_task, conversation
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import SOURCE_REAUTH, ConfigSubentryData
from homeassistant.core import Context, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.autoarr.const import (
    CONF_OPENAI_API_KEY,
    CONF_OPENAI_MODEL,
    CONF_OPENAI_URL,
    DOMAIN,
)
from custom_components.autoarr.diagnostics import async_get_config_entry_diagnostics
from custom_components.autoarr.issues import UNREACHABLE_ISSUE_AFTER
from custom_components.autoarr.model_runtime import (
    CHECK_INTERVAL,
    ModelWatch,
    model_issue_id,
)
from tests.entities.conftest import (
    SetupEntry,
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import hub_data, ollama
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import OllamaServer
from tests.support.llm_servers.openai import OpenAIServer

__all__ = ["loopback_sockets", "ollama", "radarr", "setup_entry", "sonarr"]

CONVERSATION = ConfigSubentryData(
    data={}, subentry_type="conversation", title="AutoArr", unique_id=None
)
AI_TASK = ConfigSubentryData(
    data={}, subentry_type="ai_task_data", title="AutoArr AI Task", unique_id=None
)


def _entity(hass: HomeAssistant, entry: MockConfigEntry, domain: str) -> str:
    return next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == domain
    )


async def _say(hass: HomeAssistant, agent_id: str, text: str, language: str) -> str:
    result = await conversation.async_converse(
        hass, text, None, Context(), language=language, agent_id=agent_id
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture
async def no_model_entry(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> MockConfigEntry:
    """Set up AutoArr with Sonarr, Radarr, the agents and no model at all."""
    return await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), CONVERSATION, AI_TASK, data={}
    )


async def test_instant_answers_without_a_model(
    hass_core: HomeAssistant, no_model_entry: MockConfigEntry
) -> None:
    """The quick questions are answered; the rest says a model is missing."""
    agent_id = _entity(hass_core, no_model_entry, "conversation")
    said = await _say(hass_core, agent_id, "Is Severance in my library?", "en")
    assert said.startswith("Yes, Severance (")
    said = await _say(
        hass_core, agent_id, "Ist Oppenheimer in meiner Bibliothek?", "de"
    )
    assert said.startswith("Ja, Oppenheimer (2023) ist in deiner Bibliothek")

    said = await _say(hass_core, agent_id, "Write me a poem about my shows", "en")
    assert said == (
        "I can answer only the quick questions, such as what is downloading or "
        "what is on this week: no language model is set up for anything else."
    )
    said = await _say(hass_core, agent_id, "Schreib mir ein Gedicht", "de")
    assert said.startswith("Ich kann nur die schnellen Fragen beantworten")
    assert no_model_entry.runtime_data.llm is None


async def test_entities_and_actions_without_a_model(
    hass_core: HomeAssistant, no_model_entry: MockConfigEntry
) -> None:
    """The services' entities are there and the actions answer."""
    registry = er.async_get(hass_core)
    sensors = [
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, no_model_entry.entry_id)
        if e.domain == "sensor"
    ]
    assert sensors
    assert all(hass_core.states.get(s) is not None for s in sensors)
    response = await hass_core.services.async_call(
        DOMAIN,
        "ask",
        {"prompt": "What's on this week?"},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["provider"] == "instant"


async def test_ask_without_a_model_says_none_is_set_up(
    hass_core: HomeAssistant, no_model_entry: MockConfigEntry
) -> None:
    """`autoarr.ask` needing a model says none is set up, not that it is down."""
    with pytest.raises(HomeAssistantError) as err:
        await hass_core.services.async_call(
            DOMAIN,
            "ask",
            {"prompt": "Write me a poem about my shows"},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "no_model"
    assert str(err.value) == (
        "AutoArr has no language model set up. "
        "Add one with Reconfigure on AutoArr's entry"
    )


async def test_ai_task_without_a_model(
    hass_core: HomeAssistant, no_model_entry: MockConfigEntry
) -> None:
    """An AI task says plainly that no model is set up."""
    with pytest.raises(HomeAssistantError) as err:
        await ai_task.async_generate_data(
            hass_core,
            task_name="summary",
            entity_id=_entity(hass_core, no_model_entry, "ai_task"),
            instructions="Summarise what is coming.",
        )
    assert err.value.translation_key == "no_model"


async def test_diagnostics_without_a_model(
    hass_core: HomeAssistant, no_model_entry: MockConfigEntry
) -> None:
    """Diagnostics show that there is no model."""
    diagnostics = await async_get_config_entry_diagnostics(hass_core, no_model_entry)
    assert diagnostics["llm"] is None
    assert diagnostics["entry"]["data"] == {}


async def test_unreachable_model_is_a_repair_not_a_failed_setup(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
    freezer: Any,
) -> None:
    """A model that stops answering raises an issue once it lasts; it clears."""
    models = dict(ollama.models)
    ollama.models.clear()
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        CONVERSATION,
        data=hub_data(ollama.url),
    )
    issues = ir.async_get(hass_core)
    issue_id = model_issue_id("ollama")

    async def check_later(delay: timedelta) -> None:
        freezer.tick(delay)
        async_fire_time_changed(hass_core)
        # The checks run as background tasks: wait for them before time moves.
        await hass_core.async_block_till_done(wait_background_tasks=True)

    await check_later(CHECK_INTERVAL)
    await check_later(UNREACHABLE_ISSUE_AFTER - timedelta(minutes=1))
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    await check_later(CHECK_INTERVAL)
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "model_unreachable"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["model"] == "qwen2.5:7b"
    assert issue.translation_placeholders["minutes"] == "34"

    ollama.models.update(models)
    await check_later(CHECK_INTERVAL)
    assert issues.async_get_issue(DOMAIN, issue_id) is None

    # Down again: the repair checks again when asked, and stays while the
    # model does not answer; once it is back the repair goes at once.
    ollama.models.clear()
    await check_later(CHECK_INTERVAL)
    await check_later(UNREACHABLE_ISSUE_AFTER)
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    assert await async_setup_component(hass_core, "repairs", {})
    repairs = repairs_flow_manager(hass_core)
    assert repairs is not None

    async def check_now() -> Any:
        result = await repairs.async_init(DOMAIN, data={"issue_id": issue_id})
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "confirm"
        assert result["description_placeholders"]["model"] == "qwen2.5:7b"
        return await repairs.async_configure(result["flow_id"], {})

    requests = len(ollama.requests)
    result = await check_now()
    assert len(ollama.requests) > requests
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_unreachable"
    assert result["description_placeholders"]["provider"] == "Ollama"
    assert "qwen2.5:7b" in result["description_placeholders"]["error"]
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    ollama.models.update(models)
    result = await check_now()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert issues.async_get_issue(DOMAIN, issue_id) is None

    # An issue still open when the entry unloads goes with it.
    ollama.models.clear()
    await check_later(CHECK_INTERVAL)
    await check_later(UNREACHABLE_ISSUE_AFTER)
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    await hass_core.config_entries.async_unload(entry.entry_id)
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_refused_key_starts_reauth(
    hass_core: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A model server that refuses its key makes Home Assistant ask for a new one."""
    async with OpenAIServer(api_key="test-server-key-0123456789abcdef") as server:
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            data={
                CONF_OPENAI_URL: server.url,
                CONF_OPENAI_API_KEY: "test-old-key-0123456789abcdef",
                CONF_OPENAI_MODEL: "local-model",
            },
        )
        assert entry.runtime_data.llm is not None
        watch = ModelWatch(hass_core, entry, entry.runtime_data.llm)
        await watch.async_check()
        await hass_core.async_block_till_done()
    flows = hass_core.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["step_id"] == "reauth_openai"
