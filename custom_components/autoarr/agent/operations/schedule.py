"""The schedule: what airs or comes out, and what is missing.

Episodes, movies and albums alike: an album is named "Artist - Album", as
its calendar event and queue entry are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from custom_components.autoarr.agent.stack import ArrApi, Stack
from custom_components.autoarr.agent.vocabulary import album_label
from custom_components.autoarr.arr.activity_models import WantedItem
from custom_components.autoarr.arr.errors import ArrNotFoundError
from custom_components.autoarr.arr.models import Page

from .common import Json, each, episode_label


@dataclass(frozen=True, slots=True)
class Upcoming:
    """An episode airing, a movie or an album coming out."""

    kind: str
    title: str
    episode: str | None
    episode_title: str | None
    start: datetime
    has_file: bool
    # The instance (by name) and its id of the series, movie or artist, for
    # its poster (not in the tool's data).
    instance: str = ""
    media_id: int | None = None

    def as_dict(self) -> Json:
        """Return the item as tool and action data."""
        data: Json = {
            "kind": self.kind,
            "title": self.title,
            "start": self.start.isoformat(),
            "has_file": self.has_file,
        }
        if self.episode:
            data["episode"] = self.episode
        if self.episode_title:
            data["episode_title"] = self.episode_title
        return data


@dataclass(frozen=True, slots=True)
class UpcomingReport:
    """What airs or comes out in a time window."""

    start: datetime
    end: datetime
    items: list[Upcoming]
    unavailable: list[str]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "items": [item.as_dict() for item in self.items],
            "unavailable": self.unavailable,
        }


async def upcoming(stack: Stack, start: datetime, end: datetime) -> UpcomingReport:
    """Return every episode, movie and album release between start and end."""
    answers, down = await each(stack.arrs, lambda c: c.calendar(start, end))
    items: list[Upcoming] = []
    for instance, entries in answers:
        for entry in entries:
            if entry.start is None:
                continue
            episode: str | None = None
            if entry.kind == "episode" and entry.season_number is not None:
                episode = f"S{entry.season_number:02d}E{entry.episode_number or 0:02d}"
            items.append(
                Upcoming(
                    kind=entry.kind,
                    title=album_label(entry.media_title, entry.title)
                    if entry.kind == "album"
                    else entry.media_title,
                    episode=episode,
                    episode_title=entry.title if entry.kind == "episode" else None,
                    start=entry.start,
                    has_file=entry.has_file,
                    instance=instance.name,
                    media_id=entry.series_id or entry.movie_id or entry.artist_id,
                )
            )
    items.sort(key=lambda item: (item.start, item.title))
    return UpcomingReport(start, end, items, down)


@dataclass(frozen=True, slots=True)
class MissingReport:
    """Monitored items without a file, per service."""

    totals: dict[str, int]
    examples: list[str]
    unavailable: list[str]
    # The services whose version keeps no list of missing items (Radarr
    # before 5.6): they answer, they just cannot tell.
    unsupported: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return how many items are missing in all."""
        return sum(self.totals.values())

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return {
            "total": self.total,
            "by_service": self.totals,
            "examples": self.examples,
            "unavailable": self.unavailable,
            "unsupported": self.unsupported,
        }


async def missing(stack: Stack, examples: int = 10) -> MissingReport:
    """Return how much is missing and the first few missing items."""

    async def wanted(client: ArrApi) -> Page[WantedItem] | None:
        try:
            return await client.wanted_missing(page=1, page_size=examples)
        except ArrNotFoundError:
            return None  # this version has no wanted/missing

    answers, down = await each(stack.arrs, wanted)
    totals: dict[str, int] = {}
    labels: list[str] = []
    unsupported: list[str] = []
    for instance, page in answers:
        if page is None:
            unsupported.append(instance.name)
            continue
        totals[instance.name] = page.total_records
        labels.extend(
            episode_label(
                record.media_title, record.season_number, record.episode_number
            )
            if record.kind == "episode"
            else album_label(record.media_title, record.title)
            if record.kind == "album"
            else record.media_title or record.title
            for record in page.records
        )
    return MissingReport(totals, labels[:examples], down, unsupported)
