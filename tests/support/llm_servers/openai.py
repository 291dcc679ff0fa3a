"""A scripted server speaking the OpenAI chat completions API.

POST /v1/chat/completions with server-sent events (content deltas, tool-call
deltas by index with arguments in pieces, a usage chunk when
stream_options.include_usage is set, then [DONE]) or one JSON document, and
GET /v1/models; as LM Studio, llama.cpp's server, vLLM or LocalAI serve it.
"""

from __future__ import annotations

import json
import time
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


class OpenAIServer(ScriptedServer):
    """A scripted OpenAI-compatible server."""

    chat_path = "/v1/chat/completions"

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: tuple[str, ...] = ("local-model",),
        responder: Responder | None = None,
    ) -> None:
        """Serve `models`; when `api_key` is set, other bearers get 401."""
        self.api_key = api_key
        self.models = models
        super().__init__(responder=responder)

    def add_routes(self, app: web.Application) -> None:
        """Add the chat completions routes."""
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)

    def _rejected(self, request: web.Request) -> web.Response | None:
        if self.api_key is not None and (
            request.headers.get("Authorization") != f"Bearer {self.api_key}"
        ):
            return web.json_response(
                {
                    "error": {
                        "message": "Incorrect API key provided",
                        "type": "invalid_request_error",
                    }
                },
                status=401,
            )
        return None

    def error_response(self, turn: Fail) -> web.Response:
        """Return an error in the chat completions API's shape."""
        return web.json_response(
            {
                "error": {
                    "message": turn.message,
                    "type": turn.error_type or "server_error",
                }
            },
            status=turn.status,
            headers=self.retry_headers(turn),
        )

    @staticmethod
    def _chunk(
        model: str, delta: dict[str, Any], finish: str | None = None
    ) -> dict[str, Any]:
        return {
            "id": "chatcmpl-scripted",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    @staticmethod
    async def _send(
        response: web.StreamResponse, payload: dict[str, Any] | str
    ) -> None:
        data = payload if isinstance(payload, str) else json.dumps(payload)
        await response.write(f"data: {data}\n\n".encode())

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        if (rejected := self._rejected(request)) is not None:
            return rejected
        recorded: RecordedRequest = request["recorded"]
        body = recorded.json
        turn = self.next_turn(recorded)
        if (fault := await self.fault_response(request, turn)) is not None:
            return fault
        model = str(body.get("model") or "")
        if isinstance(turn, (BreakMidStream, Drop, Stall)):
            response = await self._open(request)
            await self._send(
                response,
                self._chunk(model, {"role": "assistant", "content": turn.text}),
            )
            if isinstance(turn, Drop):
                self.drop(request)
                return response
            if isinstance(turn, Stall):
                await self.hang(Hang(turn.seconds))
                await response.write_eof()
                return response
            await self._send(
                response, {"error": {"message": turn.message, "type": "server_error"}}
            )
            await response.write_eof()
            return response
        assert isinstance(turn, Reply)
        await self.delay(turn.delay)
        call_ids = [
            call.id or f"call_{uuid.uuid4().hex[:24]}" for call in turn.tool_calls
        ]
        finish = turn.finish or ("tool_calls" if turn.tool_calls else "stop")
        prompt = (
            turn.prompt_tokens
            if turn.prompt_tokens is not None
            else len(json.dumps(body.get("messages") or []).split())
        )
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": turn.output_tokens(),
            "total_tokens": prompt + turn.output_tokens(),
            "prompt_tokens_details": {"cached_tokens": turn.cached_tokens or 0},
        }
        if not body.get("stream"):
            message: dict[str, Any] = {
                "role": "assistant",
                "content": turn.text or None,
            }
            if turn.tool_calls:
                message["tool_calls"] = [
                    {
                        "id": call_id,
                        "type": "function",
                        "function": {
                            "name": call.name,
                            "arguments": call.arguments_json(),
                        },
                    }
                    for call, call_id in zip(turn.tool_calls, call_ids, strict=True)
                ]
            return web.json_response(
                {
                    "id": "chatcmpl-scripted",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [
                        {"index": 0, "message": message, "finish_reason": finish}
                    ],
                    "usage": usage,
                }
            )
        response = await self._open(request)
        await self._send(
            response, self._chunk(model, {"role": "assistant", "content": ""})
        )
        for piece in turn.pieces():
            await self.delay(turn.chunk_delay)
            await self._send(response, self._chunk(model, {"content": piece}))
        for index, (call, call_id) in enumerate(
            zip(turn.tool_calls, call_ids, strict=True)
        ):
            await self._send(
                response,
                self._chunk(
                    model,
                    {
                        "tool_calls": [
                            {
                                "index": index,
                                "id": call_id,
                                "type": "function",
                                "function": {"name": call.name, "arguments": ""},
                            }
                        ]
                    },
                ),
            )
            arguments = call.arguments_json()
            middle = len(arguments) // 2
            for piece in (arguments[:middle], arguments[middle:]):
                await self._send(
                    response,
                    self._chunk(
                        model,
                        {
                            "tool_calls": [
                                {"index": index, "function": {"arguments": piece}}
                            ]
                        },
                    ),
                )
        await self._send(response, self._chunk(model, {}, finish))
        if (body.get("stream_options") or {}).get("include_usage"):
            await self._send(
                response,
                {
                    "id": "chatcmpl-scripted",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [],
                    "usage": usage,
                },
            )
        await self._send(response, "[DONE]")
        await response.write_eof()
        return response

    @staticmethod
    async def _open(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        return response

    async def _models(self, request: web.Request) -> web.StreamResponse:
        if (rejected := self._rejected(request)) is not None:
            return rejected
        if (fault := await self.queued_fault(request)) is not None:
            return fault
        return web.json_response(
            {
                "object": "list",
                "data": [
                    {"id": model, "object": "model", "owned_by": "local"}
                    for model in self.models
                ],
            }
        )
