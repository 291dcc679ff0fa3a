"""OpenAI-compatible servers: LM Studio, llama.cpp server, vLLM, LocalAI.

/v1/chat/completions with tools and server-sent events. Tool-call arguments
arrive in pieces and are assembled per call index; small models behind these
servers also write calls as text, which is recovered as for Ollama.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from functools import partial
import json
from typing import Any, Self, Unpack

import aiohttp

from ._http import HttpApi, sse_data
from .base import (
    ChatOptions,
    LLMProvider,
    ProviderContext,
    ProviderSettings,
    StreamClock,
    check_models,
    finish_delta,
)
from .errors import LLMConfigError
from .models import FinishReason, HealthStatus, Message, Role, StreamDelta, Usage
from .tool_calls import ToolCallTextFilter, function_tools, make_tool_call

DEFAULT_OPENAI_URL = "http://localhost:1234/v1"
DEFAULT_OPENAI_MODEL = "local-model"
DEFAULT_CONNECT_TIMEOUT = 5.0
# Between two streamed chunks. A local server streams nothing while it reads
# the prompt: a 7B model on a home CPU reads 10 to 40 tokens a second, so a
# prompt of about 1,000 tokens (tools and results included) can take 100 s.
DEFAULT_READ_TIMEOUT = 300.0
DEFAULT_HEALTH_TIMEOUT = 5.0

_FINISH_REASONS = {
    "stop": FinishReason.STOP,
    "tool_calls": FinishReason.TOOL_CALLS,
    "function_call": FinishReason.TOOL_CALLS,
    "length": FinishReason.LENGTH,
    "content_filter": FinishReason.CONTENT_FILTER,
}


class OpenAICompatibleProvider(LLMProvider):
    """A model behind an OpenAI-compatible chat completions endpoint."""

    kind = "openai_compat"
    display_name = "OpenAI-compatible server"
    local = True
    requires_url = True
    default_model = DEFAULT_OPENAI_MODEL
    default_url = DEFAULT_OPENAI_URL

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str = DEFAULT_OPENAI_URL,
        model: str = DEFAULT_OPENAI_MODEL,
        api_key: str | None = None,
        *,
        name: str | None = None,
        recover_tool_calls: bool = True,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        health_timeout: float = DEFAULT_HEALTH_TIMEOUT,
    ) -> None:
        """Bind to a server; `url` may end in /v1 or not."""
        self.name = name or self.kind
        self.model = model
        self.recover_tool_calls = recover_tool_calls
        self._health_timeout = health_timeout
        base = url.rstrip("/")
        if not base.endswith("/v1"):
            base = f"{base}/v1"
        self._api = HttpApi(
            session,
            base,
            provider=self.name,
            display_name="the OpenAI-compatible server",
            headers={
                # llama-server closes a kept-alive connection after a streamed
                # answer, and the next request on it fails at once: every
                # request gets a connection of its own.
                "Connection": "close",
                **({"Authorization": f"Bearer {api_key}"} if api_key else {}),
            },
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            secrets=(api_key,),
        )

    @classmethod
    def from_settings(
        cls, settings: ProviderSettings, context: ProviderContext
    ) -> Self:
        """Build the provider from resolved settings (needs a session and URL)."""
        if context.session is None:
            raise LLMConfigError(
                "an OpenAI-compatible server needs an aiohttp session",
                provider=cls.kind,
            )
        if not settings.url:
            raise LLMConfigError(
                "an OpenAI-compatible server needs a URL", provider=cls.kind
            )
        return cls(
            context.session,
            settings.url,
            settings.model,
            settings.api_key,
            **settings.options,
        )

    def chat_body(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> dict[str, Any]:
        """Return the /v1/chat/completions request for a conversation."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [_message(message) for message in messages],
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if tools := options.get("tools"):
            body["tools"] = function_tools(tools)
        if (temperature := options.get("temperature")) is not None:
            body["temperature"] = temperature
        if (max_tokens := options.get("max_tokens")) is not None:
            body["max_tokens"] = max_tokens
        if (response_format := options.get("response_format")) is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "response", "schema": response_format},
            }
        return body

    async def stream(
        self, messages: Sequence[Message], **options: Unpack[ChatOptions]
    ) -> AsyncGenerator[StreamDelta]:
        """Yield the model's answer as the server streams it."""
        body = self.chat_body(messages, **options)
        text_filter = ToolCallTextFilter.for_request(
            options, enabled=self.recover_tool_calls
        )
        clock = StreamClock()
        partial_calls: dict[int, dict[str, Any]] = {}
        finish: FinishReason | None = None
        usage = Usage()
        done = False
        async with (
            self._api.request("POST", "/chat/completions", json_body=body) as resp,
            aclosing(sse_data(resp)) as events,
        ):
            async for data in events:
                if data.strip() == "[DONE]":
                    done = True
                    break
                chunk = self._api.json_object(data, "an event")
                if "error" in chunk:
                    raise self._api.failed_mid_answer(_error(chunk))
                if isinstance(chunk.get("usage"), dict):
                    usage = _usage(chunk["usage"])
                for choice in chunk.get("choices") or []:
                    delta = choice.get("delta") or {}
                    text = delta.get("content") or ""
                    if text and text_filter is not None:
                        text = text_filter.feed(text)
                    if text:
                        clock.mark()
                        yield StreamDelta(
                            content=text, provider=self.name, model=self.model
                        )
                    for raw in delta.get("tool_calls") or []:
                        _merge_call(partial_calls, raw)
                    if choice.get("finish_reason"):
                        finish = _FINISH_REASONS.get(
                            choice["finish_reason"], FinishReason.OTHER
                        )
        if not done and finish is None:
            raise self._api.malformed("ended the answer before it was done")
        calls = [
            make_tool_call(call["name"], "".join(call["arguments"]), call["id"])
            for _, call in sorted(partial_calls.items())
        ]
        if text_filter is not None:
            text, recovered = text_filter.finish()
            calls.extend(recovered)
            if text:
                clock.mark()
                yield StreamDelta(content=text, provider=self.name, model=self.model)
        if calls:
            clock.mark()
            yield StreamDelta(tool_calls=calls, provider=self.name, model=self.model)
            if finish in (None, FinishReason.STOP):
                finish = FinishReason.TOOL_CALLS
        yield finish_delta(
            clock,
            finish_reason=finish or FinishReason.STOP,
            usage=usage,
            provider=self.name,
            model=self.model,
        )

    async def health_check(self) -> HealthStatus:
        """Check that the server answers and serves the configured model."""
        return await check_models(
            partial(self._models, read_timeout=self._health_timeout),
            # Single-model servers (llama.cpp) answer under any model name.
            lambda models: len(models) <= 1 or self.model in models,
            f"{self._api.where} does not serve {self.model}",
        )

    async def list_models(self) -> list[str]:
        """Return the models the server offers."""
        return await self._models()

    async def _models(self, *, read_timeout: float | None = None) -> list[str]:
        models = await self._api.get_objects(
            "/models", "data", read_timeout=read_timeout
        )
        return [str(item["id"]) for item in models if "id" in item]


def _merge_call(partial_calls: dict[int, dict[str, Any]], raw: dict[str, Any]) -> None:
    """Add one streamed piece of a tool call to the call it belongs to."""
    index = int(raw.get("index", len(partial_calls)))
    call = partial_calls.setdefault(index, {"id": None, "name": "", "arguments": []})
    if raw.get("id"):
        call["id"] = raw["id"]
    function = raw.get("function") or {}
    if function.get("name"):
        call["name"] += function["name"]
    arguments = function.get("arguments")
    if isinstance(arguments, str):
        call["arguments"].append(arguments)
    elif isinstance(arguments, dict):
        call["arguments"].append(json.dumps(arguments))


def _error(chunk: dict[str, Any]) -> str:
    error = chunk.get("error")
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error)


def _usage(raw: dict[str, Any]) -> Usage:
    details = raw.get("prompt_tokens_details") or {}
    return Usage(
        prompt_tokens=int(raw.get("prompt_tokens") or 0),
        completion_tokens=int(raw.get("completion_tokens") or 0),
        cached_tokens=int(details.get("cached_tokens") or 0),
    )


def _message(message: Message) -> dict[str, Any]:
    """Return a message in the chat completions shape."""
    result: dict[str, Any] = {"role": str(message.role), "content": message.content}
    if message.role == Role.ASSISTANT and message.tool_calls:
        result["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": json.dumps(call.arguments),
                },
            }
            for call in message.tool_calls
        ]
    if message.role == Role.TOOL:
        result["tool_call_id"] = message.tool_call_id
    return result
