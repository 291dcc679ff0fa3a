"""A llama.cpp user (no Ollama) sets AutoArr up in the UI and talks to it.

The hub flow as the frontend drives it, with the real llama-server's URL as
the only language model and a simulated Sonarr; then a request through
`conversation.async_converse` that the model answers with a tool call.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.autoarr.agent.tools import TOOLS
from custom_components.autoarr.const import (
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OPENAI_MODEL,
    CONF_OPENAI_URL,
    CONF_PROVIDER,
    CONF_READ_TIMEOUT,
    DOMAIN,
    PROVIDER_OPENAI,
    SUBENTRY_CONVERSATION,
)
from custom_components.autoarr.llm_providers.fallback import FallbackChain
from tests.entities.conftest import loopback_sockets, sonarr
from tests.support.arr_sim import SonarrSimulator
from tests.support.llama_server import RealLlamaServer

from .test_agent import converse
from .test_llama_server import CALL_REQUEST

__all__ = ["loopback_sockets", "sonarr"]

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(600)]


async def _configure(hass: HomeAssistant, flow_id: str, data: dict[str, Any]) -> Any:
    return await hass.config_entries.flow.async_configure(flow_id, data)


async def test_set_up_in_the_ui_with_llama_server_and_talk(
    hass_core: HomeAssistant,
    sonarr: SonarrSimulator,
    llama_server: RealLlamaServer,
) -> None:
    """The flow lists the server's model; the agent it creates uses the server."""
    hass = hass_core
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await _configure(
        hass, result["flow_id"], {CONF_OPENAI_URL: llama_server.url}
    )
    assert result["step_id"] == "models"
    assert [str(marker) for marker in result["data_schema"].schema] == [
        CONF_OPENAI_MODEL
    ]
    (model,) = next(iter(result["data_schema"].schema.values())).config["options"]
    result = await _configure(hass, result["flow_id"], {CONF_OPENAI_MODEL: model})
    assert result["step_id"] == "services"
    result = await _configure(hass, result["flow_id"], {"next_step_id": "sonarr"})
    result = await _configure(
        hass,
        result["flow_id"],
        {"name": "Sonarr", "url": sonarr.url, "api_key": sonarr.api_key},
    )
    result = await _configure(hass, result["flow_id"], {"next_step_id": "finish"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data == {CONF_OPENAI_URL: llama_server.url, CONF_OPENAI_MODEL: model}

    # The agent's options, in its own flow: the server first, two rounds, a
    # short output limit (a CI machine's time), and no instant answers, so
    # that the request goes to the model.
    agent = next(
        sub
        for sub in entry.subentries.values()
        if sub.subentry_type == SUBENTRY_CONVERSATION
    )
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CONVERSATION),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": agent.subentry_id},
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "AutoArr",
            CONF_PROVIDER: PROVIDER_OPENAI,
            CONF_MAX_TOOL_ITERATIONS: 2,
            CONF_INSTANT_ANSWERS: False,
            CONF_MAX_TOKENS: 48,
            CONF_READ_TIMEOUT: 300,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    entity_id = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "conversation"
    )
    answer, deltas = await converse(hass, entity_id, CALL_REQUEST)
    calls = [call for d in deltas for call in d.get("tool_calls") or []]
    assert calls, deltas
    assert calls[0].tool_name in {tool.name for tool in TOOLS}
    assert answer.response.speech["plain"]["speech"]
    # The agent's own chain, built from the options of its form.
    (chain,) = entry.runtime_data.agent_llms.values()
    assert isinstance(chain, FallbackChain)
    assert [p.kind for p in chain.providers] == [PROVIDER_OPENAI]
    assert chain.last_provider == PROVIDER_OPENAI
