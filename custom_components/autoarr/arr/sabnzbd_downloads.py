"""SABnzbd behind the download-client seam (`download_client.DownloadClient`).

`SabnzbdClient` speaks SABnzbd's own API and returns its own models (its
`queue()` is a `SabQueue` with SABnzbd's totals, its `history()` a page of
`SabHistory`), which the audit and the SABnzbd entities read. What the rest
of AutoArr asks of any download client (status, queue, history, pause and
resume, speed limits, remove, free space) is `SabnzbdDownloads` over that
client: the same calls the torrent clients and NZBGet offer, with SABnzbd's
jobs read into `DownloadItem`s and its statuses onto `DownloadState`s.

SABnzbd can do two things more, offered as the seam's optional
capabilities: a pause that ends by itself (`TimedPause`) and downloading a
failed job again (`RetriesFailed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Protocol

from .download_client import Retried
from .downloads import DownloadItem, DownloadState, TransferStatus, sabnzbd_state
from .errors import ArrApiError
from .sabnzbd_history import SabHistory, SabHistorySlot
from .sabnzbd_models import SabQueue, SabQueueSlot

# History jobs `history()` and `retry_failed()` read, newest first:
# SABnzbd's history is paged and keeps every job it ever finished.
HISTORY_LIMIT: Final = 50


class SabnzbdCalls(Protocol):
    """The calls of SABnzbd's own client (`SabnzbdClient`) the seam is made of."""

    @property
    def base_url(self) -> str:
        """Return SABnzbd's base URL for messages."""
        ...

    async def verify(self) -> str:
        """Check the address and the full API key; return the version."""
        ...

    async def queue(self) -> SabQueue:
        """Return the queue."""
        ...

    async def history(self, limit: int = 50, failed_only: bool = False) -> SabHistory:
        """Return the newest jobs of the history."""
        ...

    async def pause(self, duration_minutes: int | None = None) -> None:
        """Pause downloading, for some minutes or until resumed."""
        ...

    async def resume(self) -> None:
        """Resume downloading."""
        ...

    async def set_speed_limit(
        self, percent: int | None = None, *, bytes_per_second: int | None = None
    ) -> None:
        """Limit the download speed; no argument lifts the limit."""
        ...

    async def delete_items(
        self, nzo_ids: Iterable[str], delete_files: bool = False
    ) -> list[str]:
        """Remove jobs from the queue."""
        ...

    async def delete_history(
        self, nzo_ids: Iterable[str], delete_files: bool = False
    ) -> None:
        """Remove jobs from the history."""
        ...

    async def retry(self, nzo_id: str) -> str:
        """Put a failed job back in the queue; return its new id."""
        ...


class SabnzbdDownloads:
    """One SABnzbd instance as a download client of the seam."""

    def __init__(self, client: SabnzbdCalls) -> None:
        """Wrap a SABnzbd client."""
        self.client = client

    @property
    def base_url(self) -> str:
        """Return SABnzbd's base URL for messages (no key)."""
        return self.client.base_url

    async def verify(self) -> str:
        """Check the address and the full API key; return the version."""
        return await self.client.verify()

    async def status(self) -> TransferStatus:
        """Return the speed, its limit, the pause state and the free space."""
        return transfer_status(await self.client.queue())

    async def queue(self) -> list[DownloadItem]:
        """Return every job of the queue."""
        return [queue_item(slot) for slot in (await self.client.queue()).slots]

    async def history(self) -> list[DownloadItem]:
        """Return the newest jobs of the history (`HISTORY_LIMIT` of them)."""
        history = await self.client.history(limit=HISTORY_LIMIT)
        return [history_item(slot) for slot in history.slots]

    async def failed_history(self) -> list[DownloadItem]:
        """Return the newest failed jobs (`FailedHistory`), filtered by SABnzbd."""
        history = await self.client.history(limit=HISTORY_LIMIT, failed_only=True)
        return [history_item(slot) for slot in history.slots]

    async def pause_all(self) -> None:
        """Pause downloading until resumed."""
        await self.client.pause()

    async def pause_for(self, minutes: int) -> None:
        """Pause downloading for some minutes (`TimedPause`)."""
        await self.client.pause(minutes)

    async def resume_all(self) -> None:
        """Resume downloading (also ends a timed pause)."""
        await self.client.resume()

    async def set_speed_limits(
        self, *, download: int | None = None, upload: int | None = None
    ) -> None:
        """Limit the download speed in bytes per second; None lifts the limit."""
        if upload is not None:
            raise ArrApiError(f"SABnzbd at {self.base_url} does not upload")
        if download is not None and (isinstance(download, bool) or download <= 0):
            raise ValueError(
                "a speed limit must be a positive number of bytes per second"
            )
        await self.client.set_speed_limit(bytes_per_second=download)

    async def set_alt_speed(self, enabled: bool) -> None:
        """Refuse: SABnzbd has no alternative speed mode."""
        raise ArrApiError(f"SABnzbd at {self.base_url} has no alternative speed mode")

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Remove jobs from the queue or the history, with or without their files."""
        wanted = [ids] if isinstance(ids, str) else list(ids)
        queued = {slot.nzo_id for slot in (await self.client.queue()).slots}
        in_queue = [nzo_id for nzo_id in wanted if nzo_id in queued]
        in_history = [nzo_id for nzo_id in wanted if nzo_id not in queued]
        if in_queue:
            await self.client.delete_items(in_queue, delete_files=delete_data)
        if in_history:
            await self.client.delete_history(in_history, delete_files=delete_data)

    async def free_space(self) -> int | None:
        """Return the free space of the (incomplete) download folder."""
        return (await self.client.queue()).disk_free_bytes

    async def retry(self, download_id: str, /) -> str:
        """Download a failed job again; return its new id (`RetriesFailed`)."""
        return await self.client.retry(download_id)

    async def retry_failed(self) -> Retried:
        """Download again the newest failed jobs SABnzbd can retry (`RetriesFailed`).

        SABnzbd says of each failed job whether it can download it again:
        not when it has already removed its files; those are counted.
        """
        history = await self.client.history(limit=HISTORY_LIMIT, failed_only=True)
        names: list[str] = []
        skipped = 0
        for slot in history.slots:
            if slot.retry:
                await self.client.retry(slot.nzo_id)
                names.append(slot.name)
            else:
                skipped += 1
        return Retried(names, skipped)


def transfer_status(queue: SabQueue) -> TransferStatus:
    """Return what a SABnzbd queue says of the downloader as a whole."""
    return TransferStatus(
        version=queue.version,
        download_speed=round(queue.speed_bytes_per_s),
        upload_speed=0,
        download_limit=queue.speed_limit_abs,
        upload_limit=None,
        alt_speed=None,
        paused=queue.paused,
        free_space=queue.disk_free_bytes,
    )


def queue_item(slot: SabQueueSlot) -> DownloadItem:
    """Return a job of SABnzbd's queue as a download."""
    return DownloadItem(
        id=slot.nzo_id,
        name=slot.filename,
        state=sabnzbd_state(slot.status),
        client_state=slot.status,
        progress=slot.percentage / 100,
        size=slot.size_bytes,
        size_left=slot.size_left_bytes,
        eta=None if slot.time_left is None else int(slot.time_left.total_seconds()),
        category=slot.category or "",
        added=slot.time_added,
    )


def history_item(slot: SabHistorySlot) -> DownloadItem:
    """Return a job of SABnzbd's history as a download."""
    state = sabnzbd_state(slot.status)
    done = state is DownloadState.COMPLETED
    return DownloadItem(
        id=slot.nzo_id,
        name=slot.name,
        state=state,
        client_state=slot.status,
        progress=1.0 if done else 0.0,
        size=slot.bytes,
        size_left=0 if done else slot.bytes,
        category=slot.category or "",
        added=slot.time_added,
        completed=slot.completed,
        message=slot.fail_message,
    )
