"""A scripted server speaking Ollama's HTTP API.

/api/chat (NDJSON streaming or one JSON document, tool calls), /api/tags,
/api/show, /api/pull (streamed progress) and /api/version. Models are
configurable (`models`, `pullable`); asking for a missing model answers 404
as Ollama does, and tools on a model without the "tools" capability 400.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import json
from typing import Any

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

# The first version that gives tool calls ids and reads `tool_call_id` back.
OLLAMA_VERSION = "0.12.10"
CREATED_AT = "2026-11-25T12:00:00.000000Z"


@dataclass(frozen=True, slots=True)
class OllamaModel:
    """A model the server has (or can pull)."""

    family: str = "qwen2"
    parameter_size: str = "7.6B"
    quantization: str = "Q4_K_M"
    context_length: int = 32768
    capabilities: list[str] = field(default_factory=lambda: ["completion", "tools"])
    size: int = 4_683_087_332
    # Report capabilities only through the template, as Ollama < 0.6.4 did.
    legacy_show: bool = False


DEFAULT_MODELS = {"qwen2.5:7b": OllamaModel()}


def _full(name: str) -> str:
    return name if ":" in name else f"{name}:latest"


class OllamaServer(ScriptedServer):
    """A scripted Ollama."""

    chat_path = "/api/chat"

    def __init__(
        self,
        *,
        models: dict[str, OllamaModel] | None = None,
        pullable: dict[str, OllamaModel] | None = None,
        pull_steps: int = 4,
        responder: Responder | None = None,
    ) -> None:
        """Serve `models`; `pullable` can be pulled in `pull_steps` steps."""
        self.models = dict(DEFAULT_MODELS if models is None else models)
        self.pullable = dict(pullable or {})
        self.pull_steps = pull_steps
        # The ids of the tool calls sent, in order.
        self.sent_tool_call_ids: list[str] = []
        super().__init__(responder=responder)

    def add_routes(self, app: web.Application) -> None:
        """Add Ollama's routes."""
        app.router.add_post("/api/chat", self._chat)
        app.router.add_get("/api/tags", self._tags)
        app.router.add_post("/api/show", self._show)
        app.router.add_post("/api/pull", self._pull)
        app.router.add_get("/api/version", self._version)

    def _model(self, name: str) -> OllamaModel | None:
        for key, model in self.models.items():
            if _full(key) == _full(name):
                return model
        return None

    def error_response(self, turn: Fail) -> web.Response:
        """Return an error in Ollama's shape (a bare message, no type)."""
        return web.json_response(
            {"error": turn.message},
            status=turn.status,
            headers=self.retry_headers(turn),
        )

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        recorded: RecordedRequest = request["recorded"]
        body = recorded.json
        model_name = str(body.get("model") or "")
        turn = self.next_turn(recorded)
        if (fault := await self.fault_response(request, turn)) is not None:
            return fault
        model = self._model(model_name)
        if model is None:
            return web.json_response(
                {"error": f'model "{model_name}" not found, try pulling it first'},
                status=404,
            )
        if body.get("tools") and "tools" not in model.capabilities:
            return web.json_response(
                {
                    "error": f"registry.ollama.ai/library/{model_name} does not support tools"
                },
                status=400,
            )
        if isinstance(turn, (BreakMidStream, Drop, Stall)):
            return await self._broken_stream(request, model_name, turn)
        assert isinstance(turn, Reply)
        await self.delay(turn.delay)
        thinking = turn.thinking if body.get("think") else ""
        if body.get("stream", True) is False:
            answer = self._line(model_name, turn.text, turn.tool_calls)
            if thinking:
                answer["message"]["thinking"] = thinking
            return web.json_response({**answer, **self._done(body, turn)})
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        if thinking:
            # Ollama streams the reasoning first, in lines of its own.
            line = self._line(model_name, "")
            line["message"]["thinking"] = thinking
            await response.write(self._encode(line))
        for piece in turn.pieces():
            await self.delay(turn.chunk_delay)
            await response.write(self._encode(self._line(model_name, piece)))
        if turn.tool_calls:
            await response.write(
                self._encode(self._line(model_name, "", turn.tool_calls))
            )
        final = {**self._line(model_name, ""), **self._done(body, turn)}
        await response.write(self._encode(final))
        await response.write_eof()
        return response

    async def _broken_stream(
        self, request: web.Request, model: str, turn: BreakMidStream | Drop | Stall
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        await response.write(self._encode(self._line(model, turn.text)))
        if isinstance(turn, Drop):
            self.drop(request)
            return response
        if isinstance(turn, Stall):
            await self.hang(Hang(turn.seconds))
            await response.write_eof()
            return response
        await response.write(self._encode({"error": turn.message}))
        await response.write_eof()
        return response

    @staticmethod
    def _encode(line: dict[str, Any]) -> bytes:
        return json.dumps(line).encode() + b"\n"

    def _line(
        self, model: str, text: str, calls: list[Any] | None = None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if calls:
            message["tool_calls"] = []
            for index, call in enumerate(calls):
                # Ollama 0.12.10 and newer give every call an id.
                call_id = call.id or f"call_{len(self.sent_tool_call_ids) + 1:08x}"
                self.sent_tool_call_ids.append(call_id)
                message["tool_calls"].append(
                    {
                        "id": call_id,
                        "function": {
                            "index": index,
                            "name": call.name,
                            # Real Ollama sends an object; a string is what
                            # some broken templates produce.
                            "arguments": call.arguments,
                        },
                    }
                )
        return {
            "model": model,
            "created_at": CREATED_AT,
            "message": message,
            "done": False,
        }

    @staticmethod
    def _done(body: dict[str, Any], turn: Reply) -> dict[str, Any]:
        prompt = turn.prompt_tokens
        if prompt is None:
            prompt = sum(
                len(str(m.get("content") or "").split())
                for m in body.get("messages") or []
            )
        output = turn.output_tokens()
        return {
            "done": True,
            "done_reason": turn.finish or "stop",
            "total_duration": 1_500_000_000,
            "load_duration": 20_000_000,
            "prompt_eval_count": prompt,
            "prompt_eval_duration": 200_000_000,
            "eval_count": output,
            # 50 tokens per second.
            "eval_duration": output * 20_000_000,
        }

    async def _tags(self, request: web.Request) -> web.StreamResponse:
        if (fault := await self.queued_fault(request)) is not None:
            return fault
        return web.json_response(
            {
                "models": [
                    {
                        "name": _full(name),
                        "model": _full(name),
                        "modified_at": CREATED_AT,
                        "size": model.size,
                        "digest": f"{abs(hash(name)):064x}"[:64],
                        "details": {
                            "format": "gguf",
                            "family": model.family,
                            "parameter_size": model.parameter_size,
                            "quantization_level": model.quantization,
                        },
                    }
                    for name, model in self.models.items()
                ]
            }
        )

    async def _show(self, request: web.Request) -> web.StreamResponse:
        recorded: RecordedRequest = request["recorded"]
        if (fault := await self.queued_fault(request)) is not None:
            return fault
        name = str(recorded.json.get("model") or recorded.json.get("name") or "")
        model = self._model(name)
        if model is None:
            return web.json_response({"error": f"model '{name}' not found"}, status=404)
        template = (
            "{{ if .Tools }}<tools>{{ end }}" if "tools" in model.capabilities else ""
        )
        payload: dict[str, Any] = {
            "template": template,
            "details": {
                "format": "gguf",
                "family": model.family,
                "parameter_size": model.parameter_size,
                "quantization_level": model.quantization,
            },
            "model_info": {
                "general.architecture": model.family,
                f"{model.family}.context_length": model.context_length,
            },
            "modified_at": CREATED_AT,
        }
        if not model.legacy_show:
            payload["capabilities"] = model.capabilities
        return web.json_response(payload)

    async def _pull(self, request: web.Request) -> web.StreamResponse:
        recorded: RecordedRequest = request["recorded"]
        if (fault := await self.queued_fault(request)) is not None:
            return fault
        name = str(recorded.json.get("model") or recorded.json.get("name") or "")
        response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await response.prepare(request)
        await response.write(self._encode({"status": "pulling manifest"}))
        model = next(
            (m for key, m in self.pullable.items() if _full(key) == _full(name)), None
        )
        if model is None:
            await response.write(
                self._encode({"error": "pull model manifest: file does not exist"})
            )
            await response.write_eof()
            return response
        digest = "sha256:" + "ab" * 32
        for step in range(self.pull_steps + 1):
            await response.write(
                self._encode(
                    {
                        "status": f"pulling {digest[7:19]}",
                        "digest": digest,
                        "total": model.size,
                        "completed": model.size * step // self.pull_steps,
                    }
                )
            )
        for status in ("verifying sha256 digest", "writing manifest", "success"):
            await response.write(self._encode({"status": status}))
        self.models[name] = model
        await response.write_eof()
        return response

    async def _version(self, request: web.Request) -> web.StreamResponse:
        if (fault := await self.queued_fault(request)) is not None:
            return fault
        return web.json_response({"version": OLLAMA_VERSION})
