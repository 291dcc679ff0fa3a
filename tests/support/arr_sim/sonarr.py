"""The Sonarr simulator: series, episodes and their searches.

It serves Sonarr's v3 API as Sonarr v4 does by default; pass a 3.x version
to act as Sonarr v3 (language profiles required when adding a series, a
single seriesId in RefreshSeries).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from aiohttp import web

from custom_components.autoarr.arr.fields import parse_datetime
from tests.support.contract import ArrKind

from .base import (
    GIB,
    ArrSimulator,
    ArrState,
    Handler,
    Json,
    SimCommand,
    SimQueueItem,
    download_client_json,
    error_response,
    indexer_json,
    invalid_add_target,
    iso,
    json_response,
    paged,
    query_bool,
    release_name,
    slug,
    validation_error,
)
from .seed import CATALOG_ONLY_SERIES, LIBRARY_SERIES, SeriesSeed

SONARR_V4 = "4.0.19.2710"
SONARR_V3 = "3.0.10.1567"
SEARCH_GRAB_LIMIT = 3

SONARR_HISTORY_EVENTS = {
    "unknown": 0,
    "grabbed": 1,
    "seriesFolderImported": 2,
    "downloadFolderImported": 3,
    "downloadFailed": 4,
    "episodeFileDeleted": 5,
    "episodeFileRenamed": 6,
    "downloadIgnored": 7,
}


@dataclass
class SimSeries:
    """A series in the simulated library."""

    id: int
    seed: SeriesSeed
    path: str
    quality_profile_id: int
    added: datetime
    monitored: bool = True
    language_profile_id: int = 1
    season_monitored: dict[int, bool] = field(default_factory=dict)


@dataclass
class SimEpisode:
    """An episode of a series in the simulated library."""

    id: int
    series_id: int
    season_number: int
    episode_number: int
    title: str
    air_date_utc: datetime | None
    has_file: bool = False
    monitored: bool = True
    size: int = 0
    quality: str = "WEBDL-1080p"
    last_search_time: datetime | None = None


# When the seeded history grabs and imports an aired episode.
SEEDED_GRAB_DELAY = timedelta(hours=3)
SEEDED_IMPORT_DELAY = timedelta(hours=3, minutes=25)


class SonarrState(ArrState):
    """The simulated Sonarr's library, queue, history and settings."""

    kind: ClassVar[ArrKind] = "sonarr"
    named_from: ClassVar[tuple[int, ...]] = (3, 0, 8)
    app_name: ClassVar[str] = "Sonarr"
    search_missing_command: ClassVar[str] = "MissingEpisodeSearch"

    def __init__(
        self, *, now: datetime, version: str = SONARR_V4, seed: int = 7
    ) -> None:
        """Build the seeded library around now."""
        super().__init__(now=now, version=version, seed=seed)
        self.catalog: dict[int, SeriesSeed] = {
            s.tvdb_id: s for s in (*LIBRARY_SERIES, *CATALOG_ONLY_SERIES)
        }
        self.series: dict[int, SimSeries] = {}
        self.episodes: dict[int, SimEpisode] = {}
        self.language_profiles: list[Json] = [
            {
                "id": 1,
                "name": "English",
                "upgradeAllowed": False,
                "cutoff": {"id": 1, "name": "English"},
                "languages": [
                    {"id": 1, "language": {"id": 1, "name": "English"}, "allowed": True}
                ],
            }
        ]
        if self.is_v4:
            # Sonarr v4 keeps the endpoint for old clients with one stub.
            self.language_profiles[0]["name"] = "Deprecated"
        for index, series_seed in enumerate(LIBRARY_SERIES):
            self.add_series(
                series_seed,
                quality_profile_id=2 if index % 3 else 1,
                root_folder="/tv/",
                added=self.now - timedelta(days=400 - index * 9),
                with_files=True,
            )
        self._seed_queue()
        self._seed_history()
        self._seed_settings()

    @property
    def is_v4(self) -> bool:
        """Return whether the simulated server is Sonarr v4."""
        return int(self.version.split(".")[0]) >= 4

    # Library

    def add_series(
        self,
        series_seed: SeriesSeed,
        *,
        quality_profile_id: int,
        root_folder: str,
        added: datetime | None = None,
        monitor: str = "all",
        monitored: bool = True,
        with_files: bool = False,
        language_profile_id: int = 1,
    ) -> SimSeries:
        """Add a series from the catalog, with its episodes."""
        series = SimSeries(
            id=self.next_id("series"),
            seed=series_seed,
            path=f"{root_folder.rstrip('/')}/{series_seed.title}",
            quality_profile_id=quality_profile_id,
            added=added or self.now,
            monitored=monitored,
            language_profile_id=language_profile_id,
        )
        self.series[series.id] = series
        for season_number, episode_count in enumerate(series_seed.seasons, start=1):
            series.season_monitored[season_number] = True
            for number in range(1, episode_count + 1):
                air = self._air_date(series_seed, season_number, number)
                aired = air is not None and air <= self.now
                # The seeded history imports a file three and a half hours
                # after the airing; an episode aired since has none yet.
                has_file = (
                    with_files
                    and aired
                    and self.random.random() > 0.08
                    and air is not None
                    and air <= self.now - SEEDED_IMPORT_DELAY
                )
                episode = SimEpisode(
                    id=self.next_id("episode"),
                    series_id=series.id,
                    season_number=season_number,
                    episode_number=number,
                    title=f"Episode {number}"
                    if series_seed.series_type != "daily"
                    else f"{air:%Y-%m-%d}"
                    if air
                    else "TBA",
                    air_date_utc=air,
                    has_file=has_file,
                    size=self.random.randint(300, 4000) * 1024**2 if has_file else 0,
                )
                self.episodes[episode.id] = episode
        self._apply_monitor(series, monitor)
        return series

    def _air_date(
        self, series_seed: SeriesSeed, season: int, number: int
    ) -> datetime | None:
        """Return when an episode airs, so continuing series air around now."""
        if series_seed.status == "upcoming":
            return None
        count = len(series_seed.seasons)
        hour = self.now.replace(hour=2, minute=0, second=0)
        if series_seed.series_type == "daily":
            total = series_seed.seasons[0]
            return hour + timedelta(days=number - total + 5)
        if series_seed.status == "continuing" and season == count:
            # The latest season is airing: half aired, half still to come.
            middle = series_seed.seasons[-1] // 2
            return hour + timedelta(days=7 * (number - middle) - 1)
        years_back = count - season + (0 if series_seed.status == "continuing" else 1)
        start = hour - timedelta(days=365 * years_back + 60)
        return start + timedelta(days=7 * (number - 1))

    def _apply_monitor(self, series: SimSeries, monitor: str) -> None:
        episodes = self.series_episodes(series.id)
        last_season = max((e.season_number for e in episodes), default=0)
        for episode in episodes:
            aired = (
                episode.air_date_utc is not None and episode.air_date_utc <= self.now
            )
            episode.monitored = {
                "all": True,
                "future": not aired,
                "missing": not episode.has_file,
                "existing": episode.has_file,
                "firstSeason": episode.season_number == 1,
                "lastSeason": episode.season_number == last_season,
                "latestSeason": episode.season_number == last_season,
                "pilot": episode.season_number == 1 and episode.episode_number == 1,
                "recent": aired
                and episode.air_date_utc is not None
                and episode.air_date_utc >= self.now - timedelta(days=90),
                "none": False,
            }.get(monitor, True)
        for season in series.season_monitored:
            series.season_monitored[season] = any(
                e.monitored for e in episodes if e.season_number == season
            )

    def series_episodes(self, series_id: int) -> list[SimEpisode]:
        """Return a series' episodes in order."""
        return sorted(
            (e for e in self.episodes.values() if e.series_id == series_id),
            key=lambda e: (e.season_number, e.episode_number),
        )

    def missing_episodes(self) -> list[SimEpisode]:
        """Return monitored, aired episodes without a file, newest first."""
        missing = [
            e
            for e in self.episodes.values()
            if e.monitored
            and not e.has_file
            and e.air_date_utc is not None
            and e.air_date_utc <= self.now
            and self.series[e.series_id].monitored
        ]
        return sorted(missing, key=lambda e: (e.air_date_utc, e.id), reverse=True)

    def series_by_title(self, title: str) -> SimSeries:
        """Return a library series by its title (for tests)."""
        return next(s for s in self.series.values() if s.seed.title == title)

    def episode_media(self, episode: SimEpisode) -> dict[str, int]:
        """Return the media ids of an episode, as queue and history carry them."""
        return {
            "seriesId": episode.series_id,
            "episodeId": episode.id,
            "seasonNumber": episode.season_number,
        }

    def release_title(self, episode: SimEpisode, quality: str = "WEBDL-1080p") -> str:
        """Return a scene-like release name for an episode."""
        name = release_name(self.series[episode.series_id].seed.title)
        resolution = quality.rsplit("-", 1)[-1]
        return f"{name}.S{episode.season_number:02d}E{episode.episode_number:02d}.{resolution}.WEB.h264-GRP"

    # Seeds

    def _seed_queue(self) -> None:
        missing = self.missing_episodes()
        picks = iter(missing)

        def next_media() -> tuple[SimEpisode, dict[str, int]]:
            episode = next(picks)
            return episode, self.episode_media(episode)

        states: list[dict[str, Any]] = [
            {"done": 0.42},
            {"done": 0.0, "status": "queued"},
            {"done": 0.15, "status": "paused"},
            {
                "done": 1.0,
                "status": "completed",
                "tracked_download_status": "warning",
                "tracked_download_state": "importPending",
                "status_messages": [
                    (
                        "One or more episodes expected in this release were not imported or missing from the release",
                        [],
                    )
                ],
                "output_path": "/downloads/complete/tv/{title}",
            },
            {
                "done": 1.0,
                "status": "completed",
                "tracked_download_state": "importing",
                "output_path": "/downloads/complete/tv/{title}",
            },
            {
                "done": 1.0,
                "status": "completed",
                "tracked_download_state": "imported",
                "output_path": "/downloads/complete/tv/{title}",
            },
            {
                "done": 0.7,
                "status": "failed",
                "tracked_download_status": "error",
                "tracked_download_state": "failedPending",
                "error_message": "Unpacking failed, write error or disk is full?",
                "status_messages": [
                    ("{title}", ["Unpacking failed, write error or disk is full?"])
                ],
            },
            {
                "done": 0.31,
                "status": "failed",
                "tracked_download_status": "error",
                "tracked_download_state": "failed",
                "error_message": "Aborted, cannot be completed - https://sabnzbd.org/not-complete",
            },
            {"done": 1.0, "status": "completed", "tracked_download_state": "ignored"},
            {
                "done": 1.0,
                "status": "completed",
                "tracked_download_status": "warning",
                "tracked_download_state": "importBlocked",
                "status_messages": [
                    ("{title}.mkv", ["Not an upgrade for existing episode file(s)"])
                ],
                "output_path": "/downloads/complete/tv/{title}",
            },
            {
                "done": 0.55,
                "status": "warning",
                "tracked_download_status": "warning",
                "tracked_download_state": "downloading",
                "status_messages": [
                    ("{title}", ["The download is stalled with no connections"])
                ],
            },
            {"done": 0.0, "status": "delay", "download_client": None},
        ]
        for index, options in enumerate(states):
            episode, media = next_media()
            quality = "WEBDL-1080p" if index % 3 else "HDTV-720p"
            title = self.release_title(episode, quality)
            done = options.pop("done")
            if "output_path" in options:
                options["output_path"] = options["output_path"].format(title=title)
            options["status_messages"] = [
                (heading.format(title=title), lines)
                for heading, lines in options.get("status_messages", [])
            ]
            if options.get("download_client", "") is None:
                options["download_client"] = "SABnzbd"
                options["protocol"] = "usenet"
            item = self.add_queue_item(
                title,
                media,
                size=self.random.randint(1, 5) * GIB,
                done=done,
                quality=quality,
                **options,
            )
            self.add_history(
                "grabbed",
                title,
                media,
                date=item.added,
                download_id=item.download_id,
                quality=quality,
                data={"indexer": item.indexer, "downloadClient": item.download_client},
            )
        # A download Sonarr cannot match to any series.
        self.add_queue_item(
            "Some.Random.Show.S01E01.1080p.WEB.h264-UNKNOWN",
            {},
            size=GIB,
            done=1.0,
            status="completed",
            tracked_download_status="warning",
            tracked_download_state="importPending",
            status_messages=[
                ("Some.Random.Show.S01E01.1080p.WEB.h264-UNKNOWN", ["Unknown Series"])
            ],
        )

    def _seed_history(self) -> None:
        with_files = sorted(
            (e for e in self.episodes.values() if e.has_file and e.air_date_utc),
            key=lambda e: e.air_date_utc or self.now,
            reverse=True,
        )
        for episode in with_files[:20]:
            title = self.release_title(episode)
            when = (episode.air_date_utc or self.now) + SEEDED_GRAB_DELAY
            self.add_history(
                "grabbed",
                title,
                self.episode_media(episode),
                date=when,
                download_id=f"SABnzbd_nzo_h{episode.id}",
                data={"indexer": "NZBgeek"},
            )
            self.add_history(
                "downloadFolderImported",
                title,
                self.episode_media(episode),
                date=when + SEEDED_IMPORT_DELAY - SEEDED_GRAB_DELAY,
                download_id=f"SABnzbd_nzo_h{episode.id}",
                data={
                    "droppedPath": f"/downloads/complete/tv/{title}",
                    "importedPath": f"{self.series[episode.series_id].path}/{title}.mkv",
                },
            )
        failures = [
            "Download failed: Unpacking failed, write error or disk is full?",
            "Aborted, cannot be completed - https://sabnzbd.org/not-complete",
            "Download doesn't contain intermediate path, skipping import",
            "Repair failed, not enough repair blocks (12 short)",
        ]
        for index, episode in enumerate(self.missing_episodes()[20:24]):
            title = self.release_title(episode).replace("-GRP", f"-BAD{index}")
            when = self.now - timedelta(hours=5 + index * 11)
            self.add_history(
                "grabbed",
                title,
                self.episode_media(episode),
                date=when,
                download_id=f"SABnzbd_nzo_f{index}",
                data={"indexer": "NZBplanet"},
            )
            self.add_history(
                "downloadFailed",
                title,
                self.episode_media(episode),
                date=when + timedelta(minutes=40),
                download_id=f"SABnzbd_nzo_f{index}",
                data={"message": failures[index % len(failures)]},
            )

    def _seed_settings(self) -> None:
        self.config = {
            "mediamanagement": {
                "id": 1,
                "autoUnmonitorPreviouslyDownloadedEpisodes": False,
                "recycleBin": "",
                "recycleBinCleanupDays": 7,
                "downloadPropersAndRepacks": "preferAndUpgrade",
                "createEmptySeriesFolders": False,
                "deleteEmptyFolders": False,
                "fileDate": "none",
                "rescanAfterRefresh": "always",
                "setPermissionsLinux": False,
                "chmodFolder": "755",
                "chownGroup": "",
                "episodeTitleRequired": "always",
                "skipFreeSpaceCheckWhenImporting": False,
                "minimumFreeSpaceWhenImporting": 100,
                "copyUsingHardlinks": True,
                "useScriptImport": False,
                "scriptImportPath": "",
                "importExtraFiles": False,
                "extraFileExtensions": "srt",
                "enableMediaInfo": True,
            },
            "naming": {
                "id": 1,
                "renameEpisodes": True,
                "replaceIllegalCharacters": True,
                "colonReplacementFormat": 4,
                "customColonReplacementFormat": "",
                "multiEpisodeStyle": 5,
                "standardEpisodeFormat": "{Series TitleYear} - S{season:00}E{episode:00} - {Episode CleanTitle} [{Preferred Words }{Quality Full}]{[MediaInfo VideoDynamicRangeType]}{[Mediainfo AudioCodec}{ Mediainfo AudioChannels]}{MediaInfo AudioLanguages}{[MediaInfo VideoCodec]}{-Release Group}",
                "dailyEpisodeFormat": "{Series TitleYear} - {Air-Date} - {Episode CleanTitle} [{Quality Full}]{-Release Group}",
                "animeEpisodeFormat": "{Series TitleYear} - S{season:00}E{episode:00} - {absolute:000} - {Episode CleanTitle} [{Quality Full}]{-Release Group}",
                "seriesFolderFormat": "{Series TitleYear} [tvdbid-{TvdbId}]",
                "seasonFolderFormat": "Season {season:00}",
                "specialsFolderFormat": "Specials",
            },
            "downloadclient": {
                "id": 1,
                "downloadClientWorkingFolders": "_UNPACK_|_FAILED_",
                "enableCompletedDownloadHandling": True,
                "autoRedownloadFailed": True,
                "autoRedownloadFailedFromInteractiveSearch": True,
            },
        }
        self.download_clients = [
            download_client_json(
                1,
                "SABnzbd",
                "Sabnzbd",
                "usenet",
                {
                    "host": "sabnzbd",
                    "port": 8080,
                    "useSsl": False,
                    "urlBase": "",
                    "apiKey": "********",
                    "tvCategory": "tv",
                    "recentTvPriority": -100,
                    "olderTvPriority": -100,
                },
            ),
        ]
        self.indexers = [
            {
                **indexer_json(
                    1,
                    "NZBgeek",
                    {
                        "baseUrl": "https://api.nzbgeek.info",
                        "apiPath": "/api",
                        "apiKey": "********",
                        "categories": [5030, 5040],
                    },
                ),
                "seasonSearchMaximumSingleEpisodeAge": 0,
            },
            {
                **indexer_json(
                    2,
                    "NZBplanet",
                    {
                        "baseUrl": "https://api.nzbplanet.net",
                        "apiPath": "/api",
                        "apiKey": "********",
                        "categories": [5030, 5040],
                    },
                    priority=30,
                ),
                "seasonSearchMaximumSingleEpisodeAge": 0,
            },
        ]

    # Commands

    def known_commands(self) -> set[str]:
        """Return the command names Sonarr accepts."""
        return super().known_commands() | {
            "SeriesSearch",
            "SeasonSearch",
            "EpisodeSearch",
            "RefreshSeries",
            "RenameSeries",
        }

    def run_command(self, command: SimCommand) -> None:
        """Searches grab releases for the missing episodes they cover."""
        body = command.body
        if command.name == "MissingEpisodeSearch":
            targets = self.missing_episodes()
        elif command.name in ("SeriesSearch", "SeasonSearch"):
            series_id = body.get("seriesId")
            if series_id not in self.series:
                self._fail(command, f"Series with ID {series_id} does not exist")
                return
            targets = [
                e
                for e in self.missing_episodes()
                if e.series_id == series_id
                and (
                    command.name == "SeriesSearch"
                    or e.season_number == body.get("seasonNumber")
                )
            ]
        elif command.name == "EpisodeSearch":
            wanted = set(body.get("episodeIds") or [])
            targets = [self.episodes[i] for i in sorted(wanted) if i in self.episodes]
        else:
            return
        self._grab_episodes(targets, manual=command.name == "EpisodeSearch")

    def _fail(self, command: SimCommand, reason: str) -> None:
        command.status = "failed"
        command.result = "unsuccessful"
        command.exception = reason
        command.message = reason

    def _grab_episodes(
        self, episodes: list[SimEpisode], *, manual: bool = False
    ) -> None:
        queued = {item.media.get("episodeId") for item in self.queue.values()}
        grabbed = 0
        for episode in episodes:
            episode.last_search_time = self.now
            if episode.id in queued or (episode.has_file and not manual):
                continue
            if grabbed >= SEARCH_GRAB_LIMIT:
                break
            self.grab(self.release_title(episode), self.episode_media(episode))
            grabbed += 1

    def on_imported(self, item: SimQueueItem) -> None:
        """Mark the imported episode as having its file."""
        episode = self.episodes.get(item.media.get("episodeId", -1))
        if episode is not None:
            episode.has_file = True
            episode.size = item.size

    def cover_ids(self) -> Collection[int]:
        """Return the library's series: the server keeps their pictures."""
        return self.series.keys()

    def cover_title(self, media_id: int) -> str:
        """Return the title the item's pictures show."""
        return self.series[media_id].seed.title

    # Serializers

    def series_json(self, series: SimSeries) -> Json:
        """Return the SeriesResource of a library series."""
        episodes = self.series_episodes(series.id)
        data = self.catalog_json(series.seed)
        data["images"] = self.local_images(series.id, data["images"])
        aired = [e for e in episodes if e.air_date_utc and e.air_date_utc <= self.now]
        upcoming = [e for e in episodes if e.air_date_utc and e.air_date_utc > self.now]
        data.update(
            {
                "id": series.id,
                "path": series.path,
                "rootFolderPath": series.path.rsplit("/", 1)[0] + "/",
                "qualityProfileId": series.quality_profile_id,
                "monitored": series.monitored,
                "seasonFolder": True,
                "added": iso(series.added),
                "previousAiring": iso(
                    max((e.air_date_utc for e in aired if e.air_date_utc), default=None)
                ),
                "nextAiring": iso(
                    min(
                        (e.air_date_utc for e in upcoming if e.air_date_utc),
                        default=None,
                    )
                ),
                "seasons": [
                    self._season_json(series, number, episodes)
                    for number in sorted(series.season_monitored)
                ],
                "statistics": self._statistics(
                    episodes, seasons=len(series.season_monitored)
                ),
            }
        )
        if not self.is_v4:
            data["languageProfileId"] = series.language_profile_id
        return data

    def _season_json(
        self, series: SimSeries, number: int, episodes: list[SimEpisode]
    ) -> Json:
        season_episodes = [e for e in episodes if e.season_number == number]
        return {
            "seasonNumber": number,
            "monitored": series.season_monitored[number],
            "statistics": self._statistics(season_episodes),
        }

    def _statistics(
        self, episodes: list[SimEpisode], *, seasons: int | None = None
    ) -> Json:
        aired_or_file = [
            e
            for e in episodes
            if e.has_file
            or (e.monitored and e.air_date_utc and e.air_date_utc <= self.now)
        ]
        with_file = [e for e in episodes if e.has_file]
        stats: Json = {
            "episodeFileCount": len(with_file),
            "episodeCount": len(aired_or_file),
            "totalEpisodeCount": len(episodes),
            "sizeOnDisk": sum(e.size for e in with_file),
            "releaseGroups": ["GRP"] if with_file else [],
            "percentOfEpisodes": round(len(with_file) / len(aired_or_file) * 100, 2)
            if aired_or_file
            else 0.0,
        }
        if seasons is not None:
            stats["seasonCount"] = seasons
        return stats

    def catalog_json(self, series_seed: SeriesSeed) -> Json:
        """Return the SeriesResource the metadata lookup gives for a series."""
        poster = (
            f"https://artworks.thetvdb.com/banners/posters/{series_seed.tvdb_id}-1.jpg"
        )
        return {
            "title": series_seed.title,
            "alternateTitles": [],
            "sortTitle": series_seed.title.lower().removeprefix("the "),
            "status": series_seed.status,
            "ended": series_seed.status == "ended",
            "overview": f"{series_seed.title} ({series_seed.year}), a {series_seed.genres[0].lower()} series on {series_seed.network}.",
            "network": series_seed.network,
            "airTime": "21:00",
            "images": [
                {
                    "coverType": "poster",
                    "url": poster,
                    "remoteUrl": poster,
                }
            ],
            "originalLanguage": {"id": 1, "name": "English"},
            "remotePoster": poster,
            "seasons": [
                {"seasonNumber": n, "monitored": False}
                for n in range(1, len(series_seed.seasons) + 1)
            ],
            "year": series_seed.year,
            "qualityProfileId": 0,
            "seasonFolder": False,
            "monitored": False,
            "monitorNewItems": "all",
            "useSceneNumbering": False,
            "runtime": series_seed.runtime,
            "tvdbId": series_seed.tvdb_id,
            "tvRageId": 0,
            "tvMazeId": series_seed.tvdb_id // 10,
            "tmdbId": series_seed.tvdb_id // 3,
            "firstAired": iso(
                datetime(series_seed.year, 1, 20, tzinfo=self.now.tzinfo)
            ),
            "seriesType": series_seed.series_type,
            "cleanTitle": slug(series_seed.title).replace("-", ""),
            "imdbId": series_seed.imdb_id,
            "titleSlug": slug(series_seed.title),
            "folder": series_seed.title,
            "certification": "TV-MA",
            "genres": list(series_seed.genres),
            "tags": [],
            "added": "0001-01-01T00:00:00Z",
            "ratings": {"votes": 1000 + series_seed.tvdb_id % 5000, "value": 8.1},
            "statistics": {
                "seasonCount": len(series_seed.seasons),
                "episodeFileCount": 0,
                "episodeCount": 0,
                "totalEpisodeCount": 0,
                "sizeOnDisk": 0,
                "percentOfEpisodes": 0.0,
            },
        }

    def episode_json(
        self, episode: SimEpisode, *, include_series: bool = False
    ) -> Json:
        """Return an EpisodeResource."""
        series = self.series[episode.series_id]
        data: Json = {
            "id": episode.id,
            "seriesId": episode.series_id,
            "tvdbId": series.seed.tvdb_id * 100 + episode.id % 100,
            "episodeFileId": episode.id if episode.has_file else 0,
            "seasonNumber": episode.season_number,
            "episodeNumber": episode.episode_number,
            "title": episode.title,
            "airDate": f"{episode.air_date_utc:%Y-%m-%d}"
            if episode.air_date_utc
            else None,
            "airDateUtc": iso(episode.air_date_utc),
            "lastSearchTime": iso(episode.last_search_time),
            "runtime": series.seed.runtime,
            "overview": f"Episode {episode.episode_number} of season {episode.season_number}.",
            "hasFile": episode.has_file,
            "monitored": episode.monitored,
            "unverifiedSceneNumbering": False,
        }
        if series.seed.series_type == "anime":
            data["absoluteEpisodeNumber"] = (
                episode.id
                - min(e.id for e in self.episodes.values() if e.series_id == series.id)
                + 1
            )
        if include_series:
            data["series"] = self.series_json(series)
        return data

    def queue_item_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Return a QueueResource; Sonarr v3 names no season outside the episode."""
        data = super().queue_item_json(item, include)
        if not self.is_v4:
            data.pop("seasonNumber", None)
        return data

    def queue_media_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Embed the series and episode when asked for."""
        data: Json = {}
        episode = self.episodes.get(item.media.get("episodeId", -1))
        if episode is None:
            return data
        data["episodeHasFile"] = episode.has_file
        if include.get("series"):
            data["series"] = self.series_json(self.series[episode.series_id])
        if include.get("episode"):
            data["episode"] = self.episode_json(episode)
        return data

    def quality_source(self, source: str) -> str:
        """Sonarr's sources are web, bluray, television..."""
        return source


class SonarrSimulator(ArrSimulator):
    """A running simulated Sonarr."""

    kind: ClassVar[ArrKind] = "sonarr"
    state: SonarrState

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Add Sonarr's endpoints to the shared ones."""
        yield from super().routes()
        yield "GET", "series", self.get_series
        yield "POST", "series", self.post_series
        yield "GET", "series/lookup", self.get_series_lookup
        yield "GET", "episode", self.get_episodes
        yield "GET", "languageprofile", self.get_language_profiles
        yield "GET", "calendar", self.get_calendar
        yield "GET", "wanted/missing", self.get_wanted_missing
        yield "GET", "mediacover/{seriesId}/{filename}", self.get_media_cover

    def history_event_numbers(self) -> dict[str, int]:
        """Sonarr's history event numbers."""
        return SONARR_HISTORY_EVENTS

    def queue_include(self, request: web.Request) -> dict[str, bool]:
        """Sonarr embeds series and episode on request."""
        return {
            "series": query_bool(request, "includeSeries"),
            "episode": query_bool(request, "includeEpisode"),
        }

    def include_unknown(self, request: web.Request) -> bool:
        """includeUnknownSeriesItems."""
        return query_bool(request, "includeUnknownSeriesItems")

    async def get_series(self, request: web.Request) -> web.Response:
        """GET /series (optionally by tvdbId)."""
        series = sorted(self.state.series.values(), key=lambda s: s.id)
        if "tvdbId" in request.query:
            series = [
                s for s in series if str(s.seed.tvdb_id) == request.query["tvdbId"]
            ]
        return json_response([self.state.series_json(s) for s in series])

    async def get_episodes(self, request: web.Request) -> web.Response:
        """GET /episode?seriesId=[&seasonNumber=]: a series' episodes."""
        try:
            series_id = int(request.query["seriesId"])
            season = request.query.get("seasonNumber")
            season_number = None if season is None else int(season)
        except KeyError, ValueError:
            return error_response(400, "seriesId is missing or not a number")
        if series_id not in self.state.series:
            return error_response(404, "Series does not exist")
        episodes = [
            e
            for e in self.state.series_episodes(series_id)
            if season_number is None or e.season_number == season_number
        ]
        return json_response([self.state.episode_json(e) for e in episodes])

    async def get_series_lookup(self, request: web.Request) -> web.Response:
        """GET /series/lookup?term=... ("tvdb:123" looks up by id)."""
        term = request.query.get("term", "").strip()
        if term.lower().startswith("tvdb:"):
            wanted = term[5:].strip()
            seeds = [s for s in self.state.catalog.values() if str(s.tvdb_id) == wanted]
        else:
            words = term.lower().split()
            seeds = [
                s
                for s in self.state.catalog.values()
                if words and all(w in s.title.lower() for w in words)
            ]
        library = {s.seed.tvdb_id: s for s in self.state.series.values()}
        results = []
        for series_seed in seeds:
            if series_seed.tvdb_id in library:
                results.append(self.state.series_json(library[series_seed.tvdb_id]))
            else:
                results.append(self.state.catalog_json(series_seed))
        return json_response(results)

    async def get_language_profiles(self, request: web.Request) -> web.Response:
        """GET /languageprofile."""
        return json_response(self.state.language_profiles)

    async def post_series(self, request: web.Request) -> web.Response:
        """POST /series: add a series from the catalog."""
        body = await request.json()
        state = self.state
        if not isinstance(body, dict):
            return error_response(400, "Invalid request body")
        tvdb_id = body.get("tvdbId")
        series_seed = state.catalog.get(tvdb_id) if isinstance(tvdb_id, int) else None
        if series_seed is None:
            return validation_error(
                "TvdbId", "'Tvdb Id' must be a series known to TheTVDB.", tvdb_id
            )
        if any(s.seed.tvdb_id == tvdb_id for s in state.series.values()):
            return validation_error(
                "TvdbId", "This series has already been added", tvdb_id
            )
        if (invalid := invalid_add_target(state, body)) is not None:
            return invalid
        profile_id = body["qualityProfileId"]
        root = str(body["rootFolderPath"])
        language_id = body.get("languageProfileId")
        if not state.is_v4 and not any(
            p["id"] == language_id for p in state.language_profiles
        ):
            return validation_error(
                "LanguageProfileId",
                "'Language Profile Id' must be greater than '0'.",
                language_id,
            )
        options = body.get("addOptions") or {}
        series = state.add_series(
            series_seed,
            quality_profile_id=profile_id,
            root_folder=root,
            monitor=options.get("monitor", "all"),
            monitored=bool(body.get("monitored", True)),
            language_profile_id=language_id if isinstance(language_id, int) else 1,
        )
        if options.get("searchForMissingEpisodes"):
            command = state.start_command("SeriesSearch", {"seriesId": series.id})
            state.poll_command(command)
            state.poll_command(command)
        return json_response(state.series_json(series), 201)

    async def get_calendar(self, request: web.Request) -> web.Response:
        """GET /calendar?start&end: episodes airing in the window."""
        start, end = calendar_window(request, self.state.now)
        include_series = query_bool(request, "includeSeries")
        unmonitored = query_bool(request, "unmonitored")
        episodes = sorted(
            (
                e
                for e in self.state.episodes.values()
                if e.air_date_utc is not None
                and start <= e.air_date_utc <= end
                and (unmonitored or e.monitored)
            ),
            key=lambda e: (e.air_date_utc, e.id),
        )
        return json_response(
            [
                self.state.episode_json(e, include_series=include_series)
                for e in episodes
            ]
        )

    async def get_wanted_missing(self, request: web.Request) -> web.Response:
        """GET /wanted/missing (paged)."""
        include_series = query_bool(request, "includeSeries")
        records = [
            self.state.episode_json(e, include_series=include_series)
            for e in self.state.missing_episodes()
        ]
        return json_response(paged(request, records, sort_key="airDateUtc"))


def calendar_window(request: web.Request, now: datetime) -> tuple[datetime, datetime]:
    """Return the calendar window of a request (default: today and tomorrow)."""

    def read(name: str, default: datetime) -> datetime:
        value = request.query.get(name)
        if not value:
            return default
        try:
            return parse_datetime(value)
        except ValueError:
            return default

    today = now.replace(hour=0, minute=0, second=0)
    return read("start", today), read("end", today + timedelta(days=2))
