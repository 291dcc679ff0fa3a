"""A loopback proxy in front of a real llama-server that adds request fields.

llama-server's `/v1/chat/completions` takes fields beyond OpenAI's, among
them a GBNF `grammar` the output must match (refused beside tools unless
`tool_choice` is "none", which still renders the tools into the prompt).
With the proxy between AutoArr and the server, a test makes the real model
write exactly the output it needs, every time: the tool list it was given
repeated, or an empty answer. The server still renders the conversation and
the tools through its chat template, reads the prompt, generates and streams
as always; only what the model may write is fixed.

    async with SteeredLlama(server) as proxy:
        proxy.steer = echo_tools
        ...  # every chat request now gets echo_tools(request)'s fields
        proxy.steer = None  # requests go through unchanged

A steer may also start the model's answer for it (`starting_with`): the
server lets the model go on from there and parses the whole answer. Other
requests (`/v1/models`) go through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.support.llama_server import RealLlamaServer

HOST = "127.0.0.1"
CHAT_PATH = "/v1/chat/completions"

# The fields a steer adds to a chat request, from that request's body.
Steer = Callable[[dict[str, Any]], dict[str, Any]]


def gbnf_literal(text: str) -> str:
    """Return a GBNF string literal matching exactly `text`."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def saying(text: str) -> Steer:
    """Return a steer making the model write exactly `text` (no tool call)."""
    fields = {"tool_choice": "none", "grammar": f"root ::= {gbnf_literal(text)}"}
    return lambda _body: fields


def echo_tools(body: dict[str, Any]) -> dict[str, Any]:
    """Make the model repeat the tool list of the request, as JSON."""
    return saying(json.dumps(body["tools"]))(body)


# Nothing at all: the grammar's only sentence is the empty one, so the model
# can only end its answer at once.
say_nothing: Steer = saying("")


def starting_with(text: str) -> Steer:
    """Return a steer starting the model's answer with `text`.

    llama-server takes a last assistant message as the start of the answer
    and lets the model go on from it; what it parses is the whole answer.
    """
    return lambda body: {
        "messages": [*body["messages"], {"role": "assistant", "content": text}]
    }


class SteeredLlama:
    """A loopback proxy to a real llama-server, adding the steer's fields."""

    def __init__(self, server: RealLlamaServer) -> None:
        """Forward to `server` (started)."""
        self.server = server
        self.model = server.model
        self.steer: Steer | None = None
        # Every chat request as forwarded (with the steer's fields).
        self.chat_requests: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._port = 0

    @property
    def url(self) -> str:
        """Return the proxy's base URL (give it where the server's would go)."""
        return f"http://{HOST}:{self._port}"

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        data = await request.read()
        if request.method == "POST" and request.path == CHAT_PATH:
            body = json.loads(data)
            if self.steer is not None:
                body = {**body, **self.steer(body)}
            self.chat_requests.append(body)
            data = json.dumps(body).encode()
        async with self._session.request(
            request.method,
            self.server.url + request.path_qs,
            data=data or None,
            headers={"Content-Type": request.content_type},
        ) as upstream:
            response = web.StreamResponse(
                status=upstream.status,
                headers={"Content-Type": upstream.content_type},
            )
            await response.prepare(request)
            async for chunk in upstream.content.iter_any():
                await response.write(chunk)
            await response.write_eof()
            return response

    async def start(self) -> Self:
        """Listen on an ephemeral loopback port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(None))
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        server = site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        """Stop listening and close the upstream session."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Self:
        """Start the proxy."""
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop the proxy."""
        await self.close()
