"""Ollama's provider over answers a real Ollama sent, and the scripted server
compared with them.

The answers (tests/fixtures/real/ollama) are of a thinking model calling a
tool, from an Ollama before 0.12.10 (no ids on the tool calls), and a stream
of a newer Ollama whose tool call carries the id Ollama gave it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
import re
from typing import Any

import aiohttp
import pytest

from custom_components.autoarr.llm_providers import Message, ToolSpec
from custom_components.autoarr.llm_providers.models import FinishReason
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from custom_components.autoarr.llm_providers.tool_calls import CALL_ID_LENGTH
from tests.support.llm_servers import Call, OllamaModel, OllamaServer, Reply
from tests.support.replay import ReplayServer, Stream

from .corpus import Payload, payloads
from .fidelity import type_divergences

SEARCH = ToolSpec(
    name="search",
    description="Search the web.",
    parameters={"type": "object", "properties": {"query": {"type": "string"}}},
)
DATETIME = ToolSpec(
    name="datetime",
    description="Tell the date and time.",
    parameters={"type": "object", "properties": {}},
)
WEATHER = ToolSpec(
    name="get_weather",
    description="Tell the weather in a city.",
    parameters={"type": "object", "properties": {"city": {"type": "string"}}},
)
ANSWERS = payloads("ollama", "chat_tool_call")
STREAMS = payloads("ollama", "chat_stream_tool_call", suffix=".ndjson")


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda p: p.id)
async def test_tool_call_of_a_thinking_model(
    session: aiohttp.ClientSession, answer: Payload
) -> None:
    """The call is read, given an id (Ollama sent none), the reasoning is not
    spoken, and the counts are the server's."""
    real = answer.json()
    async with ReplayServer({"/api/chat": real}, api_key=None) as ollama:
        provider = OllamaProvider(session, ollama.url, real["model"], think=None)
        response = await provider.complete(
            [Message.user("Go ahead.")], tools=[SEARCH, DATETIME]
        )
    (sent,) = real["message"]["tool_calls"]
    (call,) = response.tool_calls
    assert (call.name, call.arguments) == (
        sent["function"]["name"],
        sent["function"]["arguments"],
    )
    # An id every common chat template accepts (Mistral's: 9 alphanumerics).
    assert len(call.id) == CALL_ID_LENGTH
    assert call.id.isascii()
    assert call.id.isalnum()
    assert response.content == ""
    assert response.finish_reason is FinishReason.TOOL_CALLS
    assert response.usage is not None
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (
        real["prompt_eval_count"],
        real["eval_count"],
    )


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda p: p.id)
async def test_scripted_ollama_answers_as_the_real_one(
    session: aiohttp.ClientSession, answer: Payload
) -> None:
    """The scripted server sends every field the real one does, with its types."""
    real = answer.json()
    (sent,) = real["message"]["tool_calls"]
    model = str(real["model"])
    script = Reply(
        thinking=real["message"]["thinking"],
        tool_calls=[Call(sent["function"]["name"], sent["function"]["arguments"])],
    )
    async with OllamaServer(models={model: OllamaModel()}) as server:
        server.script(script)
        async with session.post(
            f"{server.url}/api/chat",
            json={"model": model, "messages": [], "stream": False, "think": True},
        ) as response:
            scripted: dict[str, Any] = json.loads(await response.text())

    assert type_divergences([real], [scripted], "chat") == []
    missing = sorted(set(real) - set(scripted))
    missing += [f"message.{k}" for k in set(real["message"]) - set(scripted["message"])]
    call = scripted["message"]["tool_calls"][0]
    missing += [f"tool_calls.{k}" for k in set(sent) - set(call)]
    missing += [f"function.{k}" for k in set(sent["function"]) - set(call["function"])]
    assert missing == []


async def test_scripted_ollama_ids_have_the_form_ollama_gives_them(
    session: aiohttp.ClientSession,
) -> None:
    """Ollama 0.12.10 and newer name each call `call_` and 8 characters of
    a-z0-9 (its server's `toolCallId`): the scripted server's ids do too, in
    a stream as in one answer."""
    form = re.compile(r"call_[a-z0-9]{8}")
    async with OllamaServer(models={"m": OllamaModel()}) as server:
        for stream in (False, True):
            server.script(Reply(tool_calls=[Call("search", {"query": "x"})] * 2))
            async with session.post(
                f"{server.url}/api/chat",
                json={"model": "m", "messages": [], "stream": stream},
            ) as response:
                lines = [
                    json.loads(line) for line in (await response.text()).splitlines()
                ]
            ids = [
                call["id"]
                for line in lines
                for call in line["message"].get("tool_calls", [])
            ]
            assert len(ids) == 2
            assert len(set(ids)) == 2
            assert all(form.fullmatch(call_id) for call_id in ids), ids


@pytest.mark.parametrize("answer", STREAMS, ids=lambda p: p.id)
async def test_streamed_tool_call_keeps_the_id_ollama_gave_it(
    session: aiohttp.ClientSession, answer: Payload
) -> None:
    """A newer Ollama's streamed call is read with its own id, and the tool's
    result goes back under that id, so the model can tell which call it
    answers."""
    lines = answer.lines()
    (sent,) = [call for line in lines for call in line["message"].get("tool_calls", [])]
    model = str(lines[0]["model"])
    async with ReplayServer(
        {"/api/chat": Stream(tuple(lines))}, api_key=None
    ) as ollama:
        provider = OllamaProvider(session, ollama.url, model, think=None)
        question = Message.user("What is the weather in Paris?")
        response = await provider.complete([question], tools=[WEATHER])
        (call,) = response.tool_calls
        assert (call.id, call.name, call.arguments) == (
            sent["id"],
            sent["function"]["name"],
            sent["function"]["arguments"],
        )
        assert response.content == ""
        assert response.finish_reason is FinishReason.TOOL_CALLS

        await provider.complete(
            [
                question,
                Message.assistant("", response.tool_calls),
                Message.tool_result(call, '{"temperature": 18}'),
            ],
            tools=[WEATHER],
        )
    _, follow_up = ollama.bodies
    assistant, result = follow_up["messages"][1:]
    assert [c["id"] for c in assistant["tool_calls"]] == [sent["id"]]
    assert (result["role"], result["tool_call_id"], result["tool_name"]) == (
        "tool",
        sent["id"],
        sent["function"]["name"],
    )


@pytest.mark.parametrize("answer", STREAMS, ids=lambda p: p.id)
async def test_scripted_ollama_streams_as_the_real_one(
    session: aiohttp.ClientSession, answer: Payload
) -> None:
    """The scripted server streams a tool call as a newer Ollama does: the
    call whole in one line with its id and index, then the closing line,
    every field the real lines have, with their types."""
    real = answer.lines()
    (sent,) = real[0]["message"]["tool_calls"]
    model = str(real[0]["model"])
    async with OllamaServer(models={model: OllamaModel()}) as server:
        server.script(
            Reply(
                tool_calls=[
                    Call(sent["function"]["name"], sent["function"]["arguments"])
                ]
            )
        )
        async with session.post(
            f"{server.url}/api/chat",
            json={"model": model, "messages": [], "stream": True},
        ) as response:
            scripted = [
                json.loads(line) for line in (await response.text()).splitlines()
            ]

    assert [bool(line.get("message", {}).get("tool_calls")) for line in scripted] == [
        bool(line["message"].get("tool_calls")) for line in real
    ]
    assert [line["done"] for line in scripted] == [line["done"] for line in real]
    missing: list[str] = []
    for real_line, line in zip(real, scripted, strict=True):
        assert type_divergences([real_line], [line], "chat") == []
        missing += sorted(set(real_line) - set(line))
        missing += [
            f"message.{k}" for k in set(real_line["message"]) - set(line["message"])
        ]
    call = scripted[0]["message"]["tool_calls"][0]
    missing += [f"tool_calls.{k}" for k in set(sent) - set(call)]
    missing += [f"function.{k}" for k in set(sent["function"]) - set(call["function"])]
    assert missing == []
    assert type_divergences([sent["function"]], [call["function"]], "function") == []
