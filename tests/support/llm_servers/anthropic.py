"""A scripted server speaking Anthropic's Messages API.

POST /v1/messages with server-sent events (message_start, content blocks
with text and input_json deltas, message_delta, message_stop, ping, and
error events) or one JSON message, and GET /v1/models. Errors use the API's
shape ({"type": "error", "error": {"type", "message"}}) with retry-after.
Prompt caching is simulated: a request whose system prompt and tools carry
cache_control writes that prefix to the cache the first time and reads it
afterwards, reported in usage as Anthropic does. Extended thinking is
checked as the API checks it: the budget (at least 1024, below
`max_tokens`), and in a request with thinking on, the last assistant
message that called tools must start with a reasoning block carrying a
signature this server gave; a `Reply.thinking` is streamed as a signed
thinking block when the request asks for thinking.
"""

from __future__ import annotations

from collections.abc import Mapping
import hashlib
import json
from typing import Any
import uuid

from aiohttp import web

from .scripted import (
    BreakMidStream,
    Drop,
    Fail,
    Hang,
    RecordedRequest,
    Reply,
    Responder,
    ScriptedServer,
    Stall,
)

# Claude Haiku 4.5 (AutoArr's default, by its dated id) and the current
# models, among them Home Assistant 2026.11's default (claude-haiku-5-5).
DEFAULT_MODELS = ("claude-haiku-4-5-20251001", "claude-haiku-5-5", "claude-sonnet-5-5")
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


def _error_body(error_type: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": error_type, "message": message}}


# A key for tests, shaped like no real provider's key.
TEST_API_KEY = "test-anthropic-key-0123456789abcdef"


def api_key_of(headers: Mapping[str, str]) -> str | None:
    """Return the API key a request carries, as the API reads it.

    In `x-api-key` (the SDK before 2.0) or as a bearer token in
    `Authorization` (the SDK 2.x); header names in any case.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    if (key := lowered.get("x-api-key")) is not None:
        return key
    scheme, _, token = lowered.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


class AnthropicServer(ScriptedServer):
    """A scripted Anthropic Messages API."""

    chat_path = "/v1/messages"

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: tuple[str, ...] = DEFAULT_MODELS,
        responder: Responder | None = None,
    ) -> None:
        """Serve `models`; when `api_key` is set, others are rejected (401)."""
        self.api_key = api_key
        self.models = models
        self._cached_prefixes: set[str] = set()
        self.signatures: set[str] = set()
        super().__init__(responder=responder)

    def add_routes(self, app: web.Application) -> None:
        """Add the Messages API's routes."""
        app.router.add_post("/v1/messages", self._messages)
        app.router.add_get("/v1/models", self._models)

    def _rejected(self, request: web.Request) -> web.Response | None:
        """Refuse a request without the key, as the API does."""
        if self.api_key is not None and api_key_of(request.headers) != self.api_key:
            return web.json_response(
                _error_body("authentication_error", "invalid x-api-key"), status=401
            )
        return None

    def error_response(self, turn: Fail) -> web.Response:
        """Return an error in the Messages API's shape, with a request id."""
        error_type = turn.error_type or _ERROR_TYPES.get(turn.status, "api_error")
        return web.json_response(
            _error_body(error_type, turn.message),
            status=turn.status,
            headers={
                **self.retry_headers(turn),
                "request-id": f"req_{uuid.uuid4().hex[:24]}",
            },
        )

    def _usage(self, body: dict[str, Any], turn: Reply) -> dict[str, int]:
        prefix_parts: list[Any] = []
        cacheable = False
        system = body.get("system")
        if isinstance(system, list):
            prefix_parts.append(system)
            cacheable = cacheable or any("cache_control" in block for block in system)
        elif system:
            prefix_parts.append(system)
        tools = body.get("tools") or []
        prefix_parts.append(tools)
        cacheable = cacheable or any("cache_control" in tool for tool in tools)
        prefix = json.dumps(prefix_parts, sort_keys=True)
        prefix_tokens = len(prefix.split())
        message_tokens = len(json.dumps(body.get("messages") or []).split())
        read = created = 0
        if turn.cached_tokens is not None:
            read = turn.cached_tokens
        elif cacheable:
            if prefix in self._cached_prefixes:
                read = prefix_tokens
            else:
                created = prefix_tokens
                self._cached_prefixes.add(prefix)
        total = (
            turn.prompt_tokens
            if turn.prompt_tokens is not None
            else (prefix_tokens + message_tokens)
        )
        return {
            "input_tokens": max(total - read - created, 0),
            "cache_read_input_tokens": read,
            "cache_creation_input_tokens": created,
        }

    def _message(self, model: str, usage: dict[str, int]) -> dict[str, Any]:
        return {
            "id": f"msg_{uuid.uuid4().hex[:24]}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {**usage, "output_tokens": 1},
        }

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        if (rejected := self._rejected(request)) is not None:
            return rejected
        recorded: RecordedRequest = request["recorded"]
        body = recorded.json
        turn = self.next_turn(recorded)
        if (fault := await self.fault_response(request, turn)) is not None:
            return fault
        model = str(body.get("model") or "")
        if not any(m == model or m.startswith(f"{model}-") for m in self.models):
            return web.json_response(
                _error_body("not_found_error", f"model: {model}"), status=404
            )
        if (refusal := self._thinking_refusal(body)) is not None:
            return web.json_response(
                _error_body("invalid_request_error", refusal), status=400
            )
        if isinstance(turn, (BreakMidStream, Drop, Stall)):
            return await self._broken_stream(request, model, turn)
        assert isinstance(turn, Reply)
        await self.delay(turn.delay)
        usage = self._usage(body, turn)
        stop_reason = turn.finish or ("tool_use" if turn.tool_calls else "end_turn")
        call_ids = [
            call.id or f"toolu_{uuid.uuid4().hex[:24]}" for call in turn.tool_calls
        ]
        if not body.get("stream"):
            content: list[dict[str, Any]] = []
            if turn.text:
                content.append({"type": "text", "text": turn.text})
            content.extend(
                {
                    "type": "tool_use",
                    "id": call_id,
                    "name": call.name,
                    "input": json.loads(call.arguments_json()),
                }
                for call, call_id in zip(turn.tool_calls, call_ids, strict=True)
            )
            message = self._message(model, usage)
            message.update(
                content=content,
                stop_reason=stop_reason,
                usage={**usage, "output_tokens": turn.output_tokens()},
            )
            return web.json_response(message)
        response = await self._open_stream(request)
        await self._event(
            response, "message_start", {"message": self._message(model, usage)}
        )
        await self._event(response, "ping", {})
        index = 0
        if turn.thinking and (body.get("thinking") or {}).get("type") == "enabled":
            await self._thinking(response, index, turn.thinking)
            index += 1
        if turn.text:
            await self._event(
                response,
                "content_block_start",
                {"index": index, "content_block": {"type": "text", "text": ""}},
            )
            for piece in turn.pieces():
                await self.delay(turn.chunk_delay)
                await self._event(
                    response,
                    "content_block_delta",
                    {"index": index, "delta": {"type": "text_delta", "text": piece}},
                )
            await self._event(response, "content_block_stop", {"index": index})
            index += 1
        for call, call_id in zip(turn.tool_calls, call_ids, strict=True):
            await self._event(
                response,
                "content_block_start",
                {
                    "index": index,
                    "content_block": {
                        "type": "tool_use",
                        "id": call_id,
                        "name": call.name,
                        "input": {},
                    },
                },
            )
            arguments = call.arguments_json()
            middle = len(arguments) // 2
            for piece in (arguments[:middle], arguments[middle:]):
                await self._event(
                    response,
                    "content_block_delta",
                    {
                        "index": index,
                        "delta": {"type": "input_json_delta", "partial_json": piece},
                    },
                )
            await self._event(response, "content_block_stop", {"index": index})
            index += 1
        await self._event(
            response,
            "message_delta",
            {
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": turn.output_tokens()},
            },
        )
        await self._event(response, "message_stop", {})
        await response.write_eof()
        return response

    def _thinking_refusal(self, body: dict[str, Any]) -> str | None:
        """Return why the API would refuse a request's reasoning, if it would."""
        messages = body.get("messages") or []
        for message in messages:
            for block in message.get("content") or []:
                if (
                    isinstance(block, dict)
                    and block.get("type") == "thinking"
                    and block.get("signature") not in self.signatures
                ):
                    return "Invalid `signature` in `thinking` block"
        thinking = body.get("thinking") or {}
        if thinking.get("type") != "enabled":
            return None
        budget = thinking.get("budget_tokens")
        if not isinstance(budget, int) or budget < 1024:
            return "thinking.enabled.budget_tokens: Input should be >= 1024"
        if budget >= int(body.get("max_tokens") or 0):
            return "`max_tokens` must be greater than `thinking.budget_tokens`"
        last = next(
            (m for m in reversed(messages) if m.get("role") == "assistant"), None
        )
        blocks = (last or {}).get("content") or []
        if (
            isinstance(blocks, list)
            and any(block.get("type") == "tool_use" for block in blocks)
            and blocks[0].get("type") not in ("thinking", "redacted_thinking")
        ):
            return (
                "messages: Expected `thinking` or `redacted_thinking`, but found "
                f"`{blocks[0].get('type')}`. When `thinking` is enabled, a final "
                "`assistant` message must start with a thinking block"
            )
        return None

    async def _thinking(
        self, response: web.StreamResponse, index: int, text: str
    ) -> None:
        """Stream a signed thinking block, as Claude does."""
        signature = hashlib.sha256(text.encode()).hexdigest()
        self.signatures.add(signature)
        await self._event(
            response,
            "content_block_start",
            {
                "index": index,
                "content_block": {"type": "thinking", "thinking": "", "signature": ""},
            },
        )
        await self._event(
            response,
            "content_block_delta",
            {"index": index, "delta": {"type": "thinking_delta", "thinking": text}},
        )
        await self._event(
            response,
            "content_block_delta",
            {
                "index": index,
                "delta": {"type": "signature_delta", "signature": signature},
            },
        )
        await self._event(response, "content_block_stop", {"index": index})

    async def _broken_stream(
        self, request: web.Request, model: str, turn: BreakMidStream | Drop | Stall
    ) -> web.StreamResponse:
        response = await self._open_stream(request)
        usage = {
            "input_tokens": 10,
            "cache_read_input_tokens": 0,
            "cache_creation_input_tokens": 0,
        }
        await self._event(
            response, "message_start", {"message": self._message(model, usage)}
        )
        await self._event(
            response,
            "content_block_start",
            {"index": 0, "content_block": {"type": "text", "text": ""}},
        )
        await self._event(
            response,
            "content_block_delta",
            {"index": 0, "delta": {"type": "text_delta", "text": turn.text}},
        )
        if isinstance(turn, Drop):
            self.drop(request)
            return response
        if isinstance(turn, Stall):
            await self.hang(Hang(turn.seconds))
            await response.write_eof()
            return response
        await self._event(response, "error", _error_body(turn.error_type, turn.message))
        await response.write_eof()
        return response

    @staticmethod
    async def _open_stream(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        return response

    @staticmethod
    async def _event(
        response: web.StreamResponse, name: str, data: dict[str, Any]
    ) -> None:
        payload = {"type": name, **data} if name != "error" else data
        await response.write(f"event: {name}\ndata: {json.dumps(payload)}\n\n".encode())

    async def _models(self, request: web.Request) -> web.StreamResponse:
        if (rejected := self._rejected(request)) is not None:
            return rejected
        if (fault := await self.queued_fault(request)) is not None:
            return fault
        # Every model here is active; the API filters by `lifecycle[]`.
        lifecycles = request.query.getall("lifecycle[]", [])
        data = [
            {
                "type": "model",
                "id": model,
                "display_name": model.rsplit("-", 1)[0].replace("-", " ").title(),
                "created_at": "2025-10-01T00:00:00Z",
                "lifecycle": "active",
                "deprecated_at": None,
                "retires_at": None,
                "max_input_tokens": 200000,
                "max_tokens": 64000,
            }
            for model in self.models
            if not lifecycles or "active" in lifecycles
        ]
        return web.json_response(
            {
                "data": data,
                "has_more": False,
                "first_id": data[0]["id"] if data else None,
                "last_id": data[-1]["id"] if data else None,
            }
        )
