"""Async client of Radarr's v3 API."""

from __future__ import annotations

from datetime import datetime
import re
from typing import Any, ClassVar

from .activity_models import CalendarItem, CommandStatus, WantedItem
from .arr_base import ArrClient, Listings, utc_window
from .errors import ArrNotFoundError
from .kinds import RADARR, ServiceSpec
from .library_models import Movie, MovieLookup

# Radarr's MovieHistoryEventType, by the numbers the eventType filter takes
# (2 and 5 are Sonarr's, unused by Radarr).
RADARR_HISTORY_EVENT_TYPES: dict[str, int] = {
    "unknown": 0,
    "grabbed": 1,
    "downloadFolderImported": 3,
    "downloadFailed": 4,
    "movieFileDeleted": 6,
    "movieFolderImported": 7,
    "movieFileRenamed": 8,
    "downloadIgnored": 9,
}

_TMDB_TERM = re.compile(r"^tmdb:\s*(\d+)$", re.IGNORECASE)
_IMDB_TERM = re.compile(r"^(?:imdb:\s*)?(tt\d+)$", re.IGNORECASE)


class RadarrClient(ArrClient):
    """Radarr: movies and their searches on top of the shared API."""

    spec: ClassVar[ServiceSpec] = RADARR
    queue_include: ClassVar[dict[str, bool]] = {
        "includeUnknownMovieItems": True,
        "includeMovie": True,
    }
    search_missing_command: ClassVar[str] = "MissingMoviesSearch"
    history_event_types: ClassVar[dict[str, int]] = RADARR_HISTORY_EVENT_TYPES
    library_path: ClassVar[str] = "movie"
    listings: ClassVar[Listings] = Listings(
        noun="movies",
        include={},
        calendar_item=CalendarItem.from_movie,
        wanted_item=WantedItem.from_movie,
    )

    async def calendar(self, start: datetime, end: datetime) -> list[CalendarItem]:
        """Return the movies released (cinema, digital, physical) in the window."""
        window = utc_window(start, end)
        data = await self._calendar_json(*window, self.listings.include)
        return self._list(
            data,
            f"calendar {self.listings.noun}",
            lambda item: CalendarItem.from_movie(item, window),
        )

    async def movies(self) -> list[Movie]:
        """Return every movie in the library."""
        return self._list(await self._get("movie"), "movies", Movie.from_json)

    async def library(self) -> list[Movie]:
        """Return every movie in the library; same as movies."""
        return await self.movies()

    async def lookup(self, term: str) -> list[MovieLookup]:
        """Search for movies; same as lookup_movie."""
        return await self.lookup_movie(term)

    async def lookup_movie(self, term: str) -> list[MovieLookup]:
        """Search for movies by name, or by id with "tmdb:123" or "imdb:tt123"."""
        text = term.strip()
        if match := _TMDB_TERM.match(text):
            return await self._lookup_by_id("tmdb", {"tmdbId": int(match[1])})
        if match := _IMDB_TERM.match(text):
            return await self._lookup_by_id("imdb", {"imdbId": match[1].lower()})
        return await self._lookup_term("movie", text, MovieLookup.from_json)

    async def _lookup_by_id(
        self, source: str, params: dict[str, Any]
    ) -> list[MovieLookup]:
        """Look a movie up by id; an id the source does not know gives []."""
        try:
            data = await self._get(f"movie/lookup/{source}", params)
        except ArrNotFoundError:
            return []
        return [MovieLookup.from_json(data)]

    async def add_movie(
        self,
        lookup: MovieLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        monitored: bool = True,
        search: bool = True,
        minimum_availability: str = "released",
    ) -> Movie:
        """Add a looked-up movie to the library and return it.

        minimum_availability is "announced", "inCinemas" or "released"; search
        starts a search for it right away.
        """
        body: dict[str, Any] = {
            "title": lookup.title,
            "tmdbId": lookup.tmdb_id,
            "titleSlug": lookup.title_slug,
            "year": lookup.year,
            "qualityProfileId": quality_profile_id,
            "rootFolderPath": root_folder_path,
            "monitored": monitored,
            "minimumAvailability": minimum_availability,
            "images": self._image_bodies(lookup.images),
            "addOptions": {
                "monitor": "movieOnly" if monitored else "none",
                "searchForMovie": search,
            },
        }
        if lookup.imdb_id:
            body["imdbId"] = lookup.imdb_id
        return Movie.from_json(await self._request("POST", "movie", json_body=body))

    async def movie_search(self, movie_ids: list[int]) -> CommandStatus:
        """Search for the given movies."""
        return await self.command("MoviesSearch", movieIds=list(movie_ids))

    async def refresh_movie(self, movie_id: int | None = None) -> CommandStatus:
        """Refresh one movie's metadata and files, or every movie."""
        if movie_id is None:
            return await self.command("RefreshMovie")
        return await self.command("RefreshMovie", movieIds=[movie_id])
