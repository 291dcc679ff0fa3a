"""AutoArr's OpenAI-compatible provider against a real llama-server.

The model is a 270M base model: what is checked is the protocol (the prompt
and the tool schemas go through the server's chat template, calls parse,
results go back, usage is counted by the server), never the quality of its
answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import json

import aiohttp
import pytest

from custom_components.autoarr.agent.prompt import API_PROMPT, SYSTEM_PROMPT
from custom_components.autoarr.agent.tools import TOOLS, json_schema
from custom_components.autoarr.llm_providers import Message, ToolSpec
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from tests.support.llama_server import RealLlamaServer

pytestmark = [pytest.mark.real_model, pytest.mark.timeout(600)]

SPECS = [ToolSpec(tool.name, tool.description, json_schema(tool)) for tool in TOOLS]
SYSTEM = Message.system(f"{SYSTEM_PROMPT}\n{API_PROMPT}")
# A base model copies what it reads: a request written as a call in the
# template's own format makes it start a call, which the server then
# constrains to the tool schemas and parses.
# The first request offers only the tool it names: with every tool, what
# the 270M model writes after the call's start depends on every schema's
# wording (a change to one made it ramble in another tool's arguments until
# the token limit), and the model's judgement is not what is tested here.
CALLED = [spec for spec in SPECS if spec.name == "autoarr__downloads"]
CALL_REQUEST = (
    '<tool_call>\n{"name": "autoarr__downloads", "arguments": {}}\n</tool_call>'
)


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let these tests open sockets (to 127.0.0.1 only)."""


@pytest.fixture
async def provider(
    llama_server: RealLlamaServer,
) -> AsyncIterator[OpenAICompatibleProvider]:
    """Return the provider bound to the session's llama-server."""
    async with aiohttp.ClientSession() as session:
        yield OpenAICompatibleProvider(session, llama_server.url, llama_server.model)


async def test_health_and_models(provider: OpenAICompatibleProvider) -> None:
    """The server lists its model and counts as available."""
    status = await provider.health_check()
    assert status.available, status.error
    assert status.models == ["gemma3-270m"]


async def test_prompt_and_tools_go_through_the_template(
    provider: OpenAICompatibleProvider,
) -> None:
    """The tools are rendered into the prompt the server counts, every time.

    Two requests in a row on one session: llama-server closes the kept-alive
    connection after a streamed answer, which must not fail the second.
    """
    bare = await provider.complete([SYSTEM, Message.user("Hello")], max_tokens=4)
    with_tools = await provider.complete(
        [SYSTEM, Message.user("Hello")], tools=SPECS, max_tokens=4
    )
    assert bare.usage.prompt_tokens > 0
    # The tool schemas are hundreds of tokens on their own.
    assert with_tools.usage.prompt_tokens > bare.usage.prompt_tokens + 300
    assert with_tools.usage.completion_tokens > 0


async def test_a_call_parses_and_its_result_goes_back(
    provider: OpenAICompatibleProvider,
) -> None:
    """A call comes back as a tool call with valid arguments; its result is
    accepted in the next request, which is answered."""
    conversation = [SYSTEM, Message.user(CALL_REQUEST)]
    first = await provider.complete(conversation, tools=CALLED, max_tokens=60)
    assert first.tool_calls, first.content
    call = first.tool_calls[0]
    assert call.name in {tool.name for tool in TOOLS}
    assert call.arguments_error is None
    assert isinstance(call.arguments, dict)
    conversation += [
        Message.assistant(first.content, first.tool_calls),
        *(
            Message.tool_result(c, json.dumps({"downloads": [], "total": 0}))
            for c in first.tool_calls
        ),
    ]
    second = await provider.complete(conversation, tools=SPECS, max_tokens=20)
    assert second.usage.prompt_tokens > first.usage.prompt_tokens
    assert second.content or second.tool_calls
