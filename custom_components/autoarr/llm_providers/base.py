"""The abstract language model provider and what every provider shares."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
import time
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypedDict, Unpack

from .errors import LLMError, LLMModelNotFoundError
from .models import (
    FinishReason,
    HealthStatus,
    LLMResponse,
    Message,
    ProviderInfo,
    StreamDelta,
    Thinking,
    ToolCall,
    ToolSpec,
    Usage,
)

if TYPE_CHECKING:
    import aiohttp

    # The client class of the HTTP library the Anthropic SDK speaks: httpx's
    # before SDK 2.0, httpx2's from it. Home Assistant's shared client is one
    # of the same library (httpx up to 2026.10, httpx2 from 2026.11).
    from anthropic import DefaultAsyncHttpxClient

    type HttpClient = DefaultAsyncHttpxClient


class ChatOptions(TypedDict, total=False):
    """What a request may ask besides the conversation (all optional).

    `response_format` is a JSON schema the answer must follow. `temperature`
    is left out by Anthropic: the Messages API of the SDK 2.x has no sampling
    parameters (Home Assistant's own Anthropic integration dropped it too).
    """

    tools: Sequence[ToolSpec] | None
    temperature: float | None
    max_tokens: int | None
    response_format: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    """One provider's resolved configuration, as the factory hands it over.

    `options` holds provider-specific settings (Ollama's keep_alive, num_ctx,
    Anthropic's max_retries...), passed on as keyword arguments.
    """

    model: str
    url: str | None = None
    api_key: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProviderContext:
    """The shared clients a provider may need (Home Assistant owns them)."""

    session: aiohttp.ClientSession | None = None
    http_client: HttpClient | None = None


class LLMProvider(ABC):
    """A language model behind one API.

    Subclasses implement `stream`; `complete` gathers the stream into one
    response. `name` identifies the instance (the fallback chain reports it as
    `last_provider`); `kind` is the registry name of the class.
    """

    kind: ClassVar[str]
    display_name: ClassVar[str]
    local: ClassVar[bool] = False
    requires_api_key: ClassVar[bool] = False
    # Whether the factory leaves the provider out unless a URL is configured.
    requires_url: ClassVar[bool] = False
    default_model: ClassVar[str]
    default_url: ClassVar[str | None] = None

    name: str
    model: str

    @classmethod
    def info(cls) -> ProviderInfo:
        """Return what the registry shows about this kind of provider."""
        return ProviderInfo(
            name=cls.kind,
            display_name=cls.display_name,
            local=cls.local,
            requires_api_key=cls.requires_api_key,
            default_model=cls.default_model,
            default_url=cls.default_url,
        )

    @classmethod
    @abstractmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        """Build the provider from resolved settings (used by the factory)."""

    async def complete(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> LLMResponse:
        """Return the model's whole answer to a conversation."""
        return await collect(
            self.stream(messages, **options), provider=self.name, model=self.model
        )

    @abstractmethod
    def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        """Yield the model's answer as it is generated."""

    async def is_available(self) -> bool:
        """Return whether the provider can answer now."""
        return (await self.health_check()).available

    @abstractmethod
    async def health_check(self) -> HealthStatus:
        """Check the provider and its model; never raises for a provider fault."""

    @abstractmethod
    async def list_models(self) -> list[str]:
        """Return the models the provider offers."""

    async def close(self) -> None:  # noqa: B027 - most providers own nothing
        """Release what the provider owns itself (injected clients are kept)."""

    def __repr__(self) -> str:
        """Name the provider without any secret."""
        return f"<{type(self).__name__} {self.name} model={self.model}>"


async def check_models(
    fetch_models: Callable[[], Awaitable[list[str]]],
    serves_model: Callable[[list[str]], bool],
    missing: str,
) -> HealthStatus:
    """Return a provider's health from its model list.

    Unavailable with the error when listing fails, or with `missing` as a
    model-not-found error when the list lacks the configured model.
    """
    started = time.monotonic()
    try:
        models = await fetch_models()
    except LLMError as err:
        return HealthStatus(available=False, error=str(err), error_kind=err.kind)
    latency = time.monotonic() - started
    if not serves_model(models):
        return HealthStatus(
            available=False,
            latency=latency,
            models=models,
            error=missing,
            error_kind=LLMModelNotFoundError.kind,
        )
    return HealthStatus(available=True, latency=latency, models=models)


async def collect(
    deltas: AsyncIterator[StreamDelta], *, provider: str, model: str
) -> LLMResponse:
    """Gather a stream of deltas into one response."""
    content: list[str] = []
    tool_calls: list[ToolCall] = []
    thinking: list[Thinking] = []
    finish: FinishReason | None = None
    usage = Usage()
    ttft: float | None = None
    tps: float | None = None
    async for delta in deltas:
        content.append(delta.content)
        tool_calls.extend(delta.tool_calls)
        thinking.extend(delta.thinking)
        finish = delta.finish_reason or finish
        usage = delta.usage or usage
        provider = delta.provider or provider
        model = delta.model or model
        ttft = delta.time_to_first_token if ttft is None else ttft
        tps = delta.tokens_per_second if tps is None else tps
    if finish is None:
        finish = FinishReason.TOOL_CALLS if tool_calls else FinishReason.STOP
    return LLMResponse(
        content="".join(content),
        tool_calls=tool_calls,
        finish_reason=finish,
        provider=provider,
        model=model,
        usage=usage,
        time_to_first_token=ttft,
        tokens_per_second=tps,
        thinking=thinking,
    )


class StreamClock:
    """Measures time to first token and generation speed of one request."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        """Start timing now (when the request is sent)."""
        self._clock = clock
        self._start = clock()
        self._first: float | None = None

    def mark(self) -> None:
        """Note that output arrived (only the first call counts)."""
        if self._first is None:
            self._first = self._clock()

    @property
    def time_to_first_token(self) -> float | None:
        """Return seconds from the request to the first output, if any came."""
        return None if self._first is None else self._first - self._start

    def tokens_per_second(self, completion_tokens: int) -> float | None:
        """Return the generation speed from the first output until now."""
        if self._first is None or completion_tokens <= 0:
            return None
        elapsed = self._clock() - self._first
        return completion_tokens / elapsed if elapsed > 0 else None


def finish_delta(
    clock: StreamClock,
    *,
    finish_reason: FinishReason,
    usage: Usage,
    provider: str,
    model: str,
    tokens_per_second: float | None = None,
) -> StreamDelta:
    """Return a stream's last delta, with usage and timing."""
    if tokens_per_second is None:
        tokens_per_second = clock.tokens_per_second(usage.completion_tokens)
    return StreamDelta(
        finish_reason=finish_reason,
        usage=usage,
        provider=provider,
        model=model,
        time_to_first_token=clock.time_to_first_token,
        tokens_per_second=tokens_per_second,
    )
