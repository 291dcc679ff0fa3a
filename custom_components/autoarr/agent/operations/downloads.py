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
    sort_key,
)
from custom_components.autoarr.arr.download_client import DownloadClient
from custom_components.autoarr.arr.downloads import DownloadItem, TransferStatus
from custom_components.autoarr.arr.models import QueueItem

from .common import Json, each


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
    client_queues: Sequence[tuple[str, TransferStatus, Sequence[DownloadItem]]],
    arr_queues: Sequence[tuple[str, Sequence[QueueItem]]],
) -> list[Download]:
    """Return the downloads of the clients' and the arrs' queues, merged and ordered.

    Every download client is read through the download-client seam. An arr
    queue item that a client is downloading is listed once, with the arr's
    name for it and the state both agree on (see `vocabulary.combined`): the
    queue sensors, the actions and the spoken answers all list downloads
    through here.
    """
    # Where each client's download is in `listed`, by its id in lower case
    # (the arrs name a torrent's download by its hash, in capitals).
    index_of: dict[str, int] = {}
    client_states: dict[str, QueueStatus] = {}
    listed: list[Download] = []
    for service, transfer, items in client_queues:
        for item in items:
            # A paused client pauses every download.
            status = (
                QueueStatus(QueueState.PAUSED)
                if transfer.paused
                else client_status(item.state, item.message)
            )
            key = item.id.lower()
            index_of[key] = len(listed)
            client_states[key] = status
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

    for service, arr_items in arr_queues:
        for entry in queue_entries(arr_items):
            key = (entry.download_id or "").lower()
            index = index_of.get(key)
            if index is not None:
                known = listed[index]
                status = combined(entry.status, client_states[key])
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
    """Return every download in the download clients and the arr queues, by what matters.

    `name` keeps only the downloads whose name contains every word of it.
    """
    (client_answers, client_down), (arr_answers, arr_down) = await asyncio.gather(
        each(stack.download_clients, _client_view),
        each(stack.arrs, lambda c: c.queue_all()),
    )
    speed: float | None = None
    paused: bool | None = None
    for _instance, (transfer, _items) in client_answers:
        speed = (speed or 0.0) + transfer.download_speed
        paused = transfer.paused if paused is None else paused and transfer.paused
    listed = merged_downloads(
        [(i.name, transfer, items) for i, (transfer, items) in client_answers],
        [(i.name, items) for i, items in arr_answers],
    )
    if name:
        listed = [d for d in listed if matches_name(name, d.name)]
    return DownloadsReport(
        downloads=listed,
        speed_bytes_per_s=speed,
        paused=paused,
        unavailable=[*client_down, *arr_down],
    )


async def _client_view(
    client: DownloadClient,
) -> tuple[TransferStatus, list[DownloadItem]]:
    transfer, items = await asyncio.gather(client.status(), client.queue())
    return transfer, items
