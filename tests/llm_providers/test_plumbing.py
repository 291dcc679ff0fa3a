"""The shared pieces: HTTP helpers, timing, usage, and timeouts mid-answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from email.utils import format_datetime
import json

import aiohttp
import anthropic
from freezegun.api import FrozenDateTimeFactory
import httpx
from hypothesis import given, settings, strategies as st
import pytest

from custom_components.autoarr.llm_providers import (
    FinishReason,
    LLMBadRequestError,
    LLMMalformedOutputError,
    LLMTimeoutError,
    Message,
    ToolSpec,
    Usage,
)
from custom_components.autoarr.llm_providers._http import (
    MAX_ERROR_TEXT,
    error_text,
    parse_retry_after,
    quoted_error,
    sse_events,
    status_error,
)
from custom_components.autoarr.llm_providers.anthropic import AnthropicProvider
from custom_components.autoarr.llm_providers.anthropic_errors import map_sdk_error
from custom_components.autoarr.llm_providers.base import StreamClock, collect
from custom_components.autoarr.llm_providers.models import StreamDelta, ToolCall
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from tests.support.clock import fixed_now
from tests.support.llm_servers import (
    AnthropicServer,
    Garbage,
    OllamaModel,
    OllamaServer,
    OpenAIServer,
    Stall,
)

from .conftest import ANTHROPIC_KEY

CONVERSATION = [Message.user("What is downloading?")]


def test_parse_retry_after(freezer: FrozenDateTimeFactory) -> None:
    """retry-after-ms wins; seconds and HTTP dates are understood."""
    freezer.move_to(fixed_now())
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert parse_retry_after({"retry-after-ms": "soon", "retry-after": "9"}) == 9.0
    assert parse_retry_after({"retry-after": "-3"}) == 0.0
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "whenever"}) is None
    when = format_datetime(fixed_now() + timedelta(seconds=120), usegmt=True)
    assert parse_retry_after({"retry-after": when}) == 120.0
    past = format_datetime(fixed_now() - timedelta(seconds=120), usegmt=True)
    assert parse_retry_after({"retry-after": past}) == 0.0


def test_error_text() -> None:
    """The server's message is picked out of the usual shapes, redacted."""
    assert (
        error_text(b'{"error": {"message": "bad key sk-123"}}', "sk-123")
        == "bad key **REDACTED**"
    )
    assert error_text(b'{"message": "nope"}') == "nope"
    assert error_text(b'{"error": 3}') == '{"error": 3}'
    assert error_text(b"<html>proxy error</html>") == ""
    assert error_text(b"plain words") == "plain words"
    assert len(error_text(b"x" * 1000)) == 300


@given(start=st.integers(MAX_ERROR_TEXT - len(ANTHROPIC_KEY), MAX_ERROR_TEXT))
def test_key_straddling_the_cut_is_never_quoted(start: int) -> None:
    """A key crossing the length limit is redacted whole, not cut in half.

    Cutting first would leave the key's first part, which redact() no longer
    recognises; not even the first 8 characters may show.
    """
    message = "x" * start + ANTHROPIC_KEY + " was refused"
    for quoted in (
        quoted_error(message, ANTHROPIC_KEY),
        error_text(message.encode(), ANTHROPIC_KEY),
        error_text(json.dumps({"error": {"message": message}}).encode(), ANTHROPIC_KEY),
    ):
        assert ANTHROPIC_KEY[:8] not in quoted
        assert len(quoted) <= MAX_ERROR_TEXT


def test_status_error_mapping() -> None:
    """408 is a timeout; other 4xx are bad requests."""
    assert isinstance(
        status_error(408, "", {}, provider="p", where="w"), LLMTimeoutError
    )
    other = status_error(422, "invalid", {}, provider="p", where="w")
    assert isinstance(other, LLMBadRequestError)
    assert str(other) == "w answered HTTP 422: invalid"


def test_usage_arithmetic() -> None:
    """Usage adds up over an agent's turn and has a total."""
    total = Usage(10, 2, 5, 1) + Usage(20, 3, 15, 0)
    assert total == Usage(30, 5, 20, 1)
    assert total.total_tokens == 35


def test_stream_clock() -> None:
    """Time to first token and speed come from the clock; no output, no speed."""
    ticks = iter([100.0, 100.5, 102.5, 100.5])
    clock = StreamClock(lambda: next(ticks))
    assert clock.time_to_first_token is None
    assert clock.tokens_per_second(10) is None
    clock.mark()
    clock.mark()  # only the first output counts
    assert clock.time_to_first_token == 0.5
    assert clock.tokens_per_second(0) is None
    assert clock.tokens_per_second(20) == 10.0
    # No time since the first token (a coarse clock): no meaningful speed.
    assert clock.tokens_per_second(20) is None


async def test_collect_defaults() -> None:
    """A stream without a final delta still makes a response."""

    async def deltas():  # type: ignore[no-untyped-def]
        yield StreamDelta(content="Hi")
        yield StreamDelta(tool_calls=[ToolCall("1", "get_queue")])

    response = await collect(deltas(), provider="p", model="m")
    assert (response.content, response.finish_reason, response.provider) == (
        "Hi",
        FinishReason.TOOL_CALLS,
        "p",
    )
    assert response.usage == Usage()


async def test_stalls_mid_answer_time_out(session: aiohttp.ClientSession) -> None:
    """Content, then silence: each provider raises a timeout."""
    async with (
        OllamaServer() as ollama,
        AnthropicServer(api_key=ANTHROPIC_KEY) as claude,
        OpenAIServer() as openai,
    ):
        for server in (ollama, claude, openai):
            server.script(Stall("Two"))
        with pytest.raises(LLMTimeoutError):
            await OllamaProvider(session, ollama.url, read_timeout=0.2).complete(
                CONVERSATION
            )
        provider = AnthropicProvider(ANTHROPIC_KEY, base_url=claude.url, timeout=0.3)
        try:
            with pytest.raises(LLMTimeoutError):
                await provider.complete(CONVERSATION)
        finally:
            await provider.close()
        with pytest.raises(LLMTimeoutError):
            await OpenAICompatibleProvider(
                session, openai.url, read_timeout=0.2
            ).complete(CONVERSATION)


async def test_anthropic_events_without_usage_or_stop_reason() -> None:
    """Events missing optional parts leave the defaults in place."""
    body = (
        b'event: message_start\ndata: {"type": "message_start", "message": {}}\n\n'
        b'event: content_block_start\ndata: {"type": "content_block_start", "index": 0, "content_block": {"type": "text"}}\n\n'
        b'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}}\n\n'
        b'event: message_delta\ndata: {"type": "message_delta", "delta": {}}\n\n'
        b"event: ping\ndata: \n\n"
        b'event: message_stop\ndata: {"type": "message_stop"}\n\n'
    )
    async with AnthropicServer(api_key=ANTHROPIC_KEY) as server:
        server.script(Garbage(body, "text/event-stream"))
        provider = AnthropicProvider(ANTHROPIC_KEY, base_url=server.url)
        try:
            response = await provider.complete([Message.user(""), *CONVERSATION])
        finally:
            await provider.close()
        # The empty user message is left out, as the API rejects empty text.
        assert server.chat_requests()[0]["messages"] == [
            {
                "role": "user",
                "content": [{"type": "text", "text": "What is downloading?"}],
            }
        ]
    assert (response.content, response.finish_reason, response.usage) == (
        "Hi",
        FinishReason.STOP,
        Usage(),
    )


def test_anthropic_maps_sdk_errors_without_a_status() -> None:
    """Validation errors and bodies that are not JSON are handled."""
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/messages")
    invalid = anthropic.APIResponseValidationError(
        httpx.Response(200, request=request), None
    )
    assert isinstance(
        map_sdk_error(invalid, "anthropic", ANTHROPIC_KEY), LLMMalformedOutputError
    )
    plain = anthropic.InternalServerError(
        "boom", response=httpx.Response(500, request=request), body="oops"
    )
    assert (
        str(map_sdk_error(plain, "anthropic", ANTHROPIC_KEY))
        == "Anthropic answered HTTP 500"
    )
    odd = anthropic.InternalServerError(
        "boom", response=httpx.Response(502, request=request), body={"detail": "x"}
    )
    assert (
        str(map_sdk_error(odd, "anthropic", ANTHROPIC_KEY))
        == "Anthropic answered HTTP 502"
    )


async def test_openai_tool_arguments_as_an_object(
    session: aiohttp.ClientSession,
) -> None:
    """Some servers send tool arguments as an object, not a string."""
    body = (
        b'data: {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "get_queue", "arguments": {"a": 1}}}]}}]}\n\n'
        b'data: {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "id": "c2", "function": {"name": "get_queue"}}]}}]}\n\n'
        b": keep-alive comment\n\n"
        b"event: message\n"
        b'data: {"choices": [{"index": 0, "delta": {},\n'
        b'data: "finish_reason": "tool_calls"}]}\n\n'
        b"data: [DONE]"
    )
    async with OpenAIServer() as server:
        server.script(Garbage(body, "text/event-stream"))
        response = await OpenAICompatibleProvider(session, server.url).complete(
            CONVERSATION, tools=[ToolSpec("get_queue", "Queue.")]
        )
    assert response.tool_calls == [
        ToolCall("c1", "get_queue", {"a": 1}),
        ToolCall("c2", "get_queue", {}),
    ]
    assert response.finish_reason is FinishReason.TOOL_CALLS


async def test_ollama_odd_lines(session: aiohttp.ClientSession) -> None:
    """Blank lines are skipped; a tool call without a function has no name."""
    body = (
        b'{"message": {"role": "assistant", "content": "", "tool_calls": [{"function": "x"}]}, "done": false}\n'
        b"\n"
        b'{"message": {"role": "assistant", "content": ""}, "done": true, "done_reason": "stop"}\n'
    )
    async with OllamaServer() as server:
        server.script(Garbage(body, "application/x-ndjson"))
        response = await OllamaProvider(session, server.url).complete(CONVERSATION)
    (call,) = response.tool_calls
    assert (call.name, call.arguments) == ("", {})
    assert response.tokens_per_second is None


async def test_ensure_model_pulls_without_a_progress_callback(
    session: aiohttp.ClientSession,
) -> None:
    """Pulling works without anyone watching the progress."""
    async with OllamaServer(
        models={}, pullable={"qwen2.5:7b": OllamaModel()}
    ) as server:
        info = await OllamaProvider(session, server.url).ensure_model(auto_pull=True)
    assert info.supports_tools


@settings(max_examples=100, deadline=None)
@given(
    events=st.lists(
        st.tuples(
            st.from_regex(r"[a-z_]{0,12}", fullmatch=True),
            st.text(
                alphabet=st.characters(blacklist_characters="\r"),
                min_size=1,
                max_size=40,
            ),
        ),
        max_size=6,
    ),
    comments=st.booleans(),
)
async def test_sse_events_round_trip(
    events: list[tuple[str, str]], comments: bool
) -> None:
    """Encoded events, multi-line data and comments included, parse back."""
    text = ""
    for name, data in events:
        if comments:
            text += ": keep-alive\n"
        if name:
            text += f"event: {name}\n"
        text += "".join(f"data: {line}\n" for line in data.split("\n")) + "\n"

    async def lines() -> AsyncIterator[str]:
        for line in text.split("\n"):
            yield line + "\n"

    parsed = [event async for event in sse_events(lines())]
    assert parsed == [(name or "message", data) for name, data in events]
