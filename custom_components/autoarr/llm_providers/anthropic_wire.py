"""The Messages API's shapes: AutoArr's conversation in, streamed events out.

A conversation becomes Anthropic's alternating messages with tool uses and
tool results; the streamed events become text deltas and whole tool calls,
with the usage the server counted (cache reads and writes included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import FinishReason, Message, Role, StreamDelta, Usage
from .tool_calls import make_tool_call

CACHE_CONTROL = {"type": "ephemeral"}
_FINISH_REASONS = {
    "end_turn": FinishReason.STOP,
    "stop_sequence": FinishReason.STOP,
    "tool_use": FinishReason.TOOL_CALLS,
    "max_tokens": FinishReason.LENGTH,
    "refusal": FinishReason.CONTENT_FILTER,
}


@dataclass(slots=True)
class StreamState:
    """What one streamed answer has said so far."""

    usage: Usage = field(default_factory=Usage)
    finish: FinishReason = FinishReason.STOP
    stopped: bool = False
    error: dict[str, Any] | None = None
    blocks: dict[int, dict[str, Any]] = field(default_factory=dict)


def on_event(
    data: dict[str, Any], state: StreamState, *, provider: str, model: str
) -> StreamDelta | None:
    """Return the delta an event completes, keeping partial tool calls."""
    kind = data.get("type")
    index = data.get("index")
    if kind == "message_start":
        state.usage = usage((data.get("message") or {}).get("usage"), state.usage)
    elif kind == "message_delta":
        state.usage = usage(data.get("usage"), state.usage)
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
                content=str(delta["text"]), provider=provider, model=model
            )
        if delta.get("type") == "input_json_delta" and index in state.blocks:
            state.blocks[index]["json"].append(str(delta.get("partial_json") or ""))
    elif kind == "content_block_stop" and index in state.blocks:
        block = state.blocks.pop(index)
        call = make_tool_call(block["name"], "".join(block["json"]), block["id"])
        return StreamDelta(tool_calls=[call], provider=provider, model=model)
    return None


def usage(raw: Any, previous: Usage) -> Usage:
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


def messages(messages: Sequence[Message]) -> list[dict[str, Any]]:
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
