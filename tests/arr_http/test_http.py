"""Tests of arr/http.py against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
from aiohttp import web
import pytest
from yarl import URL

from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrConnectionError,
    ArrError,
    ArrInvalidURLError,
    ArrMalformedResponseError,
    ArrNotFoundError,
    ArrTimeoutError,
    ArrTLSError,
    ArrWrongAppError,
    redact,
)
from custom_components.autoarr.arr.http import (
    DEFAULT_TIMEOUT,
    MAX_ERROR_TEXT,
    ApiKey,
    HttpResponse,
    HttpTransport,
    ServiceConfig,
    _encode_query,
    parse_base_url,
)
from tests.support.tls import make_self_signed_certificate

from .servers import closed_port, raw_http_server, running_app

API_KEY = "test-api-key-0123456789abcdef"


def transport_for(
    session: aiohttp.ClientSession,
    url: str,
    *,
    verify_ssl: bool = True,
    timeout: float = 5.0,
) -> HttpTransport:
    """Return a transport named "Testarr" for a URL."""
    config = ServiceConfig(
        url=url, auth=ApiKey(API_KEY), verify_ssl=verify_ssl, timeout=timeout
    )
    return HttpTransport(session, config, app_name="Testarr")


async def echo(request: web.Request) -> web.Response:
    """Answer with what the request carried."""
    body = await request.read()
    return web.json_response(
        {
            "method": request.method,
            "path": request.path,
            "query": [[key, value] for key, value in request.query.items()],
            "body": body.decode(),
            "content_type": request.content_type,
            "header": request.headers.get("X-Api-Key"),
        }
    )


def echo_app() -> web.Application:
    """Return an app that echoes every request on every path."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", echo)
    return app


# --- parse_base_url ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://nas:8989", "http://nas:8989/"),
        ("http://nas:8989/", "http://nas:8989/"),
        ("  https://nas.local/sonarr/  ", "https://nas.local/sonarr"),
        ("https://nas.local/a/b//", "https://nas.local/a/b"),
        ("http://nas:8080/sab?apikey=secret#frag", "http://nas:8080/sab"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("HTTP://NAS:7878", "http://nas:7878/"),
        ("http://user:pw@nas:7878/radarr", "http://user:pw@nas:7878/radarr"),
    ],
)
def test_parse_base_url(given: str, expected: str) -> None:
    """URL bases are kept, trailing slashes, query and fragment dropped."""
    assert str(parse_base_url(given)) == expected


@pytest.mark.parametrize(
    "given",
    [
        "",
        "nas:8989",
        "ftp://nas/sonarr",
        "http://",
        "//nas:8989",
        "http://[::1:8080",
        "file:///etc/passwd",
    ],
)
def test_parse_base_url_rejects(given: str) -> None:
    """Anything but an absolute http(s) URL with a host is refused."""
    with pytest.raises(ArrInvalidURLError):
        parse_base_url(given)


@pytest.mark.parametrize(
    "given",
    [
        "ftp://user:hunter2@nas/?apikey=hunter2",
        "gopher://nas/x#hunter2",
        "http://[::1?apikey=hunter2",
    ],
)
def test_invalid_url_message_hides_secrets(given: str) -> None:
    """The message quotes the URL without query, fragment or password."""
    with pytest.raises(ArrInvalidURLError) as err:
        parse_base_url(given)
    assert "hunter2" not in str(err.value)
    assert "nas" in str(err.value) or "::1" in str(err.value)


def test_url_for_keeps_the_url_base(http_session: aiohttp.ClientSession) -> None:
    """API paths go below the URL base, with exactly one slash between."""
    assert str(
        transport_for(http_session, "http://nas:8989").url_for("api/v3/queue")
    ) == ("http://nas:8989/api/v3/queue")
    transport = transport_for(http_session, "https://proxy/sonarr/")
    assert (
        str(transport.url_for("/api/v3/queue")) == "https://proxy/sonarr/api/v3/queue"
    )
    assert transport.base_url == URL("https://proxy/sonarr")


def test_service_config_defaults() -> None:
    """TLS is verified and the default timeout applies unless told otherwise."""
    config = ServiceConfig(url="http://nas", auth=ApiKey(API_KEY))
    assert config.verify_ssl is True
    assert config.timeout == DEFAULT_TIMEOUT


def test_encode_query() -> None:
    """Booleans are lowercase, lists repeat the key, numbers become text."""
    assert _encode_query(None) is None
    assert _encode_query(
        {"a": True, "b": False, "c": 3, "d": 1.5, "e": "x y", "f": [1, 2, True]}
    ) == [
        ("a", "true"),
        ("b", "false"),
        ("c", "3"),
        ("d", "1.5"),
        ("e", "x y"),
        ("f", "1"),
        ("f", "2"),
        ("f", "true"),
    ]


# --- Successful requests -------------------------------------------------------------


async def test_request_sends_query_body_and_headers(
    http_session: aiohttp.ClientSession,
) -> None:
    """What the caller gives is what the server receives."""
    async with running_app(echo_app()) as url:
        transport = transport_for(http_session, f"{url}/base/")
        response = await transport.request(
            "POST",
            "api/v3/command",
            params={"ids": [1, 2], "flag": True, "term": "tvdb:12 & more"},
            json_body={"name": "RefreshSeries"},
            headers={"X-Api-Key": API_KEY},
        )
    assert response.status == 200
    assert response.content_type == "application/json"
    seen = json.loads(response.body)
    assert seen["method"] == "POST"
    assert seen["path"] == "/base/api/v3/command"
    assert seen["query"] == [
        ["ids", "1"],
        ["ids", "2"],
        ["flag", "true"],
        ["term", "tvdb:12 & more"],
    ]
    assert json.loads(seen["body"]) == {"name": "RefreshSeries"}
    assert seen["header"] == API_KEY
    assert transport.decode_json(response) == seen


async def test_request_sends_form_data(http_session: aiohttp.ClientSession) -> None:
    """Multipart uploads (SABnzbd's addfile) reach the server."""
    form = aiohttp.FormData()
    form.add_field(
        "name", b"<nzb/>", filename="a.nzb", content_type="application/x-nzb"
    )
    async with running_app(echo_app()) as url:
        response = await transport_for(http_session, url).request(
            "POST", "api", data=form
        )
    seen = json.loads(response.body)
    assert seen["content_type"] == "multipart/form-data"
    assert 'filename="a.nzb"' in seen["body"] and "<nzb/>" in seen["body"]


async def test_redirects_are_followed(http_session: aiohttp.ClientSession) -> None:
    """A reverse proxy's redirect is followed to the answer."""

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/new/api")

    app = web.Application()
    app.router.add_get("/old/api", moved)
    app.router.add_route("*", "/{tail:.*}", echo)
    async with running_app(app) as url:
        response = await transport_for(http_session, f"{url}/old").request(
            "GET", "api", params={"apikey": API_KEY}
        )
    assert response.status == 200
    assert response.url.path == "/new/api"


# --- HTTP error statuses -----------------------------------------------------------------


def status_app(status: int, body: bytes, content_type: str) -> web.Application:
    """Return an app answering every request with one status and body."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, body=body, content_type=content_type)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error", "message"),
    [
        (401, b"", "text/plain", ArrAuthError, "rejected the API key (HTTP 401)"),
        (
            403,
            b"Forbidden",
            "text/plain",
            ArrAuthError,
            "rejected the API key (HTTP 403)",
        ),
        (
            404,
            b'{"message": "NotFound"}',
            "application/json",
            ArrNotFoundError,
            "HTTP 404: NotFound",
        ),
        (
            400,
            (
                b'[{"propertyName": "Path", "errorMessage": "Path is required"},'
                b' {"propertyName": "Id", "errorMessage": "Invalid id"}, {"other": 1}]'
            ),
            "application/json",
            ArrApiError,
            "HTTP 400: Path is required; Invalid id",
        ),
        (
            409,
            b'{"errorMessage": "Already exists"}',
            "application/json",
            ArrApiError,
            "HTTP 409: Already exists",
        ),
        (
            422,
            b'{"error": "Bad thing"}',
            "application/json",
            ArrApiError,
            "HTTP 422: Bad thing",
        ),
        (
            500,
            b'{"title": "Server Error", "status": 500}',
            "application/problem+json",
            ArrApiError,
            "HTTP 500: Server Error",
        ),
        (
            500,
            b'{"message": ""}',
            "application/json",
            ArrApiError,
            'HTTP 500: {"message": ""}',
        ),
        (500, b"{not json", "application/json", ArrApiError, "HTTP 500: {not json"),
        (
            502,
            b"<html><body>Bad Gateway</body></html>",
            "text/html",
            ArrApiError,
            "answered HTTP 502",
        ),
        (
            503,
            b"  Service Unavailable \n",
            "text/plain",
            ArrApiError,
            "HTTP 503: Service Unavailable",
        ),
        (500, b"[1, 2]", "application/json", ArrApiError, "HTTP 500: [1, 2]"),
    ],
)
async def test_error_statuses(
    http_session: aiohttp.ClientSession,
    status: int,
    body: bytes,
    content_type: str,
    error: type[ArrError],
    message: str,
) -> None:
    """Every error status maps to its ArrError with the server's message."""
    async with running_app(status_app(status, body, content_type)) as url:
        transport = transport_for(http_session, url)
        with pytest.raises(error) as err:
            await transport.request("GET", "api/v3/thing", params={"apikey": API_KEY})
    assert type(err.value) is error
    text = str(err.value)
    assert message in text
    assert text.startswith(f"Testarr at {url}/api/v3/thing")
    assert API_KEY not in text and "apikey" not in text
    if status not in {401, 403}:
        assert isinstance(err.value, ArrApiError)
        assert err.value.status == status


async def test_error_text_is_redacted_and_shortened(
    http_session: aiohttp.ClientSession,
) -> None:
    """A server echoing the key never gets it into a message; long text is cut."""
    body = (f"bad key {API_KEY} " + "x" * 1000).encode()
    async with running_app(status_app(500, body, "text/plain")) as url:
        with pytest.raises(ArrApiError) as err:
            await transport_for(http_session, url).request("GET", "api")
    text = str(err.value)
    assert API_KEY not in text
    assert "**REDACTED**" in text
    assert text.count("x") < MAX_ERROR_TEXT


async def test_key_cut_at_the_message_limit_is_still_redacted(
    http_session: aiohttp.ClientSession,
) -> None:
    """A key straddling the cut is redacted whole, not half shown."""
    body = ("x" * (MAX_ERROR_TEXT - 10) + API_KEY).encode()
    async with running_app(status_app(500, body, "text/plain")) as url:
        with pytest.raises(ArrApiError) as err:
            await transport_for(http_session, url).request("GET", "api")
    assert API_KEY[:8] not in str(err.value)


async def test_raise_for_status_false_returns_the_response(
    http_session: aiohttp.ClientSession,
) -> None:
    """The caller may judge error statuses itself, and raise later."""
    async with running_app(status_app(403, b"API Key Incorrect", "text/html")) as url:
        transport = transport_for(http_session, url)
        response = await transport.request("GET", "api", raise_for_status=False)
    assert response.status == 403
    assert response.text() == "API Key Incorrect"
    with pytest.raises(ArrAuthError):
        transport.raise_for_status(response)
    transport.raise_for_status(
        HttpResponse(status=302, content_type="", body=b"", url=URL(url))
    )


def test_response_text_replaces_undecodable_bytes() -> None:
    """Bodies that are not UTF-8 still give text."""
    response = HttpResponse(
        status=200, content_type="text/plain", body=b"ok \xff\xfe", url=URL("http://x/")
    )
    assert response.text() == "ok \ufffd\ufffd"


async def test_decode_json_rejects_malformed_bodies(
    http_session: aiohttp.ClientSession,
) -> None:
    """A body that is not JSON is a malformed response, not a crash."""
    transport = transport_for(http_session, "http://127.0.0.1:1/base")
    for body in (b'{"queue": ', b"<html>", b"\xff\xfe", b""):
        with pytest.raises(ArrMalformedResponseError, match="valid JSON") as err:
            transport.decode_json(
                HttpResponse(
                    status=200,
                    content_type="application/json",
                    body=body,
                    url=URL(f"http://127.0.0.1:1/base/api?apikey={API_KEY}"),
                )
            )
        assert API_KEY not in str(err.value)


# --- Transport failures ------------------------------------------------------------------


async def test_connection_refused(http_session: aiohttp.ClientSession) -> None:
    """A closed port is a connection error naming the URL, not the key."""
    url = f"http://user:hunter2@127.0.0.1:{closed_port()}/sab"
    with pytest.raises(ArrConnectionError, match="cannot connect to Testarr at") as err:
        await transport_for(http_session, url).request(
            "GET", "api", params={"apikey": API_KEY}
        )
    assert type(err.value) is ArrConnectionError
    text = str(err.value)
    assert "127.0.0.1" in text and "/sab/api" in text
    assert API_KEY not in text and "hunter2" not in text


async def test_dns_failure(http_session: aiohttp.ClientSession) -> None:
    """A name that does not resolve says so."""
    with pytest.raises(ArrConnectionError, match="cannot resolve the host") as err:
        await transport_for(http_session, "http://sabnzbd.invalid:8080").request(
            "GET", "api"
        )
    assert "sabnzbd.invalid" in str(err.value)


async def test_timeout(http_session: aiohttp.ClientSession) -> None:
    """A server that never answers in time gives ArrTimeoutError."""
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.Response(text="late")

    app = web.Application()
    app.router.add_get("/api", slow)
    async with running_app(app) as url:
        transport = transport_for(http_session, url, timeout=30)
        with pytest.raises(ArrTimeoutError, match="did not answer in time"):
            await transport.request("GET", "api", timeout=0.2)
        transport = transport_for(http_session, url, timeout=0.2)
        with pytest.raises(ArrTimeoutError):
            await transport.request("GET", "api")
        release.set()


async def test_truncated_body(http_session: aiohttp.ClientSession) -> None:
    """A body cut short of its Content-Length is an incomplete response."""
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b'Content-Length: 500\r\n\r\n{"queue": {"slots": ['
    )
    async with raw_http_server(answer) as url:
        with pytest.raises(ArrMalformedResponseError, match="incomplete response"):
            await transport_for(http_session, url).request("GET", "api")


async def test_chunked_body_cut_off(http_session: aiohttp.ClientSession) -> None:
    """A chunked body that stops mid-chunk is an incomplete response."""
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b'Transfer-Encoding: chunked\r\n\r\n40\r\n{"queue":'
    )
    async with raw_http_server(answer) as url:
        with pytest.raises(ArrMalformedResponseError):
            await transport_for(http_session, url).request("GET", "api")


@pytest.mark.parametrize(
    "answer",
    [b"", b"SSH-2.0-OpenSSH_9.6\r\n", b"HTTP/1.1 abc nonsense\r\n\r\n"],
    ids=["closes", "not-http", "bad-status-line"],
)
async def test_not_an_http_server(
    http_session: aiohttp.ClientSession, answer: bytes
) -> None:
    """Something that does not speak HTTP is a connection error."""
    async with raw_http_server(answer) as url:
        with pytest.raises(ArrConnectionError, match="error talking to Testarr"):
            await transport_for(http_session, url).request("GET", "api")


async def test_tls_self_signed(
    http_session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    """A self-signed certificate fails verification unless verify_ssl is off."""
    cert = make_self_signed_certificate(tmp_path)
    async with running_app(echo_app(), ssl_context=cert.server_context()) as url:
        assert url.startswith("https://")
        with pytest.raises(ArrTLSError, match="TLS error talking to Testarr") as err:
            await transport_for(http_session, url).request(
                "GET", "api", params={"apikey": API_KEY}
            )
        assert API_KEY not in str(err.value)
        assert isinstance(err.value, ArrConnectionError)

        response = await transport_for(http_session, url, verify_ssl=False).request(
            "GET", "api"
        )
        assert json.loads(response.body)["path"] == "/api"


async def test_https_to_a_plain_http_server(
    http_session: aiohttp.ClientSession,
) -> None:
    """Speaking TLS to a plain HTTP port is a TLS error."""
    async with running_app(echo_app()) as url:
        https_url = url.replace("http://", "https://")
        with pytest.raises(ArrTLSError):
            await transport_for(http_session, https_url).request("GET", "api")


async def test_plain_http_to_a_tls_server(
    http_session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    """Speaking plain HTTP to a TLS port is a connection error."""
    cert = make_self_signed_certificate(tmp_path)
    async with running_app(echo_app(), ssl_context=cert.server_context()) as url:
        plain_url = url.replace("https://", "http://")
        with pytest.raises(ArrConnectionError):
            await transport_for(http_session, plain_url).request("GET", "api")


async def test_closed_session() -> None:
    """A session closed under the client gives an ArrError, not RuntimeError."""
    session = aiohttp.ClientSession()
    await session.close()
    with pytest.raises(ArrConnectionError):
        await transport_for(session, "http://127.0.0.1:1").request("GET", "api")


def test_errors_hierarchy_and_fields() -> None:
    """What callers rely on: the family tree and the kept details."""
    assert issubclass(ArrTimeoutError, ArrConnectionError)
    assert issubclass(ArrTLSError, ArrConnectionError)
    assert issubclass(ArrNotFoundError, ArrApiError)
    for error in (
        ArrAuthError,
        ArrInvalidURLError,
        ArrMalformedResponseError,
        ArrConnectionError,
    ):
        assert issubclass(error, ArrError)
    assert ArrWrongAppError("x", found="Radarr").found == "Radarr"
    assert ArrWrongAppError("x").found is None
    assert ArrApiError("x", status=502).status == 502
    assert ArrApiError("x").status is None
    assert redact("key=a1 and b2, a1", "a1", None, "", "b2") == (
        "key=**REDACTED** and **REDACTED**, **REDACTED**"
    )
    assert redact("nothing", None) == "nothing"
