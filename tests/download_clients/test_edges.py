"""Download clients against servers that answer unlike the real daemons.

Small aiohttp apps on 127.0.0.1 stand in for qBittorrent 4.x logins,
Transmission's whitelist, a Deluge Web UI without a daemon, other
applications at the address and TLS failures, which the real daemons of
the test environment do not produce on demand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import json
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.autoarr.arr.deluge import DelugeClient
from custom_components.autoarr.arr.download_client import LoginClientBase
from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrMalformedResponseError,
    ArrTLSError,
    ArrWrongAppError,
)
from custom_components.autoarr.arr.http import ServiceConfig, UserPassword
from custom_components.autoarr.arr.nzbget import NzbgetClient
from custom_components.autoarr.arr.qbittorrent import QbittorrentClient
from custom_components.autoarr.arr.transmission import TransmissionClient
from tests.arr_http.servers import running_app
from tests.support.tls import make_self_signed_certificate

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PASSWORD = "s3cret-password"
CLIENTS: list[type[LoginClientBase]] = [
    QbittorrentClient,
    TransmissionClient,
    DelugeClient,
    NzbgetClient,
]


def app_of(handler: Handler) -> web.Application:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


def client[C: LoginClientBase](
    cls: type[C], session: aiohttp.ClientSession, url: str, **config: Any
) -> C:
    return cls(
        session, ServiceConfig(url=url, auth=UserPassword("user", PASSWORD), **config)
    )


async def verify(client: LoginClientBase) -> str:
    result: str = await client.verify()  # type: ignore[attr-defined]
    return result


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (404, "Not Found", "text/plain"),
        (200, "<html><body>Sonarr</body></html>", "text/html"),
        (200, '{"appName": "Sonarr"}', "application/json"),
    ],
)
async def test_another_application(
    http_session: aiohttp.ClientSession,
    cls: type[LoginClientBase],
    status: int,
    body: str,
    content_type: str,
) -> None:
    """Something else at the address is told apart from a bad login."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, text=body, content_type=content_type)

    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrWrongAppError, match=f"is not {cls.spec.name}"):
            await verify(client(cls, http_session, url))


@pytest.mark.parametrize("cls", CLIENTS)
async def test_tls_problem(
    http_session: aiohttp.ClientSession, cls: type[LoginClientBase], tmp_path: Path
) -> None:
    """A self-signed certificate is a TLS error, not a wrong address or login."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=404)

    cert = make_self_signed_certificate(tmp_path)
    async with running_app(app_of(handler), ssl_context=cert.server_context()) as url:
        with pytest.raises(ArrTLSError) as err:
            await verify(client(cls, http_session, url))
        assert PASSWORD not in str(err.value)
        # Without verification the same server is reached (and is not the app).
        with pytest.raises(ArrWrongAppError):
            await verify(client(cls, http_session, url, verify_ssl=False))


# --- qBittorrent ------------------------------------------------------------------


def qbittorrent_4(
    *, login: str = "Ok.", cookie: bool = True, banned: bool = False
) -> Handler:
    """A qBittorrent 4.x: login answers 200 "Ok."/"Fails.", pause not stop."""
    calls: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        path = request.path.removeprefix("/api/v2/")
        calls.append(path)
        if path == "auth/login":
            if banned:
                return web.Response(status=403, text="Your IP address has been banned")
            form = await request.post()
            ok = form.get("password") == PASSWORD and login == "Ok."
            response = web.Response(text="Ok." if ok else "Fails.")
            if ok and cookie:
                response.headers["Set-Cookie"] = "SID=abc123; HttpOnly; path=/"
            return response
        if cookie and request.headers.get("Cookie") != "SID=abc123":
            return web.Response(status=403, text="Forbidden")
        answers = {"app/version": "v4.6.7", "app/webapiVersion": "2.9.3"}
        if path in answers:
            return web.Response(text=answers[path])
        if path in ("torrents/pause", "torrents/resume"):
            return web.Response(text="")
        return web.Response(status=404)

    handler.calls = calls  # type: ignore[attr-defined]
    return handler


async def test_qbittorrent_4_login_and_pause(
    http_session: aiohttp.ClientSession,
) -> None:
    """4.x says "Ok." with a SID cookie, and pauses with torrents/pause."""
    handler = qbittorrent_4()
    async with running_app(app_of(handler)) as url:
        qbt = client(QbittorrentClient, http_session, url)
        assert await qbt.verify() == "v4.6.7"
        await qbt.pause_all()
        await qbt.resume_all()
    assert handler.calls[-2:] == ["torrents/pause", "torrents/resume"]  # type: ignore[attr-defined]


async def test_qbittorrent_4_wrong_password(
    http_session: aiohttp.ClientSession,
) -> None:
    async with running_app(app_of(qbittorrent_4(login="Fails."))) as url:
        with pytest.raises(ArrAuthError, match="rejected the user name or password"):
            await client(QbittorrentClient, http_session, url).verify()


async def test_qbittorrent_banned(http_session: aiohttp.ClientSession) -> None:
    async with running_app(app_of(qbittorrent_4(banned=True))) as url:
        with pytest.raises(ArrAuthError, match="refused to log in: Your IP address"):
            await client(QbittorrentClient, http_session, url).verify()


async def test_qbittorrent_without_a_session_cookie(
    http_session: aiohttp.ClientSession,
) -> None:
    """qBittorrent lets a whitelisted address in: "Ok." and no cookie."""
    async with running_app(app_of(qbittorrent_4(cookie=False))) as url:
        assert await client(QbittorrentClient, http_session, url).verify() == "v4.6.7"


async def test_qbittorrent_refuses_the_new_session(
    http_session: aiohttp.ClientSession,
) -> None:
    """A 403 right after logging in again is a refused login, not a loop."""

    async def handler(request: web.Request) -> web.Response:
        if request.path.endswith("auth/login"):
            return web.Response(
                text="Ok.", headers={"Set-Cookie": "QBT_SID_8080=zzz; path=/"}
            )
        return web.Response(status=403, text="Forbidden")

    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrAuthError, match="refused after logging in"):
            await client(QbittorrentClient, http_session, url).verify()


# --- Transmission ------------------------------------------------------------------


def transmission(result: dict[str, Any] | None, *, status: int = 200) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        if request.headers.get("X-Transmission-Session-Id") != "sid-1":
            return web.Response(
                status=409, headers={"X-Transmission-Session-Id": "sid-1"}
            )
        if status != 200:
            return web.Response(status=status, text="<h1>403: Forbidden</h1>")
        return web.json_response(result)

    return handler


async def test_transmission_whitelist(http_session: aiohttp.ClientSession) -> None:
    async with running_app(app_of(transmission(None, status=403))) as url:
        with pytest.raises(ArrApiError, match="rpc-whitelist"):
            await client(TransmissionClient, http_session, url).verify()


async def test_transmission_refused_call(http_session: aiohttp.ClientSession) -> None:
    handler = transmission({"result": "no such method", "arguments": {}})
    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrApiError, match="refused session-get: no such method"):
            await client(TransmissionClient, http_session, url).verify()


async def test_transmission_without_a_version(
    http_session: aiohttp.ClientSession,
) -> None:
    handler = transmission({"result": "success", "arguments": {}})
    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrApiError, match="did not say its version"):
            await client(TransmissionClient, http_session, url).verify()


async def test_transmission_409_without_a_session_id(
    http_session: aiohttp.ClientSession,
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=409, text="Conflict")

    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrWrongAppError, match="409 without a session id"):
            await client(TransmissionClient, http_session, url).verify()


# --- Deluge ------------------------------------------------------------------


def deluge_web(
    *, hosts: list[Any], connects: bool = False, logins: list[bool] | None = None
) -> Handler:
    """A deluge-web that is not connected to a daemon."""
    state = {"connected": False, "logins": 0}

    async def handler(request: web.Request) -> web.Response:
        body = json.loads(await request.read())
        method = body["method"]
        result: Any = None
        error: Any = None
        if method == "auth.login":
            state["logins"] += 1
            response = web.json_response(
                {"result": True, "error": None, "id": body["id"]}
            )
            response.set_cookie("_session_id", f"session{state['logins']}")
            return response
        if request.cookies.get("_session_id") != f"session{state['logins']}" or (
            logins and logins.pop(0)
        ):
            error = {"message": "Not authenticated", "code": 1}
        elif method == "web.connected":
            result = state["connected"]
        elif method == "web.get_hosts":
            result = hosts
        elif method == "web.connect":
            state["connected"] = connects
        elif method == "daemon.get_version":
            result = "2.1.1"
        else:
            error = {"message": "Unknown method", "code": 2}
        return web.json_response({"result": result, "error": error, "id": body["id"]})

    handler.state = state  # type: ignore[attr-defined]
    return handler


async def test_deluge_connects_its_first_daemon(
    http_session: aiohttp.ClientSession,
) -> None:
    handler = deluge_web(
        hosts=[["id1", "127.0.0.1", 58846, "localclient"]], connects=True
    )
    async with running_app(app_of(handler)) as url:
        assert await client(DelugeClient, http_session, url).verify() == "2.1.1"
    assert handler.state["connected"] is True  # type: ignore[attr-defined]


async def test_deluge_logs_in_again(http_session: aiohttp.ClientSession) -> None:
    """An ended session ("Not authenticated") is replaced once."""
    handler = deluge_web(
        hosts=[["id1", "h", 1, "u"]],
        connects=True,
        logins=[False, False, False, False, True],
    )
    async with running_app(app_of(handler)) as url:
        assert await client(DelugeClient, http_session, url).verify() == "2.1.1"
    assert handler.state["logins"] == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("hosts", "message"),
    [([], "knows no Deluge daemon"), ([["id1", "h", 1, "u"]], "could not connect")],
)
async def test_deluge_without_a_daemon(
    http_session: aiohttp.ClientSession, hosts: list[Any], message: str
) -> None:
    async with running_app(app_of(deluge_web(hosts=hosts))) as url:
        with pytest.raises(ArrApiError, match=message):
            await client(DelugeClient, http_session, url).verify()


async def test_deluge_unknown_method(http_session: aiohttp.ClientSession) -> None:
    handler = deluge_web(hosts=[["id1", "h", 1, "u"]], connects=True)
    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrApiError, match=r"refused core\.nothing: Unknown method"):
            await client(DelugeClient, http_session, url).call("core.nothing")


async def test_deluge_login_without_a_cookie(
    http_session: aiohttp.ClientSession,
) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"result": True, "error": None, "id": 1})

    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrWrongAppError, match="without a session cookie"):
            await client(DelugeClient, http_session, url).verify()


# --- NZBGet ------------------------------------------------------------------


async def test_nzbget_malformed_version(http_session: aiohttp.ClientSession) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response({"version": "1.1", "id": 1, "result": 21})

    async with running_app(app_of(handler)) as url:
        with pytest.raises(ArrMalformedResponseError, match="did not say its version"):
            await client(NzbgetClient, http_session, url).verify()
