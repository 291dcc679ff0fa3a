"""An agent's Claude options, as they reach the Messages API.

The agent's own Claude model, and extended thinking with its budget: the
budget in the request (on top of the answer's limit), Claude's signed
reasoning carried back with the tool call it made in the next round, and
no thinking asked for in a round that continues a call another provider
made. The scripted Anthropic server refuses what the API refuses (a bad
budget, a tool call sent back without its signed reasoning).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import hashlib
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_MAX_TOKENS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    CONF_THINKING_BUDGET,
    PROVIDER_ANTHROPIC,
)
from tests.entities.conftest import (
    SetupEntry,
    loopback_sockets,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import SonarrSimulator
from tests.support.llm_servers import AnthropicServer, Call, Fail, OllamaServer, Reply
from tests.support.llm_servers.anthropic import TEST_API_KEY as API_KEY
from tests.test_agent_models import HUB_MODEL, agent, entity_ids, say

__all__ = ["loopback_sockets", "setup_entry", "sonarr"]

HUB_CLAUDE = "claude-haiku-4-5"
AGENT_CLAUDE = "claude-sonnet-5-5"
REASONING = "The user asks what is missing: the missing tool says."


@pytest.fixture
async def claude() -> AsyncIterator[AnthropicServer]:
    """Serve a scripted Messages API."""
    async with AnthropicServer(api_key=API_KEY) as server:
        yield server


def hub(claude: AnthropicServer, **more: Any) -> dict[str, Any]:
    """Return the hub's data with Claude (and what else is given)."""
    return {
        CONF_ANTHROPIC_API_KEY: API_KEY,
        CONF_ANTHROPIC_MODEL: HUB_CLAUDE,
        "anthropic_url": claude.url,
        **more,
    }


async def test_an_agents_own_claude_model(
    hass_core: HomeAssistant, setup_entry: SetupEntry, claude: AnthropicServer
) -> None:
    """The agent's model is sent; the hub's for an agent without one; no thinking."""
    entry = await setup_entry(
        agent("Own", **{CONF_ANTHROPIC_MODEL: AGENT_CLAUDE}),
        agent("Hub's"),
        data=hub(claude),
    )
    own, hubs = entity_ids(hass_core, entry, "conversation")
    claude.script(Reply("From Sonnet."), Reply("From Haiku."))

    assert await say(hass_core, own, "Tell me something") == "From Sonnet."
    assert await say(hass_core, hubs, "Tell me something") == "From Haiku."
    first, second = claude.chat_requests()
    assert first["model"] == AGENT_CLAUDE
    assert second["model"] == HUB_CLAUDE
    assert "thinking" not in first
    assert "thinking" not in second


async def test_extended_thinking_round_trips_its_signature(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    claude: AnthropicServer,
) -> None:
    """The budget is asked for; the signed reasoning goes back with the call."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        agent(
            "Thinker",
            **{
                CONF_ANTHROPIC_MODEL: AGENT_CLAUDE,
                CONF_THINKING_BUDGET: 2048,
                CONF_MAX_TOKENS: 200,
            },
        ),
        data=hub(claude),
    )
    (agent_id,) = entity_ids(hass_core, entry, "conversation")
    claude.script(
        Reply(thinking=REASONING, tool_calls=[Call("autoarr__missing", {})]),
        Reply(thinking="Now I can answer.", text="Nothing is missing."),
    )

    assert await say(hass_core, agent_id, "What am I missing?") == (
        "Nothing is missing."
    )
    first, second = claude.chat_requests()
    for request in (first, second):
        assert request["model"] == AGENT_CLAUDE
        assert request["thinking"] == {"type": "enabled", "budget_tokens": 2048}
        # The answer's limit, with the budget on top.
        assert request["max_tokens"] == 2248
        assert "temperature" not in request
    assistant = next(m for m in second["messages"] if m["role"] == "assistant")
    reasoning, call = assistant["content"]
    assert reasoning == {
        "type": "thinking",
        "thinking": REASONING,
        "signature": hashlib.sha256(REASONING.encode()).hexdigest(),
    }
    assert call["type"] == "tool_use"
    assert call["name"] == "autoarr__missing"


async def test_no_thinking_after_a_call_another_model_made(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    claude: AnthropicServer,
) -> None:
    """Claude continuing Ollama's tool call is not asked to think in that round.

    The API refuses thinking when the tool call it continues came without
    signed reasoning; the next request thinks again.
    """
    async with OllamaServer() as ollama:
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            agent("Local first", **{CONF_THINKING_BUDGET: 1024}),
            data=hub(
                claude, **{CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: HUB_MODEL}
            ),
        )
        (agent_id,) = entity_ids(hass_core, entry, "conversation")
        ollama.script(
            Reply(tool_calls=[Call("autoarr__missing", {})]),
            Fail(500, "the model runner crashed"),
        )
        claude.script(Reply("Nothing is missing."), Reply("Hello."))
        assert await say(hass_core, agent_id, "What am I missing?") == (
            "Nothing is missing."
        )
        # Ollama is on its cooldown now: Claude answers, thinking again.
        assert await say(hass_core, agent_id, "Hello") == "Hello."
    continued, fresh = claude.chat_requests()
    assert "thinking" not in continued
    assert continued["max_tokens"] == 300
    assert fresh["thinking"] == {"type": "enabled", "budget_tokens": 1024}


async def test_claude_preferred_with_a_budget_in_the_chain(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    claude: AnthropicServer,
) -> None:
    """A thinking budget set with Claude preferred reaches Claude first."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        agent(
            "Claude first",
            **{CONF_PROVIDER: PROVIDER_ANTHROPIC, CONF_THINKING_BUDGET: 4096},
        ),
        data=hub(claude, **{CONF_OLLAMA_URL: "http://127.0.0.1:9"}),
    )
    (agent_id,) = entity_ids(hass_core, entry, "conversation")
    claude.script(Reply(thinking="Short.", text="Hi."))
    assert await say(hass_core, agent_id, "Hello") == "Hi."
    (request,) = claude.chat_requests()
    assert request["thinking"] == {"type": "enabled", "budget_tokens": 4096}
    assert request["max_tokens"] == 4396
