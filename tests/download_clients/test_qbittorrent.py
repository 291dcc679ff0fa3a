"""The qBittorrent client against a real qBittorrent (qbittorrent-nox)."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web
import pytest

from custom_components.autoarr.arr.download_client import Login
from custom_components.autoarr.arr.downloads import DownloadState
from custom_components.autoarr.arr.errors import ArrAuthError, ArrWrongAppError
from custom_components.autoarr.arr.http import ServiceConfig
from custom_components.autoarr.arr.qbittorrent import QbittorrentClient
from tests.arr_http.servers import running_app
from tests.support.qbittorrent import RealQbittorrent
from tests.support.torrents import make_torrent, random_magnet


def client_of(
    session: aiohttp.ClientSession,
    qbt: RealQbittorrent,
    *,
    password: str | None = None,
    url: str | None = None,
) -> QbittorrentClient:
    return QbittorrentClient(
        session,
        ServiceConfig(url=url or qbt.url, api_key=""),
        Login(qbt.username, qbt.password if password is None else password),
    )


async def wait_for_states(
    client: QbittorrentClient, wanted: dict[str, DownloadState]
) -> dict[str, DownloadState]:
    """Poll until each torrent (by hash) has reached its wanted state."""
    states: dict[str, DownloadState] = {}
    for _ in range(100):
        states = {item.id: item.state for item in await client.torrents()}
        if all(states.get(key) == value for key, value in wanted.items()):
            return states
        await asyncio.sleep(0.1)
    raise AssertionError(f"states {states}, wanted {wanted}")


async def test_verify_and_status(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    client = client_of(http_session, qbittorrent)
    version = await client.verify()
    assert version == qbittorrent.api("app/version")
    status = await client.status()
    assert status.version == version
    assert status.download_limit is None
    assert status.upload_limit is None
    assert status.alt_speed is False
    assert status.paused is False  # no torrents: nothing is paused
    assert status.free_space is not None
    assert status.free_space > 0


async def test_queue_items_stalled_and_metadata(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    """A torrent nobody seeds stalls; a magnet nobody has waits for metadata."""
    qbittorrent.api("torrents/createCategory", category="tv-sonarr", savePath="")
    torrent = make_torrent("Some.Show.S01E01.1080p")
    magnet = random_magnet("Some.Movie.2024")
    qbittorrent.add_torrent(torrent, category="tv-sonarr")
    qbittorrent.add_torrent(magnet)
    client = client_of(http_session, qbittorrent)
    await wait_for_states(
        client,
        {
            torrent.info_hash: DownloadState.STALLED,
            magnet.info_hash: DownloadState.METADATA,
        },
    )
    queue = {item.id: item for item in await client.queue()}
    stalled = queue[torrent.info_hash]
    assert stalled.name == "Some.Show.S01E01.1080p.mkv"
    assert stalled.client_state == "stalledDL"
    assert stalled.category == "tv-sonarr"
    assert stalled.progress == 0.0
    assert stalled.size == torrent.size
    assert stalled.size_left == torrent.size
    assert stalled.seeds == 0
    assert stalled.peers == 0
    assert stalled.eta is None  # qBittorrent's "never"
    assert stalled.ratio == 0.0
    assert stalled.added is not None
    assert queue[magnet.info_hash].client_state == "metaDL"
    assert await client.history() == []


async def test_pause_and_resume_all(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    torrent = make_torrent("Paused.Show.S01E01")
    qbittorrent.add_torrent(torrent)
    client = client_of(http_session, qbittorrent)
    await client.pause_all()
    await wait_for_states(client, {torrent.info_hash: DownloadState.PAUSED})
    assert (await client.status()).paused is True
    await client.resume_all()
    await wait_for_states(client, {torrent.info_hash: DownloadState.STALLED})
    assert (await client.status()).paused is False
    await client.pause([torrent.info_hash])
    await wait_for_states(client, {torrent.info_hash: DownloadState.PAUSED})
    await client.resume([torrent.info_hash.upper()])
    await wait_for_states(client, {torrent.info_hash: DownloadState.STALLED})


async def test_speed_limits_and_alternative_mode(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    client = client_of(http_session, qbittorrent)
    # qBittorrent keeps limits in whole KiB.
    await client.set_speed_limits(download=2_048_000, upload=512_000)
    status = await client.status()
    assert (status.download_limit, status.upload_limit) == (2_048_000, 512_000)
    await client.set_alt_speed(True)
    assert (await client.status()).alt_speed is True
    assert qbittorrent.api("transfer/speedLimitsMode") == "1"
    await client.set_alt_speed(True)  # already on: stays on
    assert await client.alt_speed() is True
    await client.set_alt_speed(False)
    await client.set_speed_limits()
    status = await client.status()
    assert (status.download_limit, status.upload_limit, status.alt_speed) == (
        None,
        None,
        False,
    )
    with pytest.raises(ValueError, match="positive"):
        await client.set_speed_limits(download=0)


@pytest.mark.parametrize("delete_data", [False, True])
async def test_remove(
    http_session: aiohttp.ClientSession,
    qbittorrent: RealQbittorrent,
    delete_data: bool,
) -> None:
    keep, drop = make_torrent("Keep.Me"), make_torrent("Drop.Me")
    qbittorrent.add_torrent(keep)
    qbittorrent.add_torrent(drop)
    client = client_of(http_session, qbittorrent)
    await wait_for_states(
        client,
        {keep.info_hash: DownloadState.STALLED, drop.info_hash: DownloadState.STALLED},
    )
    await client.remove([drop.info_hash], delete_data=delete_data)
    for _ in range(50):
        if [item["hash"] for item in qbittorrent.torrents()] == [keep.info_hash]:
            break
        await asyncio.sleep(0.1)
    assert [item["hash"] for item in qbittorrent.torrents()] == [keep.info_hash]
    with pytest.raises(ValueError, match="all"):
        await client.remove(["all"])
    with pytest.raises(ValueError, match="no download ids"):
        await client.remove([" "])


async def test_wrong_password(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    client = client_of(http_session, qbittorrent, password="not-the-password")
    with pytest.raises(ArrAuthError, match="rejected the user name or password") as err:
        await client.verify()
    assert "not-the-password" not in str(err.value)


async def test_logs_in_again_when_the_session_ends(
    http_session: aiohttp.ClientSession, qbittorrent: RealQbittorrent
) -> None:
    """A session qBittorrent no longer knows (403) is replaced once."""
    client = client_of(http_session, qbittorrent)
    await client.verify()
    # Log the client's session out behind its back, as a restart would.
    await client._call("auth/logout", {})
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
            http_session, ServiceConfig(url=url, api_key=""), Login("a", "b")
        )
        with pytest.raises(ArrWrongAppError, match="is not qBittorrent"):
            await client.verify()
