"""End-to-end tests of AutoArr's conversation agent.

Everything is real HTTP on 127.0.0.1: the Sonarr and Radarr simulators, and
the scripted Ollama- and Anthropic-protocol servers; conversations go
through `conversation.async_converse` as Assist sends them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
import inspect
import json
from typing import Any

from homeassistant.components import conversation
from homeassistant.components.conversation.agent_manager import get_agent_manager
from homeassistant.const import CONF_LLM_HASS_API
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import chat_session, entity_registry as er, llm
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.agent.prompt import API_PROMPT, SYSTEM_PROMPT
from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.agent.tools import TOOLS, json_schema
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    DOMAIN,
)
from custom_components.autoarr.conversation import AutoArrConversationEntity
from custom_components.autoarr.llm_api import probatio_schema
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    sabnzbd,
    sabnzbd_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import (
    conversation_agent,
    conversation_subentry,
    hub_data,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.ha_llm import merged_name, offered_as
from tests.support.llm_servers import (
    AnthropicServer,
    Call,
    Fail,
    OllamaServer,
    Reply,
    refusing_url,
)
from tests.support.sabnzbd import RealSabnzbd

__all__ = [
    "loopback_sockets",
    "radarr",
    "sabnzbd",
    "setup_entry",
    "sonarr",
]

API_KEY = "test-api-key-0123456789abcdef"


@dataclass
class Agent:
    """A loaded entry with its agent and model servers."""

    hass: HomeAssistant
    entry: MockConfigEntry
    entity_id: str
    ollama: OllamaServer
    anthropic: AnthropicServer
    sonarr: SonarrSimulator
    radarr: RadarrSimulator

    @property
    def entity(self) -> AutoArrConversationEntity:
        """Return the agent entity."""
        entity = self.hass.data[conversation.DATA_COMPONENT].get_entity(self.entity_id)
        assert isinstance(entity, AutoArrConversationEntity)
        return entity

    async def say(
        self, text: str, language: str = "en", conversation_id: str | None = None
    ) -> conversation.ConversationResult:
        """Send a sentence to the agent as Assist would."""
        return await conversation.async_converse(
            self.hass,
            text,
            conversation_id,
            Context(),
            language=language,
            agent_id=self.entity_id,
        )


def speech_of(result: conversation.ConversationResult) -> str:
    """Return what the agent said."""
    return str(result.response.speech["plain"]["speech"])


@pytest.fixture
async def model_servers() -> AsyncIterator[tuple[OllamaServer, AnthropicServer]]:
    """Serve a scripted Ollama and a scripted Anthropic API."""
    async with OllamaServer() as ollama, AnthropicServer(api_key=API_KEY) as anthropic:
        yield ollama, anthropic


@pytest.fixture
async def agent(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    model_servers: tuple[OllamaServer, AnthropicServer],
) -> Agent:
    """Set up AutoArr with both arrs, both model servers and an agent."""
    ollama, anthropic = model_servers
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        conversation_subentry(),
        data={
            **hub_data(ollama.url),
            CONF_ANTHROPIC_API_KEY: API_KEY,
            CONF_ANTHROPIC_MODEL: "claude-haiku-4-5",
            "anthropic_url": anthropic.url,
        },
    )
    entity_id = conversation_agent(hass_core, entry)
    return Agent(hass_core, entry, entity_id, ollama, anthropic, sonarr, radarr)


async def test_instant_answers_need_no_model(agent: Agent) -> None:
    """Common requests are answered from the services, in both languages."""
    result = await agent.say("Is Severance in my library?")
    assert speech_of(result).startswith("Yes, Severance (")
    result = await agent.say("Ist Oppenheimer in meiner Bibliothek?", "de")
    assert speech_of(result).startswith(
        "Ja, Oppenheimer (2023) ist in deiner Bibliothek"
    )
    result = await agent.say("What's on this week?")
    assert speech_of(result).startswith(("This week: ", "Nothing is coming out"))
    assert agent.entity.answered_by == "instant"
    assert agent.ollama.chat_requests() == []
    assert agent.anthropic.chat_requests() == []
    # Without Home Assistant's Assist API it does not control the home.
    assert not agent.entity.supported_features


async def test_add_movie_instantly_with_a_question(agent: Agent) -> None:
    """Add the movie X adds it; an unclear title gets a question, then added."""
    result = await agent.say("Add the movie The Prestige")
    assert (
        speech_of(result) == "Added The Prestige (2006) and started searching for it."
    )
    # Radarr now has it (asked through Radarr's API, as any client would).
    result = await agent.say("Is The Prestige in my library?")
    assert speech_of(result).startswith("Yes, The Prestige (2006) is in your library")

    result = await agent.say("Download the show Breaking")
    said = speech_of(result)
    assert said == (
        "Did you mean Breaking Bad (2008, series, in your library) or "
        "Breaking Point (2019, series)?"
    )
    assert result.continue_conversation is True
    answer = await agent.say("Breaking Point", conversation_id=result.conversation_id)
    assert speech_of(answer).startswith("Added Breaking Point (")
    assert agent.ollama.chat_requests() == []


async def test_model_calls_a_tool_and_streams_the_answer(agent: Agent) -> None:
    """An open question goes to the model, which uses a tool, then answers."""
    agent.ollama.script(
        Reply(tool_calls=[Call("autoarr__missing", {})]),
        Reply("You are missing a few episodes of your shows.", chunks=4),
    )
    result = await agent.say("Anything I still need to get for my shows?")
    assert speech_of(result) == "You are missing a few episodes of your shows."
    requests = agent.ollama.chat_requests()
    assert len(requests) == 2
    first, second = requests
    assert first["messages"][0]["role"] == "system"
    system = first["messages"][0]["content"]
    assert system == f"{SYSTEM_PROMPT}\n{API_PROMPT}"
    tool_names = [tool["function"]["name"] for tool in first["tools"]]
    assert tool_names == [
        "autoarr__add_media",
        "autoarr__downloads",
        "autoarr__upcoming",
        "autoarr__missing",
        "autoarr__control_downloads",
        "autoarr__find_media",
        "llm__GetDateTime",
    ]
    tool_result = second["messages"][-1]
    assert tool_result["role"] == "tool"
    assert json.loads(tool_result["content"])["service_data"]["total"] >= 0
    assert agent.entity.answered_by == agent.entry.runtime_data.llm.providers[0].name


async def test_prompt_prefix_is_identical_across_turns(agent: Agent) -> None:
    """System prompt and tools are byte-identical on every turn (cacheable)."""
    agent.ollama.script(Reply("First."), Reply("Second."))
    first = await agent.say("Tell me something about my media server.")
    await agent.say("And something else?", conversation_id=first.conversation_id)
    one, two = agent.ollama.chat_requests()
    assert json.dumps(one["messages"][0]) == json.dumps(two["messages"][0])
    assert json.dumps(one["tools"]) == json.dumps(two["tools"])
    # The second turn extends the first: the history is a prefix.
    assert two["messages"][: len(one["messages"])] == one["messages"]


async def test_malformed_tool_call_is_returned_to_the_model(agent: Agent) -> None:
    """Garbled arguments come back as a tool error; the model then recovers."""
    agent.ollama.script(
        Reply(tool_calls=[Call("autoarr__upcoming", "{days: seven")]),
        Reply(tool_calls=[Call("autoarr__upcoming", {"days": "7"})]),
        Reply("Nothing special is coming."),
    )
    result = await agent.say("What will air soon, roughly?")
    assert speech_of(result) == "Nothing special is coming."
    requests = agent.ollama.chat_requests()
    assert len(requests) == 3
    error = json.loads(requests[1]["messages"][-1]["content"])
    assert error["error"] == "arguments are not valid JSON"
    data = json.loads(requests[2]["messages"][-1]["content"])["service_data"]
    assert "items" in data


async def test_bad_tool_arguments_are_an_error_the_model_reads(agent: Agent) -> None:
    """Arguments outside the schema are answered with what is wrong."""
    agent.ollama.script(
        Reply(tool_calls=[Call("autoarr__upcoming", {"days": 400})]),
        Reply("Sorry."),
    )
    await agent.say("What airs in the next 400 days?")
    error = json.loads(agent.ollama.chat_requests()[1]["messages"][-1]["content"])
    assert error == {"error": "days must be at most 31"}


async def test_fails_over_to_anthropic(agent: Agent) -> None:
    """When Ollama fails, the Anthropic-protocol server answers."""
    agent.ollama.script(Fail(500))
    agent.anthropic.script(Reply("Claude here."))
    result = await agent.say("Who answers this?")
    assert speech_of(result) == "Claude here."
    assert len(agent.anthropic.chat_requests()) == 1
    assert agent.entity.answered_by == agent.entry.runtime_data.llm.providers[1].name


async def test_no_model_still_serves_instant_answers(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """With no model reachable, instant answers work and the rest says so."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        conversation_subentry(),
        data=hub_data(refusing_url()),
    )
    entity_id = conversation_agent(hass_core, entry)

    async def say(text: str, language: str = "en") -> str:
        result = await conversation.async_converse(
            hass_core, text, None, Context(), language=language, agent_id=entity_id
        )
        return speech_of(result)

    assert (await say("Is Severance in my library?")).startswith("Yes")
    assert await say("Write me a poem about my shows") == (
        "I can only answer the quick questions right now, because no language "
        "model is reachable."
    )
    assert (await say("Schreib mir ein Gedicht", "de")).startswith(
        "Gerade kann ich nur die schnellen Fragen beantworten"
    )


async def test_builtin_agent_answers_instant_sentences(agent: Agent) -> None:
    """Home Assistant's own agent answers AutoArr's sentences too."""
    result = await conversation.async_converse(
        agent.hass, "is Severance in my library", None, Context(), language="en"
    )
    assert speech_of(result).startswith("Yes, Severance (")
    result = await conversation.async_converse(
        agent.hass, "habe ich Oppenheimer", None, Context(), language="de"
    )
    assert speech_of(result).startswith("Ja, Oppenheimer")
    result = await conversation.async_converse(
        agent.hass, "add the movie Memento", None, Context(), language="en"
    )
    assert speech_of(result) == "Added Memento (2000) and started searching for it."
    assert agent.ollama.chat_requests() == []
    result = await conversation.async_converse(
        agent.hass, "download the show Breaking", None, Context(), language="en"
    )
    said = speech_of(result)
    # Real choices, what is owned marked; the advice names one to add.
    assert said == (
        "Several match: Breaking Bad (2008, series, in your library) or "
        "Breaking Point (2019, series). Say it again with the year, like "
        '"add the show Breaking Point from 2019".'
    )
    assert result.continue_conversation is False
    # Following the advice, Home Assistant's own agent adds it.
    result = await conversation.async_converse(
        agent.hass,
        "add the show Breaking Point from 2019",
        None,
        Context(),
        language="en",
    )
    assert speech_of(result).startswith("Added Breaking Point (2019)")


async def test_llm_api_registered_and_removed(agent: Agent) -> None:
    """The AutoArr API is offered to other agents while the entry is loaded."""
    assert DOMAIN in [api.id for api in llm.async_get_apis(agent.hass)]
    api = await llm.async_get_api(
        agent.hass,
        DOMAIN,
        llm.LLMContext(
            platform="test",
            context=None,
            language="en",
            assistant="conversation",
            device_id=None,
        ),
    )
    missing = next(t for t in api.tools if t.name == "autoarr__missing")
    assert missing.annotations.read_only is True
    assert missing.integration == DOMAIN
    add = next(t for t in api.tools if t.name == "autoarr__add_media")
    assert add.annotations.read_only is False
    assert add.annotations.destructive is False
    result = await api.async_call_tool(
        llm.ToolInput(tool_name="autoarr__find_media", tool_args={"title": "Memento"})
    )
    assert result.data["service_data"]["results"][0]["title"] == "Memento"

    manager = get_agent_manager(agent.hass)
    assert "is {title} in my (library|collection)" in manager.trigger_sentences
    assert await agent.hass.config_entries.async_unload(agent.entry.entry_id)
    assert DOMAIN not in [api.id for api in llm.async_get_apis(agent.hass)]
    assert manager.trigger_sentences == []


def test_other_agents_get_the_same_schemas() -> None:
    """The schema other agents derive from the API equals what AutoArr sends.

    Home Assistant's agents convert `Tool.parameters` with probatio; AutoArr's
    own agent sends `json_schema` directly. Only probatio's
    "additionalProperties: false" differs (AutoArr rejects unknown arguments
    either way).
    """
    for tool in TOOLS:
        derived = probatio.to_openapi(
            probatio_schema(tool),
            custom_serializer=llm.selector_serializer,
            openapi_version="3.1.0",
        )
        assert derived.pop("additionalProperties") is False
        assert derived == json_schema(tool)


def satellite_chat_session(
    hass: HomeAssistant,
) -> AbstractContextManager[chat_session.ChatSession]:
    """Open a chat session as a satellite does, acting for no user.

    From 2026.11 on Home Assistant wants the context said (None here); 2026.10
    has no such parameter. (AutoArr's own code needs no such choice: the
    `autoarr.ask` action lets ConversationEntity open its session.)
    """
    if "context" in inspect.signature(chat_session.async_get_chat_session).parameters:
        return chat_session.async_get_chat_session(hass, context=None)
    return chat_session.async_get_chat_session(hass)


async def test_answer_streams_to_assist(agent: Agent) -> None:
    """Deltas reach a chat log listener as the model produces them."""
    agent.ollama.script(Reply("Here comes a streamed answer.", chunks=5))
    deltas: list[dict[str, Any]] = []
    with (
        satellite_chat_session(agent.hass) as session,
        conversation.async_get_chat_log(
            agent.hass,
            session,
            chat_log_delta_listener=lambda _log, delta: deltas.append(delta),
        ),
    ):
        result = await agent.say(
            "Stream something please", conversation_id=session.conversation_id
        )
    assert speech_of(result) == "Here comes a streamed answer."
    pieces = [d["content"] for d in deltas if d.get("content")]
    assert len(pieces) == 5
    assert "".join(pieces) == "Here comes a streamed answer."
    assert deltas[0] == {"role": "assistant"}


async def test_tool_loop_is_bounded(agent: Agent) -> None:
    """A model that never stops calling tools is cut off, saying so."""
    agent.ollama.script(
        *(Reply(tool_calls=[Call("autoarr__missing", {})]) for _ in range(5))
    )
    result = await agent.say("Loop forever")
    assert result.response.error_code is None
    assert speech_of(result) == spoken("en", "too_many_rounds")
    assert len(agent.ollama.chat_requests()) == 5


async def test_failure_after_streaming_is_an_error(agent: Agent) -> None:
    """Once text was streamed there is no failover, but a plain error."""
    from tests.support.llm_servers import BreakMidStream

    agent.ollama.script(BreakMidStream("Half an ans"))
    result = await agent.say("Say something long")
    assert result.response.error_code is not None
    assert agent.anthropic.chat_requests() == []


async def test_preferred_provider_and_no_instant_answers(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    model_servers: tuple[OllamaServer, AnthropicServer],
) -> None:
    """An agent can prefer Anthropic and skip the instant answers."""
    ollama, anthropic = model_servers
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        conversation_subentry(provider="anthropic", instant_answers=False),
        data={
            **hub_data(ollama.url),
            CONF_ANTHROPIC_API_KEY: API_KEY,
            CONF_ANTHROPIC_MODEL: "claude-haiku-4-5",
            "anthropic_url": anthropic.url,
        },
    )
    entity_id = conversation_agent(hass_core, entry)
    anthropic.script(Reply("From Claude."))
    result = await conversation.async_converse(
        hass_core, "Is Severance in my library?", None, Context(), agent_id=entity_id
    )
    assert speech_of(result) == "From Claude."
    assert ollama.chat_requests() == []


async def test_with_the_assist_api_too(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    model_servers: tuple[OllamaServer, AnthropicServer],
) -> None:
    """With Home Assistant's Assist API chosen too, both tool sets are offered."""
    ollama, _anthropic = model_servers
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        conversation_subentry(**{CONF_LLM_HASS_API: ["assist"]}),
        data=hub_data(ollama.url),
    )
    entity_id = conversation_agent(hass_core, entry)
    state = hass_core.states.get(entity_id)
    assert state is not None
    assert state.attributes["supported_features"] == (
        conversation.ConversationEntityFeature.CONTROL
    )
    missing = await merged_name(hass_core, [DOMAIN, "assist"], "autoarr__missing")
    ollama.script(Reply(tool_calls=[Call(missing, {})]), Reply("Done."))
    result = await conversation.async_converse(
        hass_core, "Turn things around", None, Context(), agent_id=entity_id
    )
    assert speech_of(result) == "Done."
    first, second = ollama.chat_requests()
    names = [t["function"]["name"] for t in first["tools"]]
    assert offered_as(names, "autoarr__missing") == missing
    assert offered_as(names, "GetLiveContext")
    assert json.loads(second["messages"][-1]["content"])["service_data"]["total"] >= 0


async def test_voice_pause_shows_on_the_switch_at_once(
    hass_core: HomeAssistant, setup_entry: Any, sabnzbd: RealSabnzbd
) -> None:
    """Pausing by voice pauses the real SABnzbd; the switch follows at once."""
    entry = await setup_entry(
        sabnzbd_subentry(sabnzbd),
        conversation_subentry(),
        data=hub_data(refusing_url()),
    )
    registry = er.async_get(hass_core)
    entities = er.async_entries_for_config_entry(registry, entry.entry_id)
    agent_id = conversation_agent(hass_core, entry)
    switch_id = next(
        e.entity_id
        for e in entities
        if e.domain == "switch" and e.translation_key == "pause"
    )
    assert hass_core.states.get(switch_id).state == "off"

    result = await conversation.async_converse(
        hass_core,
        "Pausiere die Downloads für 10 Minuten",
        None,
        Context(),
        language="de",
        agent_id=agent_id,
    )
    assert speech_of(result) == "Downloads für 10 Minuten pausiert."
    await hass_core.async_block_till_done(wait_background_tasks=True)
    assert hass_core.states.get(switch_id).state == "on"

    result = await conversation.async_converse(
        hass_core, "resume downloads", None, Context(), agent_id=agent_id
    )
    assert speech_of(result) == "Downloads resumed."
    await hass_core.async_block_till_done(wait_background_tasks=True)
    assert hass_core.states.get(switch_id).state == "off"
