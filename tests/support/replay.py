"""A server answering with recorded answers, to run AutoArr over real payloads.

The simulators follow the official documents; this one plays back what real
servers sent (the corpus in tests/fixtures/real). Each route maps a path
below the URL base (e.g. "/api/v3/queue", or for SABnzbd's one endpoint the
path and its mode: "/api?mode=queue") to the answer: a JSON document, or
a `Status` for an error answer (the arr applications' 404 of an endpoint
their version lacks, a 500), or a `Stream` of lines sent as newline-delimited
JSON, as Ollama streams an answer. Query strings are not looked at: a recording is
one answer. A path without a route answers 404, as the arr applications do.
Requests without the API key are refused (401), unless the server has none
(`api_key=None`, as Ollama). Every request is recorded, with its JSON body,
so a test can check what was asked, and what was not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import json
import socket
from typing import Any, Self

from aiohttp import web

HOST = "127.0.0.1"
API_KEY = "0123456789abcdef0123456789abcdef"
# An arr's answer to a paged endpoint with nothing on it (history, wanted).
EMPTY_PAGE = {"page": 1, "pageSize": 25, "totalRecords": 0, "records": []}


@dataclass(frozen=True, slots=True)
class Status:
    """An error answer: an HTTP status with a message in the arr's JSON shape."""

    code: int
    message: str = "NotFound"


@dataclass(frozen=True, slots=True)
class Stream:
    """A streamed answer: each line one JSON document, as Ollama sends them."""

    lines: tuple[Any, ...]


class ReplayServer:
    """Plays back recorded answers on 127.0.0.1."""

    def __init__(
        self, routes: Mapping[str, Any], *, api_key: str | None = API_KEY
    ) -> None:
        """Answer each path with its recorded answer."""
        self.routes = dict(routes)
        self.api_key = api_key
        self.requests: list[str] = []
        self.bodies: list[Any] = []
        self._runner: web.AppRunner | None = None
        self._port = 0

    @property
    def url(self) -> str:
        """Return the server's base URL."""
        return f"http://{HOST}:{self._port}"

    def asked(self, path: str) -> int:
        """Return how many requests asked for a path (or SABnzbd mode)."""
        return self.requests.count(path)

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        # SABnzbd has one endpoint, chosen by its `mode`: "/api?mode=queue".
        mode = request.query.get("mode")
        route = f"{request.path}?mode={mode}" if mode else request.path
        self.requests.append(route)
        self.bodies.append(_decoded(await request.text()))
        key = request.headers.get("X-Api-Key") or request.query.get("apikey")
        if self.api_key is not None and key != self.api_key:
            return web.json_response({"error": "Unauthorized"}, status=401)
        answer = self.routes.get(route, Status(404))
        if isinstance(answer, Status):
            return web.json_response({"message": answer.message}, status=answer.code)
        if isinstance(answer, Stream):
            response = web.StreamResponse(
                headers={"Content-Type": "application/x-ndjson"}
            )
            await response.prepare(request)
            for line in answer.lines:
                await response.write(json.dumps(line).encode() + b"\n")
            await response.write_eof()
            return response
        return web.json_response(answer)

    async def __aenter__(self) -> Self:
        """Start serving on a free port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((HOST, 0))
        self._port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()


def _decoded(text: str) -> Any:
    """Return a request body decoded when it is JSON (None when empty)."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


async def serve(replay: type[ReplayServer], routes: Mapping[str, Any]) -> ReplayServer:
    """Start a replay server of the routes (`replay`: the fixture's class)."""
    return await replay(routes).__aenter__()
