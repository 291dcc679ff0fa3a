"""Each agent's model options, as they reach the model servers.

Two agents on one Ollama with two models and their own context window,
keep-alive, thinking, temperature and output limit; an agent preferring an
OpenAI-compatible server with its own model; an agent's read timeout. Each
request is read back from the scripted servers (tests/support), so every
option is checked on the wire.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from homeassistant.components import ai_task, conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_INSTANT_ANSWERS,
    CONF_KEEP_ALIVE,
    CONF_MAX_TOKENS,
    CONF_NUM_CTX,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_OPENAI_MODEL,
    CONF_OPENAI_URL,
    CONF_PROVIDER,
    CONF_PROVIDER_ORDER,
    CONF_READ_TIMEOUT,
    CONF_TEMPERATURE,
    CONF_THINK,
    PROVIDER_ANTHROPIC,
    PROVIDER_OLLAMA,
    PROVIDER_OPENAI,
)
from custom_components.autoarr.diagnostics import async_get_config_entry_diagnostics
from tests.entities.conftest import (
    SetupEntry,
    loopback_sockets,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import SonarrSimulator
from tests.support.llm_servers import AnthropicServer, Fail, Hang, OllamaServer, Reply
from tests.support.llm_servers.anthropic import TEST_API_KEY
from tests.support.llm_servers.ollama import OllamaModel
from tests.support.llm_servers.openai import OpenAIServer

__all__ = ["loopback_sockets", "setup_entry", "sonarr"]

HUB_MODEL = "qwen2.5:7b"
OTHER_MODEL = "llama3.1:8b"


def agent(title: str, kind: str = "conversation", **data: Any) -> ConfigSubentryData:
    """Return an agent subentry that always asks the model."""
    if kind == "conversation":
        data = {CONF_INSTANT_ANSWERS: False, **data}
    return ConfigSubentryData(
        data=data, subentry_type=kind, title=title, unique_id=None
    )


def entity_ids(hass: HomeAssistant, entry: MockConfigEntry, domain: str) -> list[str]:
    """Return the entry's entities of a domain, in the order of their subentries."""
    registry = er.async_get(hass)
    by_subentry = {
        e.config_subentry_id: e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == domain
    }
    return [by_subentry[s] for s in entry.subentries if s in by_subentry]


async def say(hass: HomeAssistant, agent_id: str, text: str) -> str:
    """Ask an agent as Assist would; return what it said."""
    result = await conversation.async_converse(
        hass, text, None, Context(), language="en", agent_id=agent_id
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture
async def ollama() -> AsyncIterator[OllamaServer]:
    """Serve an Ollama with two models."""
    async with OllamaServer(
        models={HUB_MODEL: OllamaModel(), OTHER_MODEL: OllamaModel(family="llama")}
    ) as server:
        yield server


async def test_two_agents_two_models_on_one_ollama(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
) -> None:
    """Each agent's model and options are in its requests; the hub's otherwise."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        agent(
            "Tuned",
            **{
                CONF_OLLAMA_MODEL: OTHER_MODEL,
                CONF_NUM_CTX: 4096,
                CONF_KEEP_ALIVE: 600,
                CONF_THINK: True,
                CONF_TEMPERATURE: 0.2,
                CONF_MAX_TOKENS: 120,
            },
        ),
        agent("Plain"),
        data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: HUB_MODEL},
    )
    tuned, plain = entity_ids(hass_core, entry, "conversation")
    ollama.script(Reply("From the tuned one."), Reply("From the plain one."))

    assert await say(hass_core, tuned, "Tell me about my shows") == (
        "From the tuned one."
    )
    assert await say(hass_core, plain, "Tell me about my shows") == (
        "From the plain one."
    )
    first, second = ollama.chat_requests()
    assert first["model"] == OTHER_MODEL
    assert first["options"] == {
        "num_ctx": 4096,
        "temperature": 0.2,
        "num_predict": 120,
    }
    assert first["keep_alive"] == 600
    assert first["think"] is True
    # The plain agent: the hub's model and the providers' defaults.
    assert second["model"] == HUB_MODEL
    assert second["options"] == {"num_ctx": 8192, "num_predict": 300}
    assert second["keep_alive"] == -1
    assert second["think"] is False

    # Diagnostics show each agent's options and the chain built for them.
    diagnostics = await async_get_config_entry_diagnostics(hass_core, entry)
    tuned_data = next(
        sub["data"]
        for sub in diagnostics["subentries"].values()
        if sub["title"] == "Tuned"
    )
    assert tuned_data[CONF_NUM_CTX] == 4096
    assert [chain["model"] for chain in diagnostics["agent_llms"]] == [OTHER_MODEL]


async def test_an_agent_prefers_the_openai_compatible_server(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
) -> None:
    """The server first, with the agent's model, temperature and output limit."""
    async with OpenAIServer(models=("served-model", "other-model")) as server:
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            agent(
                "Local server",
                **{
                    CONF_PROVIDER: PROVIDER_OPENAI,
                    CONF_OPENAI_MODEL: "other-model",
                    CONF_TEMPERATURE: 0.7,
                    CONF_MAX_TOKENS: 64,
                },
            ),
            data={
                CONF_OLLAMA_URL: ollama.url,
                CONF_OLLAMA_MODEL: HUB_MODEL,
                CONF_OPENAI_URL: server.url,
                CONF_OPENAI_MODEL: "served-model",
            },
        )
        (agent_id,) = entity_ids(hass_core, entry, "conversation")
        server.script(Reply("From the server."))
        assert await say(hass_core, agent_id, "Tell me something") == (
            "From the server."
        )
        (request,) = server.chat_requests()
    assert ollama.chat_requests() == []
    assert request["model"] == "other-model"
    assert request["temperature"] == 0.7
    assert request["max_tokens"] == 64


async def test_an_agents_read_timeout(
    hass_core: HomeAssistant, setup_entry: SetupEntry, ollama: OllamaServer
) -> None:
    """A server silent for longer than the agent's read timeout counts as down.

    No service here: the simulators freeze the clock, and a timeout needs
    it to run.
    """
    entry = await setup_entry(
        # Shorter than the form allows, to keep the test short.
        agent("Impatient", **{CONF_READ_TIMEOUT: 0.2}),
        data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: HUB_MODEL},
    )
    (agent_id,) = entity_ids(hass_core, entry, "conversation")
    ollama.script(Hang())
    said = await say(hass_core, agent_id, "Tell me something")
    assert said == spoken("en", "model_unavailable")


async def test_an_ai_tasks_output_limit_and_temperature(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
) -> None:
    """An AI task sends its own limit and temperature; without them, none."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        agent(
            "Task",
            "ai_task_data",
            **{CONF_MAX_TOKENS: 900, CONF_TEMPERATURE: 0.0},
        ),
        agent("Default task", "ai_task_data"),
        data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: HUB_MODEL},
    )
    tuned, default = entity_ids(hass_core, entry, "ai_task")
    ollama.script(Reply("Done."), Reply("Done too."))
    for entity_id in (tuned, default):
        await ai_task.async_generate_data(
            hass_core, task_name="t", entity_id=entity_id, instructions="Summarise."
        )
    first, second = ollama.chat_requests()
    assert first["options"] == {"num_ctx": 8192, "temperature": 0.0, "num_predict": 900}
    assert second["options"] == {"num_ctx": 8192}


async def test_an_agents_full_order_of_models(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
) -> None:
    """Each agent's models answer in its order; those left out never answer.

    Claude then the server (the hub's chain, seen in the agent's order);
    Ollama alone (its failure is told, no other model asked); and the server
    then Ollama in a chain of the agent's own (it has a read timeout).
    """
    async with (
        OpenAIServer(models=("served-model",)) as server,
        AnthropicServer(api_key=TEST_API_KEY) as claude,
    ):
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            agent(
                "Cloud first",
                **{CONF_PROVIDER_ORDER: [PROVIDER_ANTHROPIC, PROVIDER_OPENAI]},
            ),
            agent("Ollama only", **{CONF_PROVIDER_ORDER: [PROVIDER_OLLAMA]}),
            agent(
                "Server then Ollama",
                **{
                    CONF_PROVIDER_ORDER: [PROVIDER_OPENAI, PROVIDER_OLLAMA],
                    CONF_READ_TIMEOUT: 60,
                },
            ),
            data={
                CONF_OLLAMA_URL: ollama.url,
                CONF_OLLAMA_MODEL: HUB_MODEL,
                CONF_OPENAI_URL: server.url,
                CONF_OPENAI_MODEL: "served-model",
                CONF_ANTHROPIC_API_KEY: TEST_API_KEY,
                "anthropic_url": claude.url,
            },
        )
        cloud_first, ollama_only, server_first = entity_ids(
            hass_core, entry, "conversation"
        )
        claude.script(Fail(500, "overloaded"))
        server.script(Reply("From the server."), Fail(500, "crashed"))
        assert await say(hass_core, cloud_first, "Hello") == "From the server."
        assert len(claude.chat_requests()) == 1
        assert ollama.chat_requests() == []

        ollama.script(Fail(500, "out of memory"), Reply("From Ollama."))
        said = await say(hass_core, ollama_only, "Hello")
        assert said == spoken("en", "model_unavailable")
        assert len(server.chat_requests()) == 1
        assert len(claude.chat_requests()) == 1

        assert await say(hass_core, server_first, "Hello") == "From Ollama."
        assert len(server.chat_requests()) == 2
        assert len(ollama.chat_requests()) == 2
        assert len(claude.chat_requests()) == 1
