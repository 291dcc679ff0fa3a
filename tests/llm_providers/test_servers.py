"""The scripted servers themselves: the paths no provider here uses (the
non-streamed answers other clients may ask for) and the unscripted responder
the demo relies on."""

from __future__ import annotations

from typing import Any

import aiohttp
import anthropic
import pytest

from custom_components.autoarr.llm_providers import Message
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from tests.support.llm_servers import (
    AnthropicServer,
    Call,
    Fail,
    Hang,
    OllamaServer,
    OpenAIServer,
    RecordedRequest,
    Reply,
    conversation_of,
    keyword_responder,
)
from tests.support.llm_servers.anthropic import DEFAULT_MODELS

from .conftest import ANTHROPIC_KEY

TOOLS_OPENAI = [
    {
        "type": "function",
        "function": {"name": name, "description": "", "parameters": {}},
    }
    for name in ("get_queue", "search_movies", "pause_downloads")
]


def request(body: dict[str, Any]) -> RecordedRequest:
    return RecordedRequest("POST", "/api/chat", {}, body)


def test_keyword_responder_picks_the_tool_named_in_the_request() -> None:
    """Words of the request choose the tool; generic words do not count."""
    body = {
        "messages": [{"role": "user", "content": "Pause the downloads please"}],
        "tools": TOOLS_OPENAI,
    }
    assert keyword_responder(request(body)) == Reply(
        tool_calls=[Call("pause_downloads", {})]
    )
    body["messages"] = [{"role": "user", "content": "Find movies like Alien"}]
    assert keyword_responder(request(body)) == Reply(
        tool_calls=[Call("search_movies", {})]
    )
    body["tools"] = [
        *TOOLS_OPENAI,
        {"type": "function", "function": {"name": "HassTurnOn"}},
    ]
    body["messages"] = [{"role": "user", "content": "Turn on the kitchen light"}]
    assert keyword_responder(request(body)) == Reply(
        tool_calls=[Call("HassTurnOn", {})]
    )
    body["messages"] = [{"role": "user", "content": "Get me the list"}]
    assert keyword_responder(request(body)) == Reply(text="You said: Get me the list")
    assert keyword_responder(request({})) == Reply(
        text="Hello from the scripted model."
    )


def test_keyword_responder_answers_a_tool_result() -> None:
    """After a tool result it says what the tool returned (both shapes)."""
    ollama_shape = {"messages": [{"role": "tool", "content": "2 items"}]}
    assert keyword_responder(request(ollama_shape)) == Reply(
        text="Here is what I found: 2 items"
    )
    anthropic_shape = {
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t",
                        "content": [{"type": "text", "text": "x"}],
                    },
                ],
            }
        ],
        "tools": [{"name": "get_queue"}],
    }
    role, text, tools = conversation_of(anthropic_shape)
    assert (role, text, tools) == (
        "tool",
        '[{"type": "text", "text": "x"}]',
        ["get_queue"],
    )


async def test_custom_responder(session: aiohttp.ClientSession) -> None:
    """Another engineer's callable decides unscripted turns."""
    async with (
        OllamaServer(
            responder=lambda req: Reply(f"{len(req.json['messages'])} messages")
        ) as server,
        session.post(
            f"{server.url}/api/chat",
            json={"model": "qwen2.5:7b", "messages": [{}], "stream": False},
        ) as resp,
    ):
        payload = await resp.json()
    assert payload["message"]["content"] == "1 messages"
    assert payload["done"] is True


async def test_ollama_non_streamed_chat(session: aiohttp.ClientSession) -> None:
    """stream:false answers one JSON document with the calls and counters."""
    async with OllamaServer() as server:
        server.script(
            Reply("Hi", tool_calls=[Call("get_queue", {"a": 1})], prompt_tokens=7)
        )
        async with session.post(
            f"{server.url}/api/chat",
            json={"model": "qwen2.5:7b", "messages": [], "stream": False},
        ) as resp:
            payload = await resp.json()
        assert server.pending() == 0
    assert payload["message"]["content"] == "Hi"
    assert payload["message"]["tool_calls"] == [
        {
            "id": "call_00000001",
            "function": {"index": 0, "name": "get_queue", "arguments": {"a": 1}},
        }
    ]
    assert (payload["prompt_eval_count"], payload["done_reason"]) == (7, "stop")


async def test_ollama_faults_on_other_endpoints(session: aiohttp.ClientSession) -> None:
    """Faults queued for /api/version or /api/pull are played there."""
    async with OllamaServer() as server:
        server.script_path("/api/version", Fail(500, "boom"))
        server.script_path("/api/pull", Hang(0.01))
        async with session.get(f"{server.url}/api/version") as resp:
            assert (resp.status, await resp.json()) == (500, {"error": "boom"})
        async with session.post(f"{server.url}/api/pull", json={"model": "x"}) as resp:
            assert resp.status == 500
        assert server.pending("/api/version") == 0


async def test_anthropic_non_streamed_message_parses_with_the_sdk() -> None:
    """The SDK reads the server's non-streamed message as a real Message."""
    async with AnthropicServer(api_key=ANTHROPIC_KEY) as server:
        server.script(
            Reply(
                "Hello",
                tool_calls=[Call("get_queue", {"a": 1}, id="toolu_1")],
                cached_tokens=5,
            )
        )
        async with anthropic.AsyncAnthropic(
            api_key=ANTHROPIC_KEY, base_url=server.url, max_retries=0
        ) as client:
            message = await client.messages.create(
                model="claude-haiku-4-5",
                max_tokens=100,
                system="You are AutoArr.",
                messages=[{"role": "user", "content": "hi"}],
            )
            models = await client.models.list()
    assert [block.type for block in message.content] == ["text", "tool_use"]
    assert message.stop_reason == "tool_use"
    assert message.usage.cache_read_input_tokens == 5
    assert message.content[1].input == {"a": 1}  # type: ignore[union-attr]
    assert models.data[0].id == "claude-haiku-4-5-20251001"


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"x-api-key": ANTHROPIC_KEY}, 200),
        ({"Authorization": f"Bearer {ANTHROPIC_KEY}"}, 200),
        ({"authorization": f"bearer {ANTHROPIC_KEY}"}, 200),
        ({}, 401),
        ({"x-api-key": "wrong-key"}, 401),
        ({"Authorization": "Bearer wrong-key"}, 401),
        ({"Authorization": f"Basic {ANTHROPIC_KEY}"}, 401),
        ({"Authorization": ANTHROPIC_KEY}, 401),
    ],
)
async def test_anthropic_server_takes_the_key_as_the_api_does(
    session: aiohttp.ClientSession, headers: dict[str, str], status: int
) -> None:
    """The key in x-api-key (SDK before 2.0) or as a bearer token (SDK 2.x).

    (The SDK in use sends one of them; the server takes both, as the API does.)
    """
    async with (
        AnthropicServer(api_key=ANTHROPIC_KEY) as server,
        session.get(f"{server.url}/v1/models", headers=headers) as resp,
    ):
        assert resp.status == status


async def test_anthropic_models_by_lifecycle() -> None:
    """The model list has each model's lifecycle and filters by it, as the API."""
    async with (
        AnthropicServer() as server,
        anthropic.AsyncAnthropic(
            api_key=ANTHROPIC_KEY, base_url=server.url, max_retries=0
        ) as client,
    ):
        everything = await client.models.list()
        active = await client.models.list(extra_query={"lifecycle[]": "active"})
        retired = await client.models.list(extra_query={"lifecycle[]": "retired"})
    assert [model.id for model in everything.data] == list(DEFAULT_MODELS)
    assert {model.lifecycle for model in everything.data} == {"active"}  # type: ignore[attr-defined]
    assert [model.id for model in active.data] == list(DEFAULT_MODELS)
    assert retired.data == []


async def test_anthropic_server_without_models(session: aiohttp.ClientSession) -> None:
    """An empty model list answers with null ids, like the API."""
    server = AnthropicServer(models=())
    async with server, session.get(f"{server.url}/v1/models") as resp:
        payload = await resp.json()
    assert payload == {"data": [], "has_more": False, "first_id": None, "last_id": None}


async def test_openai_non_streamed_completion(session: aiohttp.ClientSession) -> None:
    """Without stream the server answers one chat.completion document."""
    async with OpenAIServer() as server:
        server.script(Reply(tool_calls=[Call("get_queue", {}, id="call_1")]))
        async with session.post(
            f"{server.url}/v1/chat/completions", json={"model": "m", "messages": []}
        ) as resp:
            payload = await resp.json()
    choice = payload["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"] is None
    assert choice["message"]["tool_calls"][0]["function"] == {
        "name": "get_queue",
        "arguments": "{}",
    }


async def test_paced_replies_stream_the_same_text(
    session: aiohttp.ClientSession,
) -> None:
    """A paced reply (for the benchmark) streams exactly the same pieces."""
    async with OllamaServer() as server:
        server.script(Reply("One two three.", delay=0.01, chunk_delay=0.001))
        deltas = [
            d
            async for d in OllamaProvider(session, server.url).stream(
                [Message.user("x")]
            )
        ]
    assert [d.content for d in deltas if d.content] == ["One ", "two ", "three."]
    assert deltas[-1].time_to_first_token is not None
