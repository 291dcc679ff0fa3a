"""The slice of the arr clients the agent works with.

The agent only needs a few calls of each client. Describing those calls as
protocols (answering with the arr library's own models) lets the unit tests
drive the agent with small in-memory stand-ins; the real clients in `arr/`
satisfy these protocols structurally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from custom_components.autoarr.agent.seerr_api import SeerrApi
from custom_components.autoarr.arr.activity_models import CalendarItem
from custom_components.autoarr.arr.download_client import DownloadClient
from custom_components.autoarr.arr.indexer_models import Indexer, IndexerStatus
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
from custom_components.autoarr.arr.music_models import AlbumLookup


class ArrApi(Protocol):
    """What the library managers' clients share (Sonarr, Radarr, Lidarr)."""

    async def queue_all(self) -> Sequence[QueueItem]:
        """Return the whole download queue."""

    async def calendar(self, start: datetime, end: datetime) -> Sequence[CalendarItem]:
        """Return what airs or is released between start and end."""

    async def wanted_missing(self, page: int = 1, page_size: int = 50) -> Page[Any]:
        """Return monitored items without a file."""

    async def search_missing(self) -> object:
        """Start a search for every missing monitored item."""

    async def quality_profiles(self) -> Sequence[QualityProfile]:
        """Return the quality profiles."""

    async def root_folders(self) -> Sequence[RootFolder]:
        """Return the root folders."""


class SonarrApi(ArrApi, Protocol):
    """The Sonarr calls the agent uses."""

    async def series(self) -> Sequence[Series]:
        """Return every series in the library."""

    async def lookup_series(self, term: str) -> Sequence[SeriesLookup]:
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

    async def movies(self) -> Sequence[Movie]:
        """Return every movie in the library."""

    async def lookup_movie(self, term: str) -> Sequence[MovieLookup]:
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


class LidarrApi(ArrApi, Protocol):
    """The Lidarr calls the agent uses."""

    async def lookup_album(self, term: str) -> Sequence[AlbumLookup]:
        """Look albums up by title, optionally with the artist's name."""

    async def add_album(
        self,
        lookup: AlbumLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        metadata_profile_id: int | None = None,
        search: bool = True,
    ) -> Any:
        """Add a looked-up album (and its artist, if new) to the library."""


class ProwlarrApi(Protocol):
    """The Prowlarr calls the agent uses."""

    async def indexers(self) -> Sequence[Indexer]:
        """Return every indexer."""

    async def indexer_status(self) -> Sequence[IndexerStatus]:
        """Return the indexers' failures."""


class MediaServers(Protocol):
    """Where a library item can be watched: the household's media servers.

    Home Assistant's Jellyfin, Plex and Emby integrations, asked through its
    media players (`media_servers.py`); the agent only asks.
    """

    async def playable_on(self, title: str, year: int | None, kind: str) -> list[str]:
        """Return the names of the servers that have the movie or series."""
        ...


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
    # Every download client, behind the download-client seam (SABnzbd's
    # through `SabnzbdDownloads`).
    download_clients: tuple[Instance[DownloadClient], ...] = field(default=())
    lidarr: tuple[Instance[LidarrApi], ...] = field(default=())
    prowlarr: tuple[Instance[ProwlarrApi], ...] = field(default=())
    # Request managers (Seerr, Overseerr, Jellyseerr), and whether adds
    # skip them (the agent's "add directly" option).
    seerr: tuple[Instance[SeerrApi], ...] = field(default=())
    add_directly: bool = False
    # Where what is in the library can be watched; None: not asked.
    media_servers: MediaServers | None = None

    @property
    def arrs(self) -> tuple[Instance[ArrApi], ...]:
        """Return every library manager: each Sonarr, Radarr and Lidarr."""
        return (*self.sonarr, *self.radarr, *self.lidarr)
