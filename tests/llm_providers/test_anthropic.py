"""AnthropicProvider: the real SDK against a local Messages API server."""

from __future__ import annotations

import logging

import httpx
import pytest

from custom_components.autoarr.llm_providers import (
    FinishReason,
    LLMAuthError,
    LLMBadRequestError,
    LLMConfigError,
    LLMConnectionError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
    LLMOverloadedError,
    LLMRateLimitError,
    LLMServerError,
    LLMTimeoutError,
    Message,
    ToolCall,
    ToolSpec,
)
from custom_components.autoarr.llm_providers._http import MAX_ERROR_TEXT
from custom_components.autoarr.llm_providers.anthropic import (
    DEFAULT_ANTHROPIC_MODEL,
    AnthropicProvider,
)
from tests.support.llm_servers import (
    AnthropicServer,
    BreakMidStream,
    Call,
    Drop,
    Fail,
    Garbage,
    Hang,
    Reply,
    refusing_url,
)
from tests.support.llm_servers.anthropic import DEFAULT_MODELS, api_key_of

from .conftest import ANTHROPIC_KEY

TOOLS = [
    ToolSpec("get_queue", "List what is downloading."),
    ToolSpec(
        "search_movie",
        "Search for a movie.",
        {"type": "object", "properties": {"title": {"type": "string"}}},
    ),
]
CONVERSATION = [
    Message.system("You are AutoArr."),
    Message.user("What is downloading?"),
]


class RecordingSleep:
    """Records the backoff waits instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def make_provider(
    server: AnthropicServer, **kwargs: object
) -> tuple[AnthropicProvider, RecordingSleep]:
    sleep = RecordingSleep()
    provider = AnthropicProvider(
        ANTHROPIC_KEY,
        base_url=server.url,
        sleep=sleep,
        **kwargs,  # type: ignore[arg-type]
    )
    return provider, sleep


async def test_streams_text_with_prompt_caching(
    anthropic_server: AnthropicServer,
) -> None:
    """System prompt and tools are cached; usage reports cache writes then reads."""
    provider, _ = make_provider(anthropic_server)
    try:
        anthropic_server.script(
            Reply("Two downloads are running."), Reply("Still two.")
        )
        deltas = [d async for d in provider.stream(CONVERSATION, tools=TOOLS)]
        second = await provider.complete(CONVERSATION, tools=TOOLS)
    finally:
        await provider.close()

    assert [d.content for d in deltas if d.content] == [
        "Two ",
        "downloads ",
        "are ",
        "running.",
    ]
    first_usage = deltas[-1].usage
    assert first_usage is not None
    assert first_usage.cache_creation_tokens > 0
    assert first_usage.cached_tokens == 0
    assert second.usage.cached_tokens == first_usage.cache_creation_tokens
    assert second.usage.cache_creation_tokens == 0
    # prompt_tokens counts the whole prompt, cached part included.
    assert second.usage.prompt_tokens == first_usage.prompt_tokens
    assert second.usage.completion_tokens == 2
    assert deltas[-1].finish_reason is FinishReason.STOP
    assert deltas[-1].time_to_first_token is not None
    assert deltas[-1].tokens_per_second is not None
    assert second.provider == "anthropic"
    assert second.model == DEFAULT_ANTHROPIC_MODEL

    request = anthropic_server.chat_requests()[0]
    assert request["system"] == [
        {
            "type": "text",
            "text": "You are AutoArr.",
            "cache_control": {"type": "ephemeral"},
        }
    ]
    assert [("cache_control" in tool) for tool in request["tools"]] == [False, True]
    assert request["tools"][1]["input_schema"] == TOOLS[1].parameters
    assert request["stream"] is True
    assert request["max_tokens"] == 1024
    assert request["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "What is downloading?"}]}
    ]
    # The SDK sent the key, to our server only: in x-api-key before SDK 2.0,
    # as a bearer token from 2.0 on.
    assert api_key_of(anthropic_server.requests[0].headers) == ANTHROPIC_KEY


async def test_options_and_structured_output(anthropic_server: AnthropicServer) -> None:
    """max_tokens and a JSON schema reach the API; a temperature does not.

    The SDK 2.x has no sampling parameters (it refuses `temperature`), so a
    temperature meant for the other providers of a chain is not sent.
    """
    provider, _ = make_provider(anthropic_server, model="claude-sonnet-5-5")
    schema = {"type": "object", "properties": {"count": {"type": "integer"}}}
    anthropic_server.script(Reply('{"count": 2}'))
    try:
        response = await provider.complete(
            [Message.user("How many?")],
            temperature=0.1,
            max_tokens=50,
            response_format=schema,
        )
    finally:
        await provider.close()
    assert response.content == '{"count": 2}'
    request = anthropic_server.chat_requests()[0]
    assert request["model"] == "claude-sonnet-5-5"
    assert "temperature" not in request
    assert request["max_tokens"] == 50
    assert request["output_config"] == {
        "format": {"type": "json_schema", "schema": schema}
    }
    assert "system" not in request
    assert "tools" not in request


async def test_tool_use_is_assembled_from_json_deltas(
    anthropic_server: AnthropicServer,
) -> None:
    """tool_use blocks arrive as partial JSON and become whole ToolCalls."""
    anthropic_server.script(
        Reply(
            "Let me search.",
            tool_calls=[
                Call("search_movie", {"title": "Alien"}, id="toolu_1"),
                Call("get_queue", id="toolu_2"),
            ],
        )
    )
    provider, _ = make_provider(anthropic_server)
    try:
        response = await provider.complete(CONVERSATION, tools=TOOLS)
    finally:
        await provider.close()
    assert response.content == "Let me search."
    assert response.tool_calls == [
        ToolCall("toolu_1", "search_movie", {"title": "Alien"}),
        ToolCall("toolu_2", "get_queue", {}),
    ]
    assert response.finish_reason is FinishReason.TOOL_CALLS


async def test_broken_tool_json_becomes_a_tool_error(
    anthropic_server: AnthropicServer,
) -> None:
    """Unreadable tool input is handed back to the model as an error."""
    anthropic_server.script(
        Reply(tool_calls=[Call("search_movie", '{"title": ', id="toolu_9")])
    )
    provider, _ = make_provider(anthropic_server)
    try:
        response = await provider.complete(CONVERSATION, tools=TOOLS)
    finally:
        await provider.close()
    (call,) = response.tool_calls
    assert call.id == "toolu_9"
    assert call.arguments_error is not None


async def test_conversation_with_tool_results(
    anthropic_server: AnthropicServer,
) -> None:
    """Tool results go in one user message; roles alternate as the API needs."""
    call_a = ToolCall("toolu_a", "get_queue", {})
    call_b = ToolCall("toolu_b", "search_movie", {"title": "Alien"})
    provider, _ = make_provider(anthropic_server)
    try:
        response = await provider.complete(
            [
                Message.system("You are AutoArr."),
                Message.user("Queue?"),
                Message.user("And Alien?"),
                Message.assistant("Checking.", [call_a, call_b]),
                Message.tool_result(call_a, "[]"),
                Message.tool_result(call_b, "no such movie", is_error=True),
                Message.system("Be brief."),
            ],
            tools=TOOLS,
        )
    finally:
        await provider.close()
    # Unscripted, the server repeats the tool results.
    assert response.content == "Here is what I found: [] no such movie"
    request = anthropic_server.chat_requests()[0]
    assert request["system"][0]["text"] == "You are AutoArr.\n\nBe brief."
    assert request["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Queue?"},
                {"type": "text", "text": "And Alien?"},
            ],
        },
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Checking."},
                {"type": "tool_use", "id": "toolu_a", "name": "get_queue", "input": {}},
                {
                    "type": "tool_use",
                    "id": "toolu_b",
                    "name": "search_movie",
                    "input": {"title": "Alien"},
                },
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_a",
                    "content": "[]",
                    "is_error": False,
                },
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_b",
                    "content": "no such movie",
                    "is_error": True,
                },
            ],
        },
    ]


async def test_rate_limit_retries_after_the_servers_wait(
    anthropic_server: AnthropicServer,
) -> None:
    """A 429 with retry-after within the cap is retried after that wait."""
    anthropic_server.script(Fail(429, "slow down", retry_after=2), Reply("Answered."))
    provider, sleep = make_provider(anthropic_server)
    try:
        response = await provider.complete(CONVERSATION)
    finally:
        await provider.close()
    assert response.content == "Answered."
    assert sleep.delays == [2.0]
    assert len(anthropic_server.chat_requests()) == 2


async def test_long_retry_after_gives_up_at_once(
    anthropic_server: AnthropicServer,
) -> None:
    """A wait beyond the cap is left to the next provider: no sleep, no retry."""
    anthropic_server.script(Fail(429, "slow down", retry_after=120))
    provider, sleep = make_provider(anthropic_server, backoff_cap=8.0)
    try:
        with pytest.raises(LLMRateLimitError, match="slow down") as caught:
            await provider.complete(CONVERSATION)
    finally:
        await provider.close()
    assert caught.value.retry_after == 120
    assert sleep.delays == []
    assert len(anthropic_server.chat_requests()) == 1


async def test_overloaded_backs_off_exponentially_with_a_cap(
    anthropic_server: AnthropicServer,
) -> None:
    """529 without retry-after: jittered exponential waits, capped, then an error."""
    anthropic_server.script(*[Fail(529, "Overloaded")] * 4)
    provider, sleep = make_provider(
        anthropic_server, max_retries=3, backoff_base=1.0, backoff_cap=3.0
    )
    try:
        with pytest.raises(LLMOverloadedError, match="Overloaded"):
            await provider.complete(CONVERSATION)
    finally:
        await provider.close()
    assert len(sleep.delays) == 3
    assert 0.75 <= sleep.delays[0] <= 1.25
    assert 1.5 <= sleep.delays[1] <= 2.5
    assert sleep.delays[2] == 3.0  # 4 s ± 25 % is over the cap
    assert len(anthropic_server.chat_requests()) == 4


async def test_overloaded_error_event_before_content_is_retried(
    anthropic_server: AnthropicServer,
) -> None:
    """An overloaded_error event with no content yet is retried like a 529."""
    anthropic_server.script(BreakMidStream("", "Overloaded"), Reply("Fine now."))
    provider, sleep = make_provider(anthropic_server)
    try:
        response = await provider.complete(CONVERSATION)
    finally:
        await provider.close()
    assert response.content == "Fine now."
    assert len(sleep.delays) == 1


async def test_error_event_after_content_is_not_retried(
    anthropic_server: AnthropicServer,
) -> None:
    """Once text was streamed a retry would repeat it: the error is raised."""
    anthropic_server.script(
        BreakMidStream("Two downloads", "Overloaded"), Reply("again")
    )
    provider, sleep = make_provider(anthropic_server)
    received: list[str] = []

    async def consume() -> None:
        async for delta in provider.stream(CONVERSATION):
            received.append(delta.content)  # noqa: PERF401 - keeps what came before the error

    try:
        with pytest.raises(LLMOverloadedError):
            await consume()
    finally:
        await provider.close()
    assert received == ["Two downloads"]
    assert sleep.delays == []


@pytest.mark.parametrize(
    ("turn", "error", "text"),
    [
        (
            Fail(500, "Internal server error"),
            LLMServerError,
            "HTTP 500: Internal server error",
        ),
        (
            Fail(400, "messages: roles must alternate"),
            LLMBadRequestError,
            "roles must alternate",
        ),
        (Fail(404, "model: claude-x"), LLMModelNotFoundError, "claude-x"),
        (Fail(403, "no access"), LLMAuthError, "rejected the API key"),
        (Fail(418, "teapot", error_type="odd_error"), LLMBadRequestError, "HTTP 418"),
        (Fail(502, "", error_type="api_error"), LLMServerError, "HTTP 502$"),
        (BreakMidStream("", "boom", error_type="api_error"), LLMServerError, "boom"),
        (Garbage(), LLMMalformedOutputError, "before it was done"),
        (Drop(), LLMConnectionError, "cannot connect to Anthropic"),
        (Drop("Two"), LLMConnectionError, "cut off mid-answer"),
        (
            Garbage(b"event: message_start\ndata: {oops\n\n", "text/event-stream"),
            LLMMalformedOutputError,
            "not a JSON object",
        ),
        (
            Garbage(b"event: message_start\ndata: [1]\n\n", "text/event-stream"),
            LLMMalformedOutputError,
            "not a JSON object",
        ),
        (
            BreakMidStream("", "odd", error_type="invalid_request_error"),
            LLMBadRequestError,
            r"failed while answering \(invalid_request_error\): odd",
        ),
    ],
    ids=[
        "500",
        "400",
        "404",
        "403",
        "418",
        "502-no-message",
        "api-error-event",
        "html",
        "drop",
        "drop-mid-stream",
        "bad-event-json",
        "event-not-object",
        "request-error-event",
    ],
)
async def test_faults_map_to_errors(
    anthropic_server: AnthropicServer, turn: object, error: type[Exception], text: str
) -> None:
    """Each fault raises the error the fallback chain judges it by."""
    anthropic_server.script(turn)  # type: ignore[arg-type]
    provider, sleep = make_provider(anthropic_server)
    try:
        with pytest.raises(error, match=text):
            await provider.complete(CONVERSATION)
    finally:
        await provider.close()
    assert sleep.delays == []


async def test_wrong_key_is_an_auth_error_without_the_key(
    anthropic_server: AnthropicServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A rejected key raises LLMAuthError; the key is in no message or log."""
    wrong_key = "test-wrong-key-9876543210fedcba"
    caplog.set_level(logging.DEBUG)
    provider = AnthropicProvider(wrong_key, base_url=anthropic_server.url)
    try:
        with pytest.raises(LLMAuthError) as caught:
            await provider.complete(CONVERSATION)
        health = await provider.health_check()
    finally:
        await provider.close()
    assert (health.available, health.error_kind) == (False, "auth")
    assert wrong_key not in str(caught.value)
    assert wrong_key not in repr(provider)
    for record in caplog.records:
        assert wrong_key not in record.getMessage()


async def test_refused_and_timeout(anthropic_server: AnthropicServer) -> None:
    """A refused connection and a silent server raise distinct errors."""
    refused = AnthropicProvider(ANTHROPIC_KEY, base_url=refusing_url())
    try:
        with pytest.raises(LLMConnectionError, match="ConnectError") as caught:
            await refused.complete(CONVERSATION)
    finally:
        await refused.close()
    assert not isinstance(caught.value, LLMTimeoutError)

    anthropic_server.script(Hang())
    slow = AnthropicProvider(ANTHROPIC_KEY, base_url=anthropic_server.url, timeout=0.3)
    try:
        with pytest.raises(LLMTimeoutError):
            await slow.complete(CONVERSATION)
    finally:
        await slow.close()


async def test_health_check_and_models(anthropic_server: AnthropicServer) -> None:
    """The model list answers health checks; aliases match dated ids."""
    provider, _ = make_provider(anthropic_server)
    unknown, _ = make_provider(anthropic_server, model="claude-unknown-1")
    try:
        health = await provider.health_check()
        assert health.available
        assert health.models == list(DEFAULT_MODELS)
        assert await provider.list_models() == health.models
        missing = await unknown.health_check()
        assert (missing.available, missing.error_kind) == (False, "model_not_found")
        anthropic_server.script_path("/v1/models", Fail(500, "down"))
        down = await provider.health_check()
        assert (down.available, down.error_kind) == (False, "server")
    finally:
        await provider.close()
        await unknown.close()


async def test_injected_http_client_is_used_and_left_open(
    anthropic_server: AnthropicServer,
) -> None:
    """Home Assistant's shared httpx client is used and not closed."""
    seen: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        seen.append(request.url.path)

    async with httpx.AsyncClient(event_hooks={"request": [on_request]}) as client:
        provider = AnthropicProvider(
            ANTHROPIC_KEY, http_client=client, base_url=anthropic_server.url
        )
        await provider.complete(CONVERSATION)
        await provider.close()
        assert not client.is_closed
    assert seen == ["/v1/messages"]


def test_needs_an_api_key() -> None:
    """Without a key the provider cannot be built."""
    with pytest.raises(LLMConfigError, match="API key"):
        AnthropicProvider("")


# The key starts 4 characters before the message is cut: cutting before
# redacting would show "test".
KEY_ACROSS_THE_CUT = "x" * (MAX_ERROR_TEXT - 4) + ANTHROPIC_KEY + " echoed"


@pytest.mark.parametrize(
    "turn",
    [
        Fail(500, KEY_ACROSS_THE_CUT),
        BreakMidStream("", KEY_ACROSS_THE_CUT, error_type="api_error"),
    ],
    ids=["http-error", "error-event"],
)
async def test_key_across_the_cut_is_not_quoted(
    anthropic_server: AnthropicServer, turn: Fail | BreakMidStream
) -> None:
    """A message echoing the key across the length limit shows none of it."""
    anthropic_server.script(turn)
    provider, _ = make_provider(anthropic_server)
    try:
        with pytest.raises(LLMServerError) as caught:
            await provider.complete(CONVERSATION)
    finally:
        await provider.close()
    assert "xxxx" in str(caught.value)
    assert ANTHROPIC_KEY[:4] not in str(caught.value)
