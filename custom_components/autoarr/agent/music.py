"""Music: finding and adding an album in Lidarr ("add the album Brat by
Charli XCX").

The album is looked up through Lidarr (MusicBrainz), matched on its title
and, when one was said, its artist, and added with its artist; only that
album is monitored and searched, as Lidarr's own "add album" does. The
instant sentences and the model's tools (`find_media` and `add_media` with
the kind "album") share it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import re
from typing import Any, Literal

from custom_components.autoarr.arr.errors import ArrError
from custom_components.autoarr.arr.music_models import AlbumLookup

from .languages import get
from .operations.added import AddedMedia, record_add
from .operations.adding import choose_quality_profile, choose_root_folder
from .stack import Instance, LidarrApi, Stack

type AlbumStatus = Literal[
    "added",
    "already_in_library",
    "not_found",
    "no_service",
    "unavailable",
    # Looked up but not added (`add=False`): what a yes would add.
    "to_add",
]


@dataclass(frozen=True, slots=True)
class AlbumOutcome:
    """What became of a request to add an album."""

    status: AlbumStatus
    album: str
    artist: str | None
    found: AlbumLookup | None = None
    service: str | None = None
    unavailable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        data: dict[str, Any] = {
            "status": self.status,
            "album": self.found.title if self.found else self.album,
            "artist": self.found.artist.name if self.found else self.artist,
        }
        if self.found and self.found.year:
            data["year"] = self.found.year
        if self.service:
            data["service"] = self.service
        if self.unavailable:
            data["unavailable"] = self.unavailable
        return data


def readings(
    language: str, title: str, artist: str | None
) -> list[tuple[str, str | None]]:
    """Return the ways to read a request as (album, artist), likeliest first.

    A sentence matcher may hand the whole "Brat by Charli XCX" over as the
    title; it is then read as album and artist first, and as one title
    ("Stand by Me") second.
    """
    if artist:
        return [(title, artist)]
    lowered = title.casefold()
    for word in get(language).album_by:
        at = lowered.rfind(word)
        if at > 0 and title[at + len(word) :].strip():
            return [
                (title[:at].strip(), title[at + len(word) :].strip()),
                (title, None),
            ]
    return [(title, None)]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _best(
    found: list[AlbumLookup], album: str, artist: str | None
) -> AlbumLookup | None:
    """Return the album whose title (and artist, if said) match best."""
    wanted, by = _words(album), _words(artist or "")
    matching = [
        lookup
        for lookup in found
        if wanted in _words(lookup.title)
        and (not by or by in _words(lookup.artist.name))
    ]
    exact = [lookup for lookup in matching if _words(lookup.title) == wanted]
    best = exact or matching
    return best[0] if best else None


async def find_album(
    stack: Stack, language: str, title: str, artist: str | None, limit: int = 5
) -> dict[str, Any]:
    """Look an album up through the Lidarrs: what matches, and what is owned."""
    options = readings(language, title, artist)
    results: list[dict[str, Any]] = []
    down: list[str] = []
    for instance in stack.lidarr:
        for album, by in options:
            term = f"{album} {by}" if by else album
            try:
                found = list(await instance.client.lookup_album(term))
            except ArrError:
                down.append(instance.name)
                break
            wanted, by_words = _words(album), _words(by or "")
            matching = [
                lookup
                for lookup in found
                if wanted in _words(lookup.title)
                and (not by_words or by_words in _words(lookup.artist.name))
            ]
            if matching:
                results.extend(
                    {
                        "kind": "album",
                        "title": lookup.title,
                        "artist": lookup.artist.name,
                        "year": lookup.year,
                        "instance": instance.name,
                        "in_library": lookup.in_library,
                    }
                    for lookup in matching
                )
                break
    return {
        "query": options[0][0],
        "results": results[:limit],
        "unavailable": down,
        **({} if stack.lidarr else {"error": "no Lidarr is set up"}),
    }


async def add_album(
    stack: Stack,
    language: str,
    title: str,
    artist: str | None,
    *,
    search: bool = True,
    add: bool = True,
) -> AlbumOutcome:
    """Find an album through the Lidarrs and add it to the first that has it.

    With `add=False` nothing is added: the album found is returned as
    "to_add", for `add_found` after a yes.
    """
    options = readings(language, title, artist)
    album, artist = options[0]
    if not stack.lidarr:
        return AlbumOutcome("no_service", album, artist)
    down: list[str] = []
    for instance in stack.lidarr:
        for album, artist in options:
            term = f"{album} {artist}" if artist else album
            try:
                found = _best(
                    list(await instance.client.lookup_album(term)), album, artist
                )
            except ArrError:
                down.append(instance.name)
                break
            if found is None:
                continue
            if found.in_library:
                return AlbumOutcome(
                    "already_in_library", album, artist, found, instance.name
                )
            if not add:
                return AlbumOutcome("to_add", album, artist, found, instance.name)
            return await _add(instance, album, artist, found, search=search)
    album, artist = options[0]
    if down and len(down) == len(stack.lidarr):
        return AlbumOutcome("unavailable", album, artist, unavailable=down)
    return AlbumOutcome("not_found", album, artist, unavailable=down)


async def add_found(stack: Stack, outcome: AlbumOutcome) -> AlbumOutcome:
    """Add the album a lookup found ("to_add") to the Lidarr that found it."""
    instance = next((i for i in stack.lidarr if i.name == outcome.service), None)
    if instance is None or outcome.found is None:
        # Removed since it was asked (a held add confirmed later).
        return AlbumOutcome(
            "unavailable",
            outcome.album,
            outcome.artist,
            outcome.found,
            unavailable=[outcome.service or "Lidarr"],
        )
    return await _add(
        instance, outcome.album, outcome.artist, outcome.found, search=True
    )


def said_album(language: str, outcome: AlbumOutcome) -> str:
    """Return an album found as said: "Brat by Charli XCX"."""
    found = outcome.found
    album = found.title if found else outcome.album
    artist = found.artist.name if found else outcome.artist
    by = get(language).music["by"].format(artist=artist) if artist else ""
    return f"{album}{by}"


async def _add(
    instance: Instance[LidarrApi],
    album: str,
    artist: str | None,
    found: AlbumLookup,
    *,
    search: bool,
) -> AlbumOutcome:
    client = instance.client
    unavailable = AlbumOutcome(
        "unavailable", album, artist, found, unavailable=[instance.name]
    )
    try:
        profiles, folders = await asyncio.gather(
            client.quality_profiles(), client.root_folders()
        )
        profile = choose_quality_profile(profiles, None, instance.quality_profile_id)
        folder = choose_root_folder(folders, instance.root_folder_path)
        if profile is None or folder is None:
            return unavailable
        added = await client.add_album(
            found,
            quality_profile_id=profile.id,
            root_folder_path=folder.path,
            search=search,
        )
    except ArrError:
        return unavailable
    record_add(
        AddedMedia(
            instance.name, "album", added.id, found.title, artist=found.artist.name
        )
    )
    return AlbumOutcome("added", album, artist, found, instance.name)


def album_speech(language: str, outcome: AlbumOutcome) -> str:
    """Return the spoken answer to an album request."""
    phrases = get(language).music
    found = outcome.found
    values = {
        "album": found.title if found else outcome.album,
        "artist": found.artist.name if found else outcome.artist or "",
        "service": outcome.service or "",
        "services": ", ".join(outcome.unavailable),
    }
    by = phrases["by"].format(**values) if outcome.artist else ""
    return phrases[outcome.status].format(by=by, **values)
