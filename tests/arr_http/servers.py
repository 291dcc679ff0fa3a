"""Small real servers on 127.0.0.1 for testing the arr HTTP layer's failures.

- `running_app`: an aiohttp application on a free loopback port, over http or
  https (with a self-signed certificate made at test time);
- `raw_http_server`: a TCP server that answers every connection with fixed
  bytes (a truncated body, garbage, or nothing at all);
- `closed_port`: a loopback port that refuses connections;
- `RFC6761Resolver`: a resolver that, like a standards-following one, never
  resolves names under `.invalid` (RFC 6761) — so a DNS failure is tested
  without depending on this machine's DNS.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
import socket
import ssl
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver


@asynccontextmanager
async def running_app(
    app: web.Application, *, ssl_context: ssl.SSLContext | None = None
) -> AsyncIterator[str]:
    """Run an aiohttp app on 127.0.0.1; yield its base URL (no trailing slash)."""
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    scheme = "https" if ssl_context else "http"
    loop = asyncio.get_running_loop()
    previous_handler = loop.get_exception_handler()
    if ssl_context is not None:
        loop.set_exception_handler(_ignore_refused_handshakes(previous_handler))
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
        if ssl_context is not None:
            loop.set_exception_handler(previous_handler)


type ExceptionHandler = Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object]


def _ignore_refused_handshakes(
    previous: ExceptionHandler | None,
) -> ExceptionHandler:
    """Return a loop exception handler that drops failed server handshakes.

    A client that rejects the certificate (the point of the TLS tests) or
    speaks plain HTTP makes the server's handshake fail; asyncio reports that
    to the loop's handler, which Home Assistant's test plugin turns into a
    test error. Everything else is passed on.
    """

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message", "").startswith("Error on transport creation") and (
            isinstance(context.get("exception"), ssl.SSLError | ConnectionError)
        ):
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    return handler


@asynccontextmanager
async def raw_http_server(answer: bytes, *, close: bool = True) -> AsyncIterator[str]:
    """Answer every request with `answer` as is, then close the connection.

    With close=False the connection stays open and silent after the answer
    (for bodies shorter than their Content-Length, which aiohttp then waits
    for until its timeout).
    """
    writers: set[asyncio.StreamWriter] = set()

    async def handle(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        writers.add(writer)
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answer)
            await writer.drain()
            if not close:
                await reader.read()  # until the client gives up
        except ConnectionError, asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()
            writers.discard(writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for writer in list(writers):
            writer.close()
        server.close()
        await server.wait_closed()


def closed_port() -> int:
    """Return a loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RFC6761Resolver(AbstractResolver):
    """Resolves IP literals; names under .invalid fail as NXDOMAIN would."""

    def __init__(self) -> None:
        """Delegate everything but .invalid to the threaded resolver."""
        self._threaded = ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve a host, refusing the reserved .invalid domain."""
        if host.rstrip(".").lower().endswith(".invalid"):
            raise OSError(socket.EAI_NONAME, "Name or service not known")
        return await self._threaded.resolve(host, port, family)

    async def close(self) -> None:
        """Close the delegate."""
        await self._threaded.close()


def json_handler(
    payload: Any, *, status: int = 200
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Return a handler answering with a JSON document."""

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(payload, status=status)

    return handler
