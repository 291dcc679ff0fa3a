"""The coordinators of a library manager (Sonarr, Radarr).

A queue coordinator (queue and the newest history records, with the
downloads completed, failed or imported since its last refresh) and a
library coordinator (status, health, disk, calendar, wanted, library size);
see `coordinator.py` for the intervals and the shared behaviour.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, override

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .agent.speech import spoken_name
from .agent.vocabulary import queue_entries
from .arr.activity_models import CalendarItem, HistoryRecord
from .arr.arr_base import ArrClient
from .arr.errors import ArrNotFoundError
from .arr.models import DiskSpace, HealthCheck, QueueItem, RootFolder, SystemStatus
from .availability import ServiceAvailability
from .const import LOGGER
from .coordinator import (
    EVENT_COMPLETED,
    EVENT_FAILED,
    EVENT_IMPORTED,
    HISTORY_PAGE_SIZE,
    LIBRARY_SIZE_INTERVAL,
    UPCOMING_DAYS,
    DownloadEvent,
    QueueCoordinator,
    SlowCoordinator,
)
from .issues import async_update_health_issue

# Arr history event types, and the download event each one is.
_ARR_HISTORY_EVENTS: Final = {
    "downloadFolderImported": EVENT_IMPORTED,
    # Lidarr's name of the same event.
    "downloadImported": EVENT_IMPORTED,
    "downloadFailed": EVENT_FAILED,
}
# Queue states meaning the download client has finished the download.
_ARR_DONE_STATES: Final = frozenset({"importPending", "importing", "imported"})
# Download names remembered for events, at most (then forgotten all at once).
_MAX_NAMES: Final = 1000

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry


@dataclass(frozen=True, slots=True)
class ArrQueueData:
    """The queue of a Sonarr or Radarr instance and what happened since."""

    items: tuple[QueueItem, ...]
    events: tuple[DownloadEvent, ...] = ()

    @property
    def downloading(self) -> bool:
        """Return whether any download is in progress."""
        return any(item.status.lower() == "downloading" for item in self.items)


@dataclass(frozen=True, slots=True)
class ArrLibraryData:
    """The slowly changing state of a Sonarr or Radarr instance.

    Every part but the status is None when its endpoint failed or the
    server's version does not have it: only what reads that part is blank.
    """

    status: SystemStatus
    health: tuple[HealthCheck, ...] | None
    disk_space: tuple[DiskSpace, ...] | None
    root_folders: tuple[RootFolder, ...] | None
    upcoming: tuple[CalendarItem, ...] | None
    missing: int | None
    library_size: int | None

    @property
    def problems(self) -> tuple[HealthCheck, ...]:
        """Return the health checks that are warnings or errors."""
        return tuple(h for h in self.health or () if h.type in ("warning", "error"))


class ArrQueueCoordinator(QueueCoordinator[ArrClient, ArrQueueData]):
    """Queue and recent history of a library manager (Sonarr, Radarr)."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: ArrClient,
    ) -> None:
        """Poll the queue of one Sonarr or Radarr instance."""
        super().__init__(hass, entry, subentry, availability, client)
        # What was seen at the previous refresh, to report only what is new.
        # None until the first successful refresh, which reports nothing.
        self._last_history_id: int | None = None
        self._done_downloads: set[str] | None = None
        # What each download is ("Shōgun S02E05"), by download id, as the
        # queue named it: an import's history record names only the release,
        # and the download has left the queue by then.
        self._names: dict[str, str] = {}
        # The same instance's library coordinator: an import changes what is
        # missing and what has a file, so it is refreshed after one.
        self.library: ArrLibraryCoordinator | None = None

    @override
    async def _async_fetch_queue(self) -> ArrQueueData:
        # The history only brings events: when it fails, the queue still shows.
        items, history = await asyncio.gather(
            self.client.queue_all(),
            self._part(
                "history",
                lambda: self.client.history(page=1, page_size=HISTORY_PAGE_SIZE),
            ),
        )
        self._remember_names(items)
        events = (
            *self._completed_downloads(items),
            *(self._new_history_events(history.records) if history else ()),
        )
        data = ArrQueueData(items=tuple(items), events=events)
        if self.library is not None and any(
            event.event_type == EVENT_IMPORTED for event in events
        ):
            self.config_entry.async_create_background_task(
                self.hass,
                self.library.async_request_refresh(),
                f"{self.name} import refresh",
            )
        return data

    def _remember_names(self, items: list[QueueItem]) -> None:
        names = {
            entry.download_id: entry.name
            for entry in queue_entries(items)
            if entry.download_id
        }
        if len(self._names) + len(names) > _MAX_NAMES:
            self._names.clear()
        self._names.update(names)

    def _event(
        self,
        event_type: str,
        title: str,
        download_id: str | None,
        message: str | None = None,
        media_id: int | None = None,
    ) -> DownloadEvent:
        """Return an event of this service, naming the download as said."""
        return DownloadEvent(
            event_type=event_type,
            title=title,
            download_id=download_id,
            message=message,
            media_title=self._names.get(download_id or "") or spoken_name(title),
            service=self.service_kind,
            instance=self.service_name,
            media_id=media_id,
        )

    def _completed_downloads(self, items: list[QueueItem]) -> list[DownloadEvent]:
        """Return the downloads that finished in the client since last time."""
        done = {
            _queue_key(item): item
            for item in items
            if item.tracked_download_state in _ARR_DONE_STATES
            or item.status.lower() == "completed"
        }
        previous, self._done_downloads = self._done_downloads, set(done)
        if previous is None:
            return []
        return [
            self._event(
                EVENT_COMPLETED, item.title, item.download_id, media_id=item.media_id
            )
            for key, item in done.items()
            if key not in previous
        ]

    def _new_history_events(self, records: list[HistoryRecord]) -> list[DownloadEvent]:
        """Return the imports and failures recorded since last time."""
        newest = max((record.id for record in records), default=0)
        previous = self._last_history_id
        self._last_history_id = max(newest, previous or 0)
        if previous is None:
            return []
        events: list[DownloadEvent] = []
        seen: set[tuple[str, str]] = set()
        # Oldest first, so automations see them in the order they happened.
        for record in sorted(records, key=lambda r: r.id):
            event_type = _ARR_HISTORY_EVENTS.get(record.event_type)
            if event_type is None or record.id <= previous:
                continue
            # A season pack imports many episodes under one download.
            key = (event_type, record.download_id or f"#{record.id}")
            if key in seen:
                continue
            seen.add(key)
            events.append(
                self._event(
                    event_type,
                    record.source_title,
                    record.download_id,
                    record.message if event_type == EVENT_FAILED else None,
                    record.media_id,
                )
            )
        return events


def _queue_key(item: QueueItem) -> str:
    return item.download_id or f"#{item.id}"


class ArrLibraryCoordinator(SlowCoordinator[ArrClient, ArrLibraryData]):
    """Status, health, disk, calendar, wanted and library size of an arr."""

    role = "library"
    # The library size needs the whole library (megabytes for a large one):
    # it is read every LIBRARY_SIZE_INTERVAL, not every refresh.
    _library_size: int | None = None
    _library_read_at: datetime | None = None
    # The version that answered wanted/missing with 404 (not asked again).
    _lacks_wanted_missing: str | None = None
    _wanted_missing_not_found: bool = False

    async def _async_library_size(self, now: datetime) -> int:
        """Return the library size, reading the library when it is due."""
        if (
            self._library_size is not None
            and self._library_read_at is not None
            and now - self._library_read_at < LIBRARY_SIZE_INTERVAL
        ):
            return self._library_size
        items = await self.client.library()
        self._library_size, self._library_read_at = len(items), now
        return len(items)

    @override
    async def _async_fetch(self) -> ArrLibraryData:
        client = self.client
        now = dt_util.utcnow()
        # The status read at the previous refresh: the version to know which
        # endpoints this server lacks before this refresh reads it again.
        known = client.last_status
        (
            status,
            (health, disk_space, root_folders, upcoming, missing, library_size),
        ) = await asyncio.gather(
            client.system_status(),
            asyncio.gather(
                self._part("health", client.health),
                self._part("disk space", client.disk_space),
                self._part("root folders", client.root_folders),
                self._part(
                    "calendar",
                    lambda: client.calendar(now, now + timedelta(days=UPCOMING_DAYS)),
                ),
                self._missing(known.version if known else None),
                self._part("library", lambda: self._async_library_size(now)),
            ),
        )
        data = ArrLibraryData(
            status=status,
            health=None if health is None else tuple(health),
            disk_space=None if disk_space is None else tuple(disk_space),
            root_folders=None if root_folders is None else tuple(root_folders),
            upcoming=None
            if upcoming is None
            else tuple(
                sorted(
                    (item for item in upcoming if item.start is not None),
                    key=_calendar_start,
                )
            ),
            missing=missing,
            library_size=library_size,
        )
        if self._wanted_missing_not_found:
            self._wanted_missing_not_found = False
            self._lacks_wanted_missing = status.version
            LOGGER.info(
                "%s %s has no list of missing items; the missing count stays "
                "blank until it is upgraded",
                status.app_name or self.service_name,
                status.version,
            )
        if data.health is not None:
            async_update_health_issue(
                self.hass,
                self.config_entry.entry_id,
                self.subentry_id,
                self.service_name,
                data.health,
            )
        self._async_update_sw_version(status.version)
        return data

    async def _missing(self, version: str | None) -> int | None:
        """Return how many monitored items are missing, when the server says.

        Radarr before 5.6 has no wanted/missing (404): it is asked once per
        version, not at every refresh; after an upgrade it is asked again.
        """
        if version is not None and version == self._lacks_wanted_missing:
            return None

        async def read() -> int | None:
            try:
                page = await self.client.wanted_missing(page=1, page_size=1)
            except ArrNotFoundError:
                self._wanted_missing_not_found = True
                return None
            return page.total_records

        return await self._part("missing items", read)


def _calendar_start(item: CalendarItem) -> datetime:
    assert item.start is not None
    return item.start
