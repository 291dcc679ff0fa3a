"""What Sonarr, Radarr and Lidarr share: their API's common endpoints.

They serve the same API shape for system status, health, disk space, root
folders, quality profiles, queue, calendar, wanted, history, commands and
the lookup of new library items; `SonarrClient`, `RadarrClient` and
`LidarrClient` add their own library endpoints on top,
and `ArrConfigMixin` (config_api.py) the settings calls the audit uses.
Every request goes through `HttpTransport`, which maps transport failures and
HTTP error statuses onto the errors in `errors.py`; a web page where JSON was
expected (a login page, a wrong URL base) is ArrWrongAppError.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar

import aiohttp

from .activity_models import CalendarItem, CommandStatus, HistoryRecord, WantedItem
from .config_api import ArrConfigMixin
from .errors import ArrNotFoundError, ArrWrongAppError
from .fields import Fields, format_datetime, parse_list
from .http import HttpResponse, HttpTransport, Query, ServiceConfig
from .images import CoverImage, cover_file
from .kinds import ServiceSpec
from .library_models import Image, MovieLookup, SeriesLookup
from .models import (
    DiskSpace,
    HealthCheck,
    Page,
    QualityProfile,
    QueueItem,
    RootFolder,
    SystemStatus,
)
from .music_models import ArtistLookup
from .records import SkippedRecords

# queue_all stops after this many pages, so a server that keeps reporting
# more records than it returns cannot make it loop forever.
MAX_QUEUE_PAGES = 50
QUEUE_ALL_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Listings:
    """How a library manager's calendar and wanted list name their records."""

    # What the records are, in the plural ("episodes"), for skipped records.
    noun: str
    # Query switches that make each record carry its parent (its series).
    include: Mapping[str, bool]
    calendar_item: Callable[[Any], CalendarItem]
    wanted_item: Callable[[Any], WantedItem]


class ArrClient(ArrConfigMixin, ABC):
    """Async client of one Sonarr or Radarr instance (their shared v3 API).

    Subclasses set `spec` (their kind: the API path, and the name
    /system/status must report as appName) and the names that differ
    between the two applications.
    """

    spec: ClassVar[ServiceSpec]
    # Query parameters added to /queue so records carry their media's title.
    queue_include: ClassVar[Mapping[str, bool]]
    # Command that searches every missing item.
    search_missing_command: ClassVar[str]
    # History event names and the numbers the `eventType` filter expects.
    history_event_types: ClassVar[Mapping[str, int]]
    # Where the API serves a library item's pictures (Lidarr: its artists').
    media_cover_segment: ClassVar[str] = "mediacover"
    # How the calendar and the wanted list name and read their records.
    listings: ClassVar[Listings]
    # The library only this application keeps ("series", "movie", "artist"):
    # what tells it when its status names no application.
    library_path: ClassVar[str]

    def __init__(self, session: aiohttp.ClientSession, config: ServiceConfig) -> None:
        """Bind the client to a session and a service instance."""
        self._transport = HttpTransport(session, config, app_name=self.app_name)
        self._headers = {"X-Api-Key": config.api_key, "Accept": "application/json"}
        self._status: SystemStatus | None = None
        self._skipped = SkippedRecords(lambda: f"{self.app_name} at {self.base_url}")

    @property
    def app_name(self) -> str:
        """Return the application's name (what its status reports as appName)."""
        return self.spec.name

    @property
    def base_url(self) -> str:
        """Return the server's base URL (with its URL base, no secrets)."""
        return str(self._transport.base_url)

    @property
    def last_status(self) -> SystemStatus | None:
        """Return the status the last system_status() call read, if any."""
        return self._status

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        json_body: Any = None,
    ) -> Any:
        """Send one API request and return its decoded JSON (None if empty)."""
        response = await self._transport.request(
            method,
            f"{self.spec.api_path}/{path}",
            params=params,
            json_body=json_body,
            headers=self._headers,
        )
        self._reject_web_page(response)
        if not response.body.strip():
            return None
        return self._transport.decode_json(response)

    def _reject_web_page(self, response: HttpResponse) -> None:
        """Raise ArrWrongAppError when a web page answers instead of the API.

        That is what a login page of a reverse proxy, a wrong URL base or
        another web application looks like.
        """
        if "html" in response.content_type or response.body.lstrip()[:1] == b"<":
            raise ArrWrongAppError(
                f"{self.app_name} at {self.base_url} answered with a web page, "
                f"not the {self.app_name} API: check the URL, the URL base and "
                "any login in front of it"
            )

    async def _get(self, path: str, params: Query | None = None) -> Any:
        return await self._request("GET", path, params=params)

    def _list[T](self, data: Any, what: str, parse: Callable[[Any], T]) -> list[T]:
        """Parse a list answer; a record that cannot be read is left out."""
        return parse_list(data, what, parse, self._skipped.skip(what))

    def _page[T](self, data: Any, what: str, parse: Callable[[Any], T]) -> Page[T]:
        """Parse a page answer; a record that cannot be read is left out."""
        return Page.parse(data, what, parse, self._skipped.skip(what))

    # System

    async def system_status(self) -> SystemStatus:
        """Return the server's status; check it is the expected application.

        Raises ArrWrongAppError when another application (or no arr API at
        all) answers at the URL.
        """
        try:
            data = await self._get("system/status")
        except ArrNotFoundError as err:
            raise ArrWrongAppError(
                f"no {self.app_name} {self.spec.api_version} API at {self.base_url}: check the URL and "
                "the URL base"
            ) from err
        if not isinstance(data, dict):
            raise ArrWrongAppError(
                f"the server at {self.base_url} is not {self.app_name}: its status "
                "has no application name"
            )
        found = data.get("appName")
        if isinstance(found, str):
            if found.casefold() != self.app_name.casefold():
                raise ArrWrongAppError(
                    f"the server at {self.base_url} is {found}, not {self.app_name}",
                    found=found,
                )
            status = SystemStatus.from_json(data)
        else:
            # Sonarr 3.0.6 and older, Radarr 3 and Lidarr 0.8 name no
            # application in their status: the library only this application
            # keeps tells it.
            await self._confirm_by_library()
            status = replace(SystemStatus.from_json(data), app_name=self.app_name)
        self._status = status
        return status

    async def _confirm_by_library(self) -> None:
        """Raise ArrWrongAppError unless the server keeps this app's library."""
        try:
            library = await self._get(self.library_path)
        except ArrNotFoundError:
            library = None
        if not isinstance(library, list):
            raise ArrWrongAppError(
                f"the server at {self.base_url} is not {self.app_name}: its status "
                f"has no application name and it has no {self.library_path} list"
            )

    async def _server_status(self) -> SystemStatus:
        """Return the cached status, reading it once when needed."""
        if self._status is None:
            return await self.system_status()
        return self._status

    async def health(self) -> list[HealthCheck]:
        """Return the server's current health problems."""
        return self._list(
            await self._get("health"), "health checks", HealthCheck.from_json
        )

    async def disk_space(self) -> list[DiskSpace]:
        """Return free and total space of the disks the server sees."""
        return self._list(
            await self._get("diskspace"), "disk spaces", DiskSpace.from_json
        )

    async def root_folders(self) -> list[RootFolder]:
        """Return the library root folders."""
        return self._list(
            await self._get("rootfolder"), "root folders", RootFolder.from_json
        )

    async def quality_profiles(self) -> list[QualityProfile]:
        """Return the quality profiles."""
        return self._list(
            await self._get("qualityprofile"),
            "quality profiles",
            QualityProfile.from_json,
        )

    # Queue

    async def queue(self, page: int = 1, page_size: int = 50) -> Page[QueueItem]:
        """Return one page of the download queue, unknown items included."""
        params: dict[str, Any] = {"page": page, "pageSize": page_size}
        params.update(self.queue_include)
        return self._page(
            await self._get("queue", params), "queue", QueueItem.from_json
        )

    async def queue_all(self) -> list[QueueItem]:
        """Return every item of the download queue, reading all pages."""
        items: list[QueueItem] = []
        seen: set[int] = set()
        for page_number in range(1, MAX_QUEUE_PAGES + 1):
            page = await self.queue(page_number, QUEUE_ALL_PAGE_SIZE)
            # The queue may change between pages; keep each item once.
            fresh = [item for item in page.records if item.id not in seen]
            seen.update(item.id for item in fresh)
            items.extend(fresh)
            if not page.records or page_number * page.page_size >= page.total_records:
                break
        return items

    async def remove_queue_item(
        self,
        item_id: int,
        *,
        blocklist: bool,
        remove_from_client: bool = True,
        skip_redownload: bool = False,
    ) -> None:
        """Remove a download from the queue.

        With blocklist=True the release is blocklisted and, unless
        skip_redownload, the server searches for a replacement.
        """
        await self._request(
            "DELETE",
            f"queue/{int(item_id)}",
            params={
                "removeFromClient": remove_from_client,
                "blocklist": blocklist,
                "skipRedownload": skip_redownload,
            },
        )

    # Pictures

    async def media_cover(self, media_id: int, cover_type: str) -> CoverImage:
        """Return the picture the server keeps of a series, movie or artist.

        ArrNotFoundError when it has none; ArrWrongAppError when something
        other than a picture answers (a login page in front of it).
        """
        response = await self._transport.request(
            "GET",
            f"{self.spec.api_path}/{self.media_cover_segment}/{int(media_id)}/"
            + cover_file(cover_type),
            headers={"X-Api-Key": self._headers["X-Api-Key"]},
        )
        if not response.content_type.startswith("image/"):
            raise ArrWrongAppError(
                f"{self.app_name} at {self.base_url} answered a picture's address "
                f"with {response.content_type or 'no content type'}, not a picture"
            )
        return CoverImage(response.body, response.content_type)

    # Calendar, wanted, history

    async def calendar(self, start: datetime, end: datetime) -> list[CalendarItem]:
        """Return what airs or is released between start and end."""
        data = await self._calendar_json(start, end, self.listings.include)
        return self._list(
            data, f"calendar {self.listings.noun}", self.listings.calendar_item
        )

    async def _calendar_json(
        self, start: datetime, end: datetime, extra: Mapping[str, bool]
    ) -> Any:
        params: dict[str, Any] = {
            "start": format_datetime(start),
            "end": format_datetime(end),
            "unmonitored": False,
        }
        params.update(extra)
        return await self._get("calendar", params)

    async def wanted_missing(
        self, page: int = 1, page_size: int = 50
    ) -> Page[WantedItem]:
        """Return one page of monitored, released items that have no file."""
        data = await self._get(
            "wanted/missing",
            {
                "page": page,
                "pageSize": page_size,
                **self.listings.include,
                "monitored": True,
            },
        )
        return self._page(
            data, f"missing {self.listings.noun}", self.listings.wanted_item
        )

    async def history(
        self, page: int = 1, page_size: int = 50, event_type: str | None = None
    ) -> Page[HistoryRecord]:
        """Return one page of history, newest first.

        event_type filters by event name ("grabbed", "downloadFailed",
        "downloadFolderImported"...); an unknown name raises ValueError.
        """
        params: dict[str, Any] = {
            "page": page,
            "pageSize": page_size,
            "sortKey": "date",
            "sortDirection": "descending",
        }
        if event_type is not None:
            if event_type not in self.history_event_types:
                known = ", ".join(sorted(self.history_event_types))
                raise ValueError(
                    f"unknown {self.app_name} history event type {event_type!r}; "
                    f"known: {known}"
                )
            params["eventType"] = self.history_event_types[event_type]
        return self._page(
            await self._get("history", params), "history", HistoryRecord.from_json
        )

    # Commands

    async def command(self, name: str, **body: Any) -> CommandStatus:
        """Start a command (e.g. "RefreshSeries", seriesId=1) and return it."""
        payload = {"name": name, **body}
        return CommandStatus.from_json(
            await self._request("POST", "command", json_body=payload)
        )

    async def command_status(self, command_id: int) -> CommandStatus:
        """Return how far a command got."""
        return CommandStatus.from_json(await self._get(f"command/{int(command_id)}"))

    async def search_missing(self) -> CommandStatus:
        """Start a search for every missing monitored item."""
        return await self.command(self.search_missing_command)

    # Library and lookup

    @abstractmethod
    async def library(self) -> Sequence[object]:
        """Return every item of the library (series, movies...)."""

    @abstractmethod
    async def lookup(
        self, term: str
    ) -> Sequence[SeriesLookup | MovieLookup | ArtistLookup]:
        """Search the metadata source for series, movies or artists matching term."""

    async def _lookup_term[T](
        self, path: str, term: str, parse: Callable[[Any], T]
    ) -> list[T]:
        """Return what `<path>/lookup` finds for a search term."""
        data = await self._get(f"{path}/lookup", {"term": term.strip()})
        return self._list(data, f"{path} lookup results", parse)

    @staticmethod
    def _image_bodies(images: Iterable[Image]) -> list[dict[str, str]]:
        """Return a looked-up item's pictures as an add request sends them."""
        return [
            {"coverType": image.cover_type, "remoteUrl": image.public_url or image.url}
            for image in images
        ]


def utc_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Return start and end as aware UTC datetimes (naive ones taken as UTC)."""

    def aware(value: datetime) -> datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    return aware(start), aware(end)


def first_id(data: Any, what: str) -> int | None:
    """Return the id of the first object in a JSON list, if any."""
    items = parse_list(data, what, lambda item: Fields(item, what))
    return items[0].integer("id") if items else None
