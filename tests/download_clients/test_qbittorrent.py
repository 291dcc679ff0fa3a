"""The qBittorrent client against a real qBittorrent (qbittorrent-nox)."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest

from custom_components.autoarr.arr.errors import ArrWrongAppError
from custom_components.autoarr.arr.http import ServiceConfig, UserPassword
from custom_components.autoarr.arr.qbittorrent import QbittorrentClient
from tests.arr_http.servers import running_app
from tests.download_clients.test_launchers import INSTANTS
from tests.support.qbittorrent import RealQbittorrent


def client_of(
    session: aiohttp.ClientSession,
    qbt: RealQbittorrent,
    *,
    password: str | None = None,
    url: str | None = None,
) -> QbittorrentClient:
    return QbittorrentClient(
        session,
        ServiceConfig(
            url=url or qbt.url,
            auth=UserPassword(
                qbt.username, qbt.password if password is None else password
            ),
        ),
    )


async def test_logs_in_again_when_the_session_ends(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    """A session qBittorrent no longer knows (403) is replaced once."""
    client = client_of(http_session, qbittorrent)
    await client.verify()
    # Log the client's session out behind its back, as a restart would.
    await client._call("auth/logout", {})
    assert (await client.status()).version.startswith("v")


@pytest.mark.parametrize("instant", INSTANTS)
async def test_session_on_home_assistants_session_under_a_frozen_clock(
    hass: HomeAssistant,
    qbittorrent: RealQbittorrent,
    freezer: FrozenDateTimeFactory,
    instant: str,
) -> None:
    """The session cookie is sent whatever the clock says, logins stay bounded.

    qBittorrent stamps its cookie with an expiry from the real clock; Home
    Assistant's clock may be frozen anywhere (the turn of the year, or long
    after any cookie set now), and the client on Home Assistant's shared
    session still sends it, and logs in again once when the session ends.
    """
    freezer.move_to(instant)
    client = client_of(async_get_clientsession(hass), qbittorrent)
    assert (await client.verify()).startswith("v")
    await client.pause_all()  # a logged-in call: refused without the cookie
    await client._call("auth/logout", {})  # the session ends behind its back
    assert (await client.status()).version.startswith("v")


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (404, "Not Found", "text/plain"),
        (200, "<html><body>Sonarr</body></html>", "text/html"),
        (200, "Welcome", "text/plain"),
    ],
)
async def test_not_qbittorrent(
    http_session: aiohttp.ClientSession, status: int, body: str, content_type: str
) -> None:
    """Another application at the address is told apart from a bad login."""
    app = web.Application()

    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, text=body, content_type=content_type)

    app.router.add_route("*", "/{tail:.*}", handler)
    async with running_app(app) as url:
        client = QbittorrentClient(
            http_session, ServiceConfig(url=url, auth=UserPassword("a", "b"))
        )
        with pytest.raises(ArrWrongAppError, match="is not qBittorrent"):
            await client.verify()
