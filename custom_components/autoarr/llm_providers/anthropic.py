"""Anthropic Claude, the cloud fallback, through the official SDK.

The SDK's own retries are off (max_retries=0): this provider retries 429,
529 and overloaded errors itself, with exponential backoff that honours
retry-after up to a cap, and gives up at once when the server asks for a
longer wait than the cap, so the fallback chain can answer elsewhere.

The system prompt and the tools, the stable prefix of every request, are
marked for prompt caching. With a thinking budget Claude reasons before it
answers (extended thinking); its signed reasoning goes back with the tool
calls it made, as the API requires.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from contextlib import aclosing
from functools import partial
import random
from typing import TYPE_CHECKING, Any, Self, Unpack

from custom_components.autoarr.arr.bounded import loads_bounded

from ._http import sse_events
from .anthropic_errors import http_library, map_error_event, map_sdk_error
from .anthropic_wire import (
    CACHE_CONTROL,
    StreamState,
    continues_without_thinking,
    messages as wire_messages,
    on_event,
)
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
    LLMConfigError,
    LLMConnectionError,
    LLMMalformedOutputError,
    LLMOverloadedError,
    LLMRateLimitError,
    LLMTimeoutError,
)
from .models import HealthStatus, Message, Role, StreamDelta

if TYPE_CHECKING:
    import anthropic

    from .base import HttpClient

DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5"
DEFAULT_MAX_TOKENS = 1024
DEFAULT_TIMEOUT = 60.0
DEFAULT_HEALTH_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 2
# The least thinking budget the API accepts (0: no extended thinking).
MIN_THINKING_BUDGET = 1024
DEFAULT_BACKOFF_BASE = 1.0
# Never wait longer than this for one retry: a voice request is better
# answered by the next provider than after a long silence.
DEFAULT_BACKOFF_CAP = 8.0

type Sleep = Callable[[float], Awaitable[None]]


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
        thinking_budget: int = 0,
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
        recorder). `thinking_budget` turns extended thinking on with that
        many tokens to reason in (at least MIN_THINKING_BUDGET), on top of
        the answer's `max_tokens`.
        """
        import anthropic

        if not api_key:
            raise LLMConfigError(
                "Anthropic needs an API key", provider=name or self.kind
            )
        if 0 < thinking_budget < MIN_THINKING_BUDGET:
            raise LLMConfigError(
                f"a thinking budget is at least {MIN_THINKING_BUDGET} tokens",
                provider=name or self.kind,
            )
        self.name = name or self.kind
        self.model = model
        self.max_tokens = max_tokens
        self.thinking_budget = thinking_budget
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        self._api_key = api_key
        self._health_timeout = health_timeout
        self._owns_client = http_client is None
        self._http = http_library()
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
        """Return the Messages API request for a conversation.

        With extended thinking, the budget comes on top of the answer's limit
        (the API counts the reasoning in `max_tokens`).
        """
        system = "\n\n".join(
            message.content for message in messages if message.role == Role.SYSTEM
        )
        wire = wire_messages(messages)
        max_tokens = options.get("max_tokens") or self.max_tokens
        args: dict[str, Any] = {"model": self.model, "messages": wire}
        if self.thinking_budget and not continues_without_thinking(wire):
            args["thinking"] = {
                "type": "enabled",
                "budget_tokens": self.thinking_budget,
            }
            max_tokens += self.thinking_budget
        args["max_tokens"] = max_tokens
        if system:
            args["system"] = [
                {"type": "text", "text": system, "cache_control": CACHE_CONTROL}
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
            tool_params[-1]["cache_control"] = CACHE_CONTROL
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
        state = StreamState()
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
                    elif state.error is None and (
                        delta := on_event(
                            data, state, provider=self.name, model=self.model
                        )
                    ):
                        clock.mark()
                        yield delta
        except anthropic.APIError as err:
            raise map_sdk_error(err, self.name, self._api_key) from err
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
            raise map_error_event(state.error, self.name, self._api_key)
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
            raise map_sdk_error(err, self.name, self._api_key) from err
        return [model.id for model in page.data]

    async def close(self) -> None:
        """Close the SDK's own HTTP client (an injected one is left open)."""
        if self._owns_client:
            await self._client.close()
