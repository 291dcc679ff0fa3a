"""The data the providers exchange: messages, tools, responses and deltas.

Everything is a frozen dataclass so a conversation can be shared between
providers (the fallback chain sends the same messages to each in turn).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Who wrote a message."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


class FinishReason(StrEnum):
    """Why the model stopped, the same for every provider."""

    STOP = "stop"
    TOOL_CALLS = "tool_calls"
    LENGTH = "length"
    CONTENT_FILTER = "content_filter"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A tool the model asked to run.

    `arguments_error` is set when the model's arguments could not be read (not
    JSON, or not a JSON object); `arguments` is then empty and `raw_arguments`
    keeps what the model wrote. The agent must not run such a call but answer
    it with `Message.tool_result(call, call.arguments_error, is_error=True)`,
    so the model can correct itself instead of the turn failing.
    """

    id: str
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    arguments_error: str | None = None
    raw_arguments: str | None = None


@dataclass(frozen=True, slots=True)
class Thinking:
    """A block of the model's reasoning that must go back as it came.

    Claude signs its thinking (`signature`) or sends it encrypted
    (`redacted`); when it calls tools, the blocks go back unchanged with the
    assistant message that made the calls, or the next round is refused.
    """

    text: str = ""
    signature: str = ""
    redacted: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a conversation.

    Assistant messages may carry `tool_calls`; each tool result is a TOOL
    message whose `tool_call_id` and `name` say which call it answers.
    """

    role: Role
    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_call_id: str | None = None
    name: str | None = None
    is_error: bool = False
    # The reasoning blocks an assistant message came with (Claude's).
    thinking: tuple[Thinking, ...] = ()

    @classmethod
    def system(cls, content: str) -> Message:
        """Return a system prompt message."""
        return cls(Role.SYSTEM, content)

    @classmethod
    def user(cls, content: str) -> Message:
        """Return a user message."""
        return cls(Role.USER, content)

    @classmethod
    def assistant(
        cls,
        content: str = "",
        tool_calls: list[ToolCall] | None = None,
        thinking: tuple[Thinking, ...] = (),
    ) -> Message:
        """Return an assistant message, with the tool calls it made."""
        return cls(Role.ASSISTANT, content, list(tool_calls or []), thinking=thinking)

    @classmethod
    def tool_result(
        cls, call: ToolCall, content: str, *, is_error: bool = False
    ) -> Message:
        """Return the result of a tool call, to send back to the model."""
        return cls(
            Role.TOOL, content, tool_call_id=call.id, name=call.name, is_error=is_error
        )


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A tool offered to the model; `parameters` is a JSON schema object."""

    name: str
    description: str
    parameters: dict[str, Any] = field(
        default_factory=lambda: {"type": "object", "properties": {}}
    )


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens a request used.

    `cached_tokens` are prompt tokens read from the provider's prompt cache;
    `cache_creation_tokens` are prompt tokens written to it (Anthropic).
    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cache_creation_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Return prompt and completion tokens together."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        """Return the usage of two requests together (an agent's turn)."""
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.cached_tokens + other.cached_tokens,
            self.cache_creation_tokens + other.cache_creation_tokens,
        )


@dataclass(frozen=True, slots=True)
class LLMResponse:
    """A complete answer of a model.

    `time_to_first_token` is in seconds from sending the request to the first
    content or tool call; `tokens_per_second` is the generation speed (from the
    provider's own timing when it gives one, as Ollama does).
    """

    content: str
    tool_calls: list[ToolCall]
    finish_reason: FinishReason
    provider: str
    model: str
    usage: Usage
    time_to_first_token: float | None = None
    tokens_per_second: float | None = None
    thinking: list[Thinking] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StreamDelta:
    """A piece of a streamed answer.

    Content arrives in pieces; tool calls arrive whole (providers assemble a
    call's arguments before yielding it). The last delta of a stream carries
    `finish_reason`, `usage` and the timing figures.
    """

    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: FinishReason | None = None
    usage: Usage | None = None
    provider: str | None = None
    model: str | None = None
    time_to_first_token: float | None = None
    tokens_per_second: float | None = None
    # Reasoning blocks, whole (as tool calls are).
    thinking: list[Thinking] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HealthStatus:
    """What a provider's health check found.

    `available` means the provider can answer with its configured model;
    `latency` is the check's round trip in seconds; `models` lists the models
    the provider offers; `error` says why it is not available.
    """

    available: bool
    latency: float | None = None
    models: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """What the registry knows about a kind of provider."""

    name: str
    display_name: str
    local: bool
    requires_api_key: bool
    default_model: str
    default_url: str | None
