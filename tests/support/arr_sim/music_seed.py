"""Seed data of the Lidarr simulator: real artists and their albums.

Names, years and track counts are the real ones; the MusicBrainz-style ids
are derived from the names (uuid5), so every run sees the same catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
import uuid

_NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")


def mbid(*parts: str) -> str:
    """Return a stable MusicBrainz-style id for a name."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


@dataclass(frozen=True, slots=True)
class AlbumSeed:
    """An album of the catalog."""

    title: str
    year: int
    tracks: int
    album_type: str = "Album"
    # Days from "now" of the release; None for a past release in `year`.
    release_offset_days: int | None = None


@dataclass(frozen=True, slots=True)
class ArtistSeed:
    """An artist of the catalog and their albums."""

    name: str
    artist_type: str
    genres: tuple[str, ...]
    albums: tuple[AlbumSeed, ...]

    @property
    def foreign_id(self) -> str:
        """Return the artist's MusicBrainz-style id."""
        return mbid(self.name)

    def album_id(self, album: AlbumSeed) -> str:
        """Return an album's MusicBrainz-style release group id."""
        return mbid(self.name, album.title)


LIBRARY_ARTISTS: tuple[ArtistSeed, ...] = (
    ArtistSeed(
        "Radiohead",
        "Group",
        ("Alternative Rock", "Art Rock"),
        (
            AlbumSeed("OK Computer", 1997, 12),
            AlbumSeed("Kid A", 2000, 10),
            AlbumSeed("In Rainbows", 2007, 10),
            AlbumSeed("A Moon Shaped Pool", 2016, 11),
        ),
    ),
    ArtistSeed(
        "Daft Punk",
        "Group",
        ("Electronic", "House"),
        (
            AlbumSeed("Discovery", 2001, 14),
            AlbumSeed("Random Access Memories", 2013, 13),
        ),
    ),
    ArtistSeed(
        "Taylor Swift",
        "Person",
        ("Pop",),
        (
            AlbumSeed("1989", 2014, 13),
            AlbumSeed("Folklore", 2020, 16),
            AlbumSeed("The Tortured Poets Department", 2024, 16),
            AlbumSeed("The Next Chapter", 2026, 12, release_offset_days=4),
        ),
    ),
    ArtistSeed(
        "Fleetwood Mac",
        "Group",
        ("Rock",),
        (AlbumSeed("Rumours", 1977, 11),),
    ),
)

# Known to the metadata source, not in the library at start.
CATALOG_ONLY_ARTISTS: tuple[ArtistSeed, ...] = (
    ArtistSeed(
        "Charli XCX",
        "Person",
        ("Pop", "Electropop"),
        (
            AlbumSeed("How I'm Feeling Now", 2020, 11),
            AlbumSeed("Crash", 2022, 12),
            AlbumSeed("Brat", 2024, 15),
        ),
    ),
    ArtistSeed(
        "Billie Eilish",
        "Person",
        ("Pop",),
        (AlbumSeed("Hit Me Hard and Soft", 2024, 10),),
    ),
    ArtistSeed(
        "Kendrick Lamar",
        "Person",
        ("Hip Hop",),
        (AlbumSeed("GNX", 2024, 12),),
    ),
)
