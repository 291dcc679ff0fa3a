"""Typed models of what happens in a Sonarr, Radarr or Lidarr library: calendar,
wanted, history and commands (see `models.py` for the conventions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Self, TypedDict

from .fields import Fields
from .library_models import Image
from .models import MediaKind


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
    artist_id: int | None


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
        artist_id=None,
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
        artist_id=None,
    )


def _album_identity(f: Fields) -> _MediaIdentity:
    """Read the album and its artist from an AlbumResource."""
    artist = f.child("artist")
    return _MediaIdentity(
        id=f.integer("id"),
        kind="album",
        title=f.text("title"),
        media_title=artist.text("artistName") if artist else "",
        monitored=f.flag("monitored", True),
        season_number=None,
        episode_number=None,
        series_id=None,
        movie_id=None,
        artist_id=f.integer("artistId"),
    )


def _public_poster(f: Fields | None) -> str | None:
    """Return the address of a poster that needs no key, when one is listed."""
    images = f.parsed_items("images", Image.from_json) if f is not None else ()
    return next(
        (i.public_url for i in images if i.cover_type == "poster" and i.public_url),
        None,
    )


def _album_complete(f: Fields) -> bool:
    """Return whether every track of an album has its file."""
    stats = f.section("statistics")
    tracks = stats.integer("trackCount")
    return tracks > 0 and stats.integer("trackFileCount") >= tracks


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
    artist_id: int | None = None
    # The public address of the series', movie's or artist's poster.
    poster: str | None = None

    @classmethod
    def from_episode(cls, data: Any) -> Self:
        """Parse an EpisodeResource from Sonarr's calendar."""
        f = Fields(data, "calendar episode")
        return cls(
            **_episode_identity(f),
            start=f.date_time("airDateUtc"),
            has_file=f.flag("hasFile"),
            overview=f.opt_text("overview"),
            poster=_public_poster(f.child("series")),
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
            poster=_public_poster(f),
        )

    @classmethod
    def from_album(cls, data: Any) -> Self:
        """Parse an AlbumResource from Lidarr's calendar."""
        f = Fields(data, "calendar album")
        return cls(
            **_album_identity(f),
            start=f.date_time("releaseDate"),
            has_file=_album_complete(f),
            overview=f.opt_text("overview"),
            poster=_public_poster(f.child("artist")),
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
    artist_id: int | None = None

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

    @classmethod
    def from_album(cls, data: Any) -> Self:
        """Parse an AlbumResource from Lidarr's wanted/missing."""
        f = Fields(data, "missing album")
        return cls(
            **_album_identity(f),
            air_date=f.date_time("releaseDate"),
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
    album_id: int | None = None
    artist_id: int | None = None

    @property
    def media_id(self) -> int | None:
        """Return the id of the series, movie or artist it is about."""
        return self.series_id or self.movie_id or self.artist_id

    @property
    def message(self) -> str | None:
        """Return the reason a failed download failed, when the server gave one."""
        return self.data.get("message") or None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a HistoryResource (Sonarr, Radarr or Lidarr)."""
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
            album_id=f.opt_integer("albumId"),
            artist_id=f.opt_integer("artistId"),
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
