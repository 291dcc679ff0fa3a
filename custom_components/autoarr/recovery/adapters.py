"""Build recovery observations from what the arr clients return."""

from __future__ import annotations

from collections.abc import Iterable

from custom_components.autoarr.arr.models import QueueItem
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.arr.sabnzbd_models import SabQueue, SabQueueSlot

from .models import (
    ArrObservation,
    ArrQueueEntry,
    SabHistoryEntry,
    SabObservation,
    SabQueueEntry,
)


def sab_history_entry(slot: SabHistorySlot) -> SabHistoryEntry:
    """Return a SABnzbd history slot as recovery sees it."""
    return SabHistoryEntry(
        nzo_id=slot.nzo_id,
        name=slot.name,
        status=slot.status,
        fail_message=slot.fail_message or "",
        category=slot.category or "",
    )


def sab_queue_entry(slot: SabQueueSlot) -> SabQueueEntry:
    """Return a SABnzbd queue slot as recovery sees it."""
    return SabQueueEntry(
        nzo_id=slot.nzo_id,
        name=slot.filename,
        status=slot.status,
        size_left_bytes=slot.size_left_bytes,
        category=slot.category or "",
    )


def sab_observation(
    service_id: str,
    name: str,
    *,
    queue: SabQueue | None,
    history: Iterable[SabHistorySlot] = (),
) -> SabObservation:
    """Return what one SABnzbd showed: its queue (if read) and history."""
    return SabObservation(
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
