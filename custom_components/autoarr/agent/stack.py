"""The slice of the arr clients the agent works with.

The agent only needs a few calls of each client. Describing them as protocols
keeps the agent independent of how the clients are built, and lets the unit
tests drive it with small in-memory stand-ins; the real clients in `arr/`
satisfy these protocols structurally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol


class QueueItemLike(Protocol):
    """An item of a Sonarr or Radarr download queue."""

    @property
    def id(self) -> int:
        """Return the queue item id."""

    @property
    def title(self) -> str:
        """Return the release title."""

    @property
    def status(self) -> str:
        """Return the download status (downloading, paused, completed...)."""

    @property
    def tracked_download_state(self) -> str | None:
        """Return the tracked state (downloading, importPending, failed...)."""

    @property
    def error_message(self) -> str | None:
        """Return the error the arr reported, if any."""

    @property
    def time_left(self) -> timedelta | None:
        """Return how long the download client expects to need."""

    @property
    def download_id(self) -> str | None:
        """Return the download client's id of the item (SABnzbd's nzo_id)."""

    @property
    def progress(self) -> float:
        """Return progress from 0 to 100."""

    @property
    def media_title(self) -> str | None:
        """Return the series or movie title, when known."""

    @property
    def season_number(self) -> int | None:
        """Return the season of an episode download."""

    @property
    def episode_number(self) -> int | None:
        """Return the episode number of an episode download."""


class CalendarItemLike(Protocol):
    """An episode airing or a movie release."""

    @property
    def title(self) -> str:
        """Return the episode or movie title."""

    @property
    def media_title(self) -> str:
        """Return the series title (the movie title for movies)."""

    @property
    def kind(self) -> str:
        """Return "episode" or "movie"."""

    @property
    def start(self) -> datetime | None:
        """Return when it airs or is released, when known."""

    @property
    def season_number(self) -> int | None:
        """Return the season number of an episode."""

    @property
    def episode_number(self) -> int | None:
        """Return the episode number of an episode."""

    @property
    def has_file(self) -> bool:
        """Return whether the file is already in the library."""


class WantedLike(Protocol):
    """A monitored episode or movie without a file."""

    @property
    def kind(self) -> str:
        """Return "episode" or "movie"."""

    @property
    def title(self) -> str:
        """Return the episode or movie title."""

    @property
    def media_title(self) -> str:
        """Return the series title (the movie title for movies)."""

    @property
    def season_number(self) -> int | None:
        """Return the season number of an episode."""

    @property
    def episode_number(self) -> int | None:
        """Return the episode number of an episode."""


class PageLike[T](Protocol):
    """One page of a paged arr answer."""

    @property
    def records(self) -> Sequence[T]:
        """Return the records of this page."""

    @property
    def total_records(self) -> int:
        """Return how many records there are in all pages."""


class SeriesLookupLike(Protocol):
    """A series found by a Sonarr lookup."""

    @property
    def title(self) -> str:
        """Return the title."""

    @property
    def year(self) -> int | None:
        """Return the year of first release."""

    @property
    def tvdb_id(self) -> int | None:
        """Return the TheTVDB id."""


class SeriesLike(SeriesLookupLike, Protocol):
    """A series in the Sonarr library."""

    @property
    def id(self) -> int:
        """Return Sonarr's id of the series."""


class MovieLookupLike(Protocol):
    """A movie found by a Radarr lookup."""

    @property
    def title(self) -> str:
        """Return the title."""

    @property
    def year(self) -> int | None:
        """Return the year of release."""

    @property
    def tmdb_id(self) -> int | None:
        """Return the TMDb id."""


class MovieLike(MovieLookupLike, Protocol):
    """A movie in the Radarr library."""

    @property
    def id(self) -> int:
        """Return Radarr's id of the movie."""

    @property
    def has_file(self) -> bool:
        """Return whether the movie file is in the library."""


class QualityProfileLike(Protocol):
    """A quality profile of an arr."""

    @property
    def id(self) -> int:
        """Return the profile id."""

    @property
    def name(self) -> str:
        """Return the profile name."""


class RootFolderLike(Protocol):
    """A root folder of an arr."""

    @property
    def path(self) -> str:
        """Return the folder path."""

    @property
    def accessible(self) -> bool:
        """Return whether the arr can write to it."""

    @property
    def free_space(self) -> int | None:
        """Return the free space in bytes."""


class ArrApi(Protocol):
    """What Sonarr and Radarr clients share."""

    async def queue_all(self) -> Sequence[QueueItemLike]:
        """Return the whole download queue."""

    async def calendar(
        self, start: datetime, end: datetime
    ) -> Sequence[CalendarItemLike]:
        """Return what airs or is released between start and end."""

    async def wanted_missing(self, page: int = 1, page_size: int = 50) -> PageLike[Any]:
        """Return monitored items without a file."""

    async def search_missing(self) -> object:
        """Start a search for every missing monitored item."""

    async def quality_profiles(self) -> Sequence[QualityProfileLike]:
        """Return the quality profiles."""

    async def root_folders(self) -> Sequence[RootFolderLike]:
        """Return the root folders."""


class SonarrApi(ArrApi, Protocol):
    """The Sonarr calls the agent uses."""

    async def series(self) -> Sequence[SeriesLike]:
        """Return every series in the library."""

    async def lookup_series(self, term: str) -> Sequence[SeriesLookupLike]:
        """Look series up by name or "tvdb:<id>"."""

    async def add_series(
        self,
        lookup: Any,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        monitor: str = "all",
        search: bool = True,
    ) -> Any:
        """Add a looked-up series to the library."""


class RadarrApi(ArrApi, Protocol):
    """The Radarr calls the agent uses."""

    async def movies(self) -> Sequence[MovieLike]:
        """Return every movie in the library."""

    async def lookup_movie(self, term: str) -> Sequence[MovieLookupLike]:
        """Look movies up by name, "tmdb:<id>" or "imdb:<id>"."""

    async def add_movie(
        self,
        lookup: Any,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        monitored: bool = True,
        search: bool = True,
    ) -> Any:
        """Add a looked-up movie to the library."""


class SabSlotLike(Protocol):
    """An item of the SABnzbd queue."""

    @property
    def nzo_id(self) -> str:
        """Return SABnzbd's id of the item."""

    @property
    def filename(self) -> str:
        """Return the job name."""

    @property
    def status(self) -> str:
        """Return the job status (Downloading, Paused, Queued...)."""

    @property
    def percentage(self) -> float:
        """Return progress from 0 to 100."""

    @property
    def time_left(self) -> timedelta | None:
        """Return the expected time to finish."""


class SabQueueLike(Protocol):
    """The SABnzbd queue."""

    @property
    def paused(self) -> bool:
        """Return whether all downloading is paused."""

    @property
    def speed_bytes_per_s(self) -> float:
        """Return the current download speed."""

    @property
    def time_left(self) -> timedelta | None:
        """Return the expected time until the queue is done."""

    @property
    def slots(self) -> Sequence[SabSlotLike]:
        """Return the queued jobs."""


class SabHistorySlotLike(Protocol):
    """A finished or failed SABnzbd job."""

    @property
    def nzo_id(self) -> str:
        """Return SABnzbd's id of the job."""

    @property
    def name(self) -> str:
        """Return the job name."""

    @property
    def status(self) -> str:
        """Return Completed, Failed..."""

    @property
    def fail_message(self) -> str:
        """Return why it failed."""

    @property
    def retry(self) -> bool:
        """Return whether SABnzbd can retry the job."""


class SabHistoryLike(Protocol):
    """The SABnzbd history."""

    @property
    def slots(self) -> Sequence[SabHistorySlotLike]:
        """Return the finished jobs."""


class SabnzbdApi(Protocol):
    """The SABnzbd calls the agent uses."""

    async def queue(self) -> SabQueueLike:
        """Return the queue."""

    async def history(
        self, limit: int = 50, failed_only: bool = False
    ) -> SabHistoryLike:
        """Return the history."""

    async def pause(self, duration_minutes: int | None = None) -> object:
        """Pause all downloading, for a while or until resumed."""

    async def resume(self) -> object:
        """Resume downloading."""

    async def retry(self, nzo_id: str) -> object:
        """Retry one failed job."""


@dataclass(frozen=True, slots=True)
class Instance[C]:
    """One configured service: its name (as the user named it) and client.

    `quality_profile_id` and `root_folder_path` are the defaults for adding
    media, when the user set them for this service.
    """

    name: str
    client: C
    quality_profile_id: int | None = None
    root_folder_path: str | None = None


@dataclass(frozen=True, slots=True)
class Stack:
    """Every service the agent can reach, by kind."""

    sonarr: tuple[Instance[SonarrApi], ...] = field(default=())
    radarr: tuple[Instance[RadarrApi], ...] = field(default=())
    sabnzbd: tuple[Instance[SabnzbdApi], ...] = field(default=())

    @property
    def arrs(self) -> tuple[Instance[ArrApi], ...]:
        """Return every Sonarr and Radarr instance."""
        return (*self.sonarr, *self.radarr)
