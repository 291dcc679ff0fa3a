"""A call the real llama-server cannot parse, through Assist.

The server here renders calls as bare JSON objects (no `<tool_call>` tags,
`BARE_JSON_CHAT_TEMPLATE`), so it has no word to start its tool-call grammar
on and parses whatever the model writes. A steering proxy
(`tests/support/llama_steer.py`) starts the model's answer, in the request
and in AutoArr's repair round alike, with a call to a real tool whose JSON is
broken (names without quotes): whatever the model then writes, llama-server
ends the stream with its own error event ("The model produced output that
does not match the expected ... format"). AutoArr must take that for the
model's fault: the repair round, then the spoken message in the request's
language; no cool-down, no "no model is reachable", and the same server
answers the next request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from custom_components.autoarr.agent.speech import text as spoken
from tests.entities.conftest import loopback_sockets, radarr, setup_entry, sonarr
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llama_server import (
    BARE_JSON_CHAT_TEMPLATE,
    SKIP_REASON,
    RealLlamaServer,
    llama_server_available,
)
from tests.support.llama_steer import SteeredLlama, saying, starting_with
from tests.support.sockets import sockets_allowed

from .test_agent import llama_agent

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(600)]

# How the model's answer starts, before the correction and after it: a call
# to a real tool whose JSON is broken (names without quotes).
MALFORMED_CALL = "{name: autoarr__downloads}"
# What the next request's answer is held to: any plain answer would do.
NEXT_ANSWER = "Hello! Ask me about your shows and movies."
REQUEST = {"en": "What is downloading?", "de": "Was wird heruntergeladen?"}


@pytest.fixture(scope="module")
def bare_json_server() -> Iterator[RealLlamaServer]:
    """Start a llama-server whose template writes calls as bare JSON."""
    if not llama_server_available():
        pytest.skip(SKIP_REASON)
    server = RealLlamaServer(chat_template=BARE_JSON_CHAT_TEMPLATE)
    with sockets_allowed():
        server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def proxy(bare_json_server: RealLlamaServer) -> AsyncIterator[SteeredLlama]:
    """Return a steering proxy to the bare-JSON llama-server."""
    async with SteeredLlama(bare_json_server) as steered:
        yield steered


@pytest.mark.parametrize("language", ["en", "de"])
async def test_a_call_the_server_cannot_parse_is_answered_not_failed_over(
    hass_core: Any,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    proxy: SteeredLlama,
    language: str,
) -> None:
    """The server's parse error is a model output error: one repair round,
    then the spoken message in the request's language, and the server is
    still the one that answers the next request."""
    agent = await llama_agent(
        hass_core, setup_entry, sonarr, radarr, proxy, max_tokens=32
    )
    proxy.steer = starting_with(MALFORMED_CALL)
    result, _deltas = await agent.say(REQUEST[language], language)

    stats = agent.entity.last_stats
    assert stats is not None
    assert stats.repairs == 1
    attempts = agent.chain.last_attempts
    # The repair round failed the same way: the server's own words.
    assert [(a.provider, a.outcome, a.error_kind) for a in attempts] == [
        ("openai_compat", "error", "model_output")
    ], attempts
    assert "does not match the expected" in str(attempts[0].error)
    assert agent.entity.answered_by is None
    assert result.response.error_code is None
    assert result.response.speech["plain"]["speech"] == spoken(
        language, "model_no_answer"
    )
    assert result.response.speech["plain"]["speech"] != spoken(
        language, "model_unavailable"
    )
    assert not any(state.cooling_down for state in agent.chain.states())

    # Both rounds reached the server.
    assert len(proxy.chat_requests) == 2

    proxy.steer = saying(NEXT_ANSWER)
    follow_up, _ = await agent.say("Hello", language)
    assert follow_up.response.speech["plain"]["speech"] == NEXT_ANSWER
    assert [(a.provider, a.outcome) for a in agent.chain.last_attempts] == [
        ("openai_compat", "ok")
    ]
    assert agent.entity.answered_by is not None
