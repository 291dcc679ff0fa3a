"""The launchers' own sessions with the real daemons, under any frozen clock.

The daemons stamp their session cookies with an expiry from the real clock;
the tests freeze the clock anywhere (tests/support/clock.py sweeps the turn
of the year), so the launchers must not let a cookie jar judge expiry.
"""

from __future__ import annotations

import asyncio
import urllib.error

from aiohttp import web
from freezegun.api import FrozenDateTimeFactory
import pytest

from tests.arr_http.servers import running_app
from tests.support.clock import SWEEP_INSTANTS
from tests.support.deluge import RealDeluge
from tests.support.qbittorrent import RealQbittorrent

# Every instant of the sweep, and one long after any cookie a daemon sets now.
INSTANTS = (*SWEEP_INSTANTS, "2099-12-31T23:45:00+00:00")


@pytest.mark.parametrize("instant", INSTANTS)
def test_qbittorrent_launcher_logs_in_under_a_frozen_clock(
    qbittorrent: RealQbittorrent, freezer: FrozenDateTimeFactory, instant: str
) -> None:
    """A login made while the clock is frozen keeps its session."""
    freezer.move_to(instant)
    qbittorrent.api("auth/logout", post=True)  # the next call logs in again
    assert qbittorrent.api("app/version").startswith("v")
    assert qbittorrent.torrents() == []


def test_qbittorrent_launcher_logs_in_again_once(socket_enabled: None) -> None:
    """A 403 right after logging in again is an error, not another login."""
    logins: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        if request.path.endswith("auth/login"):
            logins.append(request.path)
            return web.Response(
                text="Ok.", headers={"Set-Cookie": "QBT_SID_8080=zzz; path=/"}
            )
        return web.Response(status=403, text="Forbidden")

    async def run() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        async with running_app(app) as url:
            launcher = RealQbittorrent()
            launcher.port = int(url.rsplit(":", 1)[1])
            with pytest.raises(urllib.error.HTTPError, match="403"):
                await asyncio.to_thread(launcher.api, "app/version")

    asyncio.run(run())
    assert len(logins) == 2


@pytest.mark.parametrize("instant", INSTANTS)
def test_deluge_launcher_logs_in_under_a_frozen_clock(
    deluge: RealDeluge, freezer: FrozenDateTimeFactory, instant: str
) -> None:
    """A login made while the clock is frozen keeps its session."""
    freezer.move_to(instant)
    deluge.call("auth.delete_session")  # the next call logs in again
    assert deluge.call("web.connected") is True
    assert deluge.torrents() == {}
