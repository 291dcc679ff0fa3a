"""Fixtures of the download client tests: an HTTP session and client factories.

The real daemons (`qbittorrent`, `transmission`, `deluge`, `nzbget`, each
reset for every test) come from tests/support/download_fixtures.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from custom_components.autoarr.arr.deluge import DelugeClient
from custom_components.autoarr.arr.http import ServiceConfig, UserPassword
from custom_components.autoarr.arr.qbittorrent import QbittorrentClient
from custom_components.autoarr.arr.transmission import TransmissionClient
from tests.arr_http.servers import RFC6761Resolver
from tests.support.deluge import RealDeluge
from tests.support.qbittorrent import RealQbittorrent
from tests.support.torrents import Torrent
from tests.support.transmission import RealTransmission


@pytest.fixture(autouse=True)
def _loopback_only(socket_enabled: None) -> None:
    """Every test here talks to servers on 127.0.0.1 (the only host allowed)."""


@pytest.fixture
async def http_session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session (names under .invalid never resolve)."""
    connector = aiohttp.TCPConnector(resolver=RFC6761Resolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session


type TorrentClient = QbittorrentClient | TransmissionClient | DelugeClient


@dataclass
class TorrentHarness:
    """One real torrent daemon with what the shared tests need of it."""

    name: str
    daemon: RealQbittorrent | RealTransmission | RealDeluge
    client_class: type[TorrentClient]
    # The client's own word for a stalled torrent.
    stalled_word: str
    # Whether the client has an alternative speed mode.
    alt_speed: bool = True

    def client(
        self, session: aiohttp.ClientSession, *, password: str | None = None
    ) -> TorrentClient:
        """Return a client of the daemon (with another password if given)."""
        return self.client_class(
            session,
            ServiceConfig(
                url=self.daemon.url,
                auth=UserPassword(
                    self.daemon.username,
                    self.daemon.password if password is None else password,
                ),
            ),
        )

    def add(self, torrent: Torrent, *, paused: bool = False) -> str:
        """Add a torrent behind the client's back; return its hash."""
        return self.daemon.add_torrent(torrent, paused=paused)

    def hashes(self) -> set[str]:
        """Return the hashes of the daemon's torrents (not through the client)."""
        if isinstance(self.daemon, RealQbittorrent):
            return {item["hash"] for item in self.daemon.torrents()}
        if isinstance(self.daemon, RealDeluge):
            return set(self.daemon.torrents())
        return {item["hashString"] for item in self.daemon.torrents()}


@pytest.fixture(params=["qbittorrent", "transmission", "deluge"])
def torrent_daemon(request: pytest.FixtureRequest) -> TorrentHarness:
    """Each real torrent client in turn, reset for the test."""
    if request.param == "qbittorrent":
        return TorrentHarness(
            "qbittorrent",
            request.getfixturevalue("qbittorrent"),
            QbittorrentClient,
            "stalledDL",
        )
    if request.param == "deluge":
        return TorrentHarness(
            "deluge",
            request.getfixturevalue("deluge"),
            DelugeClient,
            "Downloading",
            alt_speed=False,
        )
    return TorrentHarness(
        "transmission",
        request.getfixturevalue("transmission"),
        TransmissionClient,
        "downloading",
    )
