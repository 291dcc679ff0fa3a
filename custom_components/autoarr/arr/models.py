"""Typed models of the Sonarr and Radarr data AutoArr uses, and their parsers.

Every model is a frozen, slotted dataclass built by its `from_json` class
method, which reads the JSON through `fields.Fields`. Parsers accept what the
servers really send (fields left out, nulls where the schema allows them, both
Sonarr v3 and v4 shapes) and raise only ArrMalformedResponseError when a
document has the wrong shape, so a broken or hostile server can never crash a
caller with a KeyError or TypeError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import re
from typing import Any, Literal, Self, TypedDict

from .errors import ArrMalformedResponseError
from .fields import Fields
from .records import Skip, parse_records

type HealthType = Literal["ok", "notice", "warning", "error"]
type MediaKind = Literal["episode", "movie"]

HEALTH_TYPES: frozenset[str] = frozenset({"ok", "notice", "warning", "error"})


def _version_major(version: str) -> int:
    match = re.match(r"\s*(\d+)", version)
    return int(match[1]) if match else 0


@dataclass(frozen=True, slots=True)
class SystemStatus:
    """What /api/v3/system/status says about the server."""

    app_name: str
    version: str
    instance_name: str
    url_base: str
    branch: str = ""
    os_name: str = ""
    is_docker: bool = False
    authentication: str = ""
    database_type: str = ""
    start_time: datetime | None = None

    @property
    def major_version(self) -> int:
        """Return the major version number (0 when the version is unreadable)."""
        return _version_major(self.version)

    @property
    def is_v4(self) -> bool:
        """Return whether the server is version 4 or later."""
        return self.major_version >= 4

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a SystemResource."""
        f = Fields(data, "system status")
        return cls(
            app_name=f.text("appName"),
            version=f.text("version"),
            instance_name=f.text("instanceName") or f.text("appName"),
            url_base=f.text("urlBase"),
            branch=f.text("branch"),
            os_name=f.text("osName"),
            is_docker=f.flag("isDocker"),
            authentication=f.text("authentication"),
            database_type=f.text("databaseType"),
            start_time=f.date_time("startTime"),
        )


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """One health problem the server reports."""

    source: str
    type: HealthType
    message: str
    wiki_url: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a HealthResource."""
        f = Fields(data, "health check")
        kind = f.text("type", "warning")
        if kind not in HEALTH_TYPES:
            raise ArrMalformedResponseError(f"health check: unknown type {kind!r}")
        # Sonarr serializes HttpUri as a plain string; its spec says object.
        wiki = f.raw("wikiUrl")
        wiki_url: str | None
        if isinstance(wiki, Mapping):
            wiki_url = Fields(wiki, "health check.wikiUrl").opt_text("fullUri")
        else:
            wiki_url = f.opt_text("wikiUrl")
        return cls(
            source=f.text("source"),
            type=kind,  # type: ignore[arg-type]  # checked against HEALTH_TYPES
            message=f.text("message"),
            wiki_url=wiki_url,
        )


@dataclass(frozen=True, slots=True)
class DiskSpace:
    """Free and total space of one disk the server sees."""

    path: str
    label: str
    free_space: int
    total_space: int

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a DiskSpaceResource."""
        f = Fields(data, "disk space")
        return cls(
            path=f.text("path"),
            label=f.text("label"),
            free_space=f.integer("freeSpace"),
            total_space=f.integer("totalSpace"),
        )


@dataclass(frozen=True, slots=True)
class RootFolder:
    """A library root folder."""

    id: int
    path: str
    accessible: bool
    free_space: int | None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a RootFolderResource."""
        f = Fields(data, "root folder")
        return cls(
            id=f.integer("id"),
            path=f.text("path"),
            accessible=f.flag("accessible", True),
            free_space=f.opt_integer("freeSpace"),
        )


@dataclass(frozen=True, slots=True)
class QualityProfile:
    """A quality profile; `allowed_qualities` names the allowed qualities."""

    id: int
    name: str
    cutoff: int
    upgrade_allowed: bool = False
    allowed_qualities: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a QualityProfileResource."""
        f = Fields(data, "quality profile")
        allowed: list[str] = []
        _collect_allowed(f.items("items"), allowed, "quality profile item")
        return cls(
            id=f.integer("id"),
            name=f.text("name"),
            cutoff=f.integer("cutoff"),
            upgrade_allowed=f.flag("upgradeAllowed"),
            allowed_qualities=tuple(allowed),
        )


def _collect_allowed(items: list[Any], into: list[str], what: str) -> None:
    """Collect allowed quality names from (possibly grouped) profile items."""
    for raw in items:
        item = Fields(raw, what)
        if not item.flag("allowed"):
            continue
        quality = item.child("quality")
        if quality is not None:
            into.append(quality.text("name"))
        elif item.items("items"):
            _collect_allowed(item.items("items"), into, what)
        elif item.has("name"):
            into.append(item.text("name"))


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """A Sonarr v3 language profile (Sonarr v4 has none)."""

    id: int
    name: str

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a LanguageProfileResource."""
        f = Fields(data, "language profile")
        return cls(id=f.integer("id"), name=f.text("name"))


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """A queue item's status message: a title and its lines."""

    title: str
    messages: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a TrackedDownloadStatusMessage."""
        f = Fields(data, "status message")
        return cls(title=f.text("title"), messages=f.texts("messages"))


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One download in the Sonarr or Radarr queue.

    `series_id`/`episode_id`/`season_number` are set for Sonarr, `movie_id`
    for Radarr; `media_title` is the series or movie title when known.
    """

    id: int
    title: str
    status: str
    tracked_download_status: str
    tracked_download_state: str
    status_messages: tuple[StatusMessage, ...]
    error_message: str | None
    size: float
    size_left: float
    time_left: timedelta | None
    estimated_completion_time: datetime | None
    download_id: str | None
    download_client: str | None
    protocol: str
    indexer: str | None = None
    output_path: str | None = None
    added: datetime | None = None
    series_id: int | None = None
    episode_id: int | None = None
    season_number: int | None = None
    movie_id: int | None = None
    media_title: str | None = None
    episode_number: int | None = None

    @property
    def progress(self) -> float:
        """Return how much is downloaded, 0 to 100."""
        if self.size <= 0:
            return 0.0
        done = (self.size - self.size_left) / self.size * 100
        return round(min(100.0, max(0.0, done)), 1)

    @property
    def has_problem(self) -> bool:
        """Return whether the server flags this download (warning or error)."""
        # Sonarr v3 may still send "Warning" as v2 did: compared case-blind.
        return self.tracked_download_status.lower() in ("warning", "error") or bool(
            self.error_message
        )

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a QueueResource (Sonarr or Radarr)."""
        f = Fields(data, "queue record")
        media = f.child("series") or f.child("movie")
        episode = f.child("episode")
        size_left = f.number("sizeleft")
        season = f.opt_integer("seasonNumber")
        if season is None and episode is not None:
            # Sonarr v3 names the season only in the embedded episode.
            season = episode.opt_integer("seasonNumber")
        return cls(
            id=f.integer("id"),
            title=f.text("title"),
            status=f.text("status", "unknown"),
            tracked_download_status=f.text("trackedDownloadStatus", "ok"),
            tracked_download_state=f.text("trackedDownloadState", "downloading"),
            status_messages=f.parsed_items("statusMessages", StatusMessage.from_json),
            error_message=f.opt_text("errorMessage"),
            size=f.number("size"),
            size_left=size_left,
            time_left=_known_time_left(f.timespan("timeleft"), size_left),
            estimated_completion_time=f.date_time("estimatedCompletionTime"),
            download_id=f.opt_text("downloadId"),
            download_client=f.opt_text("downloadClient"),
            protocol=f.text("protocol", "unknown"),
            indexer=f.opt_text("indexer"),
            output_path=f.opt_text("outputPath"),
            added=f.date_time("added"),
            series_id=f.opt_integer("seriesId"),
            episode_id=f.opt_integer("episodeId"),
            season_number=season,
            movie_id=f.opt_integer("movieId"),
            media_title=media.opt_text("title") if media else None,
            episode_number=episode.opt_integer("episodeNumber") if episode else None,
        )


def _known_time_left(time_left: timedelta | None, size_left: float) -> timedelta | None:
    """Return the time left, or None where "00:00:00" means the server cannot tell.

    Sonarr and Radarr print 00:00:00 for a paused or stalled download that
    still has bytes left: that is no estimate, not "done now".
    """
    if time_left is not None and not time_left and size_left > 0:
        return None
    return time_left


@dataclass(frozen=True, slots=True)
class Page[T]:
    """One page of a paged answer (queue, wanted, history)."""

    page: int
    page_size: int
    total_records: int
    records: list[T]

    @classmethod
    def parse(
        cls,
        data: Any,
        what: str,
        parse_record: Callable[[Any], T],
        skip: Skip | None = None,
    ) -> Page[T]:
        """Parse a *PagingResource with one parser per record.

        With `skip`, a record that cannot be read goes to it and is left out
        (the totals stay the server's).
        """
        f = Fields(data, f"{what} page")
        records = parse_records(f.items("records"), parse_record, skip)
        return cls(
            page=f.integer("page", 1),
            page_size=f.integer("pageSize", len(records)),
            total_records=f.integer("totalRecords", len(records)),
            records=records,
        )


class _MediaIdentity(TypedDict):
    """What CalendarItem and WantedItem say about the episode or movie."""

    id: int
    kind: MediaKind
    title: str
    media_title: str
    monitored: bool
    season_number: int | None
    episode_number: int | None
    series_id: int | None
    movie_id: int | None


def _episode_identity(f: Fields) -> _MediaIdentity:
    """Read the episode and its series from an EpisodeResource."""
    series = f.child("series")
    return _MediaIdentity(
        id=f.integer("id"),
        kind="episode",
        title=f.text("title"),
        media_title=series.text("title") if series else "",
        monitored=f.flag("monitored", True),
        season_number=f.integer("seasonNumber"),
        episode_number=f.integer("episodeNumber"),
        series_id=f.integer("seriesId"),
        movie_id=None,
    )


def _movie_identity(f: Fields) -> _MediaIdentity:
    """Read the movie from a MovieResource (it is its own media title)."""
    title = f.text("title")
    return _MediaIdentity(
        id=f.integer("id"),
        kind="movie",
        title=title,
        media_title=title,
        monitored=f.flag("monitored", True),
        season_number=None,
        episode_number=None,
        series_id=None,
        movie_id=f.integer("id"),
    )


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """An episode airing or a movie being released in a time window.

    For movies `start` is the release (cinema, digital or physical) that falls
    in the window asked for, and `release_type` says which.
    """

    id: int
    kind: MediaKind
    title: str
    media_title: str
    start: datetime | None
    has_file: bool
    monitored: bool
    season_number: int | None = None
    episode_number: int | None = None
    series_id: int | None = None
    movie_id: int | None = None
    release_type: str | None = None
    overview: str | None = None

    @classmethod
    def from_episode(cls, data: Any) -> Self:
        """Parse an EpisodeResource from Sonarr's calendar."""
        f = Fields(data, "calendar episode")
        return cls(
            **_episode_identity(f),
            start=f.date_time("airDateUtc"),
            has_file=f.flag("hasFile"),
            overview=f.opt_text("overview"),
        )

    @classmethod
    def from_movie(
        cls, data: Any, window: tuple[datetime, datetime] | None = None
    ) -> Self:
        """Parse a MovieResource from Radarr's calendar."""
        f = Fields(data, "calendar movie")
        releases = [
            (kind, when)
            for kind in ("inCinemas", "digitalRelease", "physicalRelease")
            if (when := f.date_time(kind)) is not None
        ]
        in_window = [
            (kind, when)
            for kind, when in releases
            if window is None or window[0] <= when <= window[1]
        ]
        chosen = min(in_window or releases, key=lambda pair: pair[1], default=None)
        return cls(
            **_movie_identity(f),
            start=chosen[1] if chosen else None,
            has_file=f.flag("hasFile"),
            release_type=chosen[0] if chosen else None,
            overview=f.opt_text("overview"),
        )


@dataclass(frozen=True, slots=True)
class WantedItem:
    """A monitored episode or movie that has no file yet."""

    id: int
    kind: MediaKind
    title: str
    media_title: str
    air_date: datetime | None
    monitored: bool
    season_number: int | None = None
    episode_number: int | None = None
    series_id: int | None = None
    movie_id: int | None = None
    last_search_time: datetime | None = None

    @classmethod
    def from_episode(cls, data: Any) -> Self:
        """Parse an EpisodeResource from Sonarr's wanted/missing."""
        f = Fields(data, "missing episode")
        return cls(
            **_episode_identity(f),
            air_date=f.date_time("airDateUtc"),
            last_search_time=f.date_time("lastSearchTime"),
        )

    @classmethod
    def from_movie(cls, data: Any) -> Self:
        """Parse a MovieResource from Radarr's wanted/missing."""
        f = Fields(data, "missing movie")
        return cls(
            **_movie_identity(f),
            air_date=f.date_time("digitalRelease")
            or f.date_time("physicalRelease")
            or f.date_time("inCinemas"),
            last_search_time=f.date_time("lastSearchTime"),
        )


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One history event (grabbed, downloadFailed, downloadFolderImported...)."""

    id: int
    event_type: str
    source_title: str
    date: datetime | None
    download_id: str | None
    quality: str | None
    data: Mapping[str, str | None] = field(default_factory=dict)
    series_id: int | None = None
    episode_id: int | None = None
    movie_id: int | None = None

    @property
    def message(self) -> str | None:
        """Return the reason a failed download failed, when the server gave one."""
        return self.data.get("message") or None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a HistoryResource (Sonarr or Radarr)."""
        f = Fields(data, "history record")
        quality_model = f.child("quality")
        quality = quality_model.child("quality") if quality_model else None
        return cls(
            id=f.integer("id"),
            event_type=f.text("eventType", "unknown"),
            source_title=f.text("sourceTitle"),
            date=f.date_time("date"),
            download_id=f.opt_text("downloadId"),
            quality=quality.opt_text("name") if quality else None,
            data=f.text_map("data"),
            series_id=f.opt_integer("seriesId"),
            episode_id=f.opt_integer("episodeId"),
            movie_id=f.opt_integer("movieId"),
        )


COMMAND_FINISHED: frozenset[str] = frozenset(
    {"completed", "failed", "aborted", "cancelled", "orphaned"}
)


@dataclass(frozen=True, slots=True)
class CommandStatus:
    """A command (search, refresh...) and how far it got."""

    id: int
    name: str
    status: str
    result: str = "unknown"
    message: str | None = None
    queued: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    exception: str | None = None

    @property
    def is_finished(self) -> bool:
        """Return whether the command will not change state any more."""
        return self.status in COMMAND_FINISHED

    @property
    def succeeded(self) -> bool:
        """Return whether the command completed without failing."""
        return self.status == "completed" and self.result != "unsuccessful"

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a CommandResource."""
        f = Fields(data, "command")
        return cls(
            id=f.integer("id"),
            name=f.text("name") or f.text("commandName"),
            status=f.text("status", "queued"),
            result=f.text("result", "unknown"),
            message=f.opt_text("message"),
            queued=f.date_time("queued"),
            started=f.date_time("started"),
            ended=f.date_time("ended"),
            exception=f.opt_text("exception"),
        )


@dataclass(frozen=True, slots=True)
class Image:
    """A poster, banner or fanart picture."""

    cover_type: str
    url: str

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MediaCover; prefers the remote URL (reachable without a key)."""
        f = Fields(data, "image")
        return cls(
            cover_type=f.text("coverType", "unknown"),
            url=f.text("remoteUrl") or f.text("url"),
        )


def _images(f: Fields) -> tuple[Image, ...]:
    return f.parsed_items("images", Image.from_json)


@dataclass(frozen=True, slots=True)
class Season:
    """A season of a series and how complete it is."""

    season_number: int
    monitored: bool
    episode_count: int = 0
    episode_file_count: int = 0
    total_episode_count: int = 0

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a SeasonResource."""
        f = Fields(data, "season")
        stats = f.section("statistics")
        return cls(
            season_number=f.integer("seasonNumber"),
            monitored=f.flag("monitored"),
            episode_count=stats.integer("episodeCount"),
            episode_file_count=stats.integer("episodeFileCount"),
            total_episode_count=stats.integer("totalEpisodeCount"),
        )


@dataclass(frozen=True, slots=True)
class Series:
    """A series in the Sonarr library."""

    id: int
    title: str
    year: int
    tvdb_id: int
    status: str
    monitored: bool
    path: str
    quality_profile_id: int
    title_slug: str = ""
    imdb_id: str | None = None
    network: str | None = None
    overview: str | None = None
    season_count: int = 0
    episode_count: int = 0
    episode_file_count: int = 0
    size_on_disk: int = 0
    next_airing: datetime | None = None
    previous_airing: datetime | None = None
    added: datetime | None = None
    seasons: tuple[Season, ...] = ()
    images: tuple[Image, ...] = ()

    @property
    def missing_episodes(self) -> int:
        """Return how many monitored, aired episodes have no file."""
        return max(0, self.episode_count - self.episode_file_count)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a SeriesResource of a series in the library."""
        f = Fields(data, "series")
        stats = f.section("statistics")
        seasons = f.parsed_items("seasons", Season.from_json)
        return cls(
            id=f.integer("id"),
            title=f.text("title"),
            year=f.integer("year"),
            tvdb_id=f.integer("tvdbId"),
            status=f.text("status", "continuing"),
            monitored=f.flag("monitored"),
            path=f.text("path"),
            quality_profile_id=f.integer("qualityProfileId"),
            title_slug=f.text("titleSlug"),
            imdb_id=f.opt_text("imdbId"),
            network=f.opt_text("network"),
            overview=f.opt_text("overview"),
            season_count=stats.integer("seasonCount", len(seasons)),
            episode_count=stats.integer("episodeCount"),
            episode_file_count=stats.integer("episodeFileCount"),
            size_on_disk=stats.integer("sizeOnDisk"),
            next_airing=f.date_time("nextAiring"),
            previous_airing=f.date_time("previousAiring"),
            added=f.date_time("added"),
            seasons=seasons,
            images=_images(f),
        )


@dataclass(frozen=True, slots=True)
class SeriesLookup:
    """A series found by Sonarr's lookup, ready to be added.

    `library_id` is the series' id when it is already in the library.
    """

    title: str
    year: int
    tvdb_id: int
    title_slug: str
    status: str = "continuing"
    tvmaze_id: int = 0
    tmdb_id: int = 0
    imdb_id: str | None = None
    network: str | None = None
    overview: str | None = None
    series_type: str = "standard"
    season_numbers: tuple[int, ...] = ()
    images: tuple[Image, ...] = ()
    library_id: int | None = None

    @property
    def in_library(self) -> bool:
        """Return whether the series is already in the library."""
        return self.library_id is not None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a SeriesResource from /series/lookup."""
        f = Fields(data, "series lookup")
        seasons = [Fields(item, "series lookup season") for item in f.items("seasons")]
        library_id = f.integer("id")
        return cls(
            title=f.text("title"),
            year=f.integer("year"),
            tvdb_id=f.integer("tvdbId"),
            title_slug=f.text("titleSlug"),
            status=f.text("status", "continuing"),
            tvmaze_id=f.integer("tvMazeId"),
            tmdb_id=f.integer("tmdbId"),
            imdb_id=f.opt_text("imdbId"),
            network=f.opt_text("network"),
            overview=f.opt_text("overview"),
            series_type=f.text("seriesType", "standard"),
            season_numbers=tuple(season.integer("seasonNumber") for season in seasons),
            images=_images(f),
            library_id=library_id or None,
        )


@dataclass(frozen=True, slots=True)
class Movie:
    """A movie in the Radarr library."""

    id: int
    title: str
    year: int
    tmdb_id: int
    status: str
    monitored: bool
    has_file: bool
    path: str
    quality_profile_id: int
    minimum_availability: str = "released"
    imdb_id: str | None = None
    title_slug: str = ""
    overview: str | None = None
    size_on_disk: int = 0
    is_available: bool = False
    in_cinemas: datetime | None = None
    digital_release: datetime | None = None
    physical_release: datetime | None = None
    added: datetime | None = None
    images: tuple[Image, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MovieResource of a movie in the library."""
        f = Fields(data, "movie")
        stats = f.section("statistics")
        size = f.opt_integer("sizeOnDisk")
        if size is None:
            size = stats.integer("sizeOnDisk")
        return cls(
            id=f.integer("id"),
            title=f.text("title"),
            year=f.integer("year"),
            tmdb_id=f.integer("tmdbId"),
            status=f.text("status", "released"),
            monitored=f.flag("monitored"),
            has_file=f.flag("hasFile"),
            path=f.text("path"),
            quality_profile_id=f.integer("qualityProfileId"),
            minimum_availability=f.text("minimumAvailability", "released"),
            imdb_id=f.opt_text("imdbId"),
            title_slug=f.text("titleSlug"),
            overview=f.opt_text("overview"),
            size_on_disk=size,
            is_available=f.flag("isAvailable"),
            in_cinemas=f.date_time("inCinemas"),
            digital_release=f.date_time("digitalRelease"),
            physical_release=f.date_time("physicalRelease"),
            added=f.date_time("added"),
            images=_images(f),
        )


@dataclass(frozen=True, slots=True)
class MovieLookup:
    """A movie found by Radarr's lookup, ready to be added.

    `library_id` is the movie's id when it is already in the library.
    """

    title: str
    year: int
    tmdb_id: int
    title_slug: str
    imdb_id: str | None = None
    status: str = "released"
    overview: str | None = None
    images: tuple[Image, ...] = ()
    library_id: int | None = None

    @property
    def in_library(self) -> bool:
        """Return whether the movie is already in the library."""
        return self.library_id is not None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MovieResource from /movie/lookup."""
        f = Fields(data, "movie lookup")
        library_id = f.integer("id")
        return cls(
            title=f.text("title"),
            year=f.integer("year"),
            tmdb_id=f.integer("tmdbId"),
            title_slug=f.text("titleSlug") or str(f.integer("tmdbId")),
            imdb_id=f.opt_text("imdbId"),
            status=f.text("status", "released"),
            overview=f.opt_text("overview"),
            images=_images(f),
            library_id=library_id or None,
        )
