"""Async client of Sonarr's v3 API, as served by Sonarr v3 and v4."""

from __future__ import annotations

from typing import Any, ClassVar

from .activity_models import CalendarItem, CommandStatus, WantedItem
from .arr_base import ArrClient, Listings, first_id
from .errors import ArrApiError
from .kinds import SONARR, ServiceSpec
from .library_models import Episode, Series, SeriesLookup
from .models import LanguageProfile

# Sonarr's EpisodeHistoryEventType, by the numbers the eventType filter takes.
SONARR_HISTORY_EVENT_TYPES: dict[str, int] = {
    "unknown": 0,
    "grabbed": 1,
    "seriesFolderImported": 2,
    "downloadFolderImported": 3,
    "downloadFailed": 4,
    "episodeFileDeleted": 5,
    "episodeFileRenamed": 6,
    "downloadIgnored": 7,
}


class SonarrClient(ArrClient):
    """Sonarr: series, episodes and their searches on top of the shared API."""

    spec: ClassVar[ServiceSpec] = SONARR
    queue_include: ClassVar[dict[str, bool]] = {
        "includeUnknownSeriesItems": True,
        "includeSeries": True,
        "includeEpisode": True,
    }
    search_missing_command: ClassVar[str] = "MissingEpisodeSearch"
    history_event_types: ClassVar[dict[str, int]] = SONARR_HISTORY_EVENT_TYPES
    library_path: ClassVar[str] = "series"
    listings: ClassVar[Listings] = Listings(
        noun="episodes",
        include={"includeSeries": True},
        calendar_item=CalendarItem.from_episode,
        wanted_item=WantedItem.from_episode,
    )

    async def series(self) -> list[Series]:
        """Return every series in the library."""
        return self._list(await self._get("series"), "series", Series.from_json)

    async def episodes(
        self, series_id: int, season_number: int | None = None
    ) -> list[Episode]:
        """Return the episodes of a series, or of one of its seasons."""
        params: dict[str, Any] = {"seriesId": series_id}
        if season_number is not None:
            params["seasonNumber"] = season_number
        return self._list(
            await self._get("episode", params), "episodes", Episode.from_json
        )

    async def library(self) -> list[Series]:
        """Return every series in the library; same as series."""
        return await self.series()

    async def lookup(self, term: str) -> list[SeriesLookup]:
        """Search for series; same as lookup_series."""
        return await self.lookup_series(term)

    async def lookup_series(self, term: str) -> list[SeriesLookup]:
        """Search for series by name, or by id with "tvdb:123"."""
        return await self._lookup_term("series", term, SeriesLookup.from_json)

    async def language_profiles(self) -> list[LanguageProfile]:
        """Return the language profiles (Sonarr v3 only; v4 answers 404)."""
        return self._list(
            await self._get("languageprofile"),
            "language profiles",
            LanguageProfile.from_json,
        )

    async def add_series(
        self,
        lookup: SeriesLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        monitor: str = "all",
        search: bool = True,
        language_profile_id: int | None = None,
    ) -> Series:
        """Add a looked-up series to the library and return it.

        monitor is one of Sonarr's monitor options ("all", "future", "missing",
        "existing", "firstSeason", "latestSeason", "pilot", "none"...); search
        starts a search for its missing episodes. Sonarr v3 requires a language
        profile: without language_profile_id the first one is used. Sonarr v4
        has none, so the id is not sent to it.
        """
        status = await self._server_status()
        body: dict[str, Any] = {
            "title": lookup.title,
            "tvdbId": lookup.tvdb_id,
            "titleSlug": lookup.title_slug,
            "year": lookup.year,
            "seriesType": lookup.series_type,
            "qualityProfileId": quality_profile_id,
            "rootFolderPath": root_folder_path,
            "monitored": monitor != "none",
            "seasonFolder": True,
            "seasons": [
                {"seasonNumber": number, "monitored": monitor != "none"}
                for number in lookup.season_numbers
            ],
            "images": self._image_bodies(lookup.images),
            "addOptions": {
                "monitor": monitor,
                "searchForMissingEpisodes": search,
                "searchForCutoffUnmetEpisodes": False,
            },
        }
        if lookup.imdb_id:
            body["imdbId"] = lookup.imdb_id
        if lookup.tvmaze_id:
            body["tvMazeId"] = lookup.tvmaze_id
        if not status.is_v4:
            if language_profile_id is None:
                language_profile_id = first_id(
                    await self._get("languageprofile"), "language profile"
                )
            if language_profile_id is None:
                raise ArrApiError(
                    f"Sonarr at {self.base_url} has no language profile to add "
                    f"{lookup.title} with"
                )
            body["languageProfileId"] = language_profile_id
        return Series.from_json(await self._request("POST", "series", json_body=body))

    async def series_search(self, series_id: int) -> CommandStatus:
        """Search for every missing episode of a series."""
        return await self.command("SeriesSearch", seriesId=series_id)

    async def season_search(self, series_id: int, season: int) -> CommandStatus:
        """Search for every missing episode of one season."""
        return await self.command(
            "SeasonSearch", seriesId=series_id, seasonNumber=season
        )

    async def episode_search(self, episode_ids: list[int]) -> CommandStatus:
        """Search for the given episodes."""
        return await self.command("EpisodeSearch", episodeIds=list(episode_ids))

    async def refresh_series(self, series_id: int | None = None) -> CommandStatus:
        """Refresh one series' metadata and files, or every series."""
        if series_id is None:
            return await self.command("RefreshSeries")
        status = await self._server_status()
        # Sonarr v4 takes a list of series; v3 a single id.
        if status.is_v4:
            return await self.command("RefreshSeries", seriesIds=[series_id])
        return await self.command("RefreshSeries", seriesId=series_id)
