"""The Messages API's shapes: AutoArr's conversation in, streamed events out.

A conversation becomes Anthropic's alternating messages with tool uses and
tool results; the streamed events become text deltas and whole tool calls,
with the usage the server counted (cache reads and writes included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import FinishReason, Message, Role, StreamDelta, Thinking, Usage
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
        if isinstance(index, int) and block.get("type") in _KEPT_BLOCKS:
            state.blocks[index] = {
                "type": block["type"],
                "id": block.get("id"),
                "name": str(block.get("name") or ""),
                "json": [],
                "text": [str(block.get("thinking") or "")],
                "signature": str(block.get("signature") or ""),
                "data": str(block.get("data") or ""),
            }
    elif kind == "content_block_delta":
        block = state.blocks.get(index) if isinstance(index, int) else None
        return _on_delta(data.get("delta") or {}, block, provider, model)
    elif kind == "content_block_stop" and index in state.blocks:
        return _whole_block(state.blocks.pop(index), provider, model)
    return None


# The blocks kept until they are whole: tool calls and reasoning.
_KEPT_BLOCKS = frozenset({"tool_use", "thinking", "redacted_thinking"})


def _on_delta(
    delta: dict[str, Any], block: dict[str, Any] | None, provider: str, model: str
) -> StreamDelta | None:
    """Return streamed text; add a piece of a kept block to it."""
    match delta.get("type"):
        case "text_delta" if delta.get("text"):
            return StreamDelta(
                content=str(delta["text"]), provider=provider, model=model
            )
        case "input_json_delta" if block is not None:
            block["json"].append(str(delta.get("partial_json") or ""))
        case "thinking_delta" if block is not None:
            block["text"].append(str(delta.get("thinking") or ""))
        case "signature_delta" if block is not None:
            block["signature"] = str(delta.get("signature") or "")
    return None


def _whole_block(block: dict[str, Any], provider: str, model: str) -> StreamDelta:
    """Return a tool call or a reasoning block once the stream finished it."""
    if block["type"] == "tool_use":
        call = make_tool_call(block["name"], "".join(block["json"]), block["id"])
        return StreamDelta(tool_calls=[call], provider=provider, model=model)
    thinking = (
        Thinking(redacted=block["data"])
        if block["type"] == "redacted_thinking"
        else Thinking(text="".join(block["text"]), signature=block["signature"])
    )
    return StreamDelta(thinking=[thinking], provider=provider, model=model)


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
            # Reasoning first, as Claude wrote it (the API checks the order).
            blocks = [thinking_block(block) for block in message.thinking]
            if message.content:
                blocks.append({"type": "text", "text": message.content})
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


def thinking_block(thinking: Thinking) -> dict[str, Any]:
    """Return a reasoning block as Claude sent it (signed, or redacted)."""
    if thinking.redacted:
        return {"type": "redacted_thinking", "data": thinking.redacted}
    return {
        "type": "thinking",
        "thinking": thinking.text,
        "signature": thinking.signature,
    }


def continues_without_thinking(wire: list[dict[str, Any]]) -> bool:
    """Return whether the request continues a tool call made without reasoning.

    The API refuses thinking in a request whose last assistant message made
    tool calls but holds no reasoning block (another provider of the chain
    made them, or thinking was off then): that round goes without it.
    """
    last = next((m for m in reversed(wire) if m["role"] == "assistant"), None)
    if last is None:
        return False
    types = {block["type"] for block in last["content"]}
    return "tool_use" in types and not types & {"thinking", "redacted_thinking"}
