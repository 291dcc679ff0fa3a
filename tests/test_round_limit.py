"""A model that keeps calling tools until the round limit.

The turn ends with a sentence in the request's language, not an error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.const import (
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    DOMAIN,
)
from tests.entities.conftest import (
    SetupEntry,
    loopback_sockets,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import SonarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply

__all__ = ["loopback_sockets", "setup_entry", "sonarr"]


@pytest.fixture
async def ollama() -> AsyncIterator[OllamaServer]:
    """Serve a scripted Ollama."""
    async with OllamaServer() as server:
        yield server


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Sorry, I could not finish that"),
        ("de", "Entschuldige, das habe ich nicht geschafft"),
    ],
)
async def test_round_limit_is_said_in_the_requests_language(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
    language: str,
    expected: str,
) -> None:
    """Two rounds of tool calls with a limit of two: a spoken apology."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        ConfigSubentryData(
            data={CONF_INSTANT_ANSWERS: False, CONF_MAX_TOOL_ITERATIONS: 2},
            subentry_type="conversation",
            title="AutoArr",
            unique_id=None,
        ),
        data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: "qwen2.5:7b"},
    )
    agent_id = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(
            er.async_get(hass_core), entry.entry_id
        )
        if e.domain == "conversation"
    )
    ollama.script(
        Reply(tool_calls=[Call("autoarr__missing", {})]),
        Reply(tool_calls=[Call("autoarr__upcoming", {})]),
    )
    result = await conversation.async_converse(
        hass_core,
        "Tell me everything",
        None,
        Context(),
        language=language,
        agent_id=agent_id,
    )
    said = result.response.speech["plain"]["speech"]
    assert said == spoken(language, "too_many_rounds")
    assert said.startswith(expected)
    assert result.response.error_code is None
    assert len(ollama.chat_requests()) == 2


@pytest.mark.parametrize(
    ("replies", "failure", "message"),
    [
        (
            [
                Reply(tool_calls=[Call("autoarr__missing", {})]),
                Reply(tool_calls=[Call("autoarr__upcoming", {})]),
            ],
            "too_many_tool_calls",
            "The language model kept calling tools without answering",
        ),
        (
            [Reply(""), Reply("")],
            "model_failed",
            "The language model failed while answering",
        ),
    ],
    ids=["round-limit", "no-usable-answer"],
)
async def test_ask_says_why_the_model_gave_no_answer(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    ollama: OllamaServer,
    replies: list[Reply],
    failure: str,
    message: str,
) -> None:
    """`autoarr.ask` raises what went wrong, not that no model was reachable."""
    await setup_entry(
        sonarr_subentry(sonarr),
        ConfigSubentryData(
            data={CONF_INSTANT_ANSWERS: False, CONF_MAX_TOOL_ITERATIONS: 2},
            subentry_type="conversation",
            title="AutoArr",
            unique_id=None,
        ),
        data={CONF_OLLAMA_URL: ollama.url, CONF_OLLAMA_MODEL: "qwen2.5:7b"},
    )
    ollama.script(*replies)
    with pytest.raises(HomeAssistantError) as err:
        await hass_core.services.async_call(
            DOMAIN,
            "ask",
            {"prompt": "Tell me everything"},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == failure
    assert str(err.value) == message
