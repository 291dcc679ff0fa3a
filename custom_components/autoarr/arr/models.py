"""Typed models of the Sonarr and Radarr data AutoArr uses, and their parsers.

Every model is a frozen, slotted dataclass built by its `from_json` class
method, which reads the JSON through `fields.Fields`. Parsers accept what the
servers really send (fields left out, nulls where the schema allows them, both
Sonarr v3 and v4 shapes) and raise only ArrMalformedResponseError when a
document has the wrong shape, so a broken or hostile server can never crash a
caller with a KeyError or TypeError.

This module holds the service's own state (status, health, disks, folders,
profiles, queue, pages); what happens in the library (calendar, wanted,
history, commands) is in `activity_models.py`, the library itself (series,
movies, lookups) in `library_models.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
import re
from typing import Any, Literal, Self

from .errors import ArrMalformedResponseError
from .fields import Fields
from .records import Skip, parse_records

type HealthType = Literal["ok", "notice", "warning", "error"]
type MediaKind = Literal["episode", "movie", "album"]

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
    """One download in the Sonarr, Radarr or Lidarr queue.

    `series_id`/`episode_id`/`season_number` are set for Sonarr, `movie_id`
    for Radarr, `artist_id`/`album_id` for Lidarr; `media_title` is the
    series or movie title, or the artist's name, when known.
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
    artist_id: int | None = None
    album_id: int | None = None
    album_title: str | None = None

    @property
    def progress(self) -> float:
        """Return how much is downloaded, 0 to 100."""
        if self.size <= 0:
            return 0.0
        done = (self.size - self.size_left) / self.size * 100
        return round(min(100.0, max(0.0, done)), 1)

    @property
    def media_id(self) -> int | None:
        """Return the id of the series, movie or artist it downloads."""
        return self.series_id or self.movie_id or self.artist_id

    @property
    def has_problem(self) -> bool:
        """Return whether the server flags this download (warning or error)."""
        # Sonarr v3 may still send "Warning" as v2 did: compared case-blind.
        return self.tracked_download_status.lower() in ("warning", "error") or bool(
            self.error_message
        )

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a QueueResource (Sonarr, Radarr or Lidarr)."""
        f = Fields(data, "queue record")
        media = f.child("series") or f.child("movie")
        artist = f.child("artist")
        album = f.child("album")
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
            media_title=_media_title(media, artist),
            episode_number=episode.opt_integer("episodeNumber") if episode else None,
            artist_id=f.opt_integer("artistId"),
            album_id=f.opt_integer("albumId"),
            album_title=album.opt_text("title") if album else None,
        )


def _media_title(media: Fields | None, artist: Fields | None) -> str | None:
    """Return the series' or movie's title, or (Lidarr) the artist's name."""
    if media is not None:
        return media.opt_text("title")
    return artist.opt_text("artistName") if artist else None


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
