"""Ollama, the local default: /api/chat with NDJSON streaming and tools.

Also the model management a local setup needs: /api/tags, /api/show (does the
model support tools, how long is its context), /api/pull with streamed
progress, and `ensure_model`. Tool calls that small models write as text are
recovered (see `tool_calls.py`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Self, Unpack

import aiohttp

from ._http import HttpApi, ndjson_lines
from .base import (
    ChatOptions,
    LLMProvider,
    ProviderContext,
    ProviderSettings,
    StreamClock,
    check_models,
    finish_delta,
)
from .errors import LLMConfigError, LLMModelNotFoundError, LLMServerError
from .models import (
    FinishReason,
    HealthStatus,
    Message,
    Role,
    StreamDelta,
    ToolCall,
    Usage,
)
from .tool_calls import ToolCallTextFilter, function_tools, make_tool_call

DEFAULT_OLLAMA_URL = "http://localhost:11434"
DEFAULT_OLLAMA_MODEL = "qwen2.5:7b"
# Keep the model in memory between voice requests (as Home Assistant's own
# Ollama integration does): loading it again costs seconds a voice assistant
# cannot spare. -1 means for ever.
DEFAULT_KEEP_ALIVE = -1
# Ollama's own default (2048, or 4096 in newer versions) is too short for a
# system prompt with a dozen tools.
DEFAULT_NUM_CTX = 8192
DEFAULT_CONNECT_TIMEOUT = 5.0
# A cold model may take long to load before the first token.
# Between two streamed chunks; see openai_compat.DEFAULT_READ_TIMEOUT.
DEFAULT_READ_TIMEOUT = 300.0
DEFAULT_HEALTH_TIMEOUT = 5.0
# A model download may stall for a while between progress lines.
PULL_READ_TIMEOUT = 600.0

_FINISH_REASONS = {"stop": FinishReason.STOP, "length": FinishReason.LENGTH}


@dataclass(frozen=True, slots=True)
class PullProgress:
    """One progress report of a model download."""

    status: str
    completed: int | None = None
    total: int | None = None
    digest: str | None = None

    @property
    def percent(self) -> float | None:
        """Return how much of the current layer is downloaded, 0-100."""
        if not self.total or self.completed is None:
            return None
        return min(100.0, 100.0 * self.completed / self.total)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What Ollama says about one model."""

    name: str
    supports_tools: bool
    context_length: int | None
    capabilities: list[str] = field(default_factory=list)
    family: str | None = None
    parameter_size: str | None = None
    quantization: str | None = None


def _same_model(a: str, b: str) -> bool:
    """Return whether two model names mean the same model (":latest" implied)."""

    def full(name: str) -> str:
        return name if ":" in name else f"{name}:latest"

    return full(a) == full(b)


class OllamaProvider(LLMProvider):
    """A model served by Ollama, over an injected aiohttp session."""

    kind = "ollama"
    display_name = "Ollama"
    local = True
    default_model = DEFAULT_OLLAMA_MODEL
    default_url = DEFAULT_OLLAMA_URL

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str = DEFAULT_OLLAMA_URL,
        model: str = DEFAULT_OLLAMA_MODEL,
        *,
        name: str | None = None,
        keep_alive: str | int | None = DEFAULT_KEEP_ALIVE,
        num_ctx: int | None = DEFAULT_NUM_CTX,
        think: bool | None = False,
        recover_tool_calls: bool = True,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        health_timeout: float = DEFAULT_HEALTH_TIMEOUT,
    ) -> None:
        """Bind to an Ollama server.

        `think=False` turns reasoning off (faster answers from thinking
        models); None leaves the model's default. `keep_alive` and `num_ctx`
        are sent with every request (None: the server's default).
        """
        self.name = name or self.kind
        self.model = model
        self.keep_alive = keep_alive
        self.num_ctx = num_ctx
        self.think = think
        self.recover_tool_calls = recover_tool_calls
        self._health_timeout = health_timeout
        self._api = HttpApi(
            session,
            url,
            provider=self.name,
            display_name="Ollama",
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        )

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        """Build the provider from resolved settings (needs an aiohttp session)."""
        if context.session is None:
            raise LLMConfigError("Ollama needs an aiohttp session", provider=cls.kind)
        return cls(
            context.session,
            settings.url or DEFAULT_OLLAMA_URL,
            settings.model,
            **settings.options,
        )

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        return str(self._api.base)

    def chat_body(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> dict[str, Any]:
        """Return the /api/chat request for a conversation."""
        model_options: dict[str, Any] = {}
        if self.num_ctx is not None:
            model_options["num_ctx"] = self.num_ctx
        if (temperature := options.get("temperature")) is not None:
            model_options["temperature"] = temperature
        if (max_tokens := options.get("max_tokens")) is not None:
            model_options["num_predict"] = max_tokens
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [_message(message) for message in messages],
            "stream": True,
            "options": model_options,
        }
        if self.think is not None:
            body["think"] = self.think
        if self.keep_alive is not None:
            body["keep_alive"] = self.keep_alive
        if tools := options.get("tools"):
            body["tools"] = function_tools(tools)
        if (response_format := options.get("response_format")) is not None:
            body["format"] = response_format
        return body

    async def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        """Yield the model's answer as Ollama streams it."""
        body = self.chat_body(messages, **options)
        text_filter = ToolCallTextFilter.for_request(
            options, enabled=self.recover_tool_calls
        )
        clock = StreamClock()
        final: dict[str, Any] | None = None
        called = False
        async with (
            self._api.request("POST", "/api/chat", json_body=body) as resp,
            aclosing(ndjson_lines(resp, self._api)) as lines,
        ):
            async for chunk in lines:
                if "error" in chunk:
                    raise self._api.failed_mid_answer(str(chunk["error"]))
                message = chunk.get("message") or {}
                text = message.get("content") or ""
                if text and text_filter is not None:
                    text = text_filter.feed(text)
                calls = [_tool_call(raw) for raw in message.get("tool_calls") or []]
                if text or calls:
                    clock.mark()
                    called = called or bool(calls)
                    yield self._delta(text, calls)
                if chunk.get("done"):
                    final = chunk
                    break
        if final is None:
            raise self._api.malformed("ended the answer before it was done")
        if text_filter is not None:
            text, recovered = text_filter.finish()
            if text or recovered:
                clock.mark()
                called = called or bool(recovered)
                yield self._delta(text, recovered)
        yield self._final(final, clock, called=called)

    def _delta(self, text: str, calls: list[ToolCall]) -> StreamDelta:
        return StreamDelta(
            content=text, tool_calls=calls, provider=self.name, model=self.model
        )

    def _final(
        self, final: dict[str, Any], clock: StreamClock, *, called: bool
    ) -> StreamDelta:
        eval_count = int(final.get("eval_count") or 0)
        eval_duration = int(final.get("eval_duration") or 0)
        reason = _FINISH_REASONS.get(
            final.get("done_reason") or "stop", FinishReason.OTHER
        )
        if called and reason is FinishReason.STOP:
            reason = FinishReason.TOOL_CALLS
        return finish_delta(
            clock,
            finish_reason=reason,
            usage=Usage(
                prompt_tokens=int(final.get("prompt_eval_count") or 0),
                completion_tokens=eval_count,
            ),
            provider=self.name,
            model=self.model,
            # Ollama's own timing excludes the network and model loading.
            tokens_per_second=(
                eval_count / (eval_duration / 1e9)
                if eval_count and eval_duration
                else None
            ),
        )

    async def health_check(self) -> HealthStatus:
        """Check that Ollama answers and has the configured model."""
        return await check_models(
            partial(self._tags, read_timeout=self._health_timeout),
            lambda models: any(_same_model(self.model, model) for model in models),
            f"the model {self.model} is not pulled on {self._api.where}",
        )

    async def list_models(self) -> list[str]:
        """Return the models pulled on the server."""
        return await self._tags()

    async def _tags(self, *, read_timeout: float | None = None) -> list[str]:
        models = await self._api.get_objects(
            "/api/tags", "models", read_timeout=read_timeout
        )
        return [
            str(name)
            for item in models
            if (name := item.get("name") or item.get("model"))
        ]

    async def version(self) -> str:
        """Return the Ollama server's version."""
        payload = await self._api.get_json("/api/version")
        if not isinstance(payload, dict) or not isinstance(payload.get("version"), str):
            raise self._api.malformed("did not say its version")
        return str(payload["version"])

    async def show(self, model: str | None = None) -> ModelInfo:
        """Return what Ollama knows about a model (default: the configured one)."""
        name = model or self.model
        payload = await self._api.get_json(
            "/api/show", method="POST", json_body={"model": name}
        )
        if not isinstance(payload, dict):
            raise self._api.malformed("did not describe the model")
        capabilities = [str(item) for item in payload.get("capabilities") or []]
        if "capabilities" in payload:
            supports_tools = "tools" in capabilities
        else:
            # Servers before 0.6.4 say it only through the chat template.
            supports_tools = ".Tools" in str(payload.get("template") or "")
        context_length: int | None = None
        model_info = payload.get("model_info") or {}
        for key, value in model_info.items():
            if key.endswith(".context_length") and isinstance(value, int):
                context_length = value
        details = payload.get("details") or {}
        return ModelInfo(
            name=name,
            supports_tools=supports_tools,
            context_length=context_length,
            capabilities=capabilities,
            family=details.get("family"),
            parameter_size=details.get("parameter_size"),
            quantization=details.get("quantization_level"),
        )

    async def pull(self, model: str | None = None) -> AsyncIterator[PullProgress]:
        """Download a model (default: the configured one), yielding progress."""
        name = model or self.model
        async with self._api.request(
            "POST",
            "/api/pull",
            json_body={"model": name, "stream": True},
            read_timeout=PULL_READ_TIMEOUT,
        ) as resp:
            async for line in ndjson_lines(resp, self._api):
                if "error" in line:
                    raise LLMServerError(
                        f"{self._api.where} could not pull {name}: "
                        + self._api.quote(str(line["error"])),
                        provider=self.name,
                    )
                yield PullProgress(
                    status=str(line.get("status") or ""),
                    completed=line.get("completed"),
                    total=line.get("total"),
                    digest=line.get("digest"),
                )

    async def ensure_model(
        self,
        auto_pull: bool = False,
        on_progress: Callable[[PullProgress], None] | None = None,
    ) -> ModelInfo:
        """Make sure the configured model is on the server and describe it.

        Pulls it when missing and `auto_pull` is set (reporting each progress
        line to `on_progress`); raises LLMModelNotFoundError otherwise.
        """
        models = await self._tags()
        if not any(_same_model(self.model, model) for model in models):
            if not auto_pull:
                raise LLMModelNotFoundError(
                    f"the model {self.model} is not pulled on {self._api.where}",
                    provider=self.name,
                )
            async for progress in self.pull():
                if on_progress is not None:
                    on_progress(progress)
        return await self.show()


def _message(message: Message) -> dict[str, Any]:
    """Return a message in Ollama's shape."""
    result: dict[str, Any] = {"role": str(message.role), "content": message.content}
    if message.role == Role.ASSISTANT and message.tool_calls:
        result["tool_calls"] = [
            {
                "id": call.id,
                "function": {"name": call.name, "arguments": call.arguments},
            }
            for call in message.tool_calls
        ]
    if message.role == Role.TOOL:
        # Ollama 0.12.10 and newer match a result to its call by the id, so
        # two calls of one tool in a turn can be told apart; older servers
        # read the tool's name and ignore the id.
        if message.name:
            result["tool_name"] = message.name
        if message.tool_call_id:
            result["tool_call_id"] = message.tool_call_id
    return result


def _tool_call(raw: Any) -> ToolCall:
    """Return a tool call from Ollama's tool_calls field."""
    function = raw.get("function") if isinstance(raw, dict) else None
    if not isinstance(function, dict):
        function = {}
    call_id = raw.get("id") if isinstance(raw, dict) else None
    return make_tool_call(
        str(function.get("name") or ""),
        function.get("arguments"),
        call_id if isinstance(call_id, str) else None,
    )
