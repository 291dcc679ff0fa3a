"""Albums by voice: reading the request, matching, and the services' failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from custom_components.autoarr.agent.music import (
    AlbumOutcome,
    add_album,
    add_found,
    album_speech,
    readings,
)
from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.arr.models import RootFolder
from custom_components.autoarr.arr.music_models import Album, AlbumLookup, ArtistLookup

from .fakes import FakeArr


def _album(title: str, artist: str, *, library_id: int | None = None) -> AlbumLookup:
    return AlbumLookup(
        title=title,
        foreign_album_id=f"{artist}/{title}",
        artist=ArtistLookup(name=artist, foreign_artist_id=artist),
        library_id=library_id,
    )


@dataclass
class FakeLidarr(FakeArr):
    """A Lidarr stand-in: looks albums up in a catalog, records adds."""

    catalog: list[AlbumLookup] = field(default_factory=list)
    no_folders: bool = False
    terms: list[str] = field(default_factory=list)
    added: list[tuple[str, int, str, bool]] = field(default_factory=list)

    async def lookup_album(self, term: str) -> list[AlbumLookup]:
        """Return the albums whose title or artist has a word of the term."""
        self._check()
        self.terms.append(term)
        words = term.casefold().split()
        return [
            a
            for a in self.catalog
            if all(w in f"{a.title} {a.artist.name}".casefold() for w in words)
        ]

    async def root_folders(self) -> list[RootFolder]:
        """Return none when the stand-in has no usable folder."""
        return [] if self.no_folders else await super().root_folders()

    async def add_album(self, lookup: AlbumLookup, **options: Any) -> Album:
        """Record the add; return the album, as Lidarr does."""
        self.added.append(
            (
                lookup.title,
                options["quality_profile_id"],
                options["root_folder_path"],
                options["search"],
            )
        )
        return Album(
            id=len(self.added),
            title=lookup.title,
            artist_id=1,
            artist_name=lookup.artist.name,
            foreign_album_id=lookup.foreign_album_id,
            monitored=True,
        )


CATALOG = [
    _album("Brat", "Charli XCX"),
    _album("Brat and It's Completely Different", "Charli XCX"),
    _album("Stand by Me", "Ben E. King"),
    _album("Kid A", "Radiohead", library_id=4),
]


def _stack(*lidarrs: FakeLidarr) -> Stack:
    return Stack(
        lidarr=tuple(
            Instance(f"Lidarr {i}", lidarr) for i, lidarr in enumerate(lidarrs)
        )
    )


@pytest.mark.parametrize(
    ("language", "title", "artist", "expected"),
    [
        ("en", "Brat", "Charli XCX", [("Brat", "Charli XCX")]),
        (
            "en",
            "Stand by Me",
            None,
            [("Stand", "Me"), ("Stand by Me", None)],
        ),
        (
            "de",
            "GNX von Kendrick Lamar",
            None,
            [("GNX", "Kendrick Lamar"), ("GNX von Kendrick Lamar", None)],
        ),
        ("en", "Rumours", None, [("Rumours", None)]),
        ("en", "Music by ", None, [("Music by ", None)]),
    ],
)
def test_readings(
    language: str,
    title: str,
    artist: str | None,
    expected: list[tuple[str, str | None]],
) -> None:
    """A title with "by"/"von" is read as album and artist first."""
    assert readings(language, title, artist) == expected


async def test_exact_title_wins_and_the_whole_title_is_tried_second() -> None:
    """ "Brat" is Brat, not the remix album; "Stand by Me" is found as one title."""
    lidarr = FakeLidarr(catalog=CATALOG)
    outcome = await add_album(_stack(lidarr), "en", "Brat", "charli xcx")
    assert outcome.status == "added"
    assert lidarr.added == [("Brat", 4, "/media/big", True)]

    outcome = await add_album(_stack(lidarr), "en", "Stand by Me", None)
    assert outcome.status == "added"
    assert lidarr.terms[-2:] == ["Stand Me", "Stand by Me"]
    assert album_speech("en", outcome) == (
        "Added the album Stand by Me by Ben E. King to Lidarr 0; searching for it now."
    )


async def test_already_in_library_not_added_again() -> None:
    """An album the library has is reported, not added."""
    lidarr = FakeLidarr(catalog=CATALOG)
    outcome = await add_album(_stack(lidarr), "de", "Kid A", "Radiohead")
    assert outcome.status == "already_in_library"
    assert outcome.as_dict() == {
        "status": "already_in_library",
        "album": "Kid A",
        "artist": "Radiohead",
        "service": "Lidarr 0",
    }
    assert lidarr.added == []
    assert album_speech("de", outcome) == (
        "Das Album Kid A von Radiohead ist schon in deiner Bibliothek."
    )


async def test_unreachable_lidarr_and_the_next_one() -> None:
    """A Lidarr that is down is skipped; when every one is, the answer says so."""
    down, up = FakeLidarr(catalog=CATALOG, down=True), FakeLidarr(catalog=CATALOG)
    outcome = await add_album(_stack(down, up), "en", "Brat", "Charli XCX")
    assert (outcome.status, outcome.service) == ("added", "Lidarr 1")

    outcome = await add_album(_stack(down), "en", "Brat", "Charli XCX")
    assert outcome.status == "unavailable"
    assert outcome.as_dict()["unavailable"] == ["Lidarr 0"]
    assert album_speech("en", outcome) == "Lidarr is not answering right now: Lidarr 0."

    outcome = await add_album(_stack(down, FakeLidarr()), "de", "Brat", None)
    assert outcome.status == "not_found"
    assert album_speech("de", outcome) == "Ich habe das Album Brat nicht gefunden."


async def test_no_usable_folder_or_failing_add() -> None:
    """A Lidarr without a usable root folder, or that fails the add, is unavailable."""
    lidarr = FakeLidarr(catalog=CATALOG, no_folders=True)
    outcome = await add_album(_stack(lidarr), "en", "Brat", None)
    assert outcome.status == "unavailable" and lidarr.added == []
    assert outcome.as_dict()["album"] == "Brat"

    failing = FakeLidarr(catalog=CATALOG)

    async def fail(lookup: AlbumLookup, **options: Any) -> None:
        failing.down = True
        failing._check()

    failing.add_album = fail  # type: ignore[method-assign]
    outcome = await add_album(_stack(failing), "en", "Brat", None)
    assert outcome.status == "unavailable"


async def test_a_held_album_whose_lidarr_is_gone() -> None:
    """An album asked about, its Lidarr removed before the yes: not added."""
    held = AlbumOutcome("to_add", "Brat", "Charli XCX", service="Lidarr")
    gone = await add_found(Stack(), held)
    assert (gone.status, gone.unavailable) == ("unavailable", ["Lidarr"])
    assert album_speech("en", gone) == "Lidarr is not answering right now: Lidarr."
