"""Conversation and AI task agents as subentries of the hub."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_LLM_HASS_API, CONF_NAME, CONF_PROMPT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import llm
import pytest

from custom_components.autoarr.const import (
    CONF_ADD_DIRECTLY,
    CONF_ANNOUNCE_READY,
    CONF_ANNOUNCE_TO,
    CONF_ANTHROPIC_MODEL,
    CONF_CONFIRM_CHANGES,
    CONF_FOLLOWUP_DAYS,
    CONF_INSTANT_ANSWERS,
    CONF_KEEP_ALIVE,
    CONF_MAX_TOKENS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_NUM_CTX,
    CONF_OLLAMA_MODEL,
    CONF_OPENAI_MODEL,
    CONF_OPENAI_URL,
    CONF_PROVIDER,
    CONF_PROVIDER_ORDER,
    CONF_READ_TIMEOUT,
    CONF_TEMPERATURE,
    CONF_THINK,
    CONF_THINKING_BUDGET,
    CONF_VOICE_CONTROL,
    DEFAULT_AI_TASK_MAX_TOKENS,
    DEFAULT_AI_TASK_NAME,
    DEFAULT_CONVERSATION_NAME,
    DEFAULT_MAX_TOKENS,
    DEFAULT_MAX_TOOL_ITERATIONS,
    DOMAIN,
    PROVIDER_ANTHROPIC,
    PROVIDER_AUTO,
    PROVIDER_OLLAMA,
    PROVIDER_OPENAI,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
    VOICE_ALLOW,
    VOICE_READ_ONLY,
)
from tests.support.llm_servers.anthropic import (
    DEFAULT_MODELS as ANTHROPIC_MODELS,
    AnthropicServer,
)
from tests.support.llm_servers.ollama import OllamaServer
from tests.support.llm_servers.openai import OpenAIServer

from .conftest import ANTHROPIC_KEY, INSTALLED_MODEL, hub_entry
from .helpers import select_options, suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")


def fields(result: Any) -> list[str]:
    """Return the fields of a form, in order."""
    return [str(marker) for marker in result["data_schema"].schema]


async def start(hass: HomeAssistant, entry_id: str, kind: str) -> Any:
    """Start adding an agent."""
    return await hass.config_entries.subentries.async_init(
        (entry_id, kind), context={"source": "user"}
    )


class OwnTools(llm.API):
    """Stands in for AutoArr's own LLM API, registered under its domain."""

    async def async_get_api_instance(
        self, llm_context: llm.LLMContext
    ) -> llm.APIInstance:
        """Return no tools: only the registration matters here."""
        return llm.APIInstance(self, "", llm_context, [])


# The model options an agent of a hub with Ollama is saved with, as the form
# suggests them (the providers' defaults).
OLLAMA_OPTIONS = {
    CONF_MAX_TOKENS: DEFAULT_MAX_TOKENS,
    CONF_NUM_CTX: 8192,
    CONF_KEEP_ALIVE: -1,
    CONF_THINK: False,
    CONF_READ_TIMEOUT: 300,
}


async def test_add_conversation_agent(hass: HomeAssistant) -> None:
    """A conversation agent starts from the defaults; its choices are stored."""
    llm.async_register_api(hass, OwnTools(hass=hass, id=DOMAIN, name="AutoArr"))
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert fields(result) == [
        CONF_NAME,
        CONF_PROMPT,
        CONF_PROVIDER,
        CONF_MAX_TOOL_ITERATIONS,
        CONF_OLLAMA_MODEL,
        CONF_MAX_TOKENS,
        CONF_TEMPERATURE,
        CONF_NUM_CTX,
        CONF_KEEP_ALIVE,
        CONF_THINK,
        CONF_READ_TIMEOUT,
        CONF_INSTANT_ANSWERS,
        CONF_VOICE_CONTROL,
        CONF_CONFIRM_CHANGES,
        CONF_ADD_DIRECTLY,
        CONF_ANNOUNCE_READY,
        CONF_FOLLOWUP_DAYS,
        CONF_ANNOUNCE_TO,
        CONF_LLM_HASS_API,
    ]
    assert suggested(result, CONF_ADD_DIRECTLY) is None
    assert suggested(result, CONF_ANNOUNCE_TO) is None
    assert suggested(result, CONF_ANNOUNCE_READY) is None
    assert suggested(result, CONF_FOLLOWUP_DAYS) is None
    assert select_options(result, CONF_VOICE_CONTROL) == [VOICE_ALLOW, VOICE_READ_ONLY]
    for field, value in OLLAMA_OPTIONS.items():
        assert suggested(result, field) == value, field
    assert suggested(result, CONF_OLLAMA_MODEL) == INSTALLED_MODEL
    assert suggested(result, CONF_NAME) == DEFAULT_CONVERSATION_NAME
    assert suggested(result, CONF_PROVIDER) == PROVIDER_AUTO
    assert suggested(result, CONF_MAX_TOOL_ITERATIONS) == DEFAULT_MAX_TOOL_ITERATIONS
    assert suggested(result, CONF_INSTANT_ANSWERS) is True
    assert select_options(result, CONF_PROVIDER) == [
        PROVIDER_AUTO,
        PROVIDER_OLLAMA,
        PROVIDER_OPENAI,
        PROVIDER_ANTHROPIC,
    ]
    apis = [option["value"] for option in select_options(result, CONF_LLM_HASS_API)]
    assert llm.LLM_API_ASSIST in apis
    # AutoArr's own tools are always on: not offered as a choice.
    assert DOMAIN not in apis

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Media butler",
            CONF_PROMPT: "Answer in one sentence.",
            CONF_PROVIDER: PROVIDER_OLLAMA,
            CONF_MAX_TOOL_ITERATIONS: 3.0,
            CONF_INSTANT_ANSWERS: False,
            CONF_VOICE_CONTROL: VOICE_READ_ONLY,
            CONF_CONFIRM_CHANGES: True,
            CONF_ADD_DIRECTLY: True,
            CONF_ANNOUNCE_READY: True,
            CONF_FOLLOWUP_DAYS: 7.0,
            CONF_ANNOUNCE_TO: "media_player.living_room",
            CONF_LLM_HASS_API: [llm.LLM_API_ASSIST],
            CONF_OLLAMA_MODEL: " ",
            **OLLAMA_OPTIONS,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Media butler"
    assert result["data"] == {
        CONF_PROMPT: "Answer in one sentence.",
        CONF_PROVIDER: PROVIDER_OLLAMA,
        CONF_MAX_TOOL_ITERATIONS: 3,
        CONF_INSTANT_ANSWERS: False,
        CONF_VOICE_CONTROL: VOICE_READ_ONLY,
        CONF_CONFIRM_CHANGES: True,
        CONF_ADD_DIRECTLY: True,
        CONF_ANNOUNCE_READY: True,
        CONF_FOLLOWUP_DAYS: 7,
        CONF_ANNOUNCE_TO: "media_player.living_room",
        CONF_LLM_HASS_API: [llm.LLM_API_ASSIST],
        # A blank model is the hub's.
        **OLLAMA_OPTIONS,
    }
    assert isinstance(result["data"][CONF_MAX_TOOL_ITERATIONS], int)
    assert isinstance(result["data"][CONF_FOLLOWUP_DAYS], int)


async def test_add_ai_task_agent(hass: HomeAssistant) -> None:
    """An AI task agent has no instant answers and no Home Assistant APIs."""
    entry = hub_entry("http://127.0.0.1:9", anthropic_key=ANTHROPIC_KEY)
    entry.add_to_hass(hass)
    result = await start(hass, entry.entry_id, SUBENTRY_AI_TASK)
    # AI tasks bring their own instructions: no prompt here.
    assert fields(result)[:4] == [
        CONF_NAME,
        CONF_PROVIDER,
        CONF_PROVIDER_ORDER,
        CONF_MAX_TOOL_ITERATIONS,
    ]
    assert CONF_ANTHROPIC_MODEL in fields(result)
    assert suggested(result, CONF_MAX_TOKENS) == DEFAULT_AI_TASK_MAX_TOKENS
    assert suggested(result, CONF_NAME) == DEFAULT_AI_TASK_NAME
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: " ",
            CONF_PROVIDER: PROVIDER_ANTHROPIC,
            CONF_MAX_TOOL_ITERATIONS: 2,
            **OLLAMA_OPTIONS,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # A blank name keeps the default.
    assert result["title"] == DEFAULT_AI_TASK_NAME
    assert result["data"] == {
        CONF_PROVIDER: PROVIDER_ANTHROPIC,
        CONF_MAX_TOOL_ITERATIONS: 2,
        **OLLAMA_OPTIONS,
    }


async def test_claude_first_needs_a_key(hass: HomeAssistant) -> None:
    """Choosing Claude on a hub without an Anthropic key is refused."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
    user_input = {
        CONF_NAME: "Claude first",
        CONF_PROVIDER: PROVIDER_ANTHROPIC,
        CONF_MAX_TOOL_ITERATIONS: 4,
        CONF_INSTANT_ANSWERS: True,
        **OLLAMA_OPTIONS,
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_PROVIDER: "provider_not_configured"}
    assert suggested(result, CONF_NAME) == "Claude first"

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**user_input, CONF_PROVIDER: PROVIDER_AUTO}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # No Home Assistant API chosen: stored as an empty list.
    assert result["data"][CONF_LLM_HASS_API] == []


@pytest.mark.parametrize("stored_apis", [["assist", "gone_api"], "assist"])
async def test_reconfigure_agent(
    hass: HomeAssistant, setup_calls: list[str], stored_apis: list[str] | str
) -> None:
    """Reconfigure shows the stored options, minus APIs that no longer exist."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        ConfigSubentryData(
            subentry_type=SUBENTRY_CONVERSATION,
            title="AutoArr",
            unique_id=None,
            data={
                CONF_PROVIDER: PROVIDER_AUTO,
                CONF_MAX_TOOL_ITERATIONS: 5,
                CONF_INSTANT_ANSWERS: True,
                # Older data may hold one API as a string, or an API whose
                # integration was removed since.
                CONF_LLM_HASS_API: stored_apis,
                CONF_PROMPT: "Be brief.",
                CONF_ANNOUNCE_TO: "notify.phone",
            },
        ),
    )
    entry.add_to_hass(hass)
    subentry = next(iter(entry.subentries.values()))
    result = await entry.start_subentry_reconfigure_flow(hass, subentry.subentry_id)
    assert result["step_id"] == "init"
    assert suggested(result, CONF_NAME) == "AutoArr"
    assert suggested(result, CONF_PROMPT) == "Be brief."
    assert suggested(result, CONF_ANNOUNCE_TO) == "notify.phone"
    assert suggested(result, CONF_LLM_HASS_API) == [llm.LLM_API_ASSIST]

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Living room",
            CONF_PROVIDER: PROVIDER_OLLAMA,
            CONF_MAX_TOOL_ITERATIONS: 8,
            CONF_INSTANT_ANSWERS: True,
            CONF_LLM_HASS_API: [],
            **OLLAMA_OPTIONS,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[subentry.subentry_id]
    assert subentry.title == "Living room"
    # The cleared prompt and target are gone, not kept from before; data from before
    # the voice option gets its default.
    assert dict(subentry.data) == {
        CONF_PROVIDER: PROVIDER_OLLAMA,
        CONF_MAX_TOOL_ITERATIONS: 8,
        CONF_INSTANT_ANSWERS: True,
        CONF_VOICE_CONTROL: VOICE_ALLOW,
        CONF_CONFIRM_CHANGES: False,
        CONF_ADD_DIRECTLY: False,
        CONF_ANNOUNCE_READY: False,
        CONF_FOLLOWUP_DAYS: 30,
        CONF_LLM_HASS_API: [],
        **OLLAMA_OPTIONS,
    }
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_agent_name_is_bounded(hass: HomeAssistant) -> None:
    """An agent's name longer than 100 characters is refused."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "A" * 101,
            CONF_PROVIDER: PROVIDER_AUTO,
            CONF_MAX_TOOL_ITERATIONS: 3,
            CONF_INSTANT_ANSWERS: True,
            **OLLAMA_OPTIONS,
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_NAME: "name_too_long"}


@pytest.mark.parametrize("days", [0, 366, -3])
async def test_follow_up_days_are_bounded(hass: HomeAssistant, days: float) -> None:
    """Follow-ups are kept 1 to 365 days; fewer or more is refused."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
    with pytest.raises(InvalidData) as refused:
        await hass.config_entries.subentries.async_configure(
            result["flow_id"],
            {
                CONF_NAME: "Media butler",
                CONF_PROVIDER: PROVIDER_AUTO,
                CONF_MAX_TOOL_ITERATIONS: 3,
                CONF_INSTANT_ANSWERS: True,
                CONF_FOLLOWUP_DAYS: days,
                **OLLAMA_OPTIONS,
            },
        )
    assert refused.value.path == [CONF_FOLLOWUP_DAYS]
    assert entry.subentries == {}


async def test_openai_compatible_server_first(hass: HomeAssistant) -> None:
    """The OpenAI-compatible server can answer first once the hub has one."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
    user_input = {
        CONF_NAME: "Local server first",
        CONF_PROVIDER: PROVIDER_OPENAI,
        CONF_MAX_TOOL_ITERATIONS: 4,
        CONF_INSTANT_ANSWERS: True,
        **OLLAMA_OPTIONS,
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], user_input
    )
    assert result["errors"] == {CONF_PROVIDER: "provider_not_configured"}

    hass.config_entries.async_update_entry(
        entry,
        data={
            **entry.data,
            CONF_OPENAI_URL: "http://127.0.0.1:8080/v1",
            CONF_OPENAI_MODEL: "local-model",
        },
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], user_input
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PROVIDER] == PROVIDER_OPENAI


async def test_agent_models_from_every_server(
    hass: HomeAssistant,
    ollama: OllamaServer,
    anthropic: AnthropicServer,
) -> None:
    """Each server's models are offered; the choices are checked and stored."""
    async with OpenAIServer(models=("served-model",)) as server:
        entry = hub_entry(ollama.url, anthropic_key=ANTHROPIC_KEY)
        entry.add_to_hass(hass)
        hass.config_entries.async_update_entry(
            entry,
            data={
                **entry.data,
                CONF_OPENAI_URL: server.url,
                CONF_OPENAI_MODEL: "served-model",
            },
        )
        result = await start(hass, entry.entry_id, SUBENTRY_CONVERSATION)
        assert select_options(result, CONF_OLLAMA_MODEL) == [INSTALLED_MODEL]
        assert select_options(result, CONF_OPENAI_MODEL) == ["served-model"]
        assert select_options(result, CONF_ANTHROPIC_MODEL) == list(ANTHROPIC_MODELS)
        # The full order offers the hub's models.
        assert select_options(result, CONF_PROVIDER_ORDER) == [
            PROVIDER_OLLAMA,
            PROVIDER_OPENAI,
            PROVIDER_ANTHROPIC,
        ]
        user_input = {
            CONF_NAME: "Big context",
            CONF_PROVIDER: PROVIDER_AUTO,
            CONF_MAX_TOOL_ITERATIONS: 4,
            CONF_INSTANT_ANSWERS: True,
            **OLLAMA_OPTIONS,
            CONF_OLLAMA_MODEL: "mistral",
            CONF_NUM_CTX: 1024,
            CONF_OPENAI_MODEL: " other-model ",
            CONF_ANTHROPIC_MODEL: "",
            CONF_THINKING_BUDGET: 500,
            CONF_PROVIDER_ORDER: [PROVIDER_ANTHROPIC, PROVIDER_OLLAMA],
        }
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], user_input
        )
        assert result["errors"] == {
            CONF_OLLAMA_MODEL: "model_not_installed",
            CONF_NUM_CTX: "context_too_small",
            CONF_THINKING_BUDGET: "thinking_budget_too_small",
        }
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"],
            {
                **user_input,
                CONF_OLLAMA_MODEL: INSTALLED_MODEL,
                CONF_NUM_CTX: 16384,
                CONF_TEMPERATURE: 0.3,
                CONF_THINKING_BUDGET: 2048,
            },
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = result["data"]
    assert data[CONF_OLLAMA_MODEL] == INSTALLED_MODEL
    assert data[CONF_OPENAI_MODEL] == "other-model"
    # A blank Claude model is the hub's.
    assert CONF_ANTHROPIC_MODEL not in data
    assert data[CONF_NUM_CTX] == 16384
    assert data[CONF_TEMPERATURE] == 0.3
    assert data[CONF_THINKING_BUDGET] == 2048
    assert data[CONF_PROVIDER_ORDER] == [PROVIDER_ANTHROPIC, PROVIDER_OLLAMA]


async def test_agent_options_follow_the_hubs_models(
    hass: HomeAssistant, anthropic: AnthropicServer
) -> None:
    """Claude alone: its model and the output limit; no model: none of them."""
    entry = hub_entry("", anthropic_key=ANTHROPIC_KEY)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry,
        data={k: v for k, v in entry.data.items() if not k.startswith("ollama")},
    )
    result = await start(hass, entry.entry_id, SUBENTRY_AI_TASK)
    assert fields(result) == [
        CONF_NAME,
        CONF_PROVIDER,
        CONF_MAX_TOOL_ITERATIONS,
        CONF_ANTHROPIC_MODEL,
        CONF_MAX_TOKENS,
        CONF_TEMPERATURE,
        CONF_THINKING_BUDGET,
    ]
    hass.config_entries.async_update_entry(entry, data={})
    result = await start(hass, entry.entry_id, SUBENTRY_AI_TASK)
    assert fields(result) == [CONF_NAME, CONF_PROVIDER, CONF_MAX_TOOL_ITERATIONS]
