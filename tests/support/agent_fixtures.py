"""What the agent tests set up alike: a scripted Ollama, a hub, an agent.

`ollama` serves a scripted Ollama (a test scripts it, or asks nothing of it
when every answer is instant). `conversation_subentry` is an agent's
subentry, `hub_data` the hub's data naming that Ollama as its model;
`conversation_agent` finds an entry's agent; `setup_agent` sets AutoArr up
with some services and one conversation agent and returns the agent's
entity id. A test module imports the fixture by name
(and lists it in `__all__`), as it does those of `tests/entities/conftest.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentryData
from homeassistant.const import CONF_LLM_HASS_API
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.autoarr.const import CONF_OLLAMA_MODEL, CONF_OLLAMA_URL
from tests.support.llm_servers import OllamaServer

# The model the hub names: the scripted Ollama answers whatever it is.
MODEL = "qwen2.5:7b"


@pytest.fixture
async def ollama() -> AsyncIterator[OllamaServer]:
    """Serve a scripted Ollama."""
    async with OllamaServer() as server:
        yield server


def conversation_subentry(**data: Any) -> ConfigSubentryData:
    """Return an AutoArr conversation subentry (an agent) with options `data`."""
    return ConfigSubentryData(
        data={CONF_LLM_HASS_API: [], **data},
        subentry_type="conversation",
        title="AutoArr",
        unique_id=None,
    )


def hub_data(ollama_url: str) -> dict[str, Any]:
    """Return the hub's data: its model is the Ollama at `ollama_url`."""
    return {CONF_OLLAMA_URL: ollama_url, CONF_OLLAMA_MODEL: MODEL}


def conversation_agent(hass: HomeAssistant, entry: ConfigEntry) -> str:
    """Return the entity id of the entry's (first) conversation agent."""
    return next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "conversation"
    )


async def setup_agent(
    hass: HomeAssistant,
    setup_entry: Any,
    *subentries: Any,
    ollama_url: str,
    **options: Any,
) -> str:
    """Set AutoArr up with services and an agent (its options); return its id.

    `setup_entry` is the fixture of `tests/entities/conftest.py`; the hub's
    model is the Ollama at `ollama_url` (a refusing one: no model answers).
    """
    entry = await setup_entry(
        *subentries, conversation_subentry(**options), data=hub_data(ollama_url)
    )
    return conversation_agent(hass, entry)
