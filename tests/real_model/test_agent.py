"""AutoArr's agent end to end against a real llama-server, as Assist uses it.

A Home Assistant with AutoArr set up on the simulated Sonarr and Radarr and
the real llama-server as its only language model; requests go through
`conversation.async_converse`. The chat log's delta listener records what
streamed: the call the model made, the tool's result, the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.autoarr.agent.tools import TOOLS
from custom_components.autoarr.const import (
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ITERATIONS,
)
from custom_components.autoarr.conversation import AutoArrConversationEntity
from custom_components.autoarr.llm_providers.fallback import FallbackChain
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llama_server import RealLlamaServer
from tests.support.llama_steer import SteeredLlama
from tests.test_conversation import conversation_subentry, satellite_chat_session

from .test_llama_server import CALL_REQUEST

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(600)]


def llama_hub(server: RealLlamaServer | SteeredLlama) -> dict[str, Any]:
    """Return hub data with the llama-server (or a proxy to it) as the only
    language model."""
    return {
        "provider": "openai_compat",
        "fallback_order": ["openai_compat"],
        "openai_compat_url": server.url,
        "openai_compat_model": server.model,
    }


async def converse(
    hass: HomeAssistant, agent_id: str, text: str, language: str = "en"
) -> tuple[conversation.ConversationResult, list[dict[str, Any]]]:
    """Send one request as Assist would; return the result and the deltas."""
    deltas: list[dict[str, Any]] = []
    with (
        satellite_chat_session(hass) as session,
        conversation.async_get_chat_log(
            hass,
            session,
            chat_log_delta_listener=lambda _log, delta: deltas.append(delta),
        ),
    ):
        result = await conversation.async_converse(
            hass,
            text,
            session.conversation_id,
            Context(),
            language=language,
            agent_id=agent_id,
        )
    return result, deltas


@dataclass
class LlamaAgent:
    """AutoArr set up with the real llama-server as its only model."""

    hass: HomeAssistant
    entity_id: str
    chain: FallbackChain

    @property
    def entity(self) -> AutoArrConversationEntity:
        """Return the agent entity."""
        entity = self.hass.data[conversation.DATA_COMPONENT].get_entity(self.entity_id)
        assert isinstance(entity, AutoArrConversationEntity)
        return entity

    async def say(
        self, text: str, language: str = "en"
    ) -> tuple[conversation.ConversationResult, list[dict[str, Any]]]:
        """Send one request as Assist would; return the result and deltas."""
        return await converse(self.hass, self.entity_id, text, language)


async def llama_agent(
    hass: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    server: RealLlamaServer | SteeredLlama,
    max_tokens: int,
) -> LlamaAgent:
    """Set up AutoArr with an agent that always asks the model.

    Small output limits and two tool rounds keep each request short on a
    CI machine; the output limit is the agent's own option.
    """
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        conversation_subentry(
            **{
                CONF_INSTANT_ANSWERS: False,
                CONF_MAX_TOOL_ITERATIONS: 2,
                CONF_MAX_TOKENS: max_tokens,
            }
        ),
        data=llama_hub(server),
    )
    registry = er.async_get(hass)
    entity_id = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == "conversation"
    )
    chain = entry.runtime_data.llm
    assert isinstance(chain, FallbackChain)
    return LlamaAgent(hass, entity_id, chain)


async def test_a_tool_call_its_result_and_a_streamed_answer(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    llama_server: RealLlamaServer,
) -> None:
    """Through Assist: the model calls a tool, the call runs, its result goes
    back to the server, and the next round streams into the chat log."""
    agent = await llama_agent(
        hass_core, setup_entry, sonarr, radarr, llama_server, max_tokens=48
    )
    result, deltas = await agent.say(CALL_REQUEST)

    calls = [call for d in deltas for call in d.get("tool_calls") or []]
    assert calls, deltas
    assert calls[0].tool_name in {tool.name for tool in TOOLS}
    results = [d for d in deltas if d.get("role") == "tool_result"]
    assert results, deltas
    assert results[0]["tool_call_id"] == calls[0].id
    stats = agent.entity.last_stats
    assert stats is not None
    # The tool's result was sent back: a second round, which the server
    # answered (its usage counted) and whose output reached the chat log.
    assert stats.rounds >= 2
    assert stats.usage.prompt_tokens > 800
    after = deltas[deltas.index(results[0]) + 1 :]
    assert any(d.get("content") or d.get("tool_calls") for d in after) or (
        stats.repairs == 1
    ), deltas
    assert result.response.speech["plain"]["speech"]
    assert not any(state.cooling_down for state in agent.chain.states())
