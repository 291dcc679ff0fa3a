"""The scripted server core shared by the Ollama, Anthropic and OpenAI servers.

A test queues model turns with `script(...)`: `Reply` (text and/or tool
calls), `Fail` (an HTTP error), `Garbage` (a body that is not the protocol),
`BreakMidStream` (content, then an error inside the stream), `Drop` (the
connection closes), `Stall` (content, then silence) and `Hang` (no answer
until the client gives up). Each
turn is used by one request; when the queue is empty the server's
`responder` decides (by default `keyword_responder`, which makes the server
usable without a script, e.g. by the demo). Every request is recorded.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Mapping
import contextlib
from dataclasses import dataclass, field
import json
import re
import socket
from typing import Any, Self

from aiohttp import web

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Call:
    """A tool call the model makes; string arguments are sent as written."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    id: str | None = None

    def arguments_json(self) -> str:
        """Return the arguments as the JSON text the wire carries."""
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(self.arguments)


@dataclass(frozen=True, slots=True)
class Reply:
    """A model's answer: text (streamed in `chunks` pieces) and tool calls.

    Token counts default to word counts; `finish` overrides the finish
    reason the protocol reports (e.g. "length"). `delay` is waited before
    the answer starts (time to first token), `chunk_delay` before each piece
    (generation speed), for the demo and the benchmark.
    """

    text: str = ""
    tool_calls: list[Call] = field(default_factory=list)
    chunks: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cached_tokens: int | None = None
    finish: str | None = None
    delay: float = 0.0
    chunk_delay: float = 0.0
    # The model's reasoning, sent apart from the text where the protocol has
    # a field for it (Ollama's `thinking`, when the request asks to think).
    thinking: str = ""

    def pieces(self) -> list[str]:
        """Return the text in the pieces it is streamed in."""
        if not self.text:
            return []
        if self.chunks is None:
            return re.findall(r"\S+\s*|\s+", self.text)
        size = max(1, -(-len(self.text) // self.chunks))
        return [self.text[i : i + size] for i in range(0, len(self.text), size)]

    def output_tokens(self) -> int:
        """Return the completion tokens reported."""
        if self.completion_tokens is not None:
            return self.completion_tokens
        return len(self.text.split()) + 5 * len(self.tool_calls)


@dataclass(frozen=True, slots=True)
class Fail:
    """An HTTP error answer; `error_type` is the protocol's error type name."""

    status: int
    message: str = "simulated failure"
    retry_after: float | None = None
    error_type: str | None = None


@dataclass(frozen=True, slots=True)
class Garbage:
    """A 200 answer whose body is not the protocol at all."""

    body: bytes = b"<html><body>this is not an API</body></html>\n"
    content_type: str = "text/html"


@dataclass(frozen=True, slots=True)
class BreakMidStream:
    """Stream `text`, then fail inside the stream with `message`."""

    text: str = "Partial answer"
    message: str = "simulated failure while streaming"
    error_type: str = "overloaded_error"


@dataclass(frozen=True, slots=True)
class Drop:
    """Close the connection after streaming `text` (nothing: before headers)."""

    text: str = ""


@dataclass(frozen=True, slots=True)
class Stall:
    """Stream `text`, then go silent for `seconds` (a timeout mid-answer)."""

    text: str = "Partial answer"
    seconds: float = 3600.0


@dataclass(frozen=True, slots=True)
class Hang:
    """Do not answer for `seconds` (or until the server closes)."""

    seconds: float = 3600.0


type Turn = Reply | Fail | Garbage | BreakMidStream | Drop | Stall | Hang
type Responder = Callable[[RecordedRequest], Turn]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """A request the server received (header names in lower case)."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: Any

    @property
    def json(self) -> dict[str, Any]:
        """Return the JSON body (an empty dict when there was none)."""
        return self.body if isinstance(self.body, dict) else {}


def refusing_url(scheme: str = "http") -> str:
    """Return a loopback URL where nothing listens: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    return f"{scheme}://{HOST}:{port}"


def conversation_of(body: Mapping[str, Any]) -> tuple[str, str, list[str]]:
    """Return the last message's role and text and the offered tool names.

    Understands the Ollama / OpenAI shape and the Anthropic shape.
    """
    messages = body.get("messages") or []
    role, text = "user", ""
    if messages:
        last = messages[-1]
        role = str(last.get("role") or "user")
        content = last.get("content")
        if isinstance(content, list):  # Anthropic blocks
            parts: list[str] = []
            for block in content:
                if block.get("type") == "tool_result":
                    role = "tool"
                    inner = block.get("content")
                    parts.append(inner if isinstance(inner, str) else json.dumps(inner))
                elif block.get("type") == "text":
                    parts.append(str(block.get("text") or ""))
            text = " ".join(parts)
        else:
            text = str(content or "")
    names = [
        str((tool.get("function") or tool).get("name"))
        for tool in body.get("tools") or []
    ]
    return role, text, names


_GENERIC_WORDS = {"get", "set", "list", "the", "a", "of", "to", "and", "by"}


def keyword_responder(request: RecordedRequest) -> Turn:
    """Answer deterministically without a script.

    After a tool result: say what the tool returned. Otherwise call the tool
    whose name shares the most words with the request (ignoring generic
    words like "get"), or reply plainly when none does.
    """
    role, text, tools = conversation_of(request.json)
    if role == "tool":
        return Reply(text=f"Here is what I found: {text}")
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    best, best_score = None, 0
    for name in tools:
        # snake_case and CamelCase names alike ("get_queue", "HassTurnOn").
        parts = {
            part.lower()
            for part in re.findall(r"[A-Z]?[a-z]+|[0-9]+|[A-Z]+(?![a-z])", name)
        } - _GENERIC_WORDS
        stems = {part.rstrip("s") for part in parts}
        score = len(parts & words) + len(stems & {w.rstrip("s") for w in words})
        if score > best_score:
            best, best_score = name, score
    if best is not None:
        return Reply(tool_calls=[Call(best, {})])
    return Reply(text=f"You said: {text}" if text else "Hello from the scripted model.")


class ScriptedServer:
    """An aiohttp server on 127.0.0.1 (ephemeral port) that plays turns.

    Use it as `async with Server() as srv:`; `srv.url` is its base URL.
    """

    #: The path whose requests consume the turns queued by `script`.
    chat_path = "/"

    def __init__(self, *, responder: Responder | None = None) -> None:
        """Prepare the server; `responder` answers when no turn is queued."""
        self.responder: Responder = responder or keyword_responder
        self.requests: list[RecordedRequest] = []
        self._queues: dict[str, deque[Turn]] = {}
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self.app = web.Application()
        self.app.middlewares.append(self._record)
        self.add_routes(self.app)

    def add_routes(self, app: web.Application) -> None:
        """Add the protocol's routes (subclasses)."""
        raise NotImplementedError

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        return f"http://{HOST}:{self._port}"

    def script(self, *turns: Turn) -> None:
        """Queue turns for the chat endpoint, one per request."""
        self.script_path(self.chat_path, *turns)

    def script_path(self, path: str, *turns: Turn) -> None:
        """Queue turns (faults) for another endpoint, one per request."""
        self._queues.setdefault(path, deque()).extend(turns)

    def pending(self, path: str | None = None) -> int:
        """Return how many queued turns are not used yet."""
        return len(self._queues.get(path or self.chat_path, ()))

    def chat_requests(self) -> list[dict[str, Any]]:
        """Return the JSON bodies of the chat requests received."""
        return [r.json for r in self.requests if r.path == self.chat_path]

    def next_turn(self, request: RecordedRequest) -> Turn:
        """Return the queued turn for this request, else the responder's."""
        queue = self._queues.get(request.path)
        if queue:
            return queue.popleft()
        return self.responder(request)

    async def queued_fault(self, request: web.Request) -> web.StreamResponse | None:
        """Answer the fault queued for a non-chat endpoint; None when none is."""
        queue = self._queues.get(request.path)
        return await self.fault_response(request, queue.popleft() if queue else None)

    @web.middleware
    async def _record(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
        recorded = RecordedRequest(
            request.method,
            request.path,
            {key.lower(): value for key, value in request.headers.items()},
            body,
        )
        self.requests.append(recorded)
        request["recorded"] = recorded
        response: web.StreamResponse = await handler(request)
        return response

    async def start(self) -> Self:
        """Start listening on an ephemeral loopback port."""
        # No access log: aiohttp's reads the local zone from time.localtime(),
        # which a frozen clock fakes without tm_gmtoff, so its first line under
        # a frozen instant is an "Error in logging" with a traceback.
        self._runner = web.AppRunner(self.app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        server = site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        """Stop the server, releasing any hanging request."""
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        """Start the server."""
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop the server."""
        await self.close()

    async def hang(self, turn: Hang) -> None:
        """Wait as a Hang turn says, ending early when the server closes."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), turn.seconds)

    async def delay(self, seconds: float) -> None:
        """Wait before answering (a slow model)."""
        if seconds > 0:
            await self.hang(Hang(seconds))

    @staticmethod
    def drop(request: web.Request) -> None:
        """Close the client's connection at once."""
        transport = request.transport
        if transport is not None:
            transport.close()

    async def fault_response(
        self, request: web.Request, turn: Turn | None
    ) -> web.StreamResponse | None:
        """Answer a turn that fails before any answer; None for the others.

        Fail answers in the protocol's error shape (`error_response`), as
        does Hang once its wait is over; Garbage with its body; a Drop
        without text closes the connection.
        """
        if isinstance(turn, Hang):
            await self.hang(turn)
            turn = Fail(500, "hung up")
        if isinstance(turn, Fail):
            return self.error_response(turn)
        if isinstance(turn, Garbage):
            return self.garbage(turn)
        if isinstance(turn, Drop) and not turn.text:
            self.drop(request)
            return web.Response()
        return None

    def error_response(self, turn: Fail) -> web.Response:
        """Return a Fail turn's HTTP error in the protocol's shape (subclasses)."""
        raise NotImplementedError

    @staticmethod
    def garbage(turn: Garbage) -> web.Response:
        """Return a Garbage turn's answer."""
        return web.Response(body=turn.body, content_type=turn.content_type)

    @staticmethod
    def retry_headers(turn: Fail) -> dict[str, str]:
        """Return the retry-after header of a Fail turn, if it has one."""
        if turn.retry_after is None:
            return {}
        return {"retry-after": f"{turn.retry_after:g}"}
