"""In-memory stand-ins for the arr clients, returning the real models.

The agent's unit tests use these to set up exact situations (ties between
lookups, a service that fails); the end-to-end tests use the simulators and
the real SABnzbd instead.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.arr.activity_models import (
    CalendarItem,
    CommandStatus,
    WantedItem,
)
from custom_components.autoarr.arr.errors import ArrConnectionError
from custom_components.autoarr.arr.library_models import (
    Movie,
    MovieLookup,
    Series,
    SeriesLookup,
)
from custom_components.autoarr.arr.models import (
    Page,
    QualityProfile,
    QueueItem,
    RootFolder,
)
from custom_components.autoarr.arr.sabnzbd_downloads import SabnzbdDownloads
from custom_components.autoarr.arr.sabnzbd_history import SabHistory, SabHistorySlot
from custom_components.autoarr.arr.sabnzbd_models import SabQueue, SabQueueSlot

_ZERO_BY_TYPE: dict[str, Any] = {
    "int": 0,
    "float": 0.0,
    "bool": False,
    "str": "",
    "timedelta": timedelta(0),
}


def build[T](cls: type[T], **known: Any) -> T:
    """Return a model with the given fields and neutral values for the rest.

    The models grow fields as the clients learn more; a stand-in only sets
    what the agent reads, so it keeps building when a field is added.
    """
    values: dict[str, Any] = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if item.name in known:
            values[item.name] = known[item.name]
            continue
        if (
            item.default is not dataclasses.MISSING
            or item.default_factory is not dataclasses.MISSING
        ):
            continue
        annotation = str(item.type)
        if "None" in annotation:
            values[item.name] = None
        elif annotation.startswith(("tuple", "list")):
            values[item.name] = ()
        elif annotation.startswith(("Mapping", "dict")):
            values[item.name] = {}
        else:
            values[item.name] = _ZERO_BY_TYPE.get(
                annotation.split("[", maxsplit=1)[0], 0
            )
    return cls(**values)


def queue_item(
    item_id: int,
    title: str,
    *,
    size: float = 1000,
    size_left: float = 500,
    state: str = "downloading",
    download_id: str | None = None,
    media_title: str | None = None,
    season: int | None = None,
    episode: int | None = None,
    time_left: timedelta | None = None,
    error: str | None = None,
    status: str = "downloading",
) -> QueueItem:
    """Return a queue item."""
    return build(
        QueueItem,
        id=item_id,
        title=title,
        status=status,
        tracked_download_status="ok",
        tracked_download_state=state,
        status_messages=(),
        error_message=error,
        size=size,
        size_left=size_left,
        time_left=time_left,
        estimated_completion_time=None,
        download_id=download_id,
        download_client="SABnzbd",
        protocol="usenet",
        media_title=media_title,
        season_number=season,
        episode_number=episode,
    )


def sab_slot(
    nzo_id: str, filename: str, percentage: float, time_left: timedelta | None
) -> SabQueueSlot:
    """Return a SABnzbd queue slot."""
    return build(
        SabQueueSlot,
        nzo_id=nzo_id,
        filename=filename,
        status="Downloading",
        index=0,
        percentage=percentage,
        size_bytes=1000,
        size_left_bytes=1000 - int(percentage * 10),
        missing_bytes=0,
        time_left=time_left,
        category="tv",
        priority=None,
        priority_name="Normal",
        labels=(),
        script=None,
        average_age=None,
        time_added=None,
        has_password=False,
    )


def sab_queue(slots: list[SabQueueSlot], *, paused: bool = False) -> SabQueue:
    """Return a SABnzbd queue."""
    return build(
        SabQueue,
        version="4.5.0",
        status="Paused" if paused else "Downloading",
        paused=paused,
        paused_all=paused,
        pause_remaining=None,
        speed_bytes_per_s=0.0 if paused else 12_500_000.0,
        size_bytes=0,
        size_left_bytes=0,
        time_left=None,
        slots=tuple(slots),
        total_slots=len(slots),
        speed_limit_percent=None,
        speed_limit_abs=None,
        disk_free_bytes=0,
        disk_total_bytes=0,
        complete_disk_free_bytes=0,
        complete_disk_total_bytes=0,
        warning_count=0,
        finish_action=None,
        quota_left_bytes=None,
    )


def history_slot(nzo_id: str, name: str, *, retry: bool) -> SabHistorySlot:
    """Return a failed SABnzbd history slot."""
    return build(
        SabHistorySlot,
        nzo_id=nzo_id,
        name=name,
        nzb_name=f"{name}.nzb",
        status="Failed",
        fail_message="Out of retention",
        retry=retry,
        category="tv",
        storage=None,
        path=None,
        completed=None,
        time_added=None,
        bytes=0,
        download_time=timedelta(0),
        postproc_time=timedelta(0),
        url=None,
        stages=(),
        archived=False,
    )


def command(name: str) -> CommandStatus:
    """Return a queued command."""
    return CommandStatus(id=1, name=name, status="queued")


PROFILES = [
    QualityProfile(id=1, name="Any", cutoff=1),
    QualityProfile(id=4, name="HD-1080p", cutoff=7),
    QualityProfile(id=5, name="Ultra-HD", cutoff=19),
]
FOLDERS = [
    RootFolder(id=1, path="/media/small", accessible=True, free_space=10),
    RootFolder(id=2, path="/media/big", accessible=True, free_space=10_000),
    RootFolder(id=3, path="/media/gone", accessible=False, free_space=99_999),
]


@dataclass
class FakeArr:
    """What Sonarr and Radarr stand-ins share."""

    queue: list[QueueItem] = field(default_factory=list)
    calendar_items: list[CalendarItem] = field(default_factory=list)
    wanted: list[WantedItem] = field(default_factory=list)
    down: bool = False
    searched: int = 0
    calendar_calls: list[tuple[datetime, datetime]] = field(default_factory=list)

    def _check(self) -> None:
        if self.down:
            raise ArrConnectionError("cannot connect")

    async def queue_all(self) -> list[QueueItem]:
        """Return the queue."""
        self._check()
        return list(self.queue)

    async def calendar(self, start: datetime, end: datetime) -> list[CalendarItem]:
        """Return calendar items in the window."""
        self._check()
        self.calendar_calls.append((start, end))
        return [
            item
            for item in self.calendar_items
            if item.start is None or start <= item.start < end
        ]

    async def wanted_missing(
        self, page: int = 1, page_size: int = 50
    ) -> Page[WantedItem]:
        """Return missing items."""
        self._check()
        return Page(
            page=page,
            page_size=page_size,
            total_records=len(self.wanted),
            records=self.wanted[:page_size],
        )

    async def search_missing(self) -> CommandStatus:
        """Record a search."""
        self._check()
        self.searched += 1
        return command("MissingEpisodeSearch")

    async def quality_profiles(self) -> list[QualityProfile]:
        """Return profiles."""
        self._check()
        return list(PROFILES)

    async def root_folders(self) -> list[RootFolder]:
        """Return root folders."""
        self._check()
        return list(FOLDERS)


@dataclass
class FakeSonarr(FakeArr):
    """A Sonarr stand-in."""

    library: list[Series] = field(default_factory=list)
    catalogue: list[SeriesLookup] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)

    async def series(self) -> list[Series]:
        """Return the library."""
        self._check()
        return list(self.library)

    async def lookup_series(self, term: str) -> list[SeriesLookup]:
        """Return catalogue entries whose title contains the term."""
        self._check()
        if term.startswith("tvdb:"):
            return [s for s in self.catalogue if f"tvdb:{s.tvdb_id}" == term]
        words = term.casefold().split()
        return [
            s for s in self.catalogue if all(w in s.title.casefold() for w in words)
        ]

    async def add_series(
        self,
        lookup: SeriesLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        monitor: str = "all",
        search: bool = True,
    ) -> Series:
        """Add a series."""
        self._check()
        self.added.append(
            {
                "title": lookup.title,
                "quality_profile_id": quality_profile_id,
                "root_folder_path": root_folder_path,
                "monitor": monitor,
                "search": search,
            }
        )
        series = series_item(
            len(self.library) + 1, lookup.title, lookup.year, lookup.tvdb_id
        )
        self.library.append(series)
        return series


@dataclass
class FakeRadarr(FakeArr):
    """A Radarr stand-in."""

    library: list[Movie] = field(default_factory=list)
    catalogue: list[MovieLookup] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)

    async def movies(self) -> list[Movie]:
        """Return the library."""
        self._check()
        return list(self.library)

    async def lookup_movie(self, term: str) -> list[MovieLookup]:
        """Return catalogue entries whose title contains the term."""
        self._check()
        if term.startswith("tmdb:"):
            return [m for m in self.catalogue if f"tmdb:{m.tmdb_id}" == term]
        words = term.casefold().split()
        return [
            m for m in self.catalogue if all(w in m.title.casefold() for w in words)
        ]

    async def add_movie(
        self,
        lookup: MovieLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        monitored: bool = True,
        search: bool = True,
    ) -> Movie:
        """Add a movie."""
        self._check()
        self.added.append(
            {
                "title": lookup.title,
                "quality_profile_id": quality_profile_id,
                "root_folder_path": root_folder_path,
                "monitored": monitored,
                "search": search,
            }
        )
        movie = movie_item(
            len(self.library) + 1, lookup.title, lookup.year, lookup.tmdb_id
        )
        self.library.append(movie)
        return movie


@dataclass
class FakeSab:
    """A SABnzbd stand-in."""

    slots: list[SabQueueSlot] = field(default_factory=list)
    failed: list[SabHistorySlot] = field(default_factory=list)
    paused: bool = False
    paused_for: list[int | None] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    down: bool = False
    # The absolute speed limits set, in bytes per second (None: lifted).
    speed_limits: list[int | None] = field(default_factory=list)

    def _check(self) -> None:
        if self.down:
            raise ArrConnectionError("cannot connect")

    async def set_speed_limit(
        self, percent: int | None = None, *, bytes_per_second: int | None = None
    ) -> None:
        """Record an absolute limit."""
        self._check()
        self.speed_limits.append(bytes_per_second)

    async def queue(self) -> SabQueue:
        """Return the queue."""
        self._check()
        return sab_queue(self.slots, paused=self.paused)

    async def history(self, limit: int = 50, failed_only: bool = False) -> SabHistory:
        """Return failed jobs."""
        self._check()
        return build(
            SabHistory,
            slots=tuple(self.failed),
            total_slots=len(self.failed),
            total_bytes=0,
            month_bytes=0,
            week_bytes=0,
            day_bytes=0,
            post_processing_count=0,
        )

    async def pause(self, duration_minutes: int | None = None) -> None:
        """Pause."""
        self._check()
        self.paused = True
        self.paused_for.append(duration_minutes)

    async def resume(self) -> None:
        """Resume."""
        self._check()
        self.paused = False

    async def retry(self, nzo_id: str) -> str:
        """Retry a job."""
        self._check()
        self.retried.append(nzo_id)
        return nzo_id


def series_item(series_id: int, title: str, year: int, tvdb_id: int) -> Series:
    """Return a library series."""
    return Series(
        id=series_id,
        title=title,
        year=year,
        tvdb_id=tvdb_id,
        status="continuing",
        monitored=True,
        path=f"/tv/{title}",
        quality_profile_id=4,
    )


def movie_item(
    movie_id: int, title: str, year: int, tmdb_id: int, *, has_file: bool = True
) -> Movie:
    """Return a library movie."""
    return Movie(
        id=movie_id,
        title=title,
        year=year,
        tmdb_id=tmdb_id,
        status="released",
        monitored=True,
        has_file=has_file,
        path=f"/movies/{title}",
        quality_profile_id=4,
    )


def series_lookup(title: str, year: int, tvdb_id: int) -> SeriesLookup:
    """Return a Sonarr lookup result."""
    return SeriesLookup(
        title=title, year=year, tvdb_id=tvdb_id, title_slug=title.lower()
    )


def movie_lookup(title: str, year: int, tmdb_id: int) -> MovieLookup:
    """Return a Radarr lookup result."""
    return MovieLookup(
        title=title, year=year, tmdb_id=tmdb_id, title_slug=title.lower()
    )


def calendar_item(
    kind: str,
    media_title: str,
    start: datetime,
    *,
    title: str = "",
    season: int | None = None,
    episode: int | None = None,
) -> CalendarItem:
    """Return a calendar item."""
    return CalendarItem(
        id=1,
        kind=kind,  # type: ignore[arg-type]
        title=title or media_title,
        media_title=media_title,
        start=start,
        has_file=False,
        monitored=True,
        season_number=season,
        episode_number=episode,
    )


def wanted_episode(series: str, season: int, episode: int) -> WantedItem:
    """Return a missing episode."""
    return WantedItem(
        id=1,
        kind="episode",
        title="Pilot",
        media_title=series,
        air_date=None,
        monitored=True,
        season_number=season,
        episode_number=episode,
    )


@dataclass
class FakeStack:
    """One of each fake, and the agent's Stack over them."""

    sonarr: FakeSonarr = field(default_factory=FakeSonarr)
    radarr: FakeRadarr = field(default_factory=FakeRadarr)
    sab: FakeSab = field(default_factory=FakeSab)

    @property
    def stack(self) -> Stack:
        """Return the agent's view of the fakes."""
        return Stack(
            sonarr=(Instance("Sonarr", self.sonarr),),
            radarr=(Instance("Radarr", self.radarr),),
            download_clients=(Instance("SABnzbd", SabnzbdDownloads(self.sab)),),
        )
