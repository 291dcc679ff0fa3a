"""Commands to the download client and the arrs: pause, resume, retry, search."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from custom_components.autoarr.agent.stack import Stack

from .common import Json, each


@dataclass(frozen=True, slots=True)
class ControlResult:
    """Which services a command reached."""

    done: list[str]
    unavailable: list[str]
    count: int = 0
    # What the command acted on, by name (the jobs retried).
    names: list[str] = field(default_factory=list)
    # What it found but could not act on (failed jobs SABnzbd cannot retry).
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
    """Pause every download client: SABnzbd for some minutes or until resumed.

    The other clients (qBittorrent, Transmission, Deluge, NZBGet) have no
    timed pause: they stay paused until resumed.
    """
    (answers, down), (clients, clients_down) = await asyncio.gather(
        each(stack.sabnzbd, lambda c: c.pause(minutes)),
        each(stack.clients, lambda c: c.pause_all()),
    )
    return ControlResult(
        [i.name for i, _ in answers] + [i.name for i, _ in clients],
        [*down, *clients_down],
    )


async def resume(stack: Stack) -> ControlResult:
    """Resume every download client."""
    (answers, down), (clients, clients_down) = await asyncio.gather(
        each(stack.sabnzbd, lambda c: c.resume()),
        each(stack.clients, lambda c: c.resume_all()),
    )
    return ControlResult(
        [i.name for i, _ in answers] + [i.name for i, _ in clients],
        [*down, *clients_down],
    )


async def retry_failed(stack: Stack) -> ControlResult:
    """Retry every failed SABnzbd job that SABnzbd says it can retry.

    Only SABnzbd's own jobs: the result names them, and counts the failed
    jobs SABnzbd cannot retry.
    """

    async def retry_all(client: Any) -> tuple[list[str], int]:
        history = await client.history(limit=50, failed_only=True)
        retried: list[str] = []
        skipped = 0
        for slot in history.slots:
            if slot.retry:
                await client.retry(slot.nzo_id)
                retried.append(slot.name)
            else:
                skipped += 1
        return retried, skipped

    answers, down = await each(stack.sabnzbd, retry_all)
    names = [name for _, (retried, _skipped) in answers for name in retried]
    return ControlResult(
        [i.name for i, _ in answers],
        down,
        count=len(names),
        names=names,
        skipped=sum(skipped for _, (_retried, skipped) in answers),
    )


async def search_missing(stack: Stack) -> ControlResult:
    """Ask every Sonarr and Radarr to search for their missing items."""
    answers, down = await each(stack.arrs, lambda c: c.search_missing())
    return ControlResult([i.name for i, _ in answers], down)
