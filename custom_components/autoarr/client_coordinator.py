"""The coordinator of a download client other than SABnzbd.

qBittorrent, Transmission, Deluge and NZBGet are read through the one
download-client seam (`arr/download_client.py`): each refresh reads the
client's status (speeds, limits, pause, free space) and its downloads in
parallel. See `coordinator.py` for the intervals and the shared behaviour.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import override

from .arr.download_client import DownloadClient
from .arr.downloads import DownloadItem, DownloadState, TransferStatus
from .coordinator import QueueCoordinator


@dataclass(frozen=True, slots=True)
class ClientData:
    """What a download client showed in one refresh."""

    status: TransferStatus
    # The downloads that are not finished (failed ones included).
    queue: tuple[DownloadItem, ...]

    @property
    def transfer(self) -> TransferStatus:
        """Return the client's status (as every download client's data names it)."""
        return self.status

    @property
    def items(self) -> tuple[DownloadItem, ...]:
        """Return the downloads (as every download client's data names them)."""
        return self.queue

    @property
    def downloading(self) -> bool:
        """Return whether something is meant to be downloading."""
        return any(item.state.active for item in self.queue)

    @property
    def state(self) -> str:
        """Return the client's state as a whole: paused, downloading, stalled or idle."""
        if self.status.paused:
            return "paused"
        states = {item.state for item in self.queue}
        if DownloadState.DOWNLOADING in states:
            return "downloading"
        if states & {DownloadState.STALLED, DownloadState.METADATA}:
            return "stalled"
        return "idle"

    @property
    def size_left(self) -> int:
        """Return the bytes the queue still has to download."""
        return sum(item.size_left for item in self.queue)


class ClientCoordinator(QueueCoordinator[DownloadClient, ClientData]):
    """Status and queue of one download client of the seam."""

    @override
    async def _async_fetch_queue(self) -> ClientData:
        status, queue = await asyncio.gather(self.client.status(), self.client.queue())
        self._async_update_sw_version(status.version)
        return ClientData(status=status, queue=tuple(queue))
