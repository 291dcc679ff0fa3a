"""Commands to the download clients and the arrs: pause, resume, retry, search.

The download clients are reached through the download-client seam; what
only some can do (a pause that ends by itself, retrying a failed job) is
asked of those that have the capability.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from custom_components.autoarr.agent.stack import Stack
from custom_components.autoarr.arr.download_client import (
    DownloadClient,
    Retried,
    RetriesFailed,
    SpeedLimits,
    TimedPause,
)

from .common import Json, each


@dataclass(frozen=True, slots=True)
class ControlResult:
    """Which services a command reached."""

    done: list[str]
    unavailable: list[str]
    count: int = 0
    # What the command acted on, by name (the jobs retried).
    names: list[str] = field(default_factory=list)
    # What it found but could not act on (failed jobs a client cannot retry).
    skipped: int = 0

    def as_dict(self) -> Json:
        """Return the result as tool and action data."""
        data: Json = {
            "done": self.done,
            "unavailable": self.unavailable,
            "count": self.count,
        }
        if self.names:
            data["names"] = self.names
        if self.skipped:
            data["skipped"] = self.skipped
        return data


async def pause(stack: Stack, minutes: int | None = None) -> ControlResult:
    """Pause every download client, for some minutes or until resumed.

    A client without a pause of its own that ends stays paused until resumed.
    """

    async def pause_one(client: DownloadClient) -> None:
        if minutes is not None and isinstance(client, TimedPause):
            await client.pause_for(minutes)
        else:
            await client.pause_all()

    answers, down = await each(stack.download_clients, pause_one)
    return ControlResult([i.name for i, _ in answers], down)


async def resume(stack: Stack) -> ControlResult:
    """Resume every download client."""
    answers, down = await each(stack.download_clients, lambda c: c.resume_all())
    return ControlResult([i.name for i, _ in answers], down)


async def set_speed_limit(stack: Stack, kib: int) -> ControlResult:
    """Set every download client's download speed limit (KiB/s, 0 lifts it).

    Only the clients with speed limits (`SpeedLimits`); each keeps its
    upload limit.
    """
    limited = [i for i in stack.download_clients if isinstance(i.client, SpeedLimits)]

    async def limit_one(client: DownloadClient) -> None:
        upload = (await client.status()).upload_limit
        assert isinstance(client, SpeedLimits)
        await client.set_speed_limits(download=kib * 1024 or None, upload=upload)

    answers, down = await each(limited, limit_one)
    return ControlResult([i.name for i, _ in answers], down)


async def retry_failed(stack: Stack) -> ControlResult:
    """Retry the failed downloads of every client that can retry them.

    The result names the downloads retried, and counts the failed ones the
    clients cannot retry.
    """
    retrying = [
        instance
        for instance in stack.download_clients
        if isinstance(instance.client, RetriesFailed)
    ]

    async def retry_one(client: DownloadClient) -> Retried:
        assert isinstance(client, RetriesFailed)
        return await client.retry_failed()

    answers, down = await each(retrying, retry_one)
    names = [name for _, retried in answers for name in retried.names]
    return ControlResult(
        [i.name for i, _ in answers],
        down,
        count=len(names),
        names=names,
        skipped=sum(retried.skipped for _, retried in answers),
    )


async def search_missing(stack: Stack) -> ControlResult:
    """Ask every Sonarr, Radarr and Lidarr to search for their missing items."""
    answers, down = await each(stack.arrs, lambda c: c.search_missing())
    return ControlResult([i.name for i, _ in answers], down)
