"""An agent preferring a provider still shares the entry's circuit breakers.

The hub's chain here is Anthropic then Ollama; the agent prefers Ollama, so
each request goes through a view of the chain with Ollama first. Everything
is real HTTP on 127.0.0.1 against the scripted model servers.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    PROVIDER_ANTHROPIC,
    PROVIDER_OLLAMA,
)
from custom_components.autoarr.llm_providers.fallback import FallbackChain
from custom_components.autoarr.model_runtime import async_agent_models
from tests.entities.conftest import (
    loopback_sockets,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import conversation_subentry
from tests.support.arr_sim import SonarrSimulator
from tests.support.llm_servers import AnthropicServer, Fail, OllamaServer, Reply

__all__ = ["loopback_sockets", "setup_entry", "sonarr"]

API_KEY = "test-api-key-0123456789abcdef"


async def test_requests_share_the_breakers(
    hass_core: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator
) -> None:
    """A failed preferred provider is skipped by the next request, not retried.

    Each request gets a view of the entry's chain: the second one knows
    Ollama failed on the first and goes straight to Anthropic, and the
    entry's chain records both requests (and ends the probe on unload).
    """
    async with (
        OllamaServer() as ollama,
        AnthropicServer(api_key=API_KEY) as anthropic,
    ):
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            conversation_subentry(provider=PROVIDER_OLLAMA, instant_answers=False),
            data={
                CONF_OLLAMA_URL: ollama.url,
                CONF_OLLAMA_MODEL: "qwen2.5:7b",
                CONF_ANTHROPIC_API_KEY: API_KEY,
                CONF_ANTHROPIC_MODEL: "claude-haiku-4-5",
                "anthropic_url": anthropic.url,
            },
        )
        chain = entry.runtime_data.llm
        assert isinstance(chain, FallbackChain)
        ollama_name, anthropic_name = (p.name for p in chain.providers)
        agent_id = next(
            e.entity_id
            for e in er.async_entries_for_config_entry(
                er.async_get(hass_core), entry.entry_id
            )
            if e.domain == conversation.DOMAIN
        )

        async def say(text: str) -> str:
            result = await conversation.async_converse(
                hass_core, text, None, Context(), agent_id=agent_id
            )
            return str(result.response.speech["plain"]["speech"])

        ollama.script(Fail(500))
        anthropic.script(Reply("First."), Reply("Second."))

        assert await say("One question") == "First."
        assert [(a.provider, a.outcome) for a in chain.last_attempts] == [
            (ollama_name, "error"),
            (anthropic_name, "ok"),
        ]
        assert await say("Another question") == "Second."
        assert [(a.provider, a.outcome) for a in chain.last_attempts] == [
            (ollama_name, "skipped"),
            (anthropic_name, "ok"),
        ]
        # Ollama was asked once: the second request did not try it again.
        assert len(ollama.chat_requests()) == 1
        assert len(anthropic.chat_requests()) == 2
        ollama_state = next(s for s in chain.states() if s.name == ollama_name)
        assert ollama_state.cooling_down
        assert ollama_state.failures == 1
        assert chain.last_provider == anthropic_name

        # One background probe for Ollama, owned by the entry's chain.
        probes = set(chain._probes)
        assert len(probes) == 1
        assert await hass_core.config_entries.async_unload(entry.entry_id)
        assert all(probe.done() for probe in probes)


async def test_preference_is_a_view_of_the_entry_chain(
    hass_core: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator
) -> None:
    """No preference (or "auto") is the chain itself; a preference, a view."""
    async with OllamaServer() as ollama, AnthropicServer(api_key=API_KEY) as claude:
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            data={
                CONF_OLLAMA_URL: ollama.url,
                CONF_OLLAMA_MODEL: "qwen2.5:7b",
                CONF_ANTHROPIC_API_KEY: API_KEY,
                CONF_ANTHROPIC_MODEL: "claude-haiku-4-5",
                "anthropic_url": claude.url,
            },
        )
        chain = entry.runtime_data.llm
        assert isinstance(chain, FallbackChain)
        for preferred in (None, "auto", PROVIDER_OLLAMA):  # Ollama is first
            agent_chain = await async_agent_models(
                hass_core, entry, {CONF_PROVIDER: preferred}
            )
            assert agent_chain is chain
        view = await async_agent_models(
            hass_core, entry, {CONF_PROVIDER: PROVIDER_ANTHROPIC}
        )
        assert isinstance(view, FallbackChain)
        assert [p.kind for p in view.providers] == [
            PROVIDER_ANTHROPIC,
            PROVIDER_OLLAMA,
        ]
        assert view.providers[0] is chain.providers[1]
        assert await hass_core.config_entries.async_unload(entry.entry_id)
