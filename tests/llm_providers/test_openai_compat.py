"""OpenAICompatibleProvider against a local chat completions server (SSE)."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.autoarr.llm_providers import (
    FinishReason,
    LLMAuthError,
    LLMConfigError,
    LLMConnectionError,
    LLMMalformedOutputError,
    LLMModelOutputError,
    LLMRateLimitError,
    LLMServerError,
    Message,
    ToolCall,
    ToolSpec,
    Usage,
)
from custom_components.autoarr.llm_providers._http import MAX_ERROR_TEXT
from custom_components.autoarr.llm_providers.base import (
    ProviderContext,
    ProviderSettings,
)
from custom_components.autoarr.llm_providers.fallback import FallbackChain
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from tests.support.llm_servers import (
    BreakMidStream,
    Call,
    Drop,
    Fail,
    Garbage,
    OpenAIServer,
    Reply,
)

from .conftest import OPENAI_KEY

TOOLS = [
    ToolSpec("get_queue", "List what is downloading."),
    ToolSpec(
        "search_movie",
        "Search.",
        {"type": "object", "properties": {"title": {"type": "string"}}},
    ),
]
CONVERSATION = [
    Message.system("You are AutoArr."),
    Message.user("What is downloading?"),
]


def make(
    session: aiohttp.ClientSession, server: OpenAIServer, **kwargs: object
) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(
        session, server.url, "local-model", OPENAI_KEY, **kwargs
    )  # type: ignore[arg-type]


async def test_streams_text_with_usage(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """Content deltas stream; the usage chunk is read, cached tokens too."""
    openai_server.script(
        Reply("Two downloads.", prompt_tokens=40, completion_tokens=3, cached_tokens=32)
    )
    provider = make(session, openai_server)

    deltas = [
        d async for d in provider.stream(CONVERSATION, temperature=0.3, max_tokens=64)
    ]

    assert [d.content for d in deltas if d.content] == ["Two ", "downloads."]
    assert deltas[-1].usage == Usage(
        prompt_tokens=40, completion_tokens=3, cached_tokens=32
    )
    assert deltas[-1].finish_reason is FinishReason.STOP
    request = openai_server.chat_requests()[0]
    assert request["stream"] is True
    assert request["stream_options"] == {"include_usage": True}
    assert (request["temperature"], request["max_tokens"]) == (0.3, 64)
    assert openai_server.requests[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"


async def test_url_with_or_without_v1(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """The base URL may be given with /v1 or without."""
    with_v1 = OpenAICompatibleProvider(
        session, f"{openai_server.url}/v1/", api_key=OPENAI_KEY
    )
    assert await with_v1.list_models() == ["local-model"]
    assert await make(session, openai_server).list_models() == ["local-model"]


async def test_tool_calls_assembled_by_index(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """Tool-call deltas (id, name, arguments in pieces) become whole calls."""
    openai_server.script(
        Reply(
            tool_calls=[
                Call("search_movie", {"title": "Alien"}, id="call_a"),
                Call("get_queue", id="call_b"),
            ]
        )
    )
    provider = make(session, openai_server)

    response = await provider.complete(CONVERSATION, tools=TOOLS)

    assert response.tool_calls == [
        ToolCall("call_a", "search_movie", {"title": "Alien"}),
        ToolCall("call_b", "get_queue", {}),
    ]
    assert response.finish_reason is FinishReason.TOOL_CALLS
    request = openai_server.chat_requests()[0]
    assert request["tools"][1] == {
        "type": "function",
        "function": {
            "name": "search_movie",
            "description": "Search.",
            "parameters": TOOLS[1].parameters,
        },
    }


async def test_text_tool_call_recovered(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """A tagged call in the text is recovered, as for Ollama."""
    openai_server.script(
        Reply('<tool_call>{"name": "get_queue", "arguments": {}}</tool_call>', chunks=5)
    )
    response = await make(session, openai_server).complete(CONVERSATION, tools=TOOLS)
    assert [c.name for c in response.tool_calls] == ["get_queue"]
    assert response.content == ""
    assert response.finish_reason is FinishReason.TOOL_CALLS


async def test_held_text_that_is_no_call_is_streamed_at_the_end(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """Text held back as a possible call comes through when it is none."""
    openai_server.script(Reply("Use {curly} braces."))
    response = await make(session, openai_server).complete(CONVERSATION, tools=TOOLS)
    assert response.content == "Use {curly} braces."
    assert response.tool_calls == []


async def test_conversation_shape_and_structured_output(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """Calls and tool results use the chat completions shape; schema is sent."""
    call = ToolCall("call_1", "get_queue", {"service": "sonarr"})
    schema = {"type": "object"}
    await make(session, openai_server).complete(
        [*CONVERSATION, Message.assistant("", [call]), Message.tool_result(call, "[]")],
        response_format=schema,
    )
    request = openai_server.chat_requests()[0]
    assert request["messages"][2] == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_queue", "arguments": '{"service": "sonarr"}'},
            }
        ],
    }
    assert request["messages"][3] == {
        "role": "tool",
        "content": "[]",
        "tool_call_id": "call_1",
    }
    assert request["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": schema},
    }


@pytest.mark.parametrize(
    ("turn", "error", "text"),
    [
        (Fail(500, "engine died"), LLMServerError, "engine died"),
        (Fail(429, "busy", retry_after=3), LLMRateLimitError, "busy"),
        (Garbage(), LLMMalformedOutputError, "before it was done"),
        (
            Garbage(b"data: {oops\n\n", "text/event-stream"),
            LLMMalformedOutputError,
            "not JSON",
        ),
        (
            Garbage(b"data: [1]\n\n", "text/event-stream"),
            LLMMalformedOutputError,
            "not a JSON object",
        ),
        (
            BreakMidStream("Two", "CUDA out of memory"),
            LLMServerError,
            "CUDA out of memory",
        ),
        (Drop(), LLMConnectionError, "error talking to"),
    ],
    ids=["500", "429", "html", "bad-json", "not-object", "error-event", "drop"],
)
async def test_faults_map_to_errors(
    session: aiohttp.ClientSession,
    openai_server: OpenAIServer,
    turn: object,
    error: type[Exception],
    text: str,
) -> None:
    """Each fault raises the error the fallback chain judges it by."""
    openai_server.script(turn)  # type: ignore[arg-type]
    with pytest.raises(error, match=text) as caught:
        await make(session, openai_server).complete(CONVERSATION)
    if isinstance(caught.value, LLMRateLimitError):
        assert caught.value.retry_after == 3


async def test_error_object_without_message(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """An error chunk that is a plain string is quoted as is."""
    openai_server.script(
        Garbage(b'data: {"error": "plain failure"}\n\n', "text/event-stream")
    )
    with pytest.raises(LLMServerError, match="plain failure"):
        await make(session, openai_server).complete(CONVERSATION)


async def test_wrong_key_not_leaked(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """A rejected key is an auth error that does not contain the key."""
    wrong = "test-wrong-openai-key-0123456789"
    provider = OpenAICompatibleProvider(session, openai_server.url, api_key=wrong)
    with pytest.raises(LLMAuthError) as caught:
        await provider.complete(CONVERSATION)
    assert wrong not in str(caught.value)
    health = await provider.health_check()
    assert (health.available, health.error_kind) == (False, "auth")


async def test_health_check(session: aiohttp.ClientSession) -> None:
    """A multi-model server must serve the configured model; one model is enough."""
    async with OpenAIServer(models=("a", "b")) as server:
        assert await OpenAICompatibleProvider(session, server.url, "a").is_available()
        missing = await OpenAICompatibleProvider(
            session, server.url, "c"
        ).health_check()
        assert (missing.available, missing.error_kind) == (False, "model_not_found")
        server.script_path("/v1/models", Garbage(b"{}", "application/json"))
        broken = await OpenAICompatibleProvider(session, server.url, "a").health_check()
        assert (broken.available, broken.error_kind) == (False, "malformed")
    async with OpenAIServer(models=("whatever.gguf",)) as server:
        single = await OpenAICompatibleProvider(
            session, server.url, "local-model"
        ).health_check()
        assert single.available
        assert single.latency is not None


def test_from_settings(session: aiohttp.ClientSession) -> None:
    """The factory hook needs a session and a URL."""
    settings = ProviderSettings(model="m", url="http://127.0.0.1:1234", api_key="k")
    provider = OpenAICompatibleProvider.from_settings(
        settings, ProviderContext(session=session)
    )
    assert provider.model == "m"
    with pytest.raises(LLMConfigError, match="session"):
        OpenAICompatibleProvider.from_settings(settings, ProviderContext())
    with pytest.raises(LLMConfigError, match="URL"):
        OpenAICompatibleProvider.from_settings(
            ProviderSettings(model="m"), ProviderContext(session=session)
        )


# The key starts 4 characters before the message is cut: cutting before
# redacting would show "test".
KEY_ACROSS_THE_CUT = "x" * (MAX_ERROR_TEXT - 4) + OPENAI_KEY + " echoed"


@pytest.mark.parametrize(
    "turn",
    [Fail(500, KEY_ACROSS_THE_CUT), BreakMidStream("", KEY_ACROSS_THE_CUT)],
    ids=["http-error", "error-event"],
)
async def test_key_across_the_cut_is_not_quoted(
    session: aiohttp.ClientSession,
    openai_server: OpenAIServer,
    turn: Fail | BreakMidStream,
) -> None:
    """A message echoing the key across the length limit shows none of it."""
    openai_server.script(turn)
    with pytest.raises(LLMServerError) as caught:
        await make(session, openai_server).complete(CONVERSATION)
    assert "xxxx" in str(caught.value)
    assert OPENAI_KEY[:4] not in str(caught.value)


# llama-server's error event when the model wrote a call it cannot parse.
UNPARSEABLE_CALL = (
    "The model produced output that does not match the expected Hermes 2 Pro "
    "format: <tool_call>{name: get_queue"
)


async def test_unparseable_call_is_the_models_fault_not_the_servers(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """The in-stream parse error is a model output error: no failover, no
    cool-down; the chain's next provider is not asked and the server stays
    in use for the next request."""
    openai_server.script(BreakMidStream("", UNPARSEABLE_CALL), Reply("Two downloads."))
    backup = OpenAIServer()
    async with backup:
        backup.script(Reply("from the backup"))
        chain = FallbackChain(
            [
                make(session, openai_server),
                OpenAICompatibleProvider(session, backup.url),
            ]
        )
        try:
            with pytest.raises(LLMModelOutputError, match="does not match") as caught:
                await chain.complete(CONVERSATION)
            assert caught.value.failover is False
            assert backup.chat_requests() == []
            assert not any(state.cooling_down for state in chain.states())
            assert [a.error_kind for a in chain.last_attempts] == ["model_output"]
            response = await chain.complete(CONVERSATION)
            assert response.content == "Two downloads."
            assert chain.last_provider == "openai_compat"
        finally:
            await chain.close()


async def test_other_in_stream_errors_stay_server_errors(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """Only the parse failure is the model's: a crash is the server's."""
    openai_server.script(BreakMidStream("", "failed to allocate KV cache"))
    with pytest.raises(LLMServerError, match="KV cache"):
        await make(session, openai_server).complete(CONVERSATION)


async def test_every_request_gets_its_own_connection(
    session: aiohttp.ClientSession, openai_server: OpenAIServer
) -> None:
    """Connection: close on each request (llama-server drops kept-alive
    connections after a streamed answer)."""
    openai_server.script(Reply("One."), Reply("Two."))
    provider = make(session, openai_server)
    await provider.complete(CONVERSATION)
    await provider.complete(CONVERSATION)
    requests = [r for r in openai_server.requests if r.path.endswith("/completions")]
    assert [r.headers.get("connection") for r in requests] == ["close", "close"]
