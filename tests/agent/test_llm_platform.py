"""AutoArr's LLM tools platform: its tools in every agent's Assist API.

Home Assistant loads `custom_components/autoarr/llm.py` as AutoArr's LLM
tools platform; these tests ask Home Assistant's own Assist API for its tools
with an entry loaded against the Sonarr and Radarr simulators, over real
HTTP on 127.0.0.1, and run Home Assistant's own Anthropic agent (with only
the Assist API) against the scripted Anthropic-protocol server.
"""

from __future__ import annotations

from collections import Counter
import json
import logging
from typing import Any

from homeassistant.components import conversation
from homeassistant.components.llm import async_get_tools as assist_platform_tools
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_API_KEY, CONF_LLM_HASS_API
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er, llm
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr import llm as llm_platform
from custom_components.autoarr.agent.prompt import API_PROMPT
from custom_components.autoarr.agent.tools import TOOLS
from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
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
    OllamaServer,
    Reply,
    refusing_url,
)

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

TOOL_NAMES = [tool.name for tool in TOOLS]
PLATFORM_ERROR = "Error getting tools from LLM platform"
API_KEY = "test-api-key-0123456789abcdef"


def llm_context() -> llm.LLMContext:
    """Return a new context, as an agent builds one every turn."""
    return llm.LLMContext(
        platform="test",
        context=Context(),
        language="en",
        assistant=conversation.DOMAIN,
        device_id=None,
    )


def names_of(api: llm.APIInstance) -> list[str]:
    """Return the names of an API instance's tools."""
    return [tool.name for tool in api.tools]


def autoarr_names(api: llm.APIInstance) -> list[str]:
    """Return the names of AutoArr's own tools in an API instance (any prefix)."""
    return [name for name in names_of(api) if name.endswith(tuple(TOOL_NAMES))]


def first_title(result: llm.ToolResult) -> Any:
    """Return the title of the first result a find_media call returned."""
    data: Any = result.data
    return data["service_data"]["results"][0]["title"]


@pytest.fixture
async def entry(
    setup_entry: Any, sonarr: SonarrSimulator, radarr: RadarrSimulator
) -> MockConfigEntry:
    """Load AutoArr with both arrs; no model is reachable (none is needed)."""
    entry: MockConfigEntry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        data=hub_data(refusing_url()),
    )
    return entry


async def test_assist_api_has_the_tools(
    hass_core: HomeAssistant,
    entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every Assist agent gets AutoArr's tools and prompt, once each."""
    caplog.set_level(logging.WARNING)
    api = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, llm_context())

    assert autoarr_names(api) == TOOL_NAMES
    # The Assist API brings Home Assistant's date tool; AutoArr adds no second.
    assert Counter(names_of(api))["llm__GetDateTime"] == 1
    assert api.api_prompt.count(API_PROMPT) == 1
    for tool in api.tools:
        if tool.name in TOOL_NAMES:
            assert tool.integration == DOMAIN
            # Only pausing and retrying change what is there; adding adds.
            assert tool.annotations.destructive is (
                tool.name == "autoarr__control_downloads"
            )
    add = next(tool for tool in api.tools if tool.name == "autoarr__add_media")
    assert add.annotations.read_only is False
    assert PLATFORM_ERROR not in caplog.text
    # Home Assistant reports tools without the domain prefix; there are none.
    assert "not prefixed" not in caplog.text


async def test_calling_a_tool_through_assist(
    hass_core: HomeAssistant, entry: MockConfigEntry
) -> None:
    """A tool from the Assist API runs against the services."""
    api = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, llm_context())
    result = await api.async_call_tool(
        llm.ToolInput(tool_name="autoarr__find_media", tool_args={"title": "Memento"})
    )
    assert result.error is False
    assert first_title(result) == "Memento"

    bad = await api.async_call_tool(
        llm.ToolInput(tool_name="autoarr__upcoming", tool_args={"days": 400})
    )
    assert bad.error is True
    assert bad.data == {"error": "days must be at most 31"}


async def test_nothing_for_other_apis(
    hass_core: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Other APIs get nothing from the platform (the AutoArr API has its own)."""
    assert llm_platform.async_get_tools(hass_core, llm_context(), DOMAIN) is None
    other = await assist_platform_tools(hass_core, llm_context(), "some_other_api")
    assert not [tool for tool in other.tools if tool.integration == DOMAIN]
    assert API_PROMPT not in (other.prompt or "")


async def test_nothing_after_unload(
    hass_core: HomeAssistant,
    entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unloaded entry contributes nothing; Assist keeps working."""
    assert await hass_core.config_entries.async_unload(entry.entry_id)
    api = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, llm_context())
    assert autoarr_names(api) == []
    assert API_PROMPT not in api.api_prompt
    assert "llm__GetDateTime" in names_of(api)
    assert PLATFORM_ERROR not in caplog.text


async def test_nothing_before_any_entry(hass_core: HomeAssistant) -> None:
    """Without an AutoArr entry the platform gives nothing."""
    assert await async_setup_component(hass_core, "llm", {})
    api = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, llm_context())
    assert autoarr_names(api) == []
    assert (
        llm_platform.async_get_tools(hass_core, llm_context(), llm.LLM_API_ASSIST)
        is None
    )


@pytest.mark.parametrize(
    ("apis", "kept"),
    [
        ([llm.LLM_API_ASSIST, DOMAIN], "assist__"),
        ([DOMAIN, llm.LLM_API_ASSIST], "autoarr__"),
    ],
)
async def test_assist_and_autoarr_apis_together(
    hass_core: HomeAssistant, entry: MockConfigEntry, apis: list[str], kept: str
) -> None:
    """With both APIs chosen, each AutoArr tool is offered once, callable.

    Home Assistant merges the two APIs; the API asked first keeps AutoArr's
    tools, the other gives none. (Home Assistant 2026.10 prefixes each tool
    with its API's id, so the prefix tells which; 2026.11 prefixes none.)
    """
    api = await llm.async_get_api(hass_core, apis, llm_context())

    assert autoarr_names(api) in (
        [f"{kept}{name}" for name in TOOL_NAMES],
        TOOL_NAMES,
    )
    assert api.api_prompt.count(API_PROMPT) == 1
    assert offered_as(names_of(api), "GetLiveContext")
    result = await api.async_call_tool(
        llm.ToolInput(
            tool_name=offered_as(names_of(api), "autoarr__find_media"),
            tool_args={"title": "Memento"},
        )
    )
    assert first_title(result) == "Memento"


async def test_each_context_gets_the_tools_again(
    hass_core: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Leaving out the duplicates does not leak into the next turns.

    After a merged API, either API alone (with a new context, as every turn
    has) has the tools again, and so does the same API asked twice.
    """
    merged = await llm.async_get_api(
        hass_core, [DOMAIN, llm.LLM_API_ASSIST], llm_context()
    )
    assert len(autoarr_names(merged)) == len(TOOL_NAMES)

    assist = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, llm_context())
    assert autoarr_names(assist) == TOOL_NAMES
    own = await llm.async_get_api(hass_core, DOMAIN, llm_context())
    assert autoarr_names(own) == TOOL_NAMES
    assert own.api_prompt == API_PROMPT

    context = llm_context()
    for _ in range(2):
        again = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, context)
        assert autoarr_names(again) == TOOL_NAMES


async def test_agent_with_assist_sends_each_tool_once(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
) -> None:
    """AutoArr's own agent with the Assist API too: no tool twice to the model."""
    async with OllamaServer() as ollama:
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            conversation_subentry(**{CONF_LLM_HASS_API: [llm.LLM_API_ASSIST]}),
            data=hub_data(ollama.url),
        )
        agent_id = conversation_agent(hass_core, entry)
        apis = [DOMAIN, llm.LLM_API_ASSIST]
        offered = [await merged_name(hass_core, apis, name) for name in TOOL_NAMES]
        ollama.script(
            Reply(tool_calls=[Call(offered[TOOL_NAMES.index("autoarr__missing")], {})]),
            Reply("None."),
        )
        result = await conversation.async_converse(
            hass_core, "Anything missing?", None, Context(), agent_id=agent_id
        )
        assert result.response.speech["plain"]["speech"] == "None."
        first, second = ollama.chat_requests()
        await hass_core.config_entries.async_unload(entry.entry_id)

    names = [tool["function"]["name"] for tool in first["tools"]]
    assert [name for name in names if name.endswith(tuple(TOOL_NAMES))] == offered
    assert offered_as(names, "GetLiveContext")
    assert first["messages"][0]["content"].count(API_PROMPT) == 1
    assert "total" in json.loads(second["messages"][-1]["content"])["service_data"]


async def test_adding_through_assist(
    hass_core: HomeAssistant, entry: MockConfigEntry, radarr: RadarrSimulator
) -> None:
    """A changing tool from the Assist API adds and refreshes the queues."""
    api = await llm.async_get_api(hass_core, llm.LLM_API_ASSIST, llm_context())
    tool_input = llm.ToolInput(
        tool_name="autoarr__add_media", tool_args={"title": "Memento", "kind": "movie"}
    )
    queue_reads = len(radarr.requests_to("/api/v3/queue", "GET"))

    result = await api.async_call_tool(tool_input)
    assert result.data["service_data"]["status"] == "added"
    assert len(radarr.requests_to("/api/v3/movie", "POST")) == 1
    # The queue entities follow at once, not at the next poll.
    await hass_core.async_block_till_done(wait_background_tasks=True)
    assert len(radarr.requests_to("/api/v3/queue", "GET")) > queue_reads

    again = await api.async_call_tool(tool_input)
    assert again.data["service_data"]["status"] == "already_in_library"


async def test_home_assistants_anthropic_agent_uses_the_tools(
    hass_core: HomeAssistant,
    entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Home Assistant's own Anthropic agent, with just Assist, runs AutoArr's tools.

    The core integration talks to the scripted Anthropic-protocol server (its
    SDK reads the base URL from the environment).
    """
    async with AnthropicServer(api_key=API_KEY) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        claude = MockConfigEntry(
            domain="anthropic",
            data={CONF_API_KEY: API_KEY},
            subentries_data=[
                ConfigSubentryData(
                    data={
                        "recommended": True,
                        CONF_LLM_HASS_API: [llm.LLM_API_ASSIST],
                    },
                    subentry_type="conversation",
                    title="Claude",
                    unique_id=None,
                )
            ],
        )
        claude.add_to_hass(hass_core)
        assert await hass_core.config_entries.async_setup(claude.entry_id)
        await hass_core.async_block_till_done()
        agent_id = next(
            e.entity_id
            for e in er.async_entries_for_config_entry(
                er.async_get(hass_core), claude.entry_id
            )
            if e.domain == conversation.DOMAIN
        )
        server.script(
            Reply(tool_calls=[Call("autoarr__missing", {})]),
            Reply("Nothing is missing."),
        )
        result = await conversation.async_converse(
            hass_core, "Anything missing?", None, Context(), agent_id=agent_id
        )
        requests = server.chat_requests()
        assert await hass_core.config_entries.async_unload(claude.entry_id)

    assert result.response.speech["plain"]["speech"] == "Nothing is missing."
    first, second = requests
    names = [tool["name"] for tool in first["tools"]]
    assert [name for name in names if name.startswith("autoarr__")] == TOOL_NAMES
    assert "homeassistant__GetLiveContext" in names
    assert API_PROMPT in first["system"][0]["text"]
    tool_result = second["messages"][-1]["content"][0]
    assert tool_result["is_error"] is False
    missing = json.loads(tool_result["content"])["service_data"]
    assert missing["total"] > 0
    assert set(missing["by_service"]) == {"Sonarr", "Radarr"}
