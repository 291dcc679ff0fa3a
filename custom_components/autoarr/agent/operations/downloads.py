"""What is downloading: the download clients' queues and the arr queues, merged."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from custom_components.autoarr.agent.media import matches_name
from custom_components.autoarr.agent.stack import Stack
from custom_components.autoarr.agent.vocabulary import (
    QueueState,
    QueueStatus,
    client_status,
    combined,
    queue_entries,
    sab_status,
    sort_key,
)
from custom_components.autoarr.arr.download_client import DownloadClient
from custom_components.autoarr.arr.downloads import DownloadItem, TransferStatus
from custom_components.autoarr.arr.models import QueueItem
from custom_components.autoarr.arr.sabnzbd_models import SabQueue

from .common import Json, each, seconds


@dataclass(frozen=True, slots=True)
class Download:
    """One download, wherever it is listed."""

    name: str
    service: str
    progress: float
    eta_seconds: int | None
    state: QueueState
    reason: str | None = None

    def as_dict(self) -> Json:
        """Return the download as tool and action data."""
        data: Json = {
            "name": self.name,
            "service": self.service,
            "progress": round(self.progress, 1),
            "eta_seconds": self.eta_seconds,
            "state": str(self.state),
        }
        if self.reason:
            data["reason"] = self.reason
        return data


# Downloads that are over: done, or failed and left to recovery.
_OVER = frozenset({QueueState.IMPORTING, QueueState.COMPLETED, QueueState.FAILED})


@dataclass(frozen=True, slots=True)
class DownloadsReport:
    """What is downloading across the stack, ordered by what matters."""

    downloads: list[Download]
    speed_bytes_per_s: float | None
    paused: bool | None
    unavailable: list[str] = field(default_factory=list)

    @property
    def active(self) -> list[Download]:
        """Return the downloads still to finish (not importing, done or failed)."""
        return [d for d in self.downloads if d.state not in _OVER]

    def in_state(self, *states: QueueState) -> list[Download]:
        """Return the downloads in one of some states."""
        return [d for d in self.downloads if d.state in states]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "downloads": [d.as_dict() for d in self.downloads],
            "speed_bytes_per_s": self.speed_bytes_per_s,
            "paused": self.paused,
            "unavailable": self.unavailable,
        }


def merged_downloads(
    sab_queues: Sequence[tuple[str, SabQueue]],
    arr_queues: Sequence[tuple[str, Sequence[QueueItem]]],
    client_queues: Sequence[tuple[str, Sequence[DownloadItem]]] = (),
) -> list[Download]:
    """Return the downloads of the clients' queues and arr queues, merged and ordered.

    `client_queues` are the other download clients' (qBittorrent,
    Transmission, Deluge, NZBGet). An arr queue item that a client is
    downloading is listed once, with the
    arr's name for it and the state both agree on (see
    `vocabulary.combined`): the queue sensors, the actions and the spoken
    answers all list downloads through here.
    """
    # Where each SABnzbd job is in `listed`, by its nzo_id.
    sab_index: dict[str, int] = {}
    client_states: dict[str, QueueStatus] = {}
    listed: list[Download] = []
    for service, queue in sab_queues:
        for slot in queue.slots:
            status = sab_status(slot.status, queue_paused=queue.paused)
            sab_index[slot.nzo_id] = len(listed)
            client_states[slot.nzo_id] = status
            listed.append(
                Download(
                    name=slot.filename,
                    service=service,
                    progress=slot.percentage,
                    eta_seconds=seconds(slot.time_left),
                    state=status.state,
                    reason=status.reason,
                )
            )

    for service, client_items in client_queues:
        for item in client_items:
            status = client_status(item.state, item.message)
            # The arrs name a torrent's download by its hash, in capitals.
            sab_index[item.id.lower()] = len(listed)
            client_states[item.id.lower()] = status
            listed.append(
                Download(
                    name=item.name,
                    service=service,
                    progress=round(item.progress * 100, 1),
                    eta_seconds=item.eta,
                    state=status.state,
                    reason=status.reason,
                )
            )

    for service, items in arr_queues:
        for entry in queue_entries(items):
            download_id = entry.download_id or ""
            if download_id not in sab_index:
                download_id = download_id.lower()
            index = sab_index.get(download_id)
            if index is not None:
                known = listed[index]
                client = client_states[download_id]
                status = combined(entry.status, client)
                listed[index] = Download(
                    name=entry.name,
                    service=known.service,
                    progress=known.progress,
                    eta_seconds=known.eta_seconds,
                    state=status.state,
                    reason=status.reason,
                )
                continue
            listed.append(
                Download(
                    name=entry.name,
                    service=service,
                    progress=entry.progress,
                    eta_seconds=entry.eta_seconds,
                    state=entry.state,
                    reason=entry.status.reason,
                )
            )
    return sorted(listed, key=lambda d: sort_key(d.state, d.progress, d.name))


async def downloads(stack: Stack, name: str | None = None) -> DownloadsReport:
    """Return every download in the download clients and arr queues, by what matters.

    `name` keeps only the downloads whose name contains every word of it.
    """
    (
        (sab_answers, sab_down),
        (arr_answers, arr_down),
        (client_answers, client_down),
    ) = await asyncio.gather(
        each(stack.sabnzbd, lambda c: c.queue()),
        each(stack.arrs, lambda c: c.queue_all()),
        each(stack.clients, _client_view),
    )
    speed: float | None = None
    paused: bool | None = None
    for _instance, queue in sab_answers:
        speed = (speed or 0.0) + queue.speed_bytes_per_s
        paused = queue.paused if paused is None else paused and queue.paused
    for _client, (status, _items) in client_answers:
        speed = (speed or 0.0) + status.download_speed
        paused = status.paused if paused is None else paused and status.paused
    listed = merged_downloads(
        [(i.name, queue) for i, queue in sab_answers],
        [(i.name, items) for i, items in arr_answers],
        [(i.name, items) for i, (_status, items) in client_answers],
    )
    if name:
        listed = [d for d in listed if matches_name(name, d.name)]
    return DownloadsReport(
        downloads=listed,
        speed_bytes_per_s=speed,
        paused=paused,
        unavailable=[*sab_down, *client_down, *arr_down],
    )


async def _client_view(
    client: DownloadClient,
) -> tuple[TransferStatus, list[DownloadItem]]:
    status, items = await asyncio.gather(client.status(), client.queue())
    return status, items
