"""Tests of AutoArr's AI Task entity against the scripted Ollama server."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.components import ai_task
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, llm
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
)
from tests.support.agent_fixtures import hub_data, ollama
from tests.support.arr_sim import RadarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply, refusing_url

__all__ = ["loopback_sockets", "ollama", "radarr", "setup_entry"]

TASK_SUBENTRY = ConfigSubentryData(
    data={}, subentry_type="ai_task_data", title="AutoArr AI Task", unique_id=None
)


def task_entity_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """Return the entry's AI task entity."""
    return next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "ai_task"
    )


@pytest.fixture
async def task_entity(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> str:
    """Set up AutoArr with an AI task agent; return its entity id."""
    entry = await setup_entry(
        radarr_subentry(radarr),
        TASK_SUBENTRY,
        data=hub_data(ollama.url),
    )
    return task_entity_id(hass_core, entry)


async def test_text_task(
    hass_core: HomeAssistant, task_entity: str, ollama: OllamaServer
) -> None:
    """A task without structure returns the model's text."""
    ollama.script(Reply("Three movies are coming."))
    result = await ai_task.async_generate_data(
        hass_core,
        task_name="summary",
        entity_id=task_entity,
        instructions="Summarise what is coming.",
    )
    assert result.data == "Three movies are coming."
    request = ollama.chat_requests()[0]
    assert request["messages"][-1] == {
        "role": "user",
        "content": "Summarise what is coming.",
    }
    assert not request.get("format")


async def test_structured_task(
    hass_core: HomeAssistant, task_entity: str, ollama: OllamaServer
) -> None:
    """A structured task sends the JSON schema and parses the answer."""
    ollama.script(Reply(json.dumps({"title": "Dune", "count": 2})))
    result = await ai_task.async_generate_data(
        hass_core,
        task_name="structured",
        entity_id=task_entity,
        instructions="Name a movie and a count.",
        structure=probatio.Schema(
            {probatio.Required("title"): str, probatio.Required("count"): int}
        ),
    )
    assert result.data == {"title": "Dune", "count": 2}
    schema = ollama.chat_requests()[0]["format"]
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"title", "count"}
    assert sorted(schema["required"]) == ["count", "title"]


async def test_structured_task_not_json(
    hass_core: HomeAssistant, task_entity: str, ollama: OllamaServer
) -> None:
    """An answer that is not JSON is a translated error."""
    ollama.script(Reply("not json at all"))
    with pytest.raises(HomeAssistantError) as err:
        await ai_task.async_generate_data(
            hass_core,
            task_name="structured",
            entity_id=task_entity,
            instructions="Name a movie.",
            structure=probatio.Schema({probatio.Required("title"): str}),
        )
    assert err.value.translation_key == "not_json"


async def test_task_with_autoarr_tools(
    hass_core: HomeAssistant, task_entity: str, ollama: OllamaServer
) -> None:
    """A task given the AutoArr API can use its tools."""
    ollama.script(
        Reply(tool_calls=[Call("autoarr__find_media", {"title": "Memento"})]),
        Reply(json.dumps({"in_library": False})),
    )
    api = next(a for a in llm.async_get_apis(hass_core) if a.id == "autoarr")
    result = await ai_task.async_generate_data(
        hass_core,
        task_name="library check",
        entity_id=task_entity,
        instructions="Is Memento in my library?",
        structure=probatio.Schema({probatio.Required("in_library"): bool}),
        llm_api=api,
    )
    assert result.data == {"in_library": False}
    first, second = ollama.chat_requests()
    assert "autoarr__find_media" in [t["function"]["name"] for t in first["tools"]]
    found = json.loads(second["messages"][-1]["content"])["service_data"]
    assert found["results"][0]["title"] == "Memento"
    assert found["results"][0]["in_library"] is False


async def test_task_without_a_model(
    hass_core: HomeAssistant, setup_entry: Any, radarr: RadarrSimulator
) -> None:
    """No reachable model: a translated error."""
    entry = await setup_entry(
        radarr_subentry(radarr),
        TASK_SUBENTRY,
        data=hub_data(refusing_url()),
    )
    with pytest.raises(HomeAssistantError) as err:
        await ai_task.async_generate_data(
            hass_core,
            task_name="x",
            entity_id=task_entity_id(hass_core, entry),
            instructions="Anything.",
        )
    assert err.value.translation_key == "model_unavailable"
