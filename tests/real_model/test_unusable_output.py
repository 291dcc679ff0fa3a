"""The real model's unusable output, through Assist: a spoken answer, no failover.

A loopback proxy (`tests/support/llama_steer.py`) stands between AutoArr and
the session's real llama-server and adds a GBNF grammar to the chat
requests, so the real model writes, every time, what the test needs: the
tool list it was given repeated back, or nothing at all. The first round and
AutoArr's repair round both get it, so the turn must end in the spoken
message in the request's language; the provider is not put on its cooldown,
and the next request (left to the grammar of a plain answer) is answered by
the same server. A call with invalid arguments is not the model's failure:
the tool's error goes back to the real server as the call's result, and the
model's next answer (or, when it keeps calling so, the message of a turn
that ran out of rounds) is what the user hears.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.agent.tools import TOOLS
from custom_components.autoarr.chat_bridge import REPAIR_PROMPT
from tests.entities.conftest import loopback_sockets, radarr, setup_entry, sonarr
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llama_server import RealLlamaServer
from tests.support.llama_steer import (
    Steer,
    SteeredLlama,
    echo_tools,
    say_nothing,
    saying,
)

from .test_agent import llama_agent

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(600)]

# What the next request's answer is held to: any plain answer would do.
NEXT_ANSWER = "Hello! Ask me about your shows and movies."


@pytest.fixture
async def proxy(llama_server: RealLlamaServer) -> AsyncIterator[SteeredLlama]:
    """Return a steering proxy to the session's llama-server."""
    async with SteeredLlama(llama_server) as steered:
        yield steered


# The repeated tool list is refused as the stream ends (an error of the
# model's output); an empty answer is a stream that ended well with nothing.
ECHOED = ("error", "model_output")
EMPTY = ("ok", None)


@pytest.mark.parametrize(
    ("steer", "language", "outcome"),
    [
        (echo_tools, "en", ECHOED),
        (echo_tools, "de", ECHOED),
        (say_nothing, "en", EMPTY),
        (say_nothing, "fr", EMPTY),
    ],
    ids=["echoed-tools-en", "echoed-tools-de", "empty-answer-en", "empty-answer-fr"],
)
async def test_unusable_output_is_spoken_and_the_model_stays_up(
    hass_core: Any,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    proxy: SteeredLlama,
    steer: Steer,
    language: str,
    outcome: tuple[str, str | None],
) -> None:
    """Both rounds unusable: the message in the request's language, the
    model's failure told from a server's, and the next request answered."""
    agent = await llama_agent(
        hass_core, setup_entry, sonarr, radarr, proxy, max_tokens=48
    )
    proxy.steer = steer
    result, deltas = await agent.say("What is downloading?", language)

    # Two rounds reached the real server: the request, then the repair.
    first, repair = proxy.chat_requests
    assert {t["function"]["name"] for t in first["tools"]} >= {t.name for t in TOOLS}
    assert repair["messages"][-1] == {"role": "user", "content": REPAIR_PROMPT}
    # Nothing the model wrote was taken for a call or shown.
    assert not [call for d in deltas for call in d.get("tool_calls") or []]
    stats = agent.entity.last_stats
    assert stats is not None
    assert stats.repairs == 1
    attempts = agent.chain.last_attempts
    # The repair round's attempt: the server answered, nothing failed over.
    assert [(a.provider, a.outcome, a.error_kind) for a in attempts] == [
        ("openai_compat", *outcome)
    ], attempts
    assert agent.entity.answered_by is None
    assert result.response.error_code is None
    assert result.response.speech["plain"]["speech"] == spoken(
        language, "model_no_answer"
    )
    assert not any(state.cooling_down for state in agent.chain.states())

    proxy.steer = saying(NEXT_ANSWER)
    follow_up, _ = await agent.say("Hello", language)
    assert follow_up.response.speech["plain"]["speech"] == NEXT_ANSWER
    assert [(a.provider, a.outcome) for a in agent.chain.last_attempts] == [
        ("openai_compat", "ok")
    ]
    assert agent.entity.answered_by is not None
    assert len(proxy.chat_requests) == 3


# A call with arguments the tool refuses (days is 1 to 31), in the Hermes
# tags the server's template uses.
INVALID_CALL = (
    '<tool_call>\n{"name": "autoarr__upcoming", "arguments": {"days": 99}}'
    "\n</tool_call>"
)
CORRECTED = "Nothing is coming in the next month."


def invalid_then(answer: str | None) -> Steer:
    """Return a steer: the invalid call, then (after a tool's result) the
    answer; always the invalid call when `answer` is None."""

    def steer(body: dict[str, Any]) -> dict[str, Any]:
        answered = any(m["role"] == "tool" for m in body["messages"])
        text = answer if answered and answer is not None else INVALID_CALL
        return saying(text)(body)

    return steer


@pytest.mark.parametrize(
    ("answer", "language"),
    [(CORRECTED, "en"), (None, "en"), (None, "de")],
    ids=["corrected", "kept-calling-en", "kept-calling-de"],
)
async def test_invalid_arguments_go_back_as_the_tools_error(
    hass_core: Any,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    proxy: SteeredLlama,
    answer: str | None,
    language: str,
) -> None:
    """The refused arguments reach the model as the call's result; its answer
    is spoken, or the round limit's message in the request's language; the
    provider stays available."""
    agent = await llama_agent(
        hass_core, setup_entry, sonarr, radarr, proxy, max_tokens=48
    )
    proxy.steer = invalid_then(answer)
    result, deltas = await agent.say("What is coming soon?", language)

    calls = [call for d in deltas for call in d.get("tool_calls") or []]
    assert [(c.tool_name, c.tool_args) for c in calls][:1] == [
        ("autoarr__upcoming", {"days": 99})
    ]
    errors = [d["tool_result"] for d in deltas if d.get("role") == "tool_result"]
    assert errors[0] == {"error": "days must be at most 31"}
    # The round after the call carried the tool's error to the real server.
    second = proxy.chat_requests[1]["messages"]
    assert second[-1]["role"] == "tool"
    assert "days must be at most 31" in second[-1]["content"]
    stats = agent.entity.last_stats
    assert stats is not None
    assert stats.repairs == 0
    speech = result.response.speech["plain"]["speech"]
    if answer is not None:
        assert speech == answer
        assert len(proxy.chat_requests) == 2
    else:
        # Two rounds allowed (llama_agent), both calls refused.
        assert speech == spoken(language, "too_many_rounds")
        assert len(proxy.chat_requests) == 2
    assert result.response.error_code is None
    assert [(a.provider, a.outcome) for a in agent.chain.last_attempts] == [
        ("openai_compat", "ok")
    ]
    assert not any(state.cooling_down for state in agent.chain.states())

    proxy.steer = saying(NEXT_ANSWER)
    follow_up, _ = await agent.say("Hello", language)
    assert follow_up.response.speech["plain"]["speech"] == NEXT_ANSWER
    assert agent.entity.answered_by is not None
