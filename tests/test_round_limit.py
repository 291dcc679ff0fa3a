"""A model that keeps calling tools until the round limit.

The turn ends with a sentence in the request's language, not an error.
"""

from __future__ import annotations

from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.const import (
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    DOMAIN,
)
from tests.entities.conftest import (
    SetupEntry,
    loopback_sockets,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import conversation_agent, hub_data, ollama
from tests.support.arr_sim import SonarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply

__all__ = ["loopback_sockets", "ollama", "setup_entry", "sonarr"]


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
        data=hub_data(ollama.url),
    )
    agent_id = conversation_agent(hass_core, entry)
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
        data=hub_data(ollama.url),
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
