"""OllamaProvider against a local server speaking Ollama's HTTP API."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.autoarr.llm_providers import (
    FinishReason,
    LLMBadRequestError,
    LLMConnectionError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
    LLMServerError,
    LLMTimeoutError,
    Message,
    ToolSpec,
    Usage,
)
from custom_components.autoarr.llm_providers.ollama import (
    DEFAULT_OLLAMA_MODEL,
    DEFAULT_OLLAMA_URL,
    OllamaProvider,
    PullProgress,
)
from tests.support.llm_servers import (
    BreakMidStream,
    Call,
    Drop,
    Fail,
    Garbage,
    Hang,
    OllamaModel,
    OllamaServer,
    Reply,
    refusing_url,
)
from tests.support.llm_servers.ollama import OLLAMA_VERSION

QUEUE_TOOL = ToolSpec(
    name="get_queue",
    description="List what is downloading.",
    parameters={"type": "object", "properties": {"service": {"type": "string"}}},
)
SEARCH_TOOL = ToolSpec(
    name="search_movie",
    description="Search for a movie.",
    parameters={
        "type": "object",
        "properties": {"title": {"type": "string"}},
        "required": ["title"],
    },
)
CONVERSATION = [
    Message.system("You are AutoArr."),
    Message.user("What is downloading?"),
]


def test_defaults(session: aiohttp.ClientSession) -> None:
    """The default URL and model are the local Ollama and qwen2.5:7b."""
    provider = OllamaProvider(session)
    assert provider.url == DEFAULT_OLLAMA_URL == "http://localhost:11434"
    assert provider.model == DEFAULT_OLLAMA_MODEL == "qwen2.5:7b"
    assert provider.name == "ollama"
    assert "qwen2.5:7b" in repr(provider)
    # Like Home Assistant's Ollama integration: model kept loaded, 8k context,
    # no thinking.
    assert (provider.keep_alive, provider.num_ctx, provider.think) == (-1, 8192, False)


async def test_streams_text_and_reports_usage(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Text streams in pieces; usage and speed come from Ollama's counters."""
    ollama_server.script(Reply("Two downloads are running.", completion_tokens=10))
    provider = OllamaProvider(session, ollama_server.url)

    deltas = [delta async for delta in provider.stream(CONVERSATION)]

    assert [d.content for d in deltas if d.content] == [
        "Two ",
        "downloads ",
        "are ",
        "running.",
    ]
    final = deltas[-1]
    assert final.finish_reason is FinishReason.STOP
    assert final.usage == Usage(prompt_tokens=6, completion_tokens=10)
    # eval_count / eval_duration: the server reports 20 ms per token.
    assert final.tokens_per_second == pytest.approx(50.0)
    assert final.time_to_first_token is not None
    assert final.time_to_first_token >= 0


async def test_request_carries_options(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """keep_alive, num_ctx, think=false, temperature, tools and format are sent."""
    ollama_server.script(Reply("ok"), Reply('{"answer": 1}'))
    provider = OllamaProvider(
        session, ollama_server.url, keep_alive="10m", num_ctx=16384
    )

    await provider.complete(
        [*CONVERSATION, Message.assistant("", [])],
        tools=[QUEUE_TOOL],
        temperature=0.2,
        max_tokens=200,
    )
    schema = {"type": "object", "properties": {"answer": {"type": "integer"}}}
    await provider.complete(CONVERSATION, response_format=schema)

    first, second = ollama_server.chat_requests()
    assert first["model"] == "qwen2.5:7b"
    assert first["stream"] is True
    assert first["think"] is False
    assert first["keep_alive"] == "10m"
    assert first["options"] == {
        "num_ctx": 16384,
        "temperature": 0.2,
        "num_predict": 200,
    }
    assert first["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_queue",
                "description": "List what is downloading.",
                "parameters": QUEUE_TOOL.parameters,
            },
        }
    ]
    assert first["messages"][:2] == [
        {"role": "system", "content": "You are AutoArr."},
        {"role": "user", "content": "What is downloading?"},
    ]
    assert "format" not in first
    assert second["format"] == schema
    assert "tools" not in second


async def test_server_defaults_when_options_are_none(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """None leaves think, keep_alive and num_ctx to the server."""
    provider = OllamaProvider(
        session, ollama_server.url, keep_alive=None, num_ctx=None, think=None
    )
    await provider.complete([Message.user("hi")])
    request = ollama_server.chat_requests()[0]
    assert "think" not in request
    assert "keep_alive" not in request
    assert request["options"] == {}


async def test_native_tool_calls(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Tool calls in Ollama's tool_calls field become ToolCalls with ids."""
    ollama_server.script(
        Reply(
            tool_calls=[
                Call("get_queue", {"service": "sabnzbd"}),
                Call("search_movie", '{"title": "Alien"}'),
            ]
        )
    )
    provider = OllamaProvider(session, ollama_server.url)

    response = await provider.complete(CONVERSATION, tools=[QUEUE_TOOL, SEARCH_TOOL])

    assert response.finish_reason is FinishReason.TOOL_CALLS
    assert [(c.name, c.arguments, c.arguments_error) for c in response.tool_calls] == [
        ("get_queue", {"service": "sabnzbd"}, None),
        ("search_movie", {"title": "Alien"}, None),
    ]
    # The ids are Ollama's own (0.12.10 and newer send them).
    sent = ollama_server.sent_tool_call_ids
    assert [call.id for call in response.tool_calls] == sent[-2:]
    assert len(set(sent)) == 2
    assert response.content == ""
    assert response.provider == "ollama"


async def test_malformed_native_arguments_become_a_tool_error(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Arguments that are not JSON are returned to the model, not a failure."""
    ollama_server.script(Reply(tool_calls=[Call("search_movie", '{"title": "Alien"')]))
    provider = OllamaProvider(session, ollama_server.url)

    response = await provider.complete(CONVERSATION, tools=[SEARCH_TOOL])

    (call,) = response.tool_calls
    assert call.name == "search_movie"
    assert call.arguments == {}
    assert call.arguments_error is not None
    assert "not valid JSON" in call.arguments_error
    assert call.raw_arguments == '{"title": "Alien"'
    result = Message.tool_result(call, call.arguments_error, is_error=True)
    assert (result.tool_call_id, result.name, result.is_error) == (
        call.id,
        "search_movie",
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "get_queue", "arguments": {"service": "sabnzbd"}}',
        '<tool_call>\n{"name": "get_queue", "arguments": {"service": "sabnzbd"}}\n</tool_call>',
        '```json\n{"name": "get_queue", "parameters": {"service": "sabnzbd"}}\n```',
        '{"name": "get_queue", "arguments": "{\\"service\\": \\"sabnzbd\\"}"}',
    ],
    ids=["plain-json", "tagged", "fenced", "string-arguments"],
)
async def test_tool_calls_written_as_text_are_recovered(
    session: aiohttp.ClientSession, ollama_server: OllamaServer, text: str
) -> None:
    """A small model's text tool call becomes a real one; none of it is shown."""
    ollama_server.script(Reply(text, chunks=7))
    provider = OllamaProvider(session, ollama_server.url)

    deltas = [d async for d in provider.stream(CONVERSATION, tools=[QUEUE_TOOL])]

    assert "".join(d.content for d in deltas) == ""
    calls = [call for d in deltas for call in d.tool_calls]
    assert [(c.name, c.arguments) for c in calls] == [
        ("get_queue", {"service": "sabnzbd"})
    ]
    assert deltas[-1].finish_reason is FinishReason.TOOL_CALLS


async def test_text_before_a_tagged_call_is_streamed(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Prose before <tool_call> reaches the user; the tag never does."""
    ollama_server.script(
        Reply(
            'Let me look. <tool_call>{"name": "get_queue", "arguments": {}}</tool_call>',
            chunks=9,
        )
    )
    provider = OllamaProvider(session, ollama_server.url)

    response = await provider.complete(CONVERSATION, tools=[QUEUE_TOOL])

    assert response.content == "Let me look. "
    assert [c.name for c in response.tool_calls] == ["get_queue"]


async def test_json_that_is_no_call_is_shown_as_text(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """JSON naming no offered tool is an answer, not a call."""
    text = 'The result is {"name": "Alien", "year": 1979}.'
    ollama_server.script(Reply(text))
    provider = OllamaProvider(session, ollama_server.url)

    response = await provider.complete(CONVERSATION, tools=[QUEUE_TOOL])

    assert response.content == text
    assert response.tool_calls == []


async def test_recovery_can_be_turned_off(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """With recovery off the text is passed on as the model wrote it."""
    text = '{"name": "get_queue", "arguments": {}}'
    ollama_server.script(Reply(text))
    provider = OllamaProvider(session, ollama_server.url, recover_tool_calls=False)

    response = await provider.complete(CONVERSATION, tools=[QUEUE_TOOL])

    assert (response.content, response.tool_calls) == (text, [])


async def test_structured_output_is_not_taken_for_a_call(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """With a response format, JSON text is the answer even if tools are given."""
    text = '{"name": "get_queue", "arguments": {}}'
    ollama_server.script(Reply(text))
    provider = OllamaProvider(session, ollama_server.url)

    response = await provider.complete(
        CONVERSATION, tools=[QUEUE_TOOL], response_format={"type": "object"}
    )

    assert response.content == text
    assert response.tool_calls == []


async def test_length_finish_reason(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """done_reason "length" is reported as LENGTH, unknown ones as OTHER."""
    ollama_server.script(Reply("cut", finish="length"), Reply("odd", finish="unload"))
    provider = OllamaProvider(session, ollama_server.url)
    assert (await provider.complete(CONVERSATION)).finish_reason is FinishReason.LENGTH
    assert (await provider.complete(CONVERSATION)).finish_reason is FinishReason.OTHER


async def test_tool_results_are_sent_back(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """An assistant's calls and the tool results go back in Ollama's shape."""
    ollama_server.script(Reply(tool_calls=[Call("get_queue", {})]))
    provider = OllamaProvider(session, ollama_server.url)
    first = await provider.complete(CONVERSATION, tools=[QUEUE_TOOL])
    (call,) = first.tool_calls

    second = await provider.complete(
        [
            *CONVERSATION,
            Message.assistant("", first.tool_calls),
            Message.tool_result(call, '{"items": 2}'),
        ],
        tools=[QUEUE_TOOL],
    )

    # Unscripted, the server says what the tool returned.
    assert second.content == 'Here is what I found: {"items": 2}'
    messages = ollama_server.chat_requests()[1]["messages"]
    assert messages[2] == {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {"id": call.id, "function": {"name": "get_queue", "arguments": {}}}
        ],
    }
    assert messages[3] == {
        "role": "tool",
        "content": '{"items": 2}',
        "tool_name": "get_queue",
        "tool_call_id": call.id,
    }


async def test_two_calls_of_one_tool_are_told_apart_by_their_ids(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Each result goes back with the id of the call it answers."""
    ollama_server.script(
        Reply(
            tool_calls=[
                Call("search_movie", {"title": "Dune"}),
                Call("search_movie", {"title": "Alien"}),
            ]
        )
    )
    provider = OllamaProvider(session, ollama_server.url)
    first = await provider.complete(CONVERSATION, tools=[SEARCH_TOOL])
    dune, alien = first.tool_calls
    assert dune.id != alien.id

    await provider.complete(
        [
            *CONVERSATION,
            Message.assistant("", first.tool_calls),
            Message.tool_result(alien, '{"found": "Alien (1979)"}'),
            Message.tool_result(dune, '{"found": "Dune (2021)"}'),
        ],
        tools=[SEARCH_TOOL],
    )

    messages = ollama_server.chat_requests()[1]["messages"]
    assert [call["id"] for call in messages[2]["tool_calls"]] == [dune.id, alien.id]
    assert [(m["tool_call_id"], m["content"]) for m in messages[3:]] == [
        (alien.id, '{"found": "Alien (1979)"}'),
        (dune.id, '{"found": "Dune (2021)"}'),
    ]


@pytest.mark.parametrize(
    ("turn", "error", "text"),
    [
        (Fail(500, "CUDA error: out of memory"), LLMServerError, "CUDA error"),
        (Fail(503, "server busy"), LLMServerError, "busy"),
        (Garbage(), LLMMalformedOutputError, "not JSON"),
        (
            Garbage(b"[1, 2]\n", "application/x-ndjson"),
            LLMMalformedOutputError,
            "not a JSON object",
        ),
        (
            BreakMidStream("Two", "model runner crashed"),
            LLMServerError,
            "model runner crashed",
        ),
        (Drop("Two"), LLMConnectionError, "cut off mid-answer"),
        (Drop(), LLMConnectionError, "error talking to Ollama"),
    ],
    ids=["500", "503", "html", "not-object", "error-line", "drop-mid-stream", "drop"],
)
async def test_faults_map_to_errors(
    session: aiohttp.ClientSession,
    ollama_server: OllamaServer,
    turn: object,
    error: type[Exception],
    text: str,
) -> None:
    """Each fault raises the error the fallback chain judges it by."""
    ollama_server.script(turn)  # type: ignore[arg-type]
    provider = OllamaProvider(session, ollama_server.url)
    with pytest.raises(error, match=text) as caught:
        await provider.complete(CONVERSATION)
    assert caught.value.provider == "ollama"  # type: ignore[attr-defined]


async def test_stream_ending_early_is_malformed(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """A stream that ends without done:true is malformed output."""
    ollama_server.script(
        Garbage(
            b'{"message": {"content": "Hi"}, "done": false}\n', "application/x-ndjson"
        )
    )
    provider = OllamaProvider(session, ollama_server.url)
    with pytest.raises(LLMMalformedOutputError, match="before it was done"):
        await provider.complete(CONVERSATION)


async def test_missing_model_and_tool_support(
    session: aiohttp.ClientSession,
) -> None:
    """A model not pulled is 404; tools on a model without them is a bad request."""
    models = {
        "qwen2.5:7b": OllamaModel(),
        "gemma2:2b": OllamaModel(capabilities=["completion"]),
    }
    async with OllamaServer(models=models) as server:
        missing = OllamaProvider(session, server.url, "llama3.2:3b")
        with pytest.raises(LLMModelNotFoundError, match="not found, try pulling"):
            await missing.complete(CONVERSATION)
        no_tools = OllamaProvider(session, server.url, "gemma2:2b")
        with pytest.raises(LLMBadRequestError, match="does not support tools"):
            await no_tools.complete(CONVERSATION, tools=[QUEUE_TOOL])
        assert LLMBadRequestError.failover is False


async def test_refused_and_timeout(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """A refused connection and a silent server raise distinct errors."""
    refused = OllamaProvider(session, refusing_url())
    with pytest.raises(LLMConnectionError, match="cannot connect") as caught:
        await refused.complete(CONVERSATION)
    assert not isinstance(caught.value, LLMTimeoutError)

    ollama_server.script(Hang())
    slow = OllamaProvider(session, ollama_server.url, read_timeout=0.2)
    with pytest.raises(LLMTimeoutError, match="did not answer in time"):
        await slow.complete(CONVERSATION)


async def test_health_check(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Available when the server answers and has the model pulled."""
    provider = OllamaProvider(session, ollama_server.url)
    health = await provider.health_check()
    assert health.available
    assert health.models == ["qwen2.5:7b"]
    assert health.latency is not None
    assert await provider.is_available()

    # Without a tag, ":latest" is meant.
    ollama_server.models["llama3.2"] = OllamaModel()
    assert await OllamaProvider(
        session, ollama_server.url, "llama3.2:latest"
    ).is_available()

    missing = await OllamaProvider(
        session, ollama_server.url, "phi4:14b"
    ).health_check()
    assert not missing.available
    assert missing.error_kind == "model_not_found"
    assert "phi4:14b is not pulled" in (missing.error or "")

    down = await OllamaProvider(session, refusing_url()).health_check()
    assert (down.available, down.error_kind) == (False, "connection")

    ollama_server.script_path(
        "/api/tags", Garbage(b'{"no": "models"}', "application/json")
    )
    broken = await provider.health_check()
    assert (broken.available, broken.error_kind) == (False, "malformed")


async def test_list_models_and_version(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """Tags and version are read from the server."""
    provider = OllamaProvider(session, ollama_server.url)
    assert await provider.list_models() == ["qwen2.5:7b"]
    assert await provider.version() == OLLAMA_VERSION
    ollama_server.script_path("/api/version", Garbage(b"[]", "application/json"))
    with pytest.raises(LLMMalformedOutputError, match="version"):
        await provider.version()
    ollama_server.script_path("/api/tags", Garbage(b"not json", "application/json"))
    with pytest.raises(LLMMalformedOutputError, match="valid JSON"):
        await provider.list_models()


async def test_show(session: aiohttp.ClientSession) -> None:
    """show() says whether a model supports tools and its context length."""
    models = {
        "qwen2.5:7b": OllamaModel(context_length=32768),
        "gemma2:2b": OllamaModel(
            family="gemma2", capabilities=["completion"], context_length=8192
        ),
        "old:1b": OllamaModel(family="llama", legacy_show=True),
        "old-plain:1b": OllamaModel(
            family="llama", capabilities=["completion"], legacy_show=True
        ),
    }
    async with OllamaServer(models=models) as server:
        provider = OllamaProvider(session, server.url)
        qwen = await provider.show()
        assert (qwen.name, qwen.supports_tools, qwen.context_length) == (
            "qwen2.5:7b",
            True,
            32768,
        )
        assert (qwen.family, qwen.parameter_size, qwen.quantization) == (
            "qwen2",
            "7.6B",
            "Q4_K_M",
        )
        assert qwen.capabilities == ["completion", "tools"]
        gemma = await provider.show("gemma2:2b")
        assert (gemma.supports_tools, gemma.context_length) == (False, 8192)
        # Servers before capabilities existed: judged from the template.
        assert (await provider.show("old:1b")).supports_tools is True
        assert (await provider.show("old-plain:1b")).supports_tools is False
        with pytest.raises(LLMModelNotFoundError):
            await provider.show("missing:1b")
        server.script_path("/api/show", Garbage(b"[]", "application/json"))
        with pytest.raises(LLMMalformedOutputError):
            await provider.show()


async def test_pull_streams_progress(session: aiohttp.ClientSession) -> None:
    """pull() yields each progress line with completed/total and a percentage."""
    async with OllamaServer(
        models={}, pullable={"qwen2.5:7b": OllamaModel(size=1000)}
    ) as server:
        provider = OllamaProvider(session, server.url)
        progress = [p async for p in provider.pull()]

        assert progress[0] == PullProgress(status="pulling manifest")
        downloads = [p for p in progress if p.total]
        assert [p.percent for p in downloads] == [0.0, 25.0, 50.0, 75.0, 100.0]
        assert all(p.total == 1000 for p in downloads)
        assert progress[-1].status == "success"
        assert progress[-1].percent is None
        assert await provider.list_models() == ["qwen2.5:7b"]
        assert server.requests[0].json == {"model": "qwen2.5:7b", "stream": True}

        with pytest.raises(
            LLMServerError, match="could not pull nope:1b: pull model manifest"
        ):
            async for _ in provider.pull("nope:1b"):
                pass


async def test_ensure_model(session: aiohttp.ClientSession) -> None:
    """ensure_model pulls a missing model only when allowed to."""
    async with OllamaServer(
        models={}, pullable={"qwen2.5:7b": OllamaModel()}
    ) as server:
        provider = OllamaProvider(session, server.url)
        with pytest.raises(LLMModelNotFoundError, match="not pulled"):
            await provider.ensure_model()  # auto_pull defaults to False
        assert not any(r.path == "/api/pull" for r in server.requests)

        seen: list[PullProgress] = []
        info = await provider.ensure_model(auto_pull=True, on_progress=seen.append)
        assert info.supports_tools
        assert seen[-1].status == "success"

        # Present now: no second pull, no callback needed.
        before = len(server.requests)
        assert (await provider.ensure_model(auto_pull=True)).name == "qwen2.5:7b"
        assert [r.path for r in server.requests[before:]] == ["/api/tags", "/api/show"]


def test_invalid_url(session: aiohttp.ClientSession) -> None:
    """A URL that is not http(s) is a configuration error."""
    from custom_components.autoarr.llm_providers import LLMConfigError

    with pytest.raises(LLMConfigError, match="not an http"):
        OllamaProvider(session, "ftp://nas:11434")
    with pytest.raises(LLMConfigError, match="not a valid URL"):
        OllamaProvider(session, "http://[::1")


async def test_reasoning_of_a_thinking_model_is_not_spoken(
    session: aiohttp.ClientSession, ollama_server: OllamaServer
) -> None:
    """With thinking on, Ollama streams the reasoning apart: it is not the answer."""
    ollama_server.script(
        Reply("Dune is at 40 percent.", thinking="The user asks about Dune.")
    )
    provider = OllamaProvider(session, ollama_server.url, think=True)
    response = await provider.complete(CONVERSATION)
    assert response.content == "Dune is at 40 percent."
    assert ollama_server.chat_requests()[0]["think"] is True
