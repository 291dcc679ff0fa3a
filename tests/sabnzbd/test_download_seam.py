"""SABnzbd behind the download-client seam, against a real SABnzbd.

`SabnzbdDownloads` is what the rest of AutoArr sees of SABnzbd: the calls
every download client offers, with SABnzbd's jobs as `DownloadItem`s, plus
its timed pause and its retry of failed jobs as optional capabilities.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.autoarr.arr.download_client import (
    DownloadClient,
    FailedHistory,
    RetriesFailed,
    TimedPause,
)
from custom_components.autoarr.arr.downloads import (
    SABNZBD_STATUS,
    DownloadState as S,
    sabnzbd_state,
)
from custom_components.autoarr.arr.errors import ArrApiError
from custom_components.autoarr.arr.qbittorrent import QbittorrentClient
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_downloads import (
    SabnzbdDownloads,
    history_item,
    queue_item,
)
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.arr.sabnzbd_models import SabQueueSlot
from tests.support.sabnzbd import make_nzb

from .test_real_sabnzbd import add_paused_job, wait_for_failed

MIB = 1024**2


def test_every_sabnzbd_status() -> None:
    """Each of SABnzbd's job statuses has its state; anything else is unknown."""
    assert sabnzbd_state("Downloading") is S.DOWNLOADING
    assert sabnzbd_state("Grabbing") is S.METADATA
    assert sabnzbd_state("Propagating") is S.QUEUED
    assert sabnzbd_state("Extracting") is S.CHECKING
    assert sabnzbd_state("Failed") is S.FAILED
    assert sabnzbd_state("Completed") is S.COMPLETED
    assert sabnzbd_state("Something new") is S.UNKNOWN
    # Usenet has no seeding, stalling or timed-out peers.
    assert {sabnzbd_state(name) for name in SABNZBD_STATUS} == set(S) - {
        S.UNKNOWN,
        S.SEEDING,
        S.STALLED,
    }


def test_jobs_as_downloads() -> None:
    """A queue slot and a history slot read into the one download model."""
    slot = SabQueueSlot.from_json(
        {
            "nzo_id": "SABnzbd_nzo_a",
            "filename": "Show.S01E01",
            "status": "Downloading",
            "index": 0,
            "percentage": "25",
            "mb": "100.00",
            "mbleft": "75.00",
            "timeleft": "0:01:30",
            "cat": "tv",
        }
    )
    item = queue_item(slot)
    assert (item.id, item.name, item.state, item.client_state) == (
        "SABnzbd_nzo_a",
        "Show.S01E01",
        S.DOWNLOADING,
        "Downloading",
    )
    assert (item.progress, item.size, item.size_left, item.eta) == (
        0.25,
        100 * MIB,
        75 * MIB,
        90,
    )
    assert item.category == "tv"

    failed = history_item(
        SabHistorySlot.from_json(
            {
                "nzo_id": "SABnzbd_nzo_b",
                "name": "Movie.2024",
                "status": "Failed",
                "fail_message": "Out of retention",
                "bytes": 1000,
                "completed": 1_700_000_000,
            }
        )
    )
    assert (failed.state, failed.progress, failed.size_left, failed.message) == (
        S.FAILED,
        0.0,
        1000,
        "Out of retention",
    )
    done = history_item(
        SabHistorySlot.from_json(
            {"nzo_id": "c", "name": "Done", "status": "Completed", "bytes": 5}
        )
    )
    assert (done.state, done.progress, done.size_left) == (S.COMPLETED, 1.0, 0)


def test_capabilities_are_told_by_shape() -> None:
    """SABnzbd pauses for a while, retries and lists its failures; qBittorrent not."""
    sab = SabnzbdDownloads.__new__(SabnzbdDownloads)
    qbittorrent = QbittorrentClient.__new__(QbittorrentClient)
    for capability in (TimedPause, RetriesFailed, FailedHistory):
        assert isinstance(sab, capability)
        assert not isinstance(qbittorrent, capability)


@pytest.mark.sabnzbd
async def test_the_seam_against_sabnzbd(sab_client: SabnzbdClient) -> None:
    """Status, queue, pause and resume, limits, free space and remove."""
    seam: DownloadClient = SabnzbdDownloads(sab_client)
    assert seam.base_url == sab_client.base_url
    assert await seam.verify() == await sab_client.version()

    await seam.pause_all()
    status = await seam.status()
    assert status.paused and status.version == await sab_client.version()
    assert (status.upload_speed, status.upload_limit, status.alt_speed) == (
        0,
        None,
        None,
    )
    assert status.free_space is not None and status.free_space > 0
    assert await seam.free_space() == status.free_space

    first = await add_paused_job(sab_client, "Seam.Show.S01E01", category="tv")
    second = await add_paused_job(sab_client, "Seam.Movie.2024")
    queue = {item.id: item for item in await seam.queue()}
    assert set(queue) == {first, second}
    item = queue[first]
    assert (item.name, item.category, item.progress) == ("Seam.Show.S01E01", "tv", 0)
    # make_nzb's default: 1 file of 2 segments of 512,000 bytes.
    assert item.size == pytest.approx(1_024_000, abs=0.01 * MIB)
    assert item.size_left == item.size
    assert item.state is sabnzbd_state(item.client_state)
    assert item.state in (S.QUEUED, S.PAUSED)

    await seam.set_speed_limits(download=2 * MIB)
    assert (await seam.status()).download_limit == 2 * MIB
    await seam.set_speed_limits()
    assert (await seam.status()).download_limit is None
    with pytest.raises(ArrApiError, match="does not upload"):
        await seam.set_speed_limits(upload=MIB)
    with pytest.raises(ValueError, match="positive"):
        await seam.set_speed_limits(download=0)
    with pytest.raises(ArrApiError, match="no alternative speed"):
        await seam.set_alt_speed(True)

    await seam.remove([first], delete_data=True)
    assert [item.id for item in await seam.queue()] == [second]
    await seam.remove(second)
    assert await seam.queue() == []

    await seam.resume_all()
    assert not (await seam.status()).paused


@pytest.mark.sabnzbd
async def test_timed_pause(sab_client: SabnzbdClient) -> None:
    """pause_for pauses with a remaining time; resume_all ends it."""
    seam = SabnzbdDownloads(sab_client)
    await seam.pause_for(5)
    queue = await sab_client.queue()
    assert queue.paused and queue.pause_remaining is not None
    assert queue.pause_remaining <= timedelta(minutes=5)
    await seam.resume_all()
    assert not (await seam.status()).paused


@pytest.mark.sabnzbd
async def test_failed_job_in_history_retried_and_removed(
    sab_client: SabnzbdClient,
) -> None:
    """A failed job shows in the history as failed, is retried, then removed."""
    seam = SabnzbdDownloads(sab_client)
    ids = await sab_client.add_file("Seam.Fails.nzb", make_nzb("Seam.Fails"))
    await wait_for_failed(sab_client, ids)
    [failed] = [item for item in await seam.history() if item.id == ids[0]]
    assert failed.state is S.FAILED and failed.client_state == "Failed"
    assert failed.message and failed.completed is not None

    new_id = await seam.retry(ids[0])
    await wait_for_failed(sab_client, [new_id])
    assert [item.id for item in await seam.history()] == [new_id]
    await seam.remove([new_id], delete_data=True)
    assert [item.id for item in await seam.history()] == []

    again = await sab_client.add_file("Seam.Again.nzb", make_nzb("Seam.Again"))
    await wait_for_failed(sab_client, again)
    retried = await seam.retry_failed()
    assert (retried.names, retried.skipped) == (["Seam.Again"], 0)
