"""Build recovery observations from what the clients return.

A download client is read through the download-client seam
(`arr/download_client.py`): its status, queue and history as `DownloadItem`s,
whatever the application. SABnzbd's own models (`sab_observation`) read into
the same through `arr/sabnzbd_downloads.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from custom_components.autoarr.arr.download_client import DownloadClient, FailedHistory
from custom_components.autoarr.arr.downloads import DownloadItem, DownloadState
from custom_components.autoarr.arr.models import QueueItem
from custom_components.autoarr.arr.sabnzbd_downloads import history_item, queue_item
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.arr.sabnzbd_models import SabQueue, SabQueueSlot

from .models import (
    ArrObservation,
    ArrQueueEntry,
    ClientHistoryEntry,
    ClientObservation,
    ClientQueueEntry,
)


async def finished_jobs(client: DownloadClient) -> list[DownloadItem]:
    """Return the finished jobs recovery judges: the failed ones where it can.

    Failures are what recovery looks for; a `FailedHistory` client reads
    them on their own, since its history is only the newest jobs.
    """
    if isinstance(client, FailedHistory):
        return await client.failed_history()
    return await client.history()


def history_entry(item: DownloadItem) -> ClientHistoryEntry:
    """Return a finished or failed download as recovery sees it."""
    return ClientHistoryEntry(
        job_id=item.id,
        name=item.name,
        status=item.client_state,
        fail_message=item.message,
        category=item.category,
        state=item.state,
    )


def queue_entry(item: DownloadItem) -> ClientQueueEntry:
    """Return a download in a client's queue as recovery sees it."""
    return ClientQueueEntry(
        job_id=item.id,
        name=item.name,
        status=item.client_state,
        size_left_bytes=item.size_left,
        category=item.category,
        state=item.state,
        progress=item.progress,
        seeds=item.seeds,
        peers=item.peers,
    )


def download_observation(
    service_id: str,
    name: str,
    *,
    queue: Iterable[DownloadItem],
    paused: bool,
    history: Iterable[DownloadItem] = (),
    retries: bool = False,
) -> ClientObservation:
    """Return what one download client showed.

    A download that failed in the queue (a torrent with an error) counts
    with the history's failures; `retries` says whether the client can
    download a failed one again.
    """
    listed = list(queue)
    return ClientObservation(
        service_id=service_id,
        name=name,
        history=tuple(
            history_entry(item)
            for item in (*history, *listed)
            if item.state is DownloadState.FAILED
        ),
        queue=tuple(
            queue_entry(item)
            for item in listed
            if item.state is not DownloadState.FAILED
        ),
        paused=paused,
        retries=retries,
    )


def sab_history_entry(slot: SabHistorySlot) -> ClientHistoryEntry:
    """Return a SABnzbd history slot as recovery sees it."""
    return history_entry(history_item(slot))


def sab_queue_entry(slot: SabQueueSlot) -> ClientQueueEntry:
    """Return a SABnzbd queue slot as recovery sees it."""
    return queue_entry(queue_item(slot))


def sab_observation(
    service_id: str,
    name: str,
    *,
    queue: SabQueue | None,
    history: Iterable[SabHistorySlot] = (),
) -> ClientObservation:
    """Return what one SABnzbd showed: its queue (if read) and history."""
    return ClientObservation(
        service_id=service_id,
        name=name,
        history=tuple(sab_history_entry(s) for s in history),
        queue=tuple(sab_queue_entry(s) for s in queue.slots) if queue else (),
        paused=queue.paused if queue else False,
    )


def arr_queue_entry(item: QueueItem) -> ArrQueueEntry:
    """Return an arr queue item as recovery sees it."""
    messages = tuple(
        line for message in item.status_messages for line in message.messages if line
    )
    return ArrQueueEntry(
        id=item.id,
        title=item.title,
        status=item.status,
        tracked_download_status=item.tracked_download_status,
        tracked_download_state=item.tracked_download_state,
        messages=messages,
        error_message=item.error_message or "",
        download_id=item.download_id or "",
        download_client=item.download_client or "",
        protocol=item.protocol,
        size_left=int(item.size_left),
        episode_ids=(item.episode_id,) if item.episode_id is not None else (),
        series_id=item.series_id,
        movie_id=item.movie_id,
        album_id=item.album_id,
    )


def arr_observation(
    service_id: str, name: str, kind: str, items: Iterable[QueueItem]
) -> ArrObservation:
    """Return what one Sonarr or Radarr queue showed."""
    return ArrObservation(
        service_id=service_id,
        name=name,
        kind=kind,
        queue=tuple(arr_queue_entry(i) for i in items),
    )
