"""Between Home Assistant's chat log and AutoArr's language model providers.

The conversation and AI task entities keep the conversation in a
`conversation.ChatLog`; the providers in `llm/` speak `Message`, `ToolSpec`
and `StreamDelta`. This module converts both ways and runs the bounded tool
loop: ask the model, stream its answer into the chat log (which runs the
tools it calls), and ask again while tool results are waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from homeassistant.components import conversation
from homeassistant.helpers import llm
from homeassistant.helpers.json import json_dumps
import probatio

from .llm_api import AutoArrTool
from .llm_providers.base import LLMProvider
from .llm_providers.errors import LLMModelOutputError
from .llm_providers.models import (
    Message,
    StreamDelta,
    Thinking,
    ToolCall,
    ToolSpec,
    Usage,
)

# Sent (not kept in the chat log) for the one repair round after a model
# wrote something unusable: a call the server could not parse, its tool list,
# or nothing at all.
REPAIR_PROMPT = (
    "Your last reply could not be used. Either call one tool with JSON "
    "arguments, or answer the user in one or two short sentences."
)


# Seconds a model may stay silent at the start of a round before the user is
# told it is still thinking (once a turn): a home CPU reads a long prompt
# for minutes before the first word.
STILL_THINKING_AFTER: Final = 8.0


@dataclass(frozen=True, slots=True)
class StillThinking:
    """The native part of the notice that the model is still thinking.

    The notice is an assistant message of its own in the chat log, so Assist
    streams it to a satellite's speech at once (it is longer than the
    characters the pipeline waits for before it streams); it is not the
    model's, so it never goes back to the model and is never the answer.
    """


STILL_THINKING: Final = StillThinking()


def tool_specs(api: llm.APIInstance | None) -> list[ToolSpec]:
    """Return the tools of an API instance as provider tool specs.

    AutoArr's own tools send their flat JSON schema as written; tools of other
    APIs are converted the way Home Assistant's own agents convert them
    (without `additionalProperties` when they take no argument at all).
    """
    if api is None:
        return []
    specs: list[ToolSpec] = []
    for tool in api.tools:
        if isinstance(tool, AutoArrTool):
            parameters = tool.json_schema
        elif isinstance(tool, llm.NamespacedTool) and isinstance(
            tool.tool, AutoArrTool
        ):
            parameters = tool.tool.json_schema
        else:
            parameters = probatio.to_openapi(
                tool.parameters,
                custom_serializer=api.custom_serializer,
                openapi_version="3.1.0",
            )
            if not parameters.get("properties"):
                # A tool without arguments (Home Assistant's date tool): that
                # it takes no others says nothing more, for tokens every turn.
                parameters.pop("additionalProperties", None)
        specs.append(ToolSpec(tool.name, tool.description or "", parameters))
    return specs


def to_messages(chat_log: conversation.ChatLog) -> list[Message]:
    """Return the chat log as provider messages."""
    messages: list[Message] = []
    for content in chat_log.content:
        if _is_notice(content):
            continue
        if isinstance(content, conversation.SystemContent):
            messages.append(Message.system(content.content))
        elif isinstance(content, conversation.UserContent):
            messages.append(Message.user(content.content))
        elif isinstance(content, conversation.AssistantContent):
            messages.append(
                Message.assistant(
                    content.content or "",
                    [
                        ToolCall(call.id, call.tool_name, dict(call.tool_args))
                        for call in content.tool_calls or ()
                    ],
                    thinking=_reasoning(content.native),
                )
            )
        else:
            messages.append(
                Message.tool_result(
                    ToolCall(content.tool_call_id, content.tool_name),
                    json_dumps(content.result.data),
                    is_error=content.result.error,
                )
            )
    return messages


def _is_notice(content: conversation.Content) -> bool:
    """Return whether a chat log content is AutoArr's still-thinking notice."""
    return (
        isinstance(content, conversation.AssistantContent)
        and content.native is STILL_THINKING
    )


def _reasoning(native: Any) -> tuple[Thinking, ...]:
    """Return the reasoning blocks kept as an assistant content's native part."""
    if isinstance(native, tuple) and all(isinstance(b, Thinking) for b in native):
        return native
    return ()


@dataclass(slots=True)
class TurnStats:
    """What the model rounds of one turn cost, and who answered."""

    rounds: int = 0
    # Rounds that asked the model again after an unusable answer.
    repairs: int = 0
    # Whether any text or tool call reached the chat log (and Assist).
    streamed: bool = False
    provider: str | None = None
    model: str | None = None
    usage: Usage = field(default_factory=Usage)
    # Each round's usage as the server counted it, in order.
    round_usage: list[Usage] = field(default_factory=list)
    # Seconds from the first request to the first text or call, when any.
    first_output_seconds: float | None = None
    # Whether the user was told that the model is still thinking.
    told_still_thinking: bool = False


async def _telling_when_slow(
    stream: AsyncIterator[StreamDelta], stats: TurnStats, notice: str | None
) -> AsyncGenerator[StreamDelta | str]:
    """Yield the stream, and `notice` once when its first delta is slow to come.

    The first delta is awaited in a task of its own so the notice can be
    given while the model goes on; nothing is given when there is no notice
    or the turn already gave it.
    """
    if notice is None or stats.told_still_thinking:
        async for delta in stream:
            yield delta
        return
    first = asyncio.ensure_future(anext(stream))
    try:
        done, _ = await asyncio.wait({first}, timeout=STILL_THINKING_AFTER)
        if not done:
            stats.told_still_thinking = True
            yield notice
        delta = await first
    except StopAsyncIteration:
        return
    finally:
        first.cancel()
    yield delta
    async for delta in stream:
        yield delta


async def _deltas(
    stream: AsyncIterator[StreamDelta], stats: TurnStats, notice: str | None = None
) -> AsyncGenerator[
    conversation.AssistantContentDeltaDict | conversation.ToolResultContentDeltaDict
]:
    """Turn provider deltas into chat log deltas.

    A tool call whose arguments the model garbled is not run: it is recorded
    as an external call with an error result, so the model reads what went
    wrong and can call again in the next round. Reasoning is shown as the
    content's thinking, and its blocks kept whole as its native part, to go
    back to the model with the calls it made. A model slow to start is
    announced with `notice`, an assistant message of its own.
    """
    yield {"role": "assistant"}
    broken: list[ToolCall] = []
    reasoning: list[Thinking] = []
    async for delta in _telling_when_slow(stream, stats, notice):
        if isinstance(delta, str):
            yield {"content": delta, "native": STILL_THINKING}
            yield {"role": "assistant"}
            continue
        if delta.provider:
            stats.provider = delta.provider
        if delta.model:
            stats.model = delta.model
        if delta.usage is not None:
            stats.usage = stats.usage + delta.usage
            stats.round_usage.append(delta.usage)
        if stats.first_output_seconds is None:
            stats.first_output_seconds = delta.time_to_first_token
        if delta.content or delta.tool_calls:
            stats.streamed = True
        chunk: conversation.AssistantContentDeltaDict = {}
        if delta.content:
            chunk["content"] = delta.content
        reasoning.extend(delta.thinking)
        if text := "".join(block.text for block in delta.thinking):
            chunk["thinking_content"] = text
        calls: list[llm.ToolInput] = []
        for call in delta.tool_calls:
            if call.arguments_error is not None:
                broken.append(call)
                calls.append(
                    llm.ToolInput(
                        tool_name=call.name,
                        tool_args={},
                        id=call.id,
                        external=True,
                    )
                )
            else:
                calls.append(
                    llm.ToolInput(
                        tool_name=call.name,
                        tool_args=_without_empty(call.arguments),
                        id=call.id,
                    )
                )
        if calls:
            chunk["tool_calls"] = calls
        if chunk:
            yield chunk
    if reasoning:
        yield {"native": tuple(reasoning)}
    for call in broken:
        yield {
            "role": "tool_result",
            "tool_call_id": call.id,
            "tool_name": call.name,
            "result": llm.ToolResult(
                data={
                    "error": "arguments are not valid JSON",
                    "detail": call.arguments_error or "",
                },
                error=True,
            ),
        }


def _without_empty(arguments: dict[str, Any]) -> dict[str, Any]:
    """Drop arguments small models send empty instead of leaving them out."""
    return {k: v for k, v in arguments.items() if v is not None and v != ""}


async def run_model(
    chat_log: conversation.ChatLog,
    provider: LLMProvider,
    agent_id: str,
    *,
    max_rounds: int,
    response_format: dict[str, Any] | None = None,
    tools: Sequence[ToolSpec] | None = None,
    stats: TurnStats | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
    still_thinking: str | None = None,
) -> TurnStats:
    """Ask the model until it answers without calling tools, at most max_rounds.

    A model that writes something unusable (a call the server cannot parse,
    its tool list, an empty answer) gets one repair round with a short
    correction; a second time, LLMModelOutputError is raised: the model is
    up but did not answer. Raises the provider's LLMError when no provider
    can answer; `stats` (given by the caller) then still tells whether
    anything was streamed. `still_thinking` is what the user is told, once,
    when a round's model is silent for STILL_THINKING_AFTER (None: nothing).
    """
    stats = stats if stats is not None else TurnStats()
    specs = list(tools) if tools is not None else tool_specs(chat_log.llm_api)
    repairs_left = 1
    correction: list[Message] = []
    rounds_left = max_rounds
    while rounds_left > 0:
        rounds_left -= 1
        stats.rounds += 1
        before = len(chat_log.content)
        try:
            stream = provider.stream(
                [*to_messages(chat_log), *correction],
                tools=specs or None,
                response_format=response_format,
                max_tokens=max_tokens,
                temperature=temperature,
            )
            async for _content in chat_log.async_add_delta_content_stream(
                agent_id, _deltas(stream, stats, still_thinking)
            ):
                pass
        except LLMModelOutputError:
            if not repairs_left:
                raise
        else:
            if _answered(chat_log.content[before:]):
                correction = []
                if not chat_log.unresponded_tool_results:
                    break
                continue
            if not repairs_left:
                raise LLMModelOutputError(
                    "the model gave an empty answer", provider=stats.provider
                )
        # The repair round comes on top of the rounds allowed.
        repairs_left -= 1
        rounds_left += 1
        stats.repairs += 1
        correction = [Message.user(REPAIR_PROMPT)]
    return stats


def _answered(added: Sequence[conversation.Content]) -> bool:
    """Return whether a round added text or a tool call to the chat log."""
    return any(
        isinstance(content, conversation.AssistantContent)
        and (content.content or content.tool_calls)
        and not _is_notice(content)
        for content in added
    )
