"""Commands to the download client and the arrs: pause, resume, retry, search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from custom_components.autoarr.agent.stack import Stack

from .common import Json, each


@dataclass(frozen=True, slots=True)
class ControlResult:
    """Which services a command reached."""

    done: list[str]
    unavailable: list[str]
    count: int = 0

    def as_dict(self) -> Json:
        """Return the result as tool and action data."""
        return {"done": self.done, "unavailable": self.unavailable, "count": self.count}


async def pause(stack: Stack, minutes: int | None = None) -> ControlResult:
    """Pause SABnzbd, for some minutes or until resumed."""
    answers, down = await each(stack.sabnzbd, lambda c: c.pause(minutes))
    return ControlResult([i.name for i, _ in answers], down)


async def resume(stack: Stack) -> ControlResult:
    """Resume SABnzbd."""
    answers, down = await each(stack.sabnzbd, lambda c: c.resume())
    return ControlResult([i.name for i, _ in answers], down)


async def retry_failed(stack: Stack) -> ControlResult:
    """Retry every failed SABnzbd job that SABnzbd says it can retry."""

    async def retry_all(client: Any) -> int:
        history = await client.history(limit=50, failed_only=True)
        retried = 0
        for slot in history.slots:
            if slot.retry:
                await client.retry(slot.nzo_id)
                retried += 1
        return retried

    answers, down = await each(stack.sabnzbd, retry_all)
    return ControlResult(
        [i.name for i, _ in answers], down, count=sum(n for _, n in answers)
    )


async def search_missing(stack: Stack) -> ControlResult:
    """Ask every Sonarr and Radarr to search for their missing items."""
    answers, down = await each(stack.arrs, lambda c: c.search_missing())
    return ControlResult([i.name for i, _ in answers], down)
