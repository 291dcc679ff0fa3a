"""Async client of Lidarr's v1 API: artists, albums and their searches.

Lidarr serves the shape of Sonarr's and Radarr's v3 API below `/api/v1`
(status, health, disk space, root folders, quality profiles, queue,
calendar, wanted, history, commands and the settings the audit reads), so
`ArrClient` covers those; this module adds the music library.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .activity_models import CalendarItem, CommandStatus, WantedItem
from .arr_base import ArrClient, Listings, first_id
from .errors import ArrApiError
from .kinds import LIDARR, ServiceSpec
from .music_models import Album, AlbumLookup, Artist, ArtistLookup, MetadataProfile

# Lidarr's EntityHistoryEventType, by the numbers the eventType filter takes.
LIDARR_HISTORY_EVENT_TYPES: dict[str, int] = {
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


class LidarrClient(ArrClient):
    """Lidarr: artists, albums and their searches on top of the shared API."""

    spec: ClassVar[ServiceSpec] = LIDARR
    queue_include: ClassVar[dict[str, bool]] = {
        "includeUnknownArtistItems": True,
        "includeArtist": True,
        "includeAlbum": True,
    }
    search_missing_command: ClassVar[str] = "MissingAlbumSearch"
    history_event_types: ClassVar[dict[str, int]] = LIDARR_HISTORY_EVENT_TYPES
    media_cover_segment: ClassVar[str] = "mediacover/artist"
    library_path: ClassVar[str] = "artist"
    listings: ClassVar[Listings] = Listings(
        noun="albums",
        include={"includeArtist": True},
        calendar_item=CalendarItem.from_album,
        wanted_item=WantedItem.from_album,
    )

    async def artists(self) -> list[Artist]:
        """Return every artist in the library."""
        return self._list(await self._get("artist"), "artists", Artist.from_json)

    async def library(self) -> list[Artist]:
        """Return every artist in the library; same as artists."""
        return await self.artists()

    async def albums(self, artist_id: int | None = None) -> list[Album]:
        """Return every album in the library, or one artist's."""
        params = None if artist_id is None else {"artistId": int(artist_id)}
        return self._list(await self._get("album", params), "albums", Album.from_json)

    async def lookup(self, term: str) -> list[ArtistLookup]:
        """Search for artists; same as lookup_artist."""
        return await self.lookup_artist(term)

    async def lookup_artist(self, term: str) -> list[ArtistLookup]:
        """Search MusicBrainz (through Lidarr) for artists by name."""
        return await self._lookup_term("artist", term, ArtistLookup.from_json)

    async def lookup_album(self, term: str) -> list[AlbumLookup]:
        """Search for albums by title, optionally with the artist's name."""
        return await self._lookup_term("album", term, AlbumLookup.from_json)

    async def metadata_profiles(self) -> list[MetadataProfile]:
        """Return the metadata profiles (which release types an artist gets)."""
        return self._list(
            await self._get("metadataprofile"),
            "metadata profiles",
            MetadataProfile.from_json,
        )

    async def _metadata_profile(self, profile_id: int | None, title: str) -> int:
        """Return the metadata profile to add with: the given one or the first."""
        if profile_id is not None:
            return profile_id
        found = first_id(await self._get("metadataprofile"), "metadata profile")
        if found is None:
            raise ArrApiError(
                f"Lidarr at {self.base_url} has no metadata profile to add {title} with"
            )
        return found

    def _artist_body(
        self,
        lookup: ArtistLookup,
        *,
        quality_profile_id: int,
        metadata_profile_id: int,
        root_folder_path: str,
        monitor: str,
        search: bool,
    ) -> dict[str, Any]:
        return {
            "artistName": lookup.name,
            "foreignArtistId": lookup.foreign_artist_id,
            "qualityProfileId": quality_profile_id,
            "metadataProfileId": metadata_profile_id,
            "rootFolderPath": root_folder_path,
            "monitored": monitor != "none",
            "monitorNewItems": "all" if monitor == "all" else "none",
            "images": self._image_bodies(lookup.images),
            "addOptions": {
                "monitor": monitor,
                "searchForMissingAlbums": search,
            },
        }

    async def add_artist(
        self,
        lookup: ArtistLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        metadata_profile_id: int | None = None,
        monitor: str = "all",
        search: bool = True,
    ) -> Artist:
        """Add a looked-up artist to the library and return it.

        monitor is one of Lidarr's monitor options ("all", "future",
        "missing", "existing", "latest", "first", "none"); search starts a
        search for its missing albums. Without metadata_profile_id the first
        metadata profile is used.
        """
        body = self._artist_body(
            lookup,
            quality_profile_id=quality_profile_id,
            metadata_profile_id=await self._metadata_profile(
                metadata_profile_id, lookup.name
            ),
            root_folder_path=root_folder_path,
            monitor=monitor,
            search=search,
        )
        return Artist.from_json(await self._request("POST", "artist", json_body=body))

    async def add_album(
        self,
        lookup: AlbumLookup,
        *,
        quality_profile_id: int,
        root_folder_path: str,
        metadata_profile_id: int | None = None,
        search: bool = True,
    ) -> Album:
        """Add one looked-up album (and its artist, if new) and return it.

        The artist comes along unmonitored for its other albums, as Lidarr's
        own "add album" does: only this album is monitored and searched.
        """
        artist = self._artist_body(
            lookup.artist,
            quality_profile_id=quality_profile_id,
            metadata_profile_id=await self._metadata_profile(
                metadata_profile_id, lookup.title
            ),
            root_folder_path=root_folder_path,
            monitor="none",
            search=False,
        )
        artist["monitored"] = True
        body: dict[str, Any] = {
            "title": lookup.title,
            "foreignAlbumId": lookup.foreign_album_id,
            "monitored": True,
            "anyReleaseOk": True,
            "artist": artist,
            "images": self._image_bodies(lookup.images),
            "addOptions": {"addType": "manual", "searchForNewAlbum": search},
        }
        return Album.from_json(await self._request("POST", "album", json_body=body))

    async def album_search(self, album_ids: list[int]) -> CommandStatus:
        """Search for the given albums."""
        return await self.command("AlbumSearch", albumIds=list(album_ids))

    async def artist_search(self, artist_id: int) -> CommandStatus:
        """Search for every missing album of an artist."""
        return await self.command("ArtistSearch", artistId=artist_id)

    async def refresh_artist(self, artist_id: int | None = None) -> CommandStatus:
        """Refresh one artist's metadata and files, or every artist."""
        if artist_id is None:
            return await self.command("RefreshArtist")
        return await self.command("RefreshArtist", artistId=artist_id)
