"""The library and lookups: what is there, and what a title refers to."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
import re

from custom_components.autoarr.agent.media import (
    MEDIA_KINDS,
    Candidate,
    MediaKind,
    MediaRequest,
    matches_name,
    score_candidate,
    title_score,
)
from custom_components.autoarr.agent.stack import Instance, Stack

from .common import Json, each


@dataclass(frozen=True, slots=True)
class LibraryMatch:
    """A library item that matches a spoken title."""

    kind: MediaKind
    title: str
    year: int | None
    service: str
    has_file: bool | None

    def as_dict(self) -> Json:
        """Return the match as tool and action data."""
        return {
            "kind": self.kind,
            "title": self.title,
            "year": self.year,
            "service": self.service,
            "has_file": self.has_file,
        }


async def _library(
    stack: Stack, kinds: Sequence[MediaKind]
) -> tuple[list[LibraryMatch], dict[str, set[int]], list[str]]:
    """Return the library items, their external ids per kind, and failures."""
    items: list[LibraryMatch] = []
    ids: dict[str, set[int]] = {"movie": set(), "series": set()}
    (answers, series_down), (movie_answers, movie_down) = await asyncio.gather(
        each(stack.sonarr if "series" in kinds else (), lambda c: c.series()),
        each(stack.radarr if "movie" in kinds else (), lambda c: c.movies()),
    )
    down = [*series_down, *movie_down]
    if "series" in kinds:
        for instance, all_series in answers:
            for series in all_series:
                items.append(
                    LibraryMatch(
                        "series", series.title, series.year, instance.name, None
                    )
                )
                if series.tvdb_id:
                    ids["series"].add(series.tvdb_id)
    if "movie" in kinds:
        for movie_instance, movies in movie_answers:
            for movie in movies:
                items.append(
                    LibraryMatch(
                        "movie",
                        movie.title,
                        movie.year,
                        movie_instance.name,
                        movie.has_file,
                    )
                )
                if movie.tmdb_id:
                    ids["movie"].add(movie.tmdb_id)
    return items, ids, down


def _report(
    query: str,
    listed_as: str,
    found: Sequence[LibraryMatch | Candidate],
    unavailable: list[str],
) -> Json:
    """Return what a title's search found, and who did not answer, as data."""
    return {
        "query": query,
        listed_as: [item.as_dict() for item in found],
        "unavailable": unavailable,
    }


@dataclass(frozen=True, slots=True)
class LibraryReport:
    """Library items matching a title."""

    query: str
    matches: list[LibraryMatch]
    unavailable: list[str]
    # The media servers that have the best match ("Jellyfin").
    playable_on: list[str] = field(default_factory=list)

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        data = _report(self.query, "in_library", self.matches, self.unavailable)
        if self.playable_on:
            data["playable_on"] = self.playable_on
        return data


async def playable_on(
    stack: Stack, item: LibraryMatch | Candidate, has_file: bool | None = None
) -> list[str]:
    """Return the media servers that have a (downloaded) movie or series."""
    if stack.media_servers is None or has_file is False:
        return []
    return await stack.media_servers.playable_on(item.title, item.year, item.kind)


async def in_library(stack: Stack, request: MediaRequest) -> LibraryReport:
    """Return the library items a title refers to, best first."""
    kinds = [request.kind] if request.kind else list(MEDIA_KINDS)
    items, _ids, down = await _library(stack, kinds)
    scored = [
        (score_candidate(request, item.title, item.year), item)
        for item in items
        if title_score(request.title, item.title) >= 0.9
        or matches_name(request.title, item.title)
    ]
    scored.sort(key=lambda pair: -pair[0])
    matches = [item for _, item in scored]
    servers = (
        await playable_on(stack, matches[0], matches[0].has_file) if matches else []
    )
    return LibraryReport(request.title, matches, down, servers)


_UHD_NAME = re.compile(r"4k|uhd|2160", re.IGNORECASE)


def _instance_for[C](
    instances: Sequence[Instance[C]], quality: str | None
) -> tuple[Instance[C], ...]:
    """Return the instance (at most one) that should handle a request.

    People who run a second Sonarr or Radarr for 4K name it so ("Radarr
    4K"): a 4K request goes there, every other request to the first one that
    is not a 4K instance.
    """
    if not instances:
        return ()
    uhd = [i for i in instances if _UHD_NAME.search(i.name)]
    other = [i for i in instances if not _UHD_NAME.search(i.name)]
    preferred = uhd if quality == "2160p" else other
    return ((preferred or list(instances))[0],)


async def lookup(
    stack: Stack,
    request: MediaRequest,
    kinds: Sequence[MediaKind],
    term: str | None = None,
) -> tuple[list[Candidate], list[str]]:
    """Look the title (or an id term) up on the first service of each kind."""
    term = term or request.title
    sonarr = _instance_for(stack.sonarr, request.quality) if "series" in kinds else ()
    radarr = _instance_for(stack.radarr, request.quality) if "movie" in kinds else ()
    # The library (to mark what is already there) and the lookups, at once.
    (
        (_items, library_ids, down),
        (answers, series_down),
        (movie_answers, movie_down),
    ) = await asyncio.gather(
        _library(stack, kinds),
        each(sonarr, lambda c: c.lookup_series(term)),
        each(radarr, lambda c: c.lookup_movie(term)),
    )
    down = [*down, *series_down, *movie_down]
    candidates: list[Candidate] = []
    if sonarr:
        for _i, found in answers:
            candidates.extend(
                Candidate(
                    kind="series",
                    title=series.title,
                    year=series.year,
                    external_id=f"tvdb:{series.tvdb_id}",
                    instance=sonarr[0].name,
                    in_library=series.tvdb_id in library_ids["series"],
                    score=score_candidate(request, series.title, series.year),
                    lookup=series,
                )
                for series in found
            )
    if radarr:
        for _radarr, movies in movie_answers:
            candidates.extend(
                Candidate(
                    kind="movie",
                    title=movie.title,
                    year=movie.year,
                    external_id=f"tmdb:{movie.tmdb_id}",
                    instance=radarr[0].name,
                    in_library=movie.tmdb_id in library_ids["movie"],
                    score=score_candidate(request, movie.title, movie.year),
                    lookup=movie,
                )
                for movie in movies
            )
    return candidates, sorted(set(down))


@dataclass(frozen=True, slots=True)
class FindReport:
    """Lookup results for a title, best first."""

    query: str
    candidates: list[Candidate]
    unavailable: list[str]

    def as_dict(self) -> Json:
        """Return the report as tool and action data."""
        return _report(self.query, "results", self.candidates, self.unavailable)


async def find_media(stack: Stack, request: MediaRequest, limit: int = 5) -> FindReport:
    """Look a title up on Sonarr and/or Radarr and rank what they found."""
    kinds = [request.kind] if request.kind else list(MEDIA_KINDS)
    candidates, down = await lookup(stack, request, kinds)
    candidates.sort(key=lambda c: (-c.score, c.kind, -(c.year or 0)))
    return FindReport(request.title, candidates[:limit], down)
