"""Typed models of a Sonarr or Radarr library: series, movies and lookups
(see `models.py` for the conventions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from .fields import Fields


@dataclass(frozen=True, slots=True)
class Image:
    """A poster, banner or fanart picture.

    `url` is where the service itself serves it (a path below its URL base,
    behind its API key, for an item in the library; the source's address in
    a lookup), `remote_url` where the metadata source serves it to anyone.
    """

    cover_type: str
    url: str
    remote_url: str | None = None

    @property
    def public_url(self) -> str | None:
        """Return an address that needs no key: the remote one, else an absolute url."""
        if self.remote_url:
            return self.remote_url
        return self.url if self.url.startswith(("https://", "http://")) else None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MediaCover."""
        f = Fields(data, "image")
        return cls(
            cover_type=f.text("coverType", "unknown"),
            url=f.text("url") or f.text("remoteUrl"),
            remote_url=f.opt_text("remoteUrl"),
        )


def images_of(f: Fields) -> tuple[Image, ...]:
    """Parse an item's pictures (its `images`)."""
    return f.parsed_items("images", Image.from_json)


class Lookup:
    """What every lookup result has: its id in the library, when it is there.

    A lookup answers with the library's id of an item already in it, else
    with none or 0.
    """

    __slots__ = ()
    library_id: int | None

    @property
    def in_library(self) -> bool:
        """Return whether the item is already in the library."""
        return self.library_id is not None

    @staticmethod
    def library_id_in(f: Fields) -> int | None:
        """Return the id in the library a lookup result names, if any."""
        return f.integer("id") or None


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
            images=images_of(f),
        )


@dataclass(frozen=True, slots=True)
class Episode:
    """An episode of a series in the Sonarr library."""

    id: int
    series_id: int
    season_number: int
    episode_number: int
    title: str
    air_date: datetime | None
    has_file: bool
    monitored: bool
    absolute_number: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an EpisodeResource."""
        f = Fields(data, "episode")
        return cls(
            id=f.integer("id"),
            series_id=f.integer("seriesId"),
            season_number=f.integer("seasonNumber"),
            episode_number=f.integer("episodeNumber"),
            title=f.text("title"),
            air_date=f.date_time("airDateUtc"),
            has_file=f.flag("hasFile"),
            monitored=f.flag("monitored"),
            absolute_number=f.opt_integer("absoluteEpisodeNumber"),
        )


@dataclass(frozen=True, slots=True)
class SeriesLookup(Lookup):
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

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a SeriesResource from /series/lookup."""
        f = Fields(data, "series lookup")
        seasons = [Fields(item, "series lookup season") for item in f.items("seasons")]
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
            images=images_of(f),
            library_id=cls.library_id_in(f),
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
            images=images_of(f),
        )


@dataclass(frozen=True, slots=True)
class MovieLookup(Lookup):
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

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MovieResource from /movie/lookup."""
        f = Fields(data, "movie lookup")
        return cls(
            title=f.text("title"),
            year=f.integer("year"),
            tmdb_id=f.integer("tmdbId"),
            title_slug=f.text("titleSlug") or str(f.integer("tmdbId")),
            imdb_id=f.opt_text("imdbId"),
            status=f.text("status", "released"),
            overview=f.opt_text("overview"),
            images=images_of(f),
            library_id=cls.library_id_in(f),
        )
