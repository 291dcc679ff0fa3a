"""What is downloading: SABnzbd's queue and the arr queues, merged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from custom_components.autoarr.agent.media import matches_name
from custom_components.autoarr.agent.stack import Stack
from custom_components.autoarr.arr.models import QueueItem

from .common import Json, each, episodes_label, seconds


@dataclass(frozen=True, slots=True)
class Download:
    """One download, wherever it is listed."""

    name: str
    service: str
    progress: float
    eta_seconds: int | None
    state: str
    error: str | None = None

    def as_dict(self) -> Json:
        """Return the download as tool and action data."""
        data: Json = {
            "name": self.name,
            "service": self.service,
            "progress": round(self.progress, 1),
            "eta_seconds": self.eta_seconds,
            "state": self.state,
        }
        if self.error:
            data["error"] = self.error
        return data


@dataclass(frozen=True, slots=True)
class DownloadsReport:
    """What is downloading across the stack."""

    downloads: list[Download]
    speed_bytes_per_s: float | None
    paused: bool | None
    unavailable: list[str] = field(default_factory=list)

    @property
    def active(self) -> list[Download]:
        """Return the downloads that are not finished or failed."""
        return [
            d
            for d in self.downloads
            if d.state not in ("failed", "completed", "ignored", "blocked")
        ]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "downloads": [d.as_dict() for d in self.downloads],
            "speed_bytes_per_s": self.speed_bytes_per_s,
            "paused": self.paused,
            "unavailable": self.unavailable,
        }


_ARR_STATES = {
    "importpending": "importing",
    "importing": "importing",
    "imported": "completed",
    "failedpending": "failed",
    "failed": "failed",
    "importblocked": "blocked",
    "ignored": "ignored",
}


async def downloads(stack: Stack, name: str | None = None) -> DownloadsReport:
    """Return every download in SABnzbd and in the arr queues.

    An arr queue item that SABnzbd is downloading is listed once, with the
    arr's state when it is further along (importing, failed). `name` keeps
    only the downloads whose name contains every word of it.
    """
    sab_answers, sab_down = await each(stack.sabnzbd, lambda c: c.queue())
    arr_answers, arr_down = await each(stack.arrs, lambda c: c.queue_all())

    # Where each SABnzbd job is in `listed`, by its nzo_id.
    sab_index: dict[str, int] = {}
    listed: list[Download] = []
    speed: float | None = None
    paused: bool | None = None
    for instance, queue in sab_answers:
        speed = (speed or 0.0) + queue.speed_bytes_per_s
        paused = queue.paused if paused is None else paused and queue.paused
        for slot in queue.slots:
            sab_index[slot.nzo_id] = len(listed)
            listed.append(
                Download(
                    name=slot.filename,
                    service=instance.name,
                    progress=slot.percentage,
                    eta_seconds=seconds(slot.time_left),
                    state="paused" if queue.paused else slot.status.lower(),
                )
            )

    for arr_instance, items in arr_answers:
        for group in _by_download(items):
            item = group[0]
            state = _ARR_STATES.get((item.tracked_download_state or "").lower())
            # The arr knows what a release is: "The Bear S03E01", not the
            # release name, so its name wins for a download SABnzbd also lists.
            label = (
                episodes_label(
                    item.media_title,
                    [(i.season_number, i.episode_number) for i in group],
                )
                if item.media_title
                else item.title
            )
            index = sab_index.get(item.download_id or "")
            if index is not None:
                known = listed[index]
                listed[index] = Download(
                    name=label,
                    service=known.service,
                    progress=known.progress,
                    eta_seconds=known.eta_seconds,
                    state=state or known.state,
                    error=_problem(item),
                )
                continue
            listed.append(
                Download(
                    name=label,
                    service=arr_instance.name,
                    progress=item.progress,
                    eta_seconds=seconds(item.time_left),
                    state=state or item.status.lower(),
                    error=_problem(item),
                )
            )
    if name:
        listed = [d for d in listed if matches_name(name, d.name)]
    return DownloadsReport(
        downloads=listed,
        speed_bytes_per_s=speed,
        paused=paused,
        unavailable=[*sab_down, *arr_down],
    )


def _problem(item: QueueItem) -> str | None:
    """Return what the arr says is wrong with a download, if anything.

    Its error message, else the first status message of a download it flags
    (Radarr 5 keeps a finished download it cannot import as "completed" with
    a warning: "Manual Import required.").
    """
    if item.error_message:
        return item.error_message
    if not item.has_problem:
        return None
    return next(
        (line for message in item.status_messages for line in message.messages),
        None,
    )


def _by_download(items: Sequence[QueueItem]) -> list[list[QueueItem]]:
    """Group queue records by download, in queue order.

    A season pack is one download that Sonarr lists once per episode, every
    record with the same downloadId.
    """
    groups: dict[str, list[QueueItem]] = {}
    for item in items:
        groups.setdefault(item.download_id or f"#{item.id}", []).append(item)
    return list(groups.values())
