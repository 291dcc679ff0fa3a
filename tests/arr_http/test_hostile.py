"""Hostile servers: redirects elsewhere, bombs and echoed credentials.

The clients of the arr stack and of the language models read servers AutoArr
does not control; none of these may take a key elsewhere, exhaust memory or
escape as anything but the clients' own typed errors.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp import web
import pytest
from yarl import URL

from custom_components.autoarr.arr.bounded import (
    MAX_BODY_BYTES,
    JsonTooDeepError,
    json_depth,
    loads_bounded,
    same_origin,
)
from custom_components.autoarr.arr.errors import (
    ArrMalformedResponseError,
    ArrRedirectError,
    ArrResponseTooLargeError,
    redact,
)
from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from custom_components.autoarr.llm_providers.errors import (
    LLMConnectionError,
    LLMMalformedOutputError,
)
from custom_components.autoarr.llm_providers.ollama import OllamaProvider
from custom_components.autoarr.llm_providers.openai_compat import (
    OpenAICompatibleProvider,
)
from tests.support.hostile import CANARY_KEY, gzip_bomb, nested_json

from .servers import running_app


class Recorder:
    """An app that records every request it receives."""

    def __init__(self) -> None:
        """Start with no requests."""
        self.requests: list[dict[str, Any]] = []
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        """Record the request and answer with an empty JSON object."""
        self.requests.append(
            {"headers": dict(request.headers), "url": str(request.url)}
        )
        return web.json_response({})


def redirecting_app(target: str, status: int = 302) -> web.Application:
    """Return an app redirecting every request to `target` + its path and query."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            status=status, headers={"Location": target + request.path_qs}
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


def body_app(body: bytes, headers: dict[str, str] | None = None) -> web.Application:
    """Return an app answering every request with one JSON body."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            body=body, content_type="application/json", headers=headers or {}
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


def config(url: str) -> ServiceConfig:
    """Return the settings of a service at `url` with the canary key."""
    return ServiceConfig(url=url, auth=ApiKey(CANARY_KEY), timeout=30)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_cross_origin_redirect_never_carries_the_key(
    http_session: aiohttp.ClientSession, status: int
) -> None:
    """A redirect to another server is refused: it never sees the API key."""
    elsewhere = Recorder()
    async with (
        running_app(elsewhere.app) as other,
        running_app(redirecting_app(other, status)) as front,
    ):
        with pytest.raises(ArrRedirectError, match="another server") as sonarr_err:
            await SonarrClient(http_session, config(front)).system_status()
        with pytest.raises(ArrRedirectError):
            await SabnzbdClient(http_session, config(front)).queue()
        provider = OpenAICompatibleProvider(http_session, front, api_key=CANARY_KEY)
        with pytest.raises(LLMConnectionError, match="another server"):
            await provider.list_models()
        with pytest.raises(LLMConnectionError, match="another server"):
            await OllamaProvider(http_session, front).version()
    assert elsewhere.requests == []
    assert CANARY_KEY not in str(sonarr_err.value)


async def test_redirect_loops_and_bad_locations_are_refused(
    http_session: aiohttp.ClientSession,
) -> None:
    """A redirect to itself forever, or to no address, is a typed error."""

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.path + "?again=1")

    async def nowhere(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "ftp://x/"})

    app = web.Application()
    app.router.add_get("/loop/api/v3/system/status", loop)
    app.router.add_get("/nowhere/api/v3/system/status", nowhere)
    async with running_app(app) as url:
        with pytest.raises(ArrRedirectError, match="more than 10 times"):
            await SonarrClient(http_session, config(f"{url}/loop")).system_status()
        with pytest.raises(ArrRedirectError, match="no usable address"):
            await SonarrClient(http_session, config(f"{url}/nowhere")).system_status()


async def test_redirect_of_a_post_continues_as_get(
    http_session: aiohttp.ClientSession,
) -> None:
    """As aiohttp and browsers do, a 302 after a POST continues as a GET."""
    seen: list[str] = []

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/v1/moved")

    async def landed(request: web.Request) -> web.Response:
        seen.append(request.method)
        return web.json_response({"data": [{"id": "m"}]})

    app = web.Application()
    app.router.add_route("*", "/v1/models", moved)
    app.router.add_route("*", "/v1/moved", landed)
    async with running_app(app) as url:
        api = OpenAICompatibleProvider(http_session, url)._api
        assert await api.get_json("/models", method="POST", json_body={}) == {
            "data": [{"id": "m"}]
        }
    assert seen == ["GET"]


@pytest.mark.parametrize(
    ("source", "target", "same"),
    [
        ("http://h:8989/a", "http://h:8989/b", True),
        ("http://H:8989/a", "http://h:8989/b", True),
        ("http://h/a", "http://h:80/b", True),
        ("http://h:8989/a", "http://h:8990/a", False),
        ("http://h/a", "http://other/a", False),
        ("http://h/a", "https://h/a", True),
        ("http://h:8080/a", "https://h:8080/a", True),
        ("http://h:8080/a", "https://h:9443/a", False),
        ("https://h/a", "http://h/a", False),
    ],
)
def test_same_origin(source: str, target: str, *, same: bool) -> None:
    """Only the same server, or an upgrade to https of the same host."""
    assert same_origin(URL(source), URL(target)) is same


async def test_nested_bracket_bomb_is_a_clear_error(
    http_session: aiohttp.ClientSession,
) -> None:
    """200,000 nested brackets give a typed error, not a RecursionError."""
    async with running_app(body_app(nested_json())) as url:
        with pytest.raises(ArrMalformedResponseError, match="nested too deeply"):
            await SonarrClient(http_session, config(url)).queue()
        with pytest.raises(ArrMalformedResponseError, match="nested too deeply"):
            await SabnzbdClient(http_session, config(url)).queue()
        with pytest.raises(LLMMalformedOutputError, match="nested too deeply"):
            await OllamaProvider(http_session, url).version()


def test_depth_limit() -> None:
    """Documents up to the limit decode; one level more does not."""
    assert loads_bounded(b"[" * 64 + b"]" * 64) == json_depth_doc(64)
    with pytest.raises(JsonTooDeepError):
        loads_bounded(b"[" * 65 + b"]" * 65)
    assert json_depth({"a": [1, {"b": []}], "c": 2}) == 4
    assert json_depth(5) == 0


def json_depth_doc(depth: int) -> Any:
    """Return `depth` nested lists."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


async def test_decompression_bomb_stops_at_the_limit(
    http_session: aiohttp.ClientSession,
) -> None:
    """A gzip body expanding to 200 MB is refused once it passes the limit."""
    bomb = body_app(gzip_bomb(), {"Content-Encoding": "gzip"})
    async with running_app(bomb) as url:
        with pytest.raises(ArrResponseTooLargeError, match="larger than 64 MB"):
            await SonarrClient(http_session, config(url)).queue()
        with pytest.raises(LLMMalformedOutputError, match="larger than 8 MB"):
            await OllamaProvider(http_session, url).version()


async def test_declared_oversized_body_is_refused_unread(
    http_session: aiohttp.ClientSession,
) -> None:
    """A Content-Length above the limit is refused before reading."""
    sent: list[int] = []

    async def huge(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_length = MAX_BODY_BYTES + 1
        response.content_type = "application/json"
        await response.prepare(request)
        sent.append(1)
        await response.write(b"[")
        return response

    app = web.Application()
    app.router.add_get("/{tail:.*}", huge)
    async with running_app(app) as url:
        with pytest.raises(ArrResponseTooLargeError):
            await SonarrClient(http_session, config(url)).queue()
    assert sent == [1]


async def test_an_overlong_streamed_line_is_a_clear_error(
    http_session: aiohttp.ClientSession,
) -> None:
    """A model server's line beyond aiohttp's buffer is a typed error."""

    async def chat(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_type = "application/x-ndjson"
        await response.prepare(request)
        await response.write(b'{"message": "' + b"x" * (1024 * 1024) + b'"}\n')
        return response

    app = web.Application()
    app.router.add_post("/api/chat", chat)
    async with running_app(app) as url:
        provider = OllamaProvider(http_session, url)
        with pytest.raises(LLMMalformedOutputError, match="too long"):
            await provider.complete([])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "at http://bob:hunter2@nas:8080/api failed",
            "at http://bob:**REDACTED**@nas:8080/api failed",
        ),
        ("at https://bob:p@ss@nas/ x", "at https://bob:**REDACTED**@nas/ x"),
        (
            "GET /api?mode=queue&apikey=abc123&x=1",
            "GET /api?mode=queue&apikey=**REDACTED**&x=1",
        ),
        ("?token=t0k&api_key=k", "?token=**REDACTED**&api_key=**REDACTED**"),
        (f"key {CANARY_KEY} echoed", "key **REDACTED** echoed"),
        ("http://nas:8080/api plain", "http://nas:8080/api plain"),
    ],
)
def test_redact(text: str, shown: str) -> None:
    """One redaction: given secrets, URL passwords and key query parameters."""
    assert redact(text, CANARY_KEY) == shown


def test_errors_are_redacted_when_made() -> None:
    """An error quoting a URL with a password never holds the password."""
    err = ArrMalformedResponseError("echo: http://u:hunter2@h/x?apikey=abc")
    assert "hunter2" not in str(err) and "abc" not in str(err)
    llm = LLMConnectionError("echo: http://u:hunter2@h/x", provider="p")
    assert "hunter2" not in str(llm)
