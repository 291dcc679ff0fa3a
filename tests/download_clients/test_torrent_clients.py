"""Every torrent client against its real daemon: the calls the seam offers.

Parametrized over the real qBittorrent and Transmission (`torrent_daemon`).
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from custom_components.autoarr.arr.downloads import DownloadItem, DownloadState
from custom_components.autoarr.arr.errors import ArrApiError, ArrAuthError
from tests.support.torrents import make_torrent, random_magnet

from .conftest import TorrentClient, TorrentHarness


async def wait_for_states(
    client: TorrentClient, wanted: dict[str, DownloadState]
) -> dict[str, DownloadItem]:
    """Poll the client until each torrent (by hash) is in its wanted state."""
    items: dict[str, DownloadItem] = {}
    for _ in range(150):
        items = {item.id: item for item in await client.torrents()}
        if all(
            key in items and items[key].state == value for key, value in wanted.items()
        ):
            return items
        await asyncio.sleep(0.1)
    raise AssertionError(
        f"states { ({key: item.state for key, item in items.items()}) }, wanted {wanted}"
    )


async def test_verify_and_status(
    http_session: aiohttp.ClientSession, torrent_daemon: TorrentHarness
) -> None:
    client = torrent_daemon.client(http_session)
    version = await client.verify()
    assert version
    status = await client.status()
    assert status.version == version
    assert status.download_limit is None
    assert status.upload_limit is None
    assert status.alt_speed is (False if torrent_daemon.alt_speed else None)
    assert status.paused is False  # no torrents: nothing is paused
    assert status.free_space is not None
    assert status.free_space > 0
    assert await client.free_space() == pytest.approx(status.free_space, rel=0.05)


async def test_stalled_torrent_and_magnet_without_metadata(
    http_session: aiohttp.ClientSession, torrent_daemon: TorrentHarness
) -> None:
    """A torrent nobody seeds stalls; a magnet nobody has waits for metadata."""
    torrent = make_torrent("Some.Show.S01E01.1080p")
    magnet = random_magnet("Some.Movie.2024")
    torrent_daemon.add(torrent)
    torrent_daemon.add(magnet)
    client = torrent_daemon.client(http_session)
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
    assert stalled.client_state == torrent_daemon.stalled_word
    assert stalled.progress == 0.0
    assert stalled.size == torrent.size
    assert stalled.size_left == torrent.size
    assert stalled.seeds == 0
    assert stalled.peers == 0
    assert stalled.download_speed == 0
    assert stalled.eta is None
    assert stalled.added is not None
    assert stalled.message == ""
    assert set(queue) == {torrent.info_hash, magnet.info_hash}
    assert await client.history() == []


async def test_pause_and_resume(
    http_session: aiohttp.ClientSession, torrent_daemon: TorrentHarness
) -> None:
    torrent = make_torrent("Paused.Show.S01E01")
    torrent_daemon.add(torrent)
    client = torrent_daemon.client(http_session)
    await wait_for_states(client, {torrent.info_hash: DownloadState.STALLED})
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


async def test_speed_limits_and_alternative_speeds(
    http_session: aiohttp.ClientSession, torrent_daemon: TorrentHarness
) -> None:
    client = torrent_daemon.client(http_session)
    # They keep limits in whole kilobytes: qBittorrent and Deluge of 1024
    # bytes, Transmission of 1000; 2,048,000 and 512,000 are whole in both.
    await client.set_speed_limits(download=2_048_000, upload=512_000)
    status = await client.status()
    assert (status.download_limit, status.upload_limit) == (2_048_000, 512_000)
    await client.set_speed_limits(download=1_024_000)
    status = await client.status()
    assert (status.download_limit, status.upload_limit) == (1_024_000, None)
    await client.set_speed_limits()
    status = await client.status()
    assert (status.download_limit, status.upload_limit) == (None, None)
    with pytest.raises(ValueError, match="positive"):
        await client.set_speed_limits(download=0)


async def test_alternative_speeds(
    http_session: aiohttp.ClientSession, torrent_daemon: TorrentHarness
) -> None:
    client = torrent_daemon.client(http_session)
    if not torrent_daemon.alt_speed:
        with pytest.raises(ArrApiError, match="no alternative speed mode"):
            await client.set_alt_speed(True)
        return
    await client.set_alt_speed(True)
    assert (await client.status()).alt_speed is True
    await client.set_alt_speed(True)  # already on: stays on
    assert (await client.status()).alt_speed is True
    await client.set_alt_speed(False)
    assert (await client.status()).alt_speed is False


@pytest.mark.parametrize("delete_data", [False, True])
async def test_remove(
    http_session: aiohttp.ClientSession,
    torrent_daemon: TorrentHarness,
    delete_data: bool,
) -> None:
    keep, drop = make_torrent("Keep.Me"), make_torrent("Drop.Me")
    torrent_daemon.add(keep)
    torrent_daemon.add(drop)
    client = torrent_daemon.client(http_session)
    await wait_for_states(
        client,
        {keep.info_hash: DownloadState.STALLED, drop.info_hash: DownloadState.STALLED},
    )
    await client.remove([drop.info_hash], delete_data=delete_data)
    for _ in range(50):
        if torrent_daemon.hashes() == {keep.info_hash}:
            break
        await asyncio.sleep(0.1)
    assert torrent_daemon.hashes() == {keep.info_hash}
    with pytest.raises(ValueError, match="all"):
        await client.remove(["all"])
    with pytest.raises(ValueError, match="no download ids"):
        await client.remove([" "])


async def test_wrong_password(
    http_session: aiohttp.ClientSession, torrent_daemon: TorrentHarness
) -> None:
    client = torrent_daemon.client(http_session, password="not-the-password")
    with pytest.raises(ArrAuthError, match="rejected the user name or password") as err:
        await client.verify()
    assert "not-the-password" not in str(err.value)
