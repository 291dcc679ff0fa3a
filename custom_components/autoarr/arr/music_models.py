"""Typed models of a Lidarr library: artists, albums and their lookups
(see `models.py` for the conventions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from .fields import Fields
from .library_models import Image, Lookup, images_of


@dataclass(frozen=True, slots=True)
class Artist:
    """An artist in the Lidarr library."""

    id: int
    name: str
    foreign_artist_id: str
    status: str
    monitored: bool
    path: str
    quality_profile_id: int
    metadata_profile_id: int
    overview: str | None = None
    album_count: int = 0
    track_count: int = 0
    track_file_count: int = 0
    size_on_disk: int = 0
    added: datetime | None = None
    genres: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()

    @property
    def missing_tracks(self) -> int:
        """Return how many monitored tracks have no file."""
        return max(0, self.track_count - self.track_file_count)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an ArtistResource of an artist in the library."""
        f = Fields(data, "artist")
        stats = f.section("statistics")
        return cls(
            id=f.integer("id"),
            name=f.text("artistName"),
            foreign_artist_id=f.text("foreignArtistId"),
            status=f.text("status", "continuing"),
            monitored=f.flag("monitored"),
            path=f.text("path"),
            quality_profile_id=f.integer("qualityProfileId"),
            metadata_profile_id=f.integer("metadataProfileId"),
            overview=f.opt_text("overview"),
            album_count=stats.integer("albumCount"),
            track_count=stats.integer("trackCount"),
            track_file_count=stats.integer("trackFileCount"),
            size_on_disk=stats.integer("sizeOnDisk"),
            added=f.date_time("added"),
            genres=f.texts("genres"),
            images=images_of(f),
        )


@dataclass(frozen=True, slots=True)
class ArtistLookup(Lookup):
    """An artist found by Lidarr's lookup, ready to be added.

    `library_id` is the artist's id when it is already in the library.
    """

    name: str
    foreign_artist_id: str
    status: str = "continuing"
    overview: str | None = None
    artist_type: str | None = None
    disambiguation: str | None = None
    images: tuple[Image, ...] = ()
    library_id: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an ArtistResource from /artist/lookup (or an album's artist)."""
        f = Fields(data, "artist lookup")
        return cls(
            name=f.text("artistName"),
            foreign_artist_id=f.text("foreignArtistId"),
            status=f.text("status", "continuing"),
            overview=f.opt_text("overview"),
            artist_type=f.opt_text("artistType"),
            disambiguation=f.opt_text("disambiguation") or None,
            images=images_of(f),
            library_id=cls.library_id_in(f),
        )


@dataclass(frozen=True, slots=True)
class Album:
    """An album in the Lidarr library."""

    id: int
    title: str
    artist_id: int
    artist_name: str
    foreign_album_id: str
    monitored: bool
    album_type: str = "Album"
    release_date: datetime | None = None
    track_count: int = 0
    track_file_count: int = 0
    size_on_disk: int = 0
    last_search_time: datetime | None = None
    images: tuple[Image, ...] = ()

    @property
    def complete(self) -> bool:
        """Return whether every track of the album has its file."""
        return self.track_count > 0 and self.track_file_count >= self.track_count

    @property
    def year(self) -> int | None:
        """Return the year of the album's release, when known."""
        return self.release_date.year if self.release_date else None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an AlbumResource of an album in the library."""
        f = Fields(data, "album")
        stats = f.section("statistics")
        artist = f.child("artist")
        return cls(
            id=f.integer("id"),
            title=f.text("title"),
            artist_id=f.integer("artistId"),
            artist_name=artist.text("artistName") if artist else "",
            foreign_album_id=f.text("foreignAlbumId"),
            monitored=f.flag("monitored"),
            album_type=f.text("albumType", "Album"),
            release_date=f.date_time("releaseDate"),
            track_count=stats.integer("trackCount"),
            track_file_count=stats.integer("trackFileCount"),
            size_on_disk=stats.integer("sizeOnDisk"),
            last_search_time=f.date_time("lastSearchTime"),
            images=images_of(f),
        )


@dataclass(frozen=True, slots=True)
class AlbumLookup(Lookup):
    """An album found by Lidarr's lookup, with its artist, ready to be added.

    `library_id` is the album's id when it is already in the library.
    """

    title: str
    foreign_album_id: str
    artist: ArtistLookup
    album_type: str = "Album"
    release_date: datetime | None = None
    overview: str | None = None
    images: tuple[Image, ...] = ()
    library_id: int | None = None

    @property
    def year(self) -> int | None:
        """Return the year of the album's release, when known."""
        return self.release_date.year if self.release_date else None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an AlbumResource from /album/lookup (its artist embedded)."""
        f = Fields(data, "album lookup")
        return cls(
            title=f.text("title"),
            foreign_album_id=f.text("foreignAlbumId"),
            artist=ArtistLookup.from_json(f.section("artist").data),
            album_type=f.text("albumType", "Album"),
            release_date=f.date_time("releaseDate"),
            overview=f.opt_text("overview"),
            images=images_of(f),
            library_id=cls.library_id_in(f),
        )


@dataclass(frozen=True, slots=True)
class MetadataProfile:
    """A Lidarr metadata profile (which kinds of release an artist gets)."""

    id: int
    name: str

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MetadataProfileResource."""
        f = Fields(data, "metadata profile")
        return cls(id=f.integer("id"), name=f.text("name"))
