"""Claude's extended thinking through the real SDK, against a local server.

The server streams signed thinking blocks and refuses what the API refuses:
a budget below 1024 or not below `max_tokens`, and a tool call sent back
without the signed reasoning it came with.
"""

from __future__ import annotations

import hashlib

import pytest

from custom_components.autoarr.llm_providers import (
    LLMBadRequestError,
    LLMConfigError,
    Message,
)
from custom_components.autoarr.llm_providers.anthropic import AnthropicProvider
from custom_components.autoarr.llm_providers.anthropic_wire import (
    continues_without_thinking,
    messages as wire_messages,
)
from custom_components.autoarr.llm_providers.models import Thinking, ToolCall
from tests.support.llm_servers import AnthropicServer, Call, Reply

from .conftest import ANTHROPIC_KEY
from .test_anthropic import CONVERSATION, TOOLS

REASONING = "The queue tool answers that."
CALL = ToolCall("toolu_q", "get_queue", {})


def signature(text: str) -> str:
    """Return the signature the scripted server gives a reasoning text."""
    return hashlib.sha256(text.encode()).hexdigest()


def provider_for(server: AnthropicServer, budget: int) -> AnthropicProvider:
    """Return a provider thinking with `budget` tokens."""
    return AnthropicProvider(
        ANTHROPIC_KEY, base_url=server.url, max_tokens=100, thinking_budget=budget
    )


async def test_reasoning_is_streamed_whole_with_its_signature(
    anthropic_server: AnthropicServer,
) -> None:
    """The budget goes on top of the limit; the block arrives signed."""
    provider = provider_for(anthropic_server, 1500)
    anthropic_server.script(
        Reply(thinking=REASONING, tool_calls=[Call("get_queue", {}, id="toolu_q")])
    )
    try:
        response = await provider.complete(CONVERSATION, tools=TOOLS)
    finally:
        await provider.close()
    assert response.thinking == [Thinking(REASONING, signature(REASONING))]
    assert [call.name for call in response.tool_calls] == ["get_queue"]
    (request,) = anthropic_server.chat_requests()
    assert request["thinking"] == {"type": "enabled", "budget_tokens": 1500}
    assert request["max_tokens"] == 1600


async def test_signed_reasoning_goes_back_with_the_call(
    anthropic_server: AnthropicServer,
) -> None:
    """Sent back first in the assistant message, the round is accepted."""
    provider = provider_for(anthropic_server, 1024)
    anthropic_server.script(
        Reply(thinking=REASONING, tool_calls=[Call("get_queue", {}, id="toolu_q")]),
        Reply("Nothing is downloading."),
    )
    try:
        first = await provider.complete(CONVERSATION, tools=TOOLS)
        answer = await provider.complete(
            [
                *CONVERSATION,
                Message.assistant("", first.tool_calls, tuple(first.thinking)),
                Message.tool_result(first.tool_calls[0], "[]"),
            ],
            tools=TOOLS,
        )
        # The same call without its reasoning (another model made it): that
        # round goes without thinking, which the API accepts.
        await provider.complete(
            [
                *CONVERSATION,
                Message.assistant("", first.tool_calls),
                Message.tool_result(first.tool_calls[0], "[]"),
            ],
            tools=TOOLS,
        )
    finally:
        await provider.close()
    assert answer.content == "Nothing is downloading."
    _, second, third = anthropic_server.chat_requests()
    assert second["thinking"] == {"type": "enabled", "budget_tokens": 1024}
    assert second["messages"][1]["content"][0] == {
        "type": "thinking",
        "thinking": REASONING,
        "signature": signature(REASONING),
    }
    assert "thinking" not in third
    assert third["max_tokens"] == 100


async def test_the_server_refuses_a_call_without_its_reasoning(
    anthropic_server: AnthropicServer,
) -> None:
    """What the provider avoids: thinking on, the call's reasoning left out."""
    provider = AnthropicProvider(ANTHROPIC_KEY, base_url=anthropic_server.url)
    args = provider.request_args(
        [*CONVERSATION, Message.assistant("", [CALL]), Message.tool_result(CALL, "[]")]
    )
    args["thinking"] = {"type": "enabled", "budget_tokens": 1024}
    args["max_tokens"] = 2048
    try:
        with pytest.raises(LLMBadRequestError, match="must start with a thinking"):
            async for _ in provider._stream_once(args):
                pass
    finally:
        await provider.close()


def test_redacted_reasoning_goes_back_as_it_came() -> None:
    """An encrypted block is returned as its data, before the text and calls."""
    wire = wire_messages(
        [
            Message.user("Queue?"),
            Message.assistant("Checking.", [CALL], (Thinking(redacted="ENCRYPTED"),)),
        ]
    )
    assert wire[1]["content"] == [
        {"type": "redacted_thinking", "data": "ENCRYPTED"},
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "toolu_q", "name": "get_queue", "input": {}},
    ]
    assert not continues_without_thinking(wire)
    # A call made without reasoning, and only such a call, is continued
    # without thinking.
    assert continues_without_thinking(
        wire_messages([Message.user("Queue?"), Message.assistant("", [CALL])])
    )
    assert not continues_without_thinking(
        wire_messages([Message.user("Queue?"), Message.assistant("Empty.")])
    )
    assert not continues_without_thinking(wire_messages([Message.user("Queue?")]))


def test_a_budget_below_the_apis_least_is_refused() -> None:
    """Between 0 (off) and 1024 the API would refuse every request."""
    with pytest.raises(LLMConfigError, match="at least 1024"):
        AnthropicProvider(ANTHROPIC_KEY, thinking_budget=512)
