"""The Lidarr simulator: artists, albums and their searches (API v1)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from aiohttp import web

from tests.support.contract import ArrKind

from .base import (
    MIB,
    ArrSimulator,
    ArrState,
    Handler,
    Json,
    SimCommand,
    SimHistoryRecord,
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
    validation_error,
)
from .music_seed import CATALOG_ONLY_ARTISTS, LIBRARY_ARTISTS, AlbumSeed, ArtistSeed
from .sonarr import calendar_window

LIDARR_VERSION = "2.13.3.4711"
SEARCH_GRAB_LIMIT = 3

LIDARR_HISTORY_EVENTS = {
    "unknown": 0,
    "grabbed": 1,
    "artistFolderImported": 2,
    "trackFileImported": 3,
    "downloadFailed": 4,
    "trackFileDeleted": 5,
    "trackFileRenamed": 6,
    "albumImportIncomplete": 7,
    "downloadImported": 8,
    "trackFileRetagged": 9,
    "downloadIgnored": 10,
}
# Lidarr's qualities: name -> id.
MUSIC_QUALITIES: dict[str, int] = {
    "MP3-192": 5,
    "MP3-256": 3,
    "MP3-320": 4,
    "AAC-320": 11,
    "FLAC": 6,
    "FLAC 24bit": 21,
}
TRACK_SIZE = 9 * MIB


@dataclass
class SimArtist:
    """An artist in the simulated library."""

    id: int
    seed: ArtistSeed
    path: str
    quality_profile_id: int
    metadata_profile_id: int
    added: datetime
    monitored: bool = True


@dataclass
class SimAlbum:
    """An album in the simulated library."""

    id: int
    artist_id: int
    seed: AlbumSeed
    foreign_id: str
    release_date: datetime
    monitored: bool = True
    track_files: int = 0
    last_search_time: datetime | None = None

    @property
    def complete(self) -> bool:
        """Return whether every track has its file."""
        return self.track_files >= self.seed.tracks


class LidarrState(ArrState):
    """The simulated Lidarr's library, queue, history and settings."""

    kind: ClassVar[ArrKind] = "lidarr"
    named_from: ClassVar[tuple[int, ...]] = (1,)
    app_name: ClassVar[str] = "Lidarr"
    search_missing_command: ClassVar[str] = "MissingAlbumSearch"
    imported_event: ClassVar[str] = "downloadImported"

    def __init__(
        self, *, now: datetime, version: str = LIDARR_VERSION, seed: int = 13
    ) -> None:
        """Build the seeded library around now."""
        super().__init__(now=now, version=version, seed=seed)
        self.quality_profiles = [
            self.quality_profile_json(1, "Any", list(MUSIC_QUALITIES), "MP3-320"),
            self.quality_profile_json(2, "Lossless", ["FLAC", "FLAC 24bit"], "FLAC"),
        ]
        self.metadata_profiles: list[Json] = [
            {"id": 1, "name": "Standard"},
            {"id": 2, "name": "None"},
        ]
        self.root_folders = [
            {
                "id": 1,
                "name": "Music",
                "path": "/music/",
                "defaultMetadataProfileId": 1,
                "defaultQualityProfileId": 1,
                "defaultMonitorOption": "all",
                "defaultNewItemMonitorOption": "all",
                "defaultTags": [],
                "accessible": True,
                "freeSpace": 900 * 1024**3,
                "totalSpace": 4000 * 1024**3,
            }
        ]
        self.health[1]["message"] = "Missing root folder: /mnt/archive/music/"
        self.catalog: dict[str, ArtistSeed] = {
            a.foreign_id: a for a in (*LIBRARY_ARTISTS, *CATALOG_ONLY_ARTISTS)
        }
        self.artists: dict[int, SimArtist] = {}
        self.albums: dict[int, SimAlbum] = {}
        for index, artist_seed in enumerate(LIBRARY_ARTISTS):
            artist = self.add_artist(
                artist_seed,
                quality_profile_id=(index % 2) + 1,
                metadata_profile_id=1,
                root_folder="/music/",
                added=self.now - timedelta(days=400 - index * 30),
            )
            for album in self.albums_of(artist):
                if self.is_released(album) and self.random.random() > 0.3:
                    album.track_files = album.seed.tracks
        self._seed_queue()
        self._seed_history()
        self._seed_settings()

    # Library

    def release_date(self, album: AlbumSeed) -> datetime:
        """Return when an album of the catalog comes out."""
        if album.release_offset_days is not None:
            return self.now.replace(hour=0, minute=0, second=0) + timedelta(
                days=album.release_offset_days
            )
        return datetime(album.year, 5, 1, tzinfo=UTC)

    def add_artist(
        self,
        artist_seed: ArtistSeed,
        *,
        quality_profile_id: int,
        metadata_profile_id: int,
        root_folder: str,
        added: datetime | None = None,
        monitored: bool = True,
        monitor_albums: bool = True,
    ) -> SimArtist:
        """Add an artist from the catalog, with every album of theirs."""
        artist = SimArtist(
            id=self.next_id("artist"),
            seed=artist_seed,
            path=f"{root_folder.rstrip('/')}/{artist_seed.name}",
            quality_profile_id=quality_profile_id,
            metadata_profile_id=metadata_profile_id,
            added=added or self.now,
            monitored=monitored,
        )
        self.artists[artist.id] = artist
        for album_seed in artist_seed.albums:
            album = SimAlbum(
                id=self.next_id("album"),
                artist_id=artist.id,
                seed=album_seed,
                foreign_id=artist_seed.album_id(album_seed),
                release_date=self.release_date(album_seed),
                monitored=monitor_albums,
            )
            self.albums[album.id] = album
        return artist

    def albums_of(self, artist: SimArtist) -> list[SimAlbum]:
        """Return an artist's albums, oldest first."""
        return sorted(
            (a for a in self.albums.values() if a.artist_id == artist.id),
            key=lambda a: (a.release_date, a.id),
        )

    def is_released(self, album: SimAlbum) -> bool:
        """Return whether an album is out."""
        return album.release_date <= self.now

    def missing_albums(self) -> list[SimAlbum]:
        """Return monitored, released albums missing tracks."""
        return sorted(
            (
                a
                for a in self.albums.values()
                if a.monitored
                and self.artists[a.artist_id].monitored
                and self.is_released(a)
                and not a.complete
            ),
            key=lambda a: a.id,
        )

    def album_by_title(self, title: str) -> SimAlbum:
        """Return a library album by its title (for tests)."""
        return next(a for a in self.albums.values() if a.seed.title == title)

    def artist_by_name(self, name: str) -> SimArtist:
        """Return a library artist by name (for tests)."""
        return next(a for a in self.artists.values() if a.seed.name == name)

    def release_title(self, album: SimAlbum, quality: str = "FLAC") -> str:
        """Return a scene-like release name for an album."""
        artist = self.artists[album.artist_id].seed.name
        year = album.release_date.year
        return f"{release_name(artist)}-{release_name(album.seed.title)}-{year}-{quality.replace(' ', '')}-GRP"

    def media_of(self, album: SimAlbum) -> dict[str, int]:
        """Return the ids a queue or history record names an album by."""
        return {"artistId": album.artist_id, "albumId": album.id}

    # Seeds

    def _seed_queue(self) -> None:
        missing = self.missing_albums()
        states: list[dict[str, Any]] = [
            {"done": 0.4},
            {"done": 0.0, "status": "queued"},
            {
                "done": 1.0,
                "status": "completed",
                "tracked_download_status": "warning",
                "tracked_download_state": "importPending",
                "status_messages": [
                    ("{title}", ["Album match is not close enough: 71.2% vs 80%"])
                ],
            },
            {
                "done": 0.8,
                "status": "failed",
                "tracked_download_status": "error",
                "tracked_download_state": "downloadFailedPending",
                "error_message": "Download failed: Unpacking failed, write error or disk is full?",
            },
        ]
        for album, options in zip(missing, states, strict=False):
            title = self.release_title(album)
            done = options.pop("done")
            options["status_messages"] = [
                (
                    heading.format(title=title),
                    [line.format(title=title) for line in lines],
                )
                for heading, lines in options.get("status_messages", [])
            ]
            if options.get("status") == "completed":
                options["output_path"] = f"/downloads/complete/music/{title}"
            item = self.add_queue_item(
                title,
                self.media_of(album),
                size=album.seed.tracks * TRACK_SIZE,
                done=done,
                quality="FLAC",
                **options,
            )
            self.add_history(
                "grabbed",
                title,
                self.media_of(album),
                date=item.added,
                download_id=item.download_id,
                quality="FLAC",
                data={"indexer": item.indexer},
            )

    def _seed_history(self) -> None:
        complete = [a for a in self.albums.values() if a.complete][:8]
        for album in complete:
            title = self.release_title(album)
            when = self.artists[album.artist_id].added + timedelta(hours=2)
            for event in ("grabbed", "downloadImported"):
                self.add_history(
                    event,
                    title,
                    self.media_of(album),
                    date=when,
                    download_id=f"SABnzbd_nzo_a{album.id}",
                    quality="FLAC",
                    data={"indexer": "NZBgeek"} if event == "grabbed" else {},
                )
                when += timedelta(minutes=20)
        missing = self.missing_albums()
        if missing:
            album = missing[-1]
            title = self.release_title(album).replace("-GRP", "-BAD")
            when = self.now - timedelta(hours=5)
            self.add_history(
                "grabbed",
                title,
                self.media_of(album),
                date=when,
                download_id="SABnzbd_nzo_af0",
                quality="FLAC",
                data={"indexer": "NZBplanet"},
            )
            self.add_history(
                "downloadFailed",
                title,
                self.media_of(album),
                date=when + timedelta(minutes=30),
                download_id="SABnzbd_nzo_af0",
                quality="FLAC",
                data={"message": "Repair failed, not enough repair blocks (3 short)"},
            )

    def _seed_settings(self) -> None:
        self.config = {
            "mediamanagement": {
                "id": 1,
                "autoUnmonitorPreviouslyDownloadedTracks": False,
                "recycleBin": "",
                "recycleBinCleanupDays": 7,
                "downloadPropersAndRepacks": "preferAndUpgrade",
                "createEmptyArtistFolders": False,
                "deleteEmptyFolders": False,
                "fileDate": "none",
                "watchLibraryForChanges": True,
                "rescanAfterRefresh": "always",
                "allowFingerprinting": "newFiles",
                "setPermissionsLinux": False,
                "chmodFolder": "755",
                "chownGroup": "",
                "skipFreeSpaceCheckWhenImporting": False,
                "minimumFreeSpaceWhenImporting": 100,
                "copyUsingHardlinks": True,
                "enableMediaInfo": True,
                "useScriptImport": False,
                "scriptImportPath": "",
                "importExtraFiles": False,
                "extraFileExtensions": "",
            },
            "naming": {
                "id": 1,
                "renameTracks": False,
                "replaceIllegalCharacters": True,
                "colonReplacementFormat": 4,
                "standardTrackFormat": "{Album Title} ({Release Year})/{Artist Name} - {Album Title} - {track:00} - {Track Title}",
                "multiDiscTrackFormat": "{Album Title} ({Release Year})/{Medium Format} {medium:00}/{Artist Name} - {Album Title} - {track:00} - {Track Title}",
                "artistFolderFormat": "{Artist Name}",
                "includeArtistName": False,
                "includeAlbumTitle": False,
                "includeQuality": False,
                "replaceSpaces": False,
                "separator": " - ",
                "numberStyle": "S{season:00}E{episode:00}",
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
                    "musicCategory": "music",
                    "recentTvPriority": -100,
                    "olderTvPriority": -100,
                },
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
                    "categories": [3000, 3010, 3040],
                },
            ),
            indexer_json(
                2,
                "NZBplanet",
                {
                    "baseUrl": "https://api.nzbplanet.net",
                    "apiPath": "/api",
                    "apiKey": "********",
                    "categories": [3000],
                },
                priority=30,
                rss=False,
            ),
        ]

    # Commands

    def known_commands(self) -> set[str]:
        """Return the command names Lidarr accepts."""
        return {
            self.search_missing_command,
            "RssSync",
            "DownloadedAlbumsScan",
            "ApplicationUpdate",
            "Backup",
            "RescanFolders",
            "AlbumSearch",
            "ArtistSearch",
            "RefreshArtist",
            "RefreshAlbum",
            "RenameArtist",
        }

    def run_command(self, command: SimCommand) -> None:
        """Searches grab releases for the albums they cover."""
        if command.name == "MissingAlbumSearch":
            targets = self.missing_albums()
        elif command.name == "AlbumSearch":
            ids = command.body.get("albumIds") or []
            targets = [self.albums[i] for i in ids if i in self.albums]
        elif command.name == "ArtistSearch":
            artist_id = command.body.get("artistId")
            targets = [a for a in self.missing_albums() if a.artist_id == artist_id]
        else:
            return
        queued = {item.media.get("albumId") for item in self.queue.values()}
        grabbed = 0
        for album in targets:
            album.last_search_time = self.now
            if album.id in queued or grabbed >= SEARCH_GRAB_LIMIT:
                continue
            self.grab(self.release_title(album), self.media_of(album), quality="FLAC")
            grabbed += 1

    def on_imported(self, item: SimQueueItem) -> None:
        """Mark the imported album's tracks as having their files."""
        album = self.albums.get(item.media.get("albumId", -1))
        if album is not None:
            album.track_files = album.seed.tracks

    def cover_ids(self) -> Collection[int]:
        """Return the library's artists: the server keeps their pictures."""
        return self.artists.keys()

    def cover_title(self, media_id: int) -> str:
        """Return the title the item's pictures show."""
        return self.artists[media_id].seed.name

    # Serializers

    def quality_json(self, name: str) -> Json:
        """Return a QualityModel (Lidarr's qualities have no source)."""
        return {
            "quality": {"id": MUSIC_QUALITIES.get(name, 0), "name": name},
            "revision": {"version": 1, "real": 0, "isRepack": False},
        }

    def quality_profile_json(
        self, profile_id: int, name: str, allowed: list[str], cutoff: str
    ) -> Json:
        """Return a QualityProfileResource allowing the named qualities."""
        return {
            "id": profile_id,
            "name": name,
            "upgradeAllowed": True,
            "cutoff": MUSIC_QUALITIES.get(cutoff, 0),
            "items": [
                {
                    "quality": {"id": qid, "name": qname},
                    "items": [],
                    "allowed": qname in allowed,
                }
                for qname, qid in MUSIC_QUALITIES.items()
            ],
            "minFormatScore": 0,
            "cutoffFormatScore": 0,
            "formatItems": [],
        }

    def queue_item_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Return a QueueResource (Lidarr's has no languages)."""
        data = super().queue_item_json(item, include)
        data.pop("languages", None)
        album = self.albums.get(item.media.get("albumId", -1))
        if album is not None:
            data["trackFileCount"] = album.track_files
            data["trackHasFileCount"] = album.track_files
        data["downloadForced"] = False
        return data

    def queue_media_json(self, item: SimQueueItem, include: dict[str, bool]) -> Json:
        """Embed the artist and the album when asked for."""
        data: Json = {}
        album = self.albums.get(item.media.get("albumId", -1))
        if album is None:
            return data
        if include.get("artist"):
            data["artist"] = self.artist_json(self.artists[album.artist_id])
        if include.get("album"):
            data["album"] = self.album_json(album)
        return data

    def history_json(self, record: SimHistoryRecord) -> Json:
        """Return a HistoryResource (no languages; a track id of 0)."""
        data = super().history_json(record)
        data.pop("languages", None)
        data["trackId"] = 0
        return data

    def catalog_artist_json(self, artist_seed: ArtistSeed) -> Json:
        """Return the ArtistResource the metadata lookup gives for an artist."""
        poster = f"https://imagecache.lidarr.audio/v1/{artist_seed.foreign_id}.jpg"
        return {
            "status": "continuing",
            "ended": False,
            "artistName": artist_seed.name,
            "foreignArtistId": artist_seed.foreign_id,
            "tadbId": 0,
            "discogsId": 0,
            "overview": f"{artist_seed.name}, {', '.join(artist_seed.genres)}.",
            "artistType": artist_seed.artist_type,
            "disambiguation": "",
            "links": [],
            "images": [
                {
                    "url": poster,
                    "coverType": "poster",
                    "extension": ".jpg",
                    "remoteUrl": poster,
                }
            ],
            "remotePoster": poster,
            "qualityProfileId": 0,
            "metadataProfileId": 0,
            "monitored": False,
            "monitorNewItems": "all",
            "folder": artist_seed.name,
            "genres": list(artist_seed.genres),
            "cleanName": artist_seed.name.lower().replace(" ", ""),
            "sortName": artist_seed.name.lower(),
            "tags": [],
            "added": "0001-01-01T00:00:00Z",
            "ratings": {"votes": 120, "value": 8.4},
            "statistics": {
                "albumCount": 0,
                "trackFileCount": 0,
                "trackCount": 0,
                "totalTrackCount": 0,
                "sizeOnDisk": 0,
                "percentOfTracks": 0.0,
            },
        }

    def artist_json(self, artist: SimArtist) -> Json:
        """Return the ArtistResource of a library artist."""
        data = self.catalog_artist_json(artist.seed)
        data["images"] = self.local_images(artist.id, data["images"])
        albums = self.albums_of(artist)
        monitored = [a for a in albums if a.monitored and self.is_released(a)]
        tracks = sum(a.seed.tracks for a in monitored)
        files = sum(a.track_files for a in albums)
        data.update(
            {
                "id": artist.id,
                "path": artist.path,
                "rootFolderPath": artist.path.rsplit("/", 1)[0] + "/",
                "qualityProfileId": artist.quality_profile_id,
                "metadataProfileId": artist.metadata_profile_id,
                "monitored": artist.monitored,
                "added": iso(artist.added),
                "statistics": {
                    "albumCount": len(albums),
                    "trackFileCount": files,
                    "trackCount": tracks,
                    "totalTrackCount": sum(a.seed.tracks for a in albums),
                    "sizeOnDisk": files * TRACK_SIZE,
                    "percentOfTracks": round(100.0 * files / tracks, 1)
                    if tracks
                    else 0.0,
                },
            }
        )
        return data

    def catalog_album_json(
        self, artist_seed: ArtistSeed, album_seed: AlbumSeed
    ) -> Json:
        """Return the AlbumResource the metadata lookup gives for an album."""
        foreign_id = artist_seed.album_id(album_seed)
        cover = f"https://imagecache.lidarr.audio/v1/{foreign_id}.jpg"
        return {
            "title": album_seed.title,
            "disambiguation": "",
            "overview": "",
            "artistId": 0,
            "foreignAlbumId": foreign_id,
            "monitored": False,
            "anyReleaseOk": True,
            "profileId": 0,
            "duration": album_seed.tracks * 215_000,
            "albumType": album_seed.album_type,
            "secondaryTypes": [],
            "mediumCount": 1,
            "ratings": {"votes": 40, "value": 8.1},
            "releaseDate": iso(self.release_date(album_seed)),
            "releases": [],
            "genres": list(artist_seed.genres),
            "media": [
                {"mediumNumber": 1, "mediumName": "", "mediumFormat": "Digital Media"}
            ],
            "artist": self.catalog_artist_json(artist_seed),
            "images": [
                {
                    "url": f"/MediaCover/Albums/{foreign_id}/cover.jpg",
                    "coverType": "cover",
                    "extension": ".jpg",
                    "remoteUrl": cover,
                }
            ],
            "links": [],
            "remoteCover": cover,
        }

    def album_json(self, album: SimAlbum, *, with_artist: bool = True) -> Json:
        """Return the AlbumResource of a library album."""
        artist = self.artists[album.artist_id]
        data = self.catalog_album_json(artist.seed, album.seed)
        data.update(
            {
                "id": album.id,
                "artistId": artist.id,
                "monitored": album.monitored,
                "profileId": artist.quality_profile_id,
                "releaseDate": iso(album.release_date),
                "lastSearchTime": iso(album.last_search_time),
                "statistics": {
                    "trackFileCount": album.track_files,
                    "trackCount": album.seed.tracks,
                    "totalTrackCount": album.seed.tracks,
                    "sizeOnDisk": album.track_files * TRACK_SIZE,
                    "percentOfTracks": round(
                        100.0 * album.track_files / album.seed.tracks, 1
                    ),
                },
            }
        )
        if with_artist:
            data["artist"] = self.artist_json(artist)
        else:
            data.pop("artist")
        return data


class LidarrSimulator(ArrSimulator):
    """A running simulated Lidarr."""

    kind: ClassVar[ArrKind] = "lidarr"
    api_version: ClassVar[str] = "v1"
    state: LidarrState

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Add Lidarr's endpoints to the shared ones."""
        yield from super().routes()
        yield "GET", "artist", self.get_artists
        yield "POST", "artist", self.post_artist
        yield "GET", "artist/lookup", self.get_artist_lookup
        yield "GET", "album", self.get_albums
        yield "POST", "album", self.post_album
        yield "GET", "album/lookup", self.get_album_lookup
        yield "GET", "metadataprofile", self.get_metadata_profiles
        yield "GET", "calendar", self.get_calendar
        yield "GET", "wanted/missing", self.get_wanted_missing
        yield "GET", "mediacover/artist/{artistId}/{filename}", self.get_media_cover

    def history_event_numbers(self) -> dict[str, int]:
        """Lidarr's history event numbers."""
        return LIDARR_HISTORY_EVENTS

    def queue_include(self, request: web.Request) -> dict[str, bool]:
        """Lidarr embeds the artist and the album on request."""
        return {
            "artist": query_bool(request, "includeArtist"),
            "album": query_bool(request, "includeAlbum"),
        }

    def include_unknown(self, request: web.Request) -> bool:
        """includeUnknownArtistItems."""
        return query_bool(request, "includeUnknownArtistItems")

    def _artist_lookup_json(self, artist_seed: ArtistSeed) -> Json:
        for artist in self.state.artists.values():
            if artist.seed.foreign_id == artist_seed.foreign_id:
                return self.state.artist_json(artist)
        return self.state.catalog_artist_json(artist_seed)

    def _album_lookup_json(
        self, artist_seed: ArtistSeed, album_seed: AlbumSeed
    ) -> Json:
        foreign_id = artist_seed.album_id(album_seed)
        for album in self.state.albums.values():
            if album.foreign_id == foreign_id:
                return self.state.album_json(album)
        data = self.state.catalog_album_json(artist_seed, album_seed)
        data["artist"] = self._artist_lookup_json(artist_seed)
        return data

    async def get_artists(self, request: web.Request) -> web.Response:
        """GET /artist (optionally by mbId)."""
        artists = sorted(self.state.artists.values(), key=lambda a: a.id)
        if "mbId" in request.query:
            artists = [a for a in artists if a.seed.foreign_id == request.query["mbId"]]
        return json_response([self.state.artist_json(a) for a in artists])

    async def get_artist_lookup(self, request: web.Request) -> web.Response:
        """GET /artist/lookup?term=... (by name, or "lidarr:<mbid>")."""
        term = request.query.get("term", "").strip().lower()
        if term.startswith("lidarr:"):
            seeds = [
                s
                for s in self.state.catalog.values()
                if s.foreign_id == term[7:].strip()
            ]
        else:
            words = term.split()
            seeds = [
                s
                for s in self.state.catalog.values()
                if words and all(w in s.name.lower() for w in words)
            ]
        return json_response([self._artist_lookup_json(s) for s in seeds])

    async def get_album_lookup(self, request: web.Request) -> web.Response:
        """GET /album/lookup?term=...: albums whose title (or artist) matches."""
        words = request.query.get("term", "").strip().lower().split()
        found = [
            self._album_lookup_json(artist_seed, album_seed)
            for artist_seed in self.state.catalog.values()
            for album_seed in artist_seed.albums
            if words
            and all(
                w in f"{album_seed.title} {artist_seed.name}".lower() for w in words
            )
        ]
        return json_response(found)

    async def get_albums(self, request: web.Request) -> web.Response:
        """GET /album (optionally one artist's)."""
        albums = sorted(self.state.albums.values(), key=lambda a: a.id)
        if "artistId" in request.query:
            albums = [
                a for a in albums if str(a.artist_id) == request.query["artistId"]
            ]
        return json_response([self.state.album_json(a) for a in albums])

    async def get_metadata_profiles(self, request: web.Request) -> web.Response:
        """GET /metadataprofile."""
        return json_response(self.state.metadata_profiles)

    def _invalid_artist(self, body: Json) -> web.Response | None:
        if (invalid := invalid_add_target(self.state, body)) is not None:
            return invalid
        profile_id = body.get("metadataProfileId")
        if not any(p["id"] == profile_id for p in self.state.metadata_profiles):
            return validation_error(
                "MetadataProfileId",
                "'Metadata Profile Id' must be a valid metadata profile.",
                profile_id,
            )
        return None

    async def post_artist(self, request: web.Request) -> web.Response:
        """POST /artist: add an artist from the catalog."""
        body = await request.json()
        state = self.state
        if not isinstance(body, dict):
            return error_response(400, "Invalid request body")
        foreign_id = body.get("foreignArtistId")
        artist_seed = state.catalog.get(str(foreign_id))
        if artist_seed is None:
            return validation_error(
                "ForeignArtistId", "Artist was not found in MusicBrainz.", foreign_id
            )
        if any(a.seed.foreign_id == foreign_id for a in state.artists.values()):
            return validation_error(
                "ForeignArtistId", "This artist has already been added", foreign_id
            )
        if (invalid := self._invalid_artist(body)) is not None:
            return invalid
        options = body.get("addOptions") or {}
        monitor = str(options.get("monitor", "all"))
        artist = state.add_artist(
            artist_seed,
            quality_profile_id=body["qualityProfileId"],
            metadata_profile_id=body["metadataProfileId"],
            root_folder=str(body["rootFolderPath"]),
            monitored=bool(body.get("monitored", True)),
            monitor_albums=monitor != "none",
        )
        if options.get("searchForMissingAlbums"):
            command = state.start_command("ArtistSearch", {"artistId": artist.id})
            state.poll_command(command)
            state.poll_command(command)
        return json_response(state.artist_json(artist), 201)

    async def post_album(self, request: web.Request) -> web.Response:
        """POST /album: add one album, and its artist when new."""
        body = await request.json()
        state = self.state
        if not isinstance(body, dict) or not isinstance(body.get("artist"), dict):
            return error_response(400, "Invalid request body")
        foreign_id = body.get("foreignAlbumId")
        if any(a.foreign_id == foreign_id for a in state.albums.values()):
            return validation_error(
                "ForeignAlbumId", "This album has already been added.", foreign_id
            )
        artist_body: Json = body["artist"]
        artist_seed = state.catalog.get(str(artist_body.get("foreignArtistId")))
        album_seed = next(
            (
                a
                for a in (artist_seed.albums if artist_seed else ())
                if artist_seed is not None and artist_seed.album_id(a) == foreign_id
            ),
            None,
        )
        if artist_seed is None or album_seed is None:
            return validation_error(
                "ForeignAlbumId", "Album was not found in MusicBrainz.", foreign_id
            )
        artist = next(
            (a for a in state.artists.values() if a.seed is artist_seed), None
        )
        if artist is None:
            if (invalid := self._invalid_artist(artist_body)) is not None:
                return invalid
            artist = state.add_artist(
                artist_seed,
                quality_profile_id=artist_body["qualityProfileId"],
                metadata_profile_id=artist_body["metadataProfileId"],
                root_folder=str(artist_body["rootFolderPath"]),
                monitored=bool(artist_body.get("monitored", True)),
                monitor_albums=False,
            )
        album = next(
            a
            for a in state.albums.values()
            if a.artist_id == artist.id and a.seed is album_seed
        )
        album.monitored = bool(body.get("monitored", True))
        if (body.get("addOptions") or {}).get("searchForNewAlbum"):
            command = state.start_command("AlbumSearch", {"albumIds": [album.id]})
            state.poll_command(command)
            state.poll_command(command)
        return json_response(state.album_json(album), 201)

    async def get_calendar(self, request: web.Request) -> web.Response:
        """GET /calendar?start&end: albums released in the window."""
        start, end = calendar_window(request, self.state.now)
        unmonitored = query_bool(request, "unmonitored")
        include_artist = query_bool(request, "includeArtist")
        albums = [
            a
            for a in sorted(self.state.albums.values(), key=lambda a: a.id)
            if (unmonitored or a.monitored) and start <= a.release_date <= end
        ]
        return json_response(
            [self.state.album_json(a, with_artist=include_artist) for a in albums]
        )

    async def get_wanted_missing(self, request: web.Request) -> web.Response:
        """GET /wanted/missing (paged)."""
        include_artist = query_bool(request, "includeArtist")
        records = [
            self.state.album_json(a, with_artist=include_artist)
            for a in self.state.missing_albums()
        ]
        return json_response(paged(request, records, sort_key="releaseDate"))
