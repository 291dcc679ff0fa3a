"""Anthropic Claude, the cloud fallback, through the official SDK.

The SDK's own retries are off (max_retries=0): this provider retries 429,
529 and overloaded errors itself, with exponential backoff that honours
retry-after up to a cap, and gives up at once when the server asks for a
longer wait than the cap, so the fallback chain can answer elsewhere.

The system prompt and the tools, the stable prefix of every request, are
marked for prompt caching.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import partial
import importlib
import random
from types import ModuleType
from typing import TYPE_CHECKING, Any, Self, Unpack

from custom_components.autoarr.arr.bounded import loads_bounded

from ._http import parse_retry_after, quoted_error, sse_events
from .base import (
    ChatOptions,
    LLMProvider,
    ProviderContext,
    ProviderSettings,
    StreamClock,
    check_models,
    finish_delta,
)
from .errors import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConfigError,
    LLMConnectionError,
    LLMError,
    LLMMalformedOutputError,
    LLMModelNotFoundError,
    LLMOverloadedError,
    LLMRateLimitError,
    LLMServerError,
    LLMTimeoutError,
)
from .models import FinishReason, HealthStatus, Message, Role, StreamDelta, Usage
from .tool_calls import make_tool_call

if TYPE_CHECKING:
    import anthropic

    from .base import HttpClient

DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5"
DEFAULT_MAX_TOKENS = 1024
DEFAULT_TIMEOUT = 60.0
DEFAULT_HEALTH_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_BACKOFF_BASE = 1.0
# Never wait longer than this for one retry: a voice request is better
# answered by the next provider than after a long silence.
DEFAULT_BACKOFF_CAP = 8.0

_CACHE_CONTROL = {"type": "ephemeral"}
_FINISH_REASONS = {
    "end_turn": FinishReason.STOP,
    "stop_sequence": FinishReason.STOP,
    "tool_use": FinishReason.TOOL_CALLS,
    "max_tokens": FinishReason.LENGTH,
    "refusal": FinishReason.CONTENT_FILTER,
}

type Sleep = Callable[[float], Awaitable[None]]


@dataclass(slots=True)
class _StreamState:
    """What one streamed answer has said so far."""

    usage: Usage = field(default_factory=Usage)
    finish: FinishReason = FinishReason.STOP
    stopped: bool = False
    error: dict[str, Any] | None = None
    blocks: dict[int, dict[str, Any]] = field(default_factory=dict)


class AnthropicProvider(LLMProvider):
    """Claude through the Messages API (the `anthropic` SDK)."""

    kind = "anthropic"
    display_name = "Anthropic Claude"
    requires_api_key = True
    default_model = DEFAULT_ANTHROPIC_MODEL

    def __init__(
        self,
        api_key: str,
        model: str = DEFAULT_ANTHROPIC_MODEL,
        http_client: HttpClient | None = None,
        base_url: str | None = None,
        *,
        name: str | None = None,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        timeout: float | anthropic.Timeout = DEFAULT_TIMEOUT,
        health_timeout: float = DEFAULT_HEALTH_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """Build the SDK client.

        Creating the SDK client reads certificates and platform details when
        no `http_client` is given: in Home Assistant pass its shared httpx
        client, and build the provider outside the event loop (as core's
        anthropic integration does). `timeout` is in seconds, or an
        `anthropic.Timeout` (the SDK's HTTP library's) for separate connect
        and read limits. `sleep` is how backoff waits (tests pass a
        recorder).
        """
        import anthropic

        if not api_key:
            raise LLMConfigError(
                "Anthropic needs an API key", provider=name or self.kind
            )
        self.name = name or self.kind
        self.model = model
        self.max_tokens = max_tokens
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        self._api_key = api_key
        self._health_timeout = health_timeout
        self._owns_client = http_client is None
        self._http = _http_library()
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key,
            base_url=base_url,
            http_client=http_client,
            max_retries=0,
            timeout=timeout,
        )

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        """Build the provider from resolved settings (needs an API key)."""
        if not settings.api_key:
            raise LLMConfigError("Anthropic needs an API key", provider=cls.kind)
        return cls(
            settings.api_key,
            settings.model,
            http_client=context.http_client,
            base_url=settings.url,
            **settings.options,
        )

    def request_args(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> dict[str, Any]:
        """Return the Messages API request for a conversation."""
        system = "\n\n".join(
            message.content for message in messages if message.role == Role.SYSTEM
        )
        args: dict[str, Any] = {
            "model": self.model,
            "max_tokens": options.get("max_tokens") or self.max_tokens,
            "messages": _messages(messages),
        }
        if system:
            args["system"] = [
                {"type": "text", "text": system, "cache_control": _CACHE_CONTROL}
            ]
        if tools := options.get("tools"):
            tool_params: list[dict[str, Any]] = [
                {
                    "name": tool.name,
                    "description": tool.description,
                    "input_schema": tool.parameters,
                }
                for tool in tools
            ]
            # The cached prefix runs tools, then system. This breakpoint keeps
            # the tools cached even when the system prompt changes (it may
            # carry the time or live state); the one on the system block
            # covers tools and system together.
            tool_params[-1]["cache_control"] = _CACHE_CONTROL
            args["tools"] = tool_params
        if (response_format := options.get("response_format")) is not None:
            args["output_config"] = {
                "format": {"type": "json_schema", "schema": response_format}
            }
        return args

    async def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        """Yield Claude's answer as the SDK streams it, retrying overload."""
        args = self.request_args(messages, **options)
        attempt = 0
        while True:
            yielded = False
            try:
                async for delta in self._stream_once(args):
                    yielded = True
                    yield delta
            except (LLMRateLimitError, LLMOverloadedError) as err:
                delay = self._retry_delay(err, attempt)
                if yielded or delay is None:
                    raise
                attempt += 1
                await self._sleep(delay)
                continue
            return

    def _retry_delay(
        self, err: LLMRateLimitError | LLMOverloadedError, attempt: int
    ) -> float | None:
        """Return how long to wait before retrying, or None to give up."""
        if attempt >= self.max_retries:
            return None
        if err.retry_after is not None:
            # The server knows best; but a wait beyond the cap is better
            # spent on the next provider.
            retry_after: float = err.retry_after
            return retry_after if retry_after <= self.backoff_cap else None
        backoff = self.backoff_base * 2.0**attempt
        return min(self.backoff_cap, backoff * random.uniform(0.75, 1.25))

    async def _stream_once(self, args: dict[str, Any]) -> AsyncGenerator[StreamDelta]:
        """Send one request and yield its answer.

        The SDK sends the request (auth, headers, HTTP error mapping); the
        events are read here from the body's lines, to its end even after an
        error event, so no half-read generator is left for the garbage
        collector to close in a stray task (the SDK's own iterator stops at
        an error event), and no SDK-internal decoder is relied on.
        """
        import anthropic

        http = self._http
        clock = StreamClock()
        state = _StreamState()
        try:
            stream = await self._client.messages.create(**args, stream=True)
            async with (
                stream,
                aclosing(stream.response.aiter_lines()) as lines,
                aclosing(sse_events(lines)) as events,
            ):
                async for event, text in events:
                    if event == "ping" or not text:
                        continue
                    try:
                        data = loads_bounded(text)
                    except ValueError:
                        state.error = state.error or {"type": "malformed"}
                        continue
                    if not isinstance(data, dict):
                        state.error = state.error or {"type": "malformed"}
                    elif event == "error" or data.get("type") == "error":
                        state.error = state.error or data.get("error") or {}
                    elif state.error is None and (delta := self._on_event(data, state)):
                        clock.mark()
                        yield delta
        except anthropic.APIError as err:
            raise self._map_error(err) from err
        except http.TimeoutException as err:
            raise LLMTimeoutError(
                "Anthropic did not answer in time", provider=self.name
            ) from err
        except http.HTTPError as err:
            raise LLMConnectionError(
                f"the connection to Anthropic was cut off mid-answer: {type(err).__name__}",
                provider=self.name,
            ) from err
        if state.error is not None:
            raise self._map_error_event(state.error)
        if not state.stopped:
            raise LLMMalformedOutputError(
                "Anthropic ended the answer before it was done", provider=self.name
            )
        yield finish_delta(
            clock,
            finish_reason=state.finish,
            usage=state.usage,
            provider=self.name,
            model=self.model,
        )

    def _on_event(
        self, data: dict[str, Any], state: _StreamState
    ) -> StreamDelta | None:
        """Return the delta an event completes, keeping partial tool calls."""
        kind = data.get("type")
        index = data.get("index")
        if kind == "message_start":
            state.usage = _usage((data.get("message") or {}).get("usage"), state.usage)
        elif kind == "message_delta":
            state.usage = _usage(data.get("usage"), state.usage)
            if reason := (data.get("delta") or {}).get("stop_reason"):
                state.finish = _FINISH_REASONS.get(reason, FinishReason.OTHER)
        elif kind == "message_stop":
            state.stopped = True
        elif kind == "content_block_start":
            block = data.get("content_block") or {}
            if block.get("type") == "tool_use" and isinstance(index, int):
                state.blocks[index] = {
                    "id": block.get("id"),
                    "name": str(block.get("name") or ""),
                    "json": [],
                }
        elif kind == "content_block_delta":
            delta = data.get("delta") or {}
            if delta.get("type") == "text_delta" and delta.get("text"):
                return StreamDelta(
                    content=str(delta["text"]), provider=self.name, model=self.model
                )
            if delta.get("type") == "input_json_delta" and index in state.blocks:
                state.blocks[index]["json"].append(str(delta.get("partial_json") or ""))
        elif kind == "content_block_stop" and index in state.blocks:
            block = state.blocks.pop(index)
            call = make_tool_call(block["name"], "".join(block["json"]), block["id"])
            return StreamDelta(tool_calls=[call], provider=self.name, model=self.model)
        return None

    def _map_error_event(self, error: dict[str, Any]) -> LLMError:
        """Return the LLMError for an error event inside a stream."""
        error_type = str(error.get("type") or "")
        if error_type == "malformed":
            return LLMMalformedOutputError(
                "Anthropic sent an event that is not a JSON object", provider=self.name
            )
        message = quoted_error(str(error.get("message") or ""), self._api_key)
        return self._classify(
            200,
            error_type,
            f"Anthropic failed while answering ({error_type or 'error'})"
            + (f": {message}" if message else ""),
            None,
        )

    def _map_error(self, err: anthropic.APIError) -> LLMError:
        """Return the LLMError for an SDK error, without the API key."""
        import anthropic

        where = "Anthropic"
        if isinstance(err, anthropic.APITimeoutError):
            return LLMTimeoutError(
                f"{where} did not answer in time", provider=self.name
            )
        if isinstance(err, anthropic.APIConnectionError):
            cause = err.__cause__
            reason = type(cause).__name__ if cause else "connection error"
            return LLMConnectionError(
                f"cannot connect to {where}: {reason}", provider=self.name
            )
        if not isinstance(err, anthropic.APIStatusError):
            # APIResponseValidationError: a body that is not the API's.
            return LLMMalformedOutputError(
                f"{where} sent an answer that cannot be read: {type(err).__name__}",
                provider=self.name,
            )
        message = quoted_error(_error_message(err), self._api_key)
        status = err.status_code
        text = f"{where} answered HTTP {status}" + (f": {message}" if message else "")
        return self._classify(
            status, err.type or "", text, parse_retry_after(err.response.headers)
        )

    def _classify(
        self, status: int, error_type: str, text: str, retry_after: float | None
    ) -> LLMError:
        """Return the LLMError for an HTTP status or an API error type."""
        if status in (401, 403) or error_type in (
            "authentication_error",
            "permission_error",
        ):
            return LLMAuthError(
                f"Anthropic rejected the API key ({error_type or f'HTTP {status}'})",
                provider=self.name,
            )
        if status == 429 or error_type == "rate_limit_error":
            return LLMRateLimitError(text, provider=self.name, retry_after=retry_after)
        if status == 529 or error_type == "overloaded_error":
            return LLMOverloadedError(
                text, provider=self.name, status=status, retry_after=retry_after
            )
        if status == 404 or error_type == "not_found_error":
            return LLMModelNotFoundError(text, provider=self.name)
        if error_type in ("invalid_request_error", "request_too_large"):
            return LLMBadRequestError(text, provider=self.name)
        if status >= 500 or status < 400:
            # 5xx, or an error event inside a 200 stream (api_error...).
            return LLMServerError(text, provider=self.name, status=status)
        return LLMBadRequestError(text, provider=self.name)

    async def health_check(self) -> HealthStatus:
        """Check that the API key works and the model exists."""
        return await check_models(
            partial(self._models, timeout=self._health_timeout),
            self._offers_model,
            f"Anthropic has no model {self.model}",
        )

    def _offers_model(self, models: list[str]) -> bool:
        """Return whether the API's model list has the configured model.

        An alias ("claude-haiku-4-5") names its dated snapshots; an empty list
        tells nothing either way.
        """
        return not models or any(
            model == self.model or model.startswith(f"{self.model}-")
            for model in models
        )

    async def list_models(self) -> list[str]:
        """Return the models the API key may use."""
        return await self._models()

    async def _models(self, *, timeout: float | None = DEFAULT_TIMEOUT) -> list[str]:
        import anthropic

        try:
            page = await self._client.models.list(limit=1000, timeout=timeout)
        except anthropic.APIError as err:
            raise self._map_error(err) from err
        return [model.id for model in page.data]

    async def close(self) -> None:
        """Close the SDK's own HTTP client (an injected one is left open)."""
        if self._owns_client:
            await self._client.close()


def _http_library() -> ModuleType:
    """Return the HTTP library the SDK speaks: httpx before 2.0, httpx2 from it.

    Errors while the body of a stream is read come from it, not from the SDK.
    (Home Assistant 2026.11 aliases httpx to httpx2; elsewhere both may be
    installed, so the SDK's own client class tells which one it uses.)
    """
    import anthropic

    try:
        httpx2 = importlib.import_module("httpx2")
    except ImportError:  # no httpx2: an SDK before 2.0
        return importlib.import_module("httpx")
    if issubclass(anthropic.DefaultAsyncHttpxClient, httpx2.AsyncClient):
        return httpx2
    return importlib.import_module("httpx")


def _error_message(err: anthropic.APIStatusError) -> str:
    body = err.body
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
    return ""


def _usage(raw: Any, previous: Usage) -> Usage:
    """Return usage updated from a message_start or message_delta event.

    Anthropic's input_tokens excludes cached tokens; prompt_tokens here is
    the whole prompt, so cache reads and writes are added back.
    """
    if not isinstance(raw, dict):
        return previous
    cached = raw.get("cache_read_input_tokens")
    created = raw.get("cache_creation_input_tokens")
    input_tokens = raw.get("input_tokens")
    output = raw.get("output_tokens")
    cached = previous.cached_tokens if cached is None else int(cached)
    created = previous.cache_creation_tokens if created is None else int(created)
    return Usage(
        prompt_tokens=(
            previous.prompt_tokens
            if input_tokens is None
            else int(input_tokens) + cached + created
        ),
        completion_tokens=previous.completion_tokens if output is None else int(output),
        cached_tokens=cached,
        cache_creation_tokens=created,
    )


def _messages(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """Return the conversation in Anthropic's shape.

    Tool results go in user messages; consecutive messages of one role are
    merged, as the API requires roles to alternate.
    """
    result: list[dict[str, Any]] = []
    for message in messages:
        if message.role == Role.SYSTEM:
            continue
        blocks: list[dict[str, Any]]
        if message.role == Role.TOOL:
            role = "user"
            blocks = [
                {
                    "type": "tool_result",
                    "tool_use_id": message.tool_call_id or "",
                    "content": message.content,
                    "is_error": message.is_error,
                }
            ]
        else:
            role = "assistant" if message.role == Role.ASSISTANT else "user"
            blocks = (
                [{"type": "text", "text": message.content}] if message.content else []
            )
            blocks.extend(
                {
                    "type": "tool_use",
                    "id": call.id,
                    "name": call.name,
                    "input": call.arguments,
                }
                for call in message.tool_calls
            )
        if not blocks:
            continue
        if result and result[-1]["role"] == role:
            result[-1]["content"].extend(blocks)
        else:
            result.append({"role": role, "content": blocks})
    return result
