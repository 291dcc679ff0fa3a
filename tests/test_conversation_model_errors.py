"""A model that answered badly is answered inside the conversation.

A call the server could not parse, the tool list repeated, an empty answer:
one repair round with a short correction, then a clear spoken message in the
request's language. The provider is not down: no failover to Anthropic, no
cool-down, and the next request goes to it again. Scripted Ollama and
Anthropic servers on 127.0.0.1; requests through `conversation.async_converse`.
"""

from __future__ import annotations

import json

import pytest

from custom_components.autoarr.agent.speech import text as spoken
from custom_components.autoarr.agent.tools import TOOLS, json_schema
from custom_components.autoarr.chat_bridge import REPAIR_PROMPT
from custom_components.autoarr.const import DEFAULT_MAX_TOKENS
from custom_components.autoarr.llm_providers.fallback import FallbackChain
from tests.support.llm_servers import BreakMidStream, Call, Reply
from tests.test_conversation import (
    Agent,
    agent,
    loopback_sockets,
    model_servers,
    radarr,
    setup_entry,
    sonarr,
    speech_of,
)

__all__ = [
    "agent",
    "loopback_sockets",
    "model_servers",
    "radarr",
    "setup_entry",
    "sonarr",
]

# Ollama's words for a call it could not parse, inside a streamed answer.
UNPARSEABLE = "error parsing tool call: raw='{\"name\": autoarr__missing', err=EOF"
ECHOED = json.dumps(
    [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": json_schema(tool),
            },
        }
        for tool in TOOLS[:2]
    ]
)


def chain_of(agent: Agent) -> FallbackChain:
    """Return the entry's provider chain."""
    chain = agent.entry.runtime_data.llm
    assert isinstance(chain, FallbackChain)
    return chain


@pytest.mark.parametrize(
    "bad",
    [BreakMidStream("", UNPARSEABLE), Reply(ECHOED), Reply("")],
    ids=["unparseable-call", "echoed-tools", "empty"],
)
async def test_one_repair_round_then_the_answer(agent: Agent, bad: object) -> None:
    """After a bad answer the model is corrected once, and its answer counts."""
    agent.ollama.script(bad, Reply("Nothing is missing."))  # type: ignore[arg-type]
    result = await agent.say("Is anything missing from my shows?")
    assert speech_of(result) == "Nothing is missing."
    first, second = agent.ollama.chat_requests()
    # The correction is sent for the repair round only, after the user's turn.
    assert second["messages"][:-1] == first["messages"]
    assert second["messages"][-1] == {"role": "user", "content": REPAIR_PROMPT}
    assert agent.anthropic.chat_requests() == []
    assert agent.entity.last_stats is not None
    assert agent.entity.last_stats.repairs == 1


@pytest.mark.parametrize(
    "bad",
    [BreakMidStream("", UNPARSEABLE), Reply(ECHOED), Reply("")],
    ids=["unparseable-call", "echoed-tools", "empty"],
)
@pytest.mark.parametrize("language", ["en", "de"])
async def test_twice_bad_is_a_spoken_message_and_the_model_stays_up(
    agent: Agent, bad: object, language: str
) -> None:
    """Bad again after the correction: a clear message in the request's
    language, and the provider still answers the next request."""
    agent.ollama.script(bad, bad, Reply("Here I am."))  # type: ignore[arg-type]
    result = await agent.say("Tell me about my media server.", language)
    assert speech_of(result) == spoken(language, "model_no_answer")
    assert result.response.error_code is None
    assert len(agent.ollama.chat_requests()) == 2
    assert agent.anthropic.chat_requests() == []
    chain = chain_of(agent)
    assert not any(state.cooling_down for state in chain.states())
    assert agent.entity.answered_by is None
    follow_up = await agent.say("And now?", language)
    assert speech_of(follow_up) == "Here I am."
    assert agent.entity.answered_by == chain.providers[0].name


async def test_garbled_arguments_are_corrected_in_the_conversation(
    agent: Agent,
) -> None:
    """Invalid arguments go back as the tool's error; the model then answers,
    without a failover."""
    agent.ollama.script(
        Reply(tool_calls=[Call("autoarr__upcoming", "{days: 7")]),
        Reply("Nothing is coming."),
    )
    result = await agent.say("What is coming soon?")
    assert speech_of(result) == "Nothing is coming."
    assert agent.anthropic.chat_requests() == []


async def test_an_output_limit_is_sent(agent: Agent) -> None:
    """Every round carries the agent's output limit (Ollama's num_predict)."""
    agent.ollama.script(Reply(tool_calls=[Call("autoarr__missing", {})]), Reply("Ok."))
    await agent.say("Anything I still need to get for my shows?")
    limits = [r["options"]["num_predict"] for r in agent.ollama.chat_requests()]
    assert limits == [DEFAULT_MAX_TOKENS, DEFAULT_MAX_TOKENS]
