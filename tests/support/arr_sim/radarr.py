"""The Radarr simulator: movies and their searches."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from aiohttp import web

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
from .seed import CATALOG_ONLY_MOVIES, LIBRARY_MOVIES, MovieSeed
from .sonarr import calendar_window

RADARR_VERSION = "5.14.0.9383"
SEARCH_GRAB_LIMIT = 3

RADARR_HISTORY_EVENTS = {
    "unknown": 0,
    "grabbed": 1,
    "downloadFolderImported": 3,
    "downloadFailed": 4,
    "movieFileDeleted": 6,
    "movieFolderImported": 7,
    "movieFileRenamed": 8,
    "downloadIgnored": 9,
}
# Radarr's quality sources differ in name from Sonarr's.
RADARR_SOURCES = {
    "television": "tv",
    "web": "webdl",
    "bluray": "bluray",
    "unknown": "unknown",
}


@dataclass
class SimMovie:
    """A movie in the simulated library."""

    id: int
    seed: MovieSeed
    path: str
    quality_profile_id: int
    added: datetime
    in_cinemas: datetime
    digital_release: datetime
    physical_release: datetime
    monitored: bool = True
    has_file: bool = False
    size: int = 0
    minimum_availability: str = "released"
    last_search_time: datetime | None = None


class RadarrState(ArrState):
    """The simulated Radarr's library, queue, history and settings."""

    kind: ClassVar[ArrKind] = "radarr"
    named_from: ClassVar[tuple[int, ...]] = (4,)
    app_name: ClassVar[str] = "Radarr"
    search_missing_command: ClassVar[str] = "MissingMoviesSearch"

    def __init__(
        self,
        *,
        now: datetime,
        version: str = RADARR_VERSION,
        seed: int = 11,
    ) -> None:
        """Build the seeded library around now."""
        super().__init__(now=now, version=version, seed=seed)
        self.catalog: dict[int, MovieSeed] = {
            m.tmdb_id: m for m in (*LIBRARY_MOVIES, *CATALOG_ONLY_MOVIES)
        }
        self.movies: dict[int, SimMovie] = {}
        for index, movie_seed in enumerate(LIBRARY_MOVIES):
            movie = self.add_movie(
                movie_seed,
                quality_profile_id=(index % 3) + 1,
                root_folder="/movies/",
                added=self.now - timedelta(days=500 - index * 13),
            )
            movie.has_file = self.is_available(movie) and self.random.random() > 0.2
            movie.size = self.random.randint(4, 60) * GIB if movie.has_file else 0
        self._seed_queue()
        self._seed_history()
        self._seed_settings()

    # Library

    def add_movie(
        self,
        movie_seed: MovieSeed,
        *,
        quality_profile_id: int,
        root_folder: str,
        added: datetime | None = None,
        monitored: bool = True,
        minimum_availability: str = "released",
    ) -> SimMovie:
        """Add a movie from the catalog."""
        if movie_seed.cinema_offset_days is not None:
            cinema = self.now.replace(hour=0, minute=0, second=0) + timedelta(
                days=movie_seed.cinema_offset_days
            )
        else:
            cinema = datetime(movie_seed.year, 6, 15, tzinfo=UTC)
        movie = SimMovie(
            id=self.next_id("movie"),
            seed=movie_seed,
            path=f"{root_folder.rstrip('/')}/{movie_seed.title} ({movie_seed.year})",
            quality_profile_id=quality_profile_id,
            added=added or self.now,
            in_cinemas=cinema,
            digital_release=cinema + timedelta(days=45),
            physical_release=cinema + timedelta(days=90),
            monitored=monitored,
            minimum_availability=minimum_availability,
        )
        self.movies[movie.id] = movie
        return movie

    def is_available(self, movie: SimMovie) -> bool:
        """Return whether a movie has been released (digitally or on disc)."""
        return min(movie.digital_release, movie.physical_release) <= self.now

    def missing_movies(self) -> list[SimMovie]:
        """Return monitored, released movies without a file."""
        return sorted(
            (
                m
                for m in self.movies.values()
                if m.monitored and not m.has_file and self.is_available(m)
            ),
            key=lambda m: m.id,
        )

    def movie_by_title(self, title: str) -> SimMovie:
        """Return a library movie by its title (for tests)."""
        return next(m for m in self.movies.values() if m.seed.title == title)

    def release_title(self, movie: SimMovie, quality: str = "Bluray-1080p") -> str:
        """Return a scene-like release name for a movie."""
        resolution = quality.rsplit("-", 1)[-1]
        source = "BluRay" if quality.startswith("Bluray") else "WEB-DL"
        return f"{release_name(movie.seed.title)}.{movie.seed.year}.{resolution}.{source}.x264-GRP"

    # Seeds

    def _seed_queue(self) -> None:
        candidates = [m for m in self.movies.values() if not m.has_file]
        candidates += [m for m in self.movies.values() if m.has_file]
        states: list[dict[str, Any]] = [
            {"done": 0.63},
            {"done": 0.0, "status": "queued"},
            {
                "done": 1.0,
                "status": "completed",
                "tracked_download_status": "warning",
                "tracked_download_state": "importPending",
                "status_messages": [
                    (
                        "{title}",
                        [
                            "No files found are eligible for import in /downloads/complete/movies/{title}"
                        ],
                    )
                ],
            },
            {"done": 1.0, "status": "completed", "tracked_download_state": "importing"},
            {"done": 1.0, "status": "completed", "tracked_download_state": "imported"},
            {
                "done": 0.9,
                "status": "failed",
                "tracked_download_status": "error",
                "tracked_download_state": "failedPending",
                "error_message": "Download failed: Unpacking failed, write error or disk is full?",
            },
            {
                "done": 0.2,
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
                    (
                        "{title}",
                        [
                            "Not an upgrade for existing movie file. Existing quality: Bluray-2160p. New Quality Bluray-1080p."
                        ],
                    )
                ],
            },
            {"done": 0.05, "status": "paused"},
        ]
        for index, (movie, options) in enumerate(zip(candidates, states, strict=False)):
            quality = "Bluray-1080p" if index % 2 else "WEBDL-2160p"
            title = self.release_title(movie, quality)
            done = options.pop("done")
            options["status_messages"] = [
                (
                    heading.format(title=title),
                    [line.format(title=title) for line in lines],
                )
                for heading, lines in options.get("status_messages", [])
            ]
            if options.get("status") == "completed":
                options["output_path"] = f"/downloads/complete/movies/{title}"
            item = self.add_queue_item(
                title,
                {"movieId": movie.id},
                size=self.random.randint(4, 40) * GIB,
                done=done,
                quality=quality,
                **options,
            )
            self.add_history(
                "grabbed",
                title,
                {"movieId": movie.id},
                date=item.added,
                download_id=item.download_id,
                quality=quality,
                data={"indexer": item.indexer},
            )
        self.add_queue_item(
            "Unknown.Movie.2024.1080p.WEB-DL-XYZ",
            {},
            size=3 * GIB,
            done=1.0,
            status="completed",
            tracked_download_status="warning",
            tracked_download_state="importPending",
            status_messages=[
                ("Unknown.Movie.2024.1080p.WEB-DL-XYZ", ["Unknown Movie"])
            ],
        )

    def _seed_history(self) -> None:
        for movie in [m for m in self.movies.values() if m.has_file][:15]:
            title = self.release_title(movie)
            when = movie.added + timedelta(hours=2)
            self.add_history(
                "grabbed",
                title,
                {"movieId": movie.id},
                date=when,
                download_id=f"SABnzbd_nzo_m{movie.id}",
                quality="Bluray-1080p",
                data={"indexer": "NZBgeek"},
            )
            self.add_history(
                "downloadFolderImported",
                title,
                {"movieId": movie.id},
                date=when + timedelta(minutes=50),
                download_id=f"SABnzbd_nzo_m{movie.id}",
                quality="Bluray-1080p",
                data={
                    "droppedPath": f"/downloads/complete/movies/{title}",
                    "importedPath": f"{movie.path}/{title}.mkv",
                },
            )
        failures = [
            "Download failed: Unpacking failed, write error or disk is full?",
            "Repair failed, not enough repair blocks (3 short)",
            "Aborted, cannot be completed - https://sabnzbd.org/not-complete",
        ]
        for index, movie in enumerate(self.missing_movies()[:3]):
            title = self.release_title(movie).replace("-GRP", f"-BAD{index}")
            when = self.now - timedelta(hours=3 + index * 9)
            self.add_history(
                "grabbed",
                title,
                {"movieId": movie.id},
                date=when,
                download_id=f"SABnzbd_nzo_mf{index}",
                quality="Bluray-1080p",
                data={"indexer": "NZBplanet"},
            )
            self.add_history(
                "downloadFailed",
                title,
                {"movieId": movie.id},
                date=when + timedelta(minutes=30),
                download_id=f"SABnzbd_nzo_mf{index}",
                quality="Bluray-1080p",
                data={"message": failures[index]},
            )

    def _seed_settings(self) -> None:
        self.config = {
            "mediamanagement": {
                "id": 1,
                "autoUnmonitorPreviouslyDownloadedMovies": False,
                "recycleBin": "",
                "recycleBinCleanupDays": 7,
                "downloadPropersAndRepacks": "doNotPrefer",
                "createEmptyMovieFolders": False,
                "deleteEmptyFolders": False,
                "fileDate": "none",
                "rescanAfterRefresh": "always",
                "autoRenameFolders": False,
                "pathsDefaultStatic": False,
                "setPermissionsLinux": False,
                "chmodFolder": "755",
                "chownGroup": "",
                "skipFreeSpaceCheckWhenImporting": False,
                "minimumFreeSpaceWhenImporting": 100,
                "copyUsingHardlinks": False,
                "useScriptImport": False,
                "scriptImportPath": "",
                "importExtraFiles": False,
                "extraFileExtensions": "srt",
                "enableMediaInfo": True,
            },
            "naming": {
                "id": 1,
                "renameMovies": False,
                "replaceIllegalCharacters": True,
                "colonReplacementFormat": "smart",
                "standardMovieFormat": "{Movie Title} ({Release Year}) {Quality Full}",
                "movieFolderFormat": "{Movie Title} ({Release Year})",
            },
            "downloadclient": {
                "id": 1,
                "downloadClientWorkingFolders": "_UNPACK_|_FAILED_",
                "enableCompletedDownloadHandling": True,
                "checkForFinishedDownloadInterval": 1,
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
                    "movieCategory": "movies",
                    "recentMoviePriority": -100,
                    "olderMoviePriority": -100,
                },
                remove_completed=False,
            ),
        ]
        self.indexers = [
            indexer_json(
                1,
                "NZBgeek",
                {
                    "baseUrl": "https://api.nzbgeek.info",
                    "apiPath": "/api",
                    "apiKey": "********",
                    "categories": [2000, 2040],
                },
            ),
            indexer_json(
                2,
                "NZBplanet",
                {
                    "baseUrl": "https://api.nzbplanet.net",
                    "apiPath": "/api",
                    "apiKey": "********",
                    "categories": [2000],
                },
                priority=30,
                rss=False,
            ),
        ]

    # Commands

    def known_commands(self) -> set[str]:
        """Return the command names Radarr accepts."""
        return super().known_commands() | {
            "MoviesSearch",
            "RefreshMovie",
            "RenameMovie",
        }

    def run_command(self, command: SimCommand) -> None:
        """Searches grab releases for the movies they cover."""
        if command.name == "MissingMoviesSearch":
            targets = self.missing_movies()
        elif command.name == "MoviesSearch":
            ids = command.body.get("movieIds") or []
            targets = [self.movies[i] for i in ids if i in self.movies]
        else:
            return
        queued = {item.media.get("movieId") for item in self.queue.values()}
        grabbed = 0
        for movie in targets:
            movie.last_search_time = self.now
            if movie.id in queued or grabbed >= SEARCH_GRAB_LIMIT:
                continue
            self.grab(
                self.release_title(movie), {"movieId": movie.id}, quality="Bluray-1080p"
            )
            grabbed += 1

    def on_imported(self, item: SimQueueItem) -> None:
        """Mark the imported movie as having its file."""
        movie = self.movies.get(item.media.get("movieId", -1))
        if movie is not None:
            movie.has_file = True
            movie.size = item.size

    def cover_ids(self) -> Collection[int]:
        """Return the library's movies: the server keeps their pictures."""
        return self.movies.keys()

    def cover_title(self, media_id: int) -> str:
        """Return the title the item's pictures show."""
        return self.movies[media_id].seed.title

    # Serializers

    def quality_source(self, source: str) -> str:
        """Radarr's names of the sources."""
        return RADARR_SOURCES.get(source, source)

    def catalog_json(self, movie_seed: MovieSeed) -> Json:
        """Return the MovieResource the metadata lookup gives for a movie."""
        poster = f"https://image.tmdb.org/t/p/original/{movie_seed.tmdb_id}.jpg"
        status = "released"
        if (
            movie_seed.cinema_offset_days is not None
            and movie_seed.cinema_offset_days > 0
        ):
            status = "announced"
        return {
            "title": movie_seed.title,
            "originalTitle": movie_seed.title,
            "originalLanguage": {"id": 1, "name": "English"},
            "alternateTitles": [],
            "secondaryYearSourceId": 0,
            "sortTitle": movie_seed.title.lower().removeprefix("the "),
            "status": status,
            "overview": f"{movie_seed.title} ({movie_seed.year}) from {movie_seed.studio}.",
            "images": [
                {
                    "coverType": "poster",
                    "url": poster,
                    "remoteUrl": poster,
                }
            ],
            "website": "",
            "remotePoster": poster,
            "year": movie_seed.year,
            "youTubeTrailerId": "",
            "studio": movie_seed.studio,
            "qualityProfileId": 0,
            "monitored": False,
            "minimumAvailability": "released",
            "isAvailable": status == "released",
            "folderName": f"{movie_seed.title} ({movie_seed.year})",
            "runtime": movie_seed.runtime,
            "cleanTitle": slug(movie_seed.title).replace("-", ""),
            "imdbId": movie_seed.imdb_id,
            "tmdbId": movie_seed.tmdb_id,
            "titleSlug": f"{slug(movie_seed.title)}-{movie_seed.tmdb_id}",
            "folder": f"{movie_seed.title} ({movie_seed.year})",
            "certification": "R",
            "genres": list(movie_seed.genres),
            "keywords": [],
            "tags": [],
            "added": "0001-01-01T00:00:00Z",
            "ratings": {
                "imdb": {
                    "votes": 100000 + movie_seed.tmdb_id % 9000,
                    "value": 7.9,
                    "type": "user",
                },
                "tmdb": {"votes": 20000, "value": 7.8, "type": "user"},
            },
            "popularity": 42.5,
            "statistics": {"movieFileCount": 0, "sizeOnDisk": 0, "releaseGroups": []},
        }

    def movie_json(self, movie: SimMovie) -> Json:
        """Return the MovieResource of a library movie."""
        data = self.catalog_json(movie.seed)
        data["images"] = self.local_images(movie.id, data["images"])
        available = self.is_available(movie)
        status = (
            "released"
            if available
            else "inCinemas"
            if movie.in_cinemas <= self.now
            else "announced"
        )
        data.update(
            {
                "id": movie.id,
                "status": status,
                "path": movie.path,
                "rootFolderPath": movie.path.rsplit("/", 1)[0] + "/",
                "qualityProfileId": movie.quality_profile_id,
                "hasFile": movie.has_file,
                "movieFileId": movie.id if movie.has_file else 0,
                "monitored": movie.monitored,
                "minimumAvailability": movie.minimum_availability,
                "isAvailable": available,
                "inCinemas": iso(movie.in_cinemas),
                "digitalRelease": iso(movie.digital_release),
                "physicalRelease": iso(movie.physical_release),
                "releaseDate": iso(movie.digital_release),
                "sizeOnDisk": movie.size,
                "added": iso(movie.added),
                "lastSearchTime": iso(movie.last_search_time),
                "statistics": {
                    "movieFileCount": int(movie.has_file),
                    "sizeOnDisk": movie.size,
                    "releaseGroups": ["GRP"] if movie.has_file else [],
                },
            }
        )
        return data

    def queue_media_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Embed the movie when asked for."""
        movie = self.movies.get(item.media.get("movieId", -1))
        if movie is None or not include.get("movie"):
            return {}
        return {"movie": self.movie_json(movie)}


class RadarrSimulator(ArrSimulator):
    """A running simulated Radarr."""

    kind: ClassVar[ArrKind] = "radarr"
    state: RadarrState

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Add Radarr's endpoints to the shared ones."""
        yield from super().routes()
        yield "GET", "movie", self.get_movies
        yield "POST", "movie", self.post_movie
        yield "GET", "movie/lookup", self.get_movie_lookup
        yield "GET", "movie/lookup/tmdb", self.get_movie_lookup_tmdb
        yield "GET", "movie/lookup/imdb", self.get_movie_lookup_imdb
        yield "GET", "calendar", self.get_calendar
        yield "GET", "wanted/missing", self.get_wanted_missing
        yield "GET", "mediacover/{movieId}/{filename}", self.get_media_cover

    def history_event_numbers(self) -> dict[str, int]:
        """Radarr's history event numbers."""
        return RADARR_HISTORY_EVENTS

    def queue_include(self, request: web.Request) -> dict[str, bool]:
        """Radarr embeds the movie on request."""
        return {"movie": query_bool(request, "includeMovie")}

    def include_unknown(self, request: web.Request) -> bool:
        """includeUnknownMovieItems."""
        return query_bool(request, "includeUnknownMovieItems")

    def _lookup_json(self, movie_seed: MovieSeed) -> Json:
        for movie in self.state.movies.values():
            if movie.seed.tmdb_id == movie_seed.tmdb_id:
                return self.state.movie_json(movie)
        return self.state.catalog_json(movie_seed)

    async def get_movies(self, request: web.Request) -> web.Response:
        """GET /movie (optionally by tmdbId)."""
        movies = sorted(self.state.movies.values(), key=lambda m: m.id)
        if "tmdbId" in request.query:
            movies = [
                m for m in movies if str(m.seed.tmdb_id) == request.query["tmdbId"]
            ]
        return json_response([self.state.movie_json(m) for m in movies])

    async def get_movie_lookup(self, request: web.Request) -> web.Response:
        """GET /movie/lookup?term=..."""
        term = request.query.get("term", "").strip().lower()
        if term.startswith("tmdb:"):
            seeds = [
                s
                for s in self.state.catalog.values()
                if str(s.tmdb_id) == term[5:].strip()
            ]
        elif term.startswith("imdb:"):
            seeds = [
                s for s in self.state.catalog.values() if s.imdb_id == term[5:].strip()
            ]
        else:
            words = term.split()
            seeds = [
                s
                for s in self.state.catalog.values()
                if words and all(w in s.title.lower() for w in words)
            ]
        return json_response([self._lookup_json(s) for s in seeds])

    async def get_movie_lookup_tmdb(self, request: web.Request) -> web.Response:
        """GET /movie/lookup/tmdb?tmdbId=..."""
        movie_seed = self.state.catalog.get(int(request.query.get("tmdbId", "0") or 0))
        if movie_seed is None:
            return error_response(
                404,
                "Movie with TmdbId was not found, it may have been removed from TMDb.",
            )
        return json_response(self._lookup_json(movie_seed))

    async def get_movie_lookup_imdb(self, request: web.Request) -> web.Response:
        """GET /movie/lookup/imdb?imdbId=..."""
        wanted = request.query.get("imdbId", "")
        movie_seed = next(
            (s for s in self.state.catalog.values() if s.imdb_id == wanted), None
        )
        if movie_seed is None:
            return error_response(404, "Movie with IMDb Id was not found.")
        return json_response(self._lookup_json(movie_seed))

    async def post_movie(self, request: web.Request) -> web.Response:
        """POST /movie: add a movie from the catalog."""
        body = await request.json()
        state = self.state
        if not isinstance(body, dict):
            return error_response(400, "Invalid request body")
        tmdb_id = body.get("tmdbId")
        movie_seed = state.catalog.get(tmdb_id) if isinstance(tmdb_id, int) else None
        if movie_seed is None:
            return validation_error(
                "TmdbId", "'Tmdb Id' must be a movie known to TMDb.", tmdb_id
            )
        if any(m.seed.tmdb_id == tmdb_id for m in state.movies.values()):
            return validation_error(
                "TmdbId", "This movie has already been added", tmdb_id
            )
        if (invalid := invalid_add_target(state, body)) is not None:
            return invalid
        profile_id = body["qualityProfileId"]
        root = str(body["rootFolderPath"])
        movie = state.add_movie(
            movie_seed,
            quality_profile_id=profile_id,
            root_folder=root,
            monitored=bool(body.get("monitored", True)),
            minimum_availability=str(body.get("minimumAvailability", "released")),
        )
        if (body.get("addOptions") or {}).get("searchForMovie"):
            command = state.start_command("MoviesSearch", {"movieIds": [movie.id]})
            state.poll_command(command)
            state.poll_command(command)
        return json_response(state.movie_json(movie), 201)

    async def get_calendar(self, request: web.Request) -> web.Response:
        """GET /calendar?start&end: movies with a release in the window."""
        start, end = calendar_window(request, self.state.now)
        unmonitored = query_bool(request, "unmonitored")
        movies = [
            m
            for m in sorted(self.state.movies.values(), key=lambda m: m.id)
            if (unmonitored or m.monitored)
            and any(
                start <= when <= end
                for when in (m.in_cinemas, m.digital_release, m.physical_release)
            )
        ]
        return json_response([self.state.movie_json(m) for m in movies])

    async def get_wanted_missing(self, request: web.Request) -> web.Response:
        """GET /wanted/missing (paged)."""
        records = [self.state.movie_json(m) for m in self.state.missing_movies()]
        return json_response(
            paged(request, records, sort_key="movieMetadata.sortTitle")
        )
