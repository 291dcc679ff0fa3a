"""The coordinators of a download client (SABnzbd).

A queue coordinator (queue, speed and the newest history slots, with the
downloads completed or failed since its last refresh) and a status
coordinator (version, server totals, warnings); see `coordinator.py` for
the intervals and the shared behaviour.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, override

from homeassistant.util import dt as dt_util

from .agent.speech import spoken_name
from .arr.downloads import DownloadItem, TransferStatus
from .arr.sabnzbd import SabnzbdClient
from .arr.sabnzbd_downloads import queue_item, transfer_status
from .arr.sabnzbd_history import SabHistorySlot
from .arr.sabnzbd_models import SabQueue
from .arr.sabnzbd_status import SabServerStats, SabWarning
from .coordinator import (
    EVENT_COMPLETED,
    EVENT_FAILED,
    HISTORY_PAGE_SIZE,
    DownloadEvent,
    QueueCoordinator,
    SlowCoordinator,
)

# SABnzbd queue jobs read per refresh; the count comes from the total.
SAB_QUEUE_LIMIT: Final = 20
# SABnzbd history statuses that are final, and the download event each one is.
_SAB_HISTORY_EVENTS: Final = {"completed": EVENT_COMPLETED, "failed": EVENT_FAILED}
# Bound on the SABnzbd history ids remembered between refreshes.
_MAX_SEEN: Final = 1000


@dataclass(frozen=True, slots=True)
class SabQueueData:
    """The queue of a SABnzbd instance and what happened since."""

    queue: SabQueue
    events: tuple[DownloadEvent, ...] = ()

    @property
    def downloading(self) -> bool:
        """Return whether SABnzbd is downloading something."""
        return bool(self.queue.slots) and not self.queue.paused

    @property
    def transfer(self) -> TransferStatus:
        """Return the download-client seam's view of the downloader."""
        return transfer_status(self.queue)

    @property
    def items(self) -> tuple[DownloadItem, ...]:
        """Return the download-client seam's view of the jobs read."""
        return tuple(queue_item(slot) for slot in self.queue.slots)


@dataclass(frozen=True, slots=True)
class SabStatusData:
    """The slowly changing state of a SABnzbd instance.

    `stats` and `warnings` are None when their mode failed: only what reads
    them is blank.
    """

    version: str
    stats: SabServerStats | None
    warnings: tuple[SabWarning, ...] | None


class SabQueueCoordinator(QueueCoordinator[SabnzbdClient, SabQueueData]):
    """Queue, speed and recent history of a SABnzbd instance."""

    # The history slots seen at the previous refresh; None before the first.
    _seen: set[str] | None = None

    @override
    async def _async_fetch_queue(self) -> SabQueueData:
        # The history only brings events: when it fails, the queue still shows.
        queue, history = await asyncio.gather(
            self.client.queue(limit=SAB_QUEUE_LIMIT),
            self._part("history", lambda: self.client.history(limit=HISTORY_PAGE_SIZE)),
        )
        return SabQueueData(
            queue=queue, events=self._new_events(history.slots) if history else ()
        )

    def _new_events(self, slots: Iterable[SabHistorySlot]) -> tuple[DownloadEvent, ...]:
        """Return the downloads that finished or failed since last time."""
        final = {
            slot.nzo_id: slot
            for slot in slots
            if slot.status.lower() in _SAB_HISTORY_EVENTS
        }
        previous = self._seen
        # Keep what was seen before too: a slot can drop off the page and come
        # back when newer ones are deleted; it must not fire twice.
        seen = set(final) | (previous or set())
        self._seen = seen if len(seen) <= _MAX_SEEN else set(final)
        if previous is None:
            return ()
        new = [slot for nzo_id, slot in final.items() if nzo_id not in previous]
        new.sort(key=lambda slot: slot.completed or dt_util.utcnow())
        return tuple(
            DownloadEvent(
                event_type=_SAB_HISTORY_EVENTS[slot.status.lower()],
                title=slot.name,
                download_id=slot.nzo_id,
                message=slot.fail_message or None,
                media_title=spoken_name(slot.name),
                service=self.service_kind,
                instance=self.service_name,
            )
            for slot in new
        )


class SabStatusCoordinator(SlowCoordinator[SabnzbdClient, SabStatusData]):
    """Version, server totals and warnings of a SABnzbd instance."""

    role = "status"

    @override
    async def _async_fetch(self) -> SabStatusData:
        version, stats, warnings = await asyncio.gather(
            self.client.version(),
            self._part("download totals", self.client.server_stats),
            self._part("warnings", self.client.warnings),
        )
        self._async_update_sw_version(version)
        return SabStatusData(
            version=version,
            stats=stats,
            warnings=None if warnings is None else tuple(warnings),
        )
