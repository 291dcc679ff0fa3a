"""Coordinators polling each service instance, split by how fast data changes.

Every service subentry gets two coordinators:

- a queue coordinator (queue, speed and the newest history records) polled
  every `QUEUE_INTERVAL_ACTIVE` while something downloads and every
  `QUEUE_INTERVAL_IDLE` otherwise;
- a library/status coordinator (status, health, disk, calendar, wanted,
  library size; for SABnzbd version, totals and warnings) polled every
  `SLOW_INTERVAL`, the library itself (for its size) every
  `LIBRARY_SIZE_INTERVAL`.

Each coordinator fetches its endpoints in parallel; DataUpdateCoordinator
never lets two refreshes of one coordinator overlap. A rejected API key starts
the entry's reauth flow naming the subentry (`REAUTH_SUBENTRY_ID` in the
flow's data); an outage makes the service's entities unavailable. Whether a
service answers is tracked per service by `ServiceAvailability`, which logs
once when it goes away and once when it comes back (the coordinators' own
per-refresh failure logging is turned off so two coordinators do not log the
same outage twice) and raises a repair issue when the outage lasts. An error
answer (not an outage) is logged once as a warning until the next success. A
failing service falls back to the slow interval; an import seen in the queue
refreshes the same instance's library coordinator at once.

The queue coordinators also hand over what happened since their previous
refresh as `DownloadEvent`s (completed, failed, imported), which the event
entities fire; the first refresh only records what already exists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, override

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_API_KEY, CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util
from yarl import URL

from .arr.arr_base import ArrClient
from .arr.errors import (
    ArrAuthError,
    ArrConnectionError,
    ArrError,
    ArrNotFoundError,
    redact,
)
from .arr.models import (
    CalendarItem,
    DiskSpace,
    HealthCheck,
    HistoryRecord,
    QueueItem,
    RootFolder,
    SystemStatus,
)
from .arr.sabnzbd_models import SabHistorySlot, SabQueue, SabServerStats, SabWarning
from .const import DOMAIN, LOGGER, REAUTH_SUBENTRY_ID
from .issues import (
    async_delete_unreachable_issue,
    async_update_health_issue,
    async_update_unreachable_issue,
)

if TYPE_CHECKING:
    from .arr.sabnzbd import SabnzbdClient
    from .data import AutoArrConfigEntry

QUEUE_INTERVAL_ACTIVE: Final = timedelta(seconds=10)
QUEUE_INTERVAL_IDLE: Final = timedelta(minutes=1)
SLOW_INTERVAL: Final = timedelta(minutes=5)
LIBRARY_SIZE_INTERVAL: Final = timedelta(minutes=30)
# How far ahead the upcoming sensor and the calendar's next event look.
UPCOMING_DAYS: Final = 7
# How many history records each queue refresh reads to find new events.
HISTORY_PAGE_SIZE: Final = 25
# SABnzbd queue jobs read per refresh; the count comes from the total.
SAB_QUEUE_LIMIT: Final = 20

# Event types of the per-service event entities.
EVENT_COMPLETED: Final = "completed"
EVENT_FAILED: Final = "failed"
EVENT_IMPORTED: Final = "imported"

# Arr history event types, and the download event each one is.
_ARR_HISTORY_EVENTS: Final = {
    "downloadFolderImported": EVENT_IMPORTED,
    "downloadFailed": EVENT_FAILED,
}
# Queue states meaning the download client has finished the download.
_ARR_DONE_STATES: Final = frozenset({"importPending", "importing", "imported"})
# SABnzbd history statuses that are final, and the download event each one is.
_SAB_HISTORY_EVENTS: Final = {"completed": EVENT_COMPLETED, "failed": EVENT_FAILED}
# Bound on the SABnzbd history ids remembered between refreshes.
_MAX_SEEN: Final = 1000


@dataclass(frozen=True, slots=True)
class DownloadEvent:
    """A download that completed, failed or was imported since the last poll."""

    event_type: str
    title: str
    download_id: str | None = None
    message: str | None = None
    media_title: str | None = None

    def as_attributes(self) -> dict[str, Any]:
        """Return the event data passed to the event entity."""
        return {
            "title": self.title,
            "download_id": self.download_id,
            "message": self.message,
            "media_title": self.media_title,
        }


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


@dataclass(frozen=True, slots=True)
class SabQueueData:
    """The queue of a SABnzbd instance and what happened since."""

    queue: SabQueue
    events: tuple[DownloadEvent, ...] = ()

    @property
    def downloading(self) -> bool:
        """Return whether SABnzbd is downloading something."""
        return bool(self.queue.slots) and not self.queue.paused


@dataclass(frozen=True, slots=True)
class SabStatusData:
    """The slowly changing state of a SABnzbd instance.

    `stats` and `warnings` are None when their mode failed: only what reads
    them is blank.
    """

    version: str
    stats: SabServerStats | None
    warnings: tuple[SabWarning, ...] | None


class ServiceAvailability:
    """Whether one service answers, shared by its coordinators.

    Logs at info level once when the service stops answering and once when
    it answers again, and keeps a repair issue open while an outage lasts
    longer than `UNREACHABLE_ISSUE_AFTER`.
    """

    def __init__(
        self, hass: HomeAssistant, entry: AutoArrConfigEntry, subentry: ConfigSubentry
    ) -> None:
        """Track a service subentry of an entry."""
        self._hass = hass
        self._entry = entry
        self.subentry_id = subentry.subentry_id
        self.name = subentry.title
        self.unavailable_since: datetime | None = None
        self.last_error: str | None = None
        # Error texts may quote the URL (with a proxy's password) or echo the
        # key; the clients strip them, and this makes sure of it.
        url = URL(subentry.data.get(CONF_URL, ""))
        self._secrets = (url.password, subentry.data.get(CONF_API_KEY))

    def describe(self, err: ArrError) -> str:
        """Return an error's text fit for logs, issues and messages."""
        return redact(str(err), *self._secrets)

    @property
    def available(self) -> bool:
        """Return whether the service answered its last request."""
        return self.unavailable_since is None

    @callback
    def mark_unavailable(self, err: ArrError) -> None:
        """Record a failed request that means the service is unreachable."""
        self.last_error = self.describe(err)
        now = dt_util.utcnow()
        if self.unavailable_since is None:
            self.unavailable_since = now
            LOGGER.info("%s is unavailable: %s", self.name, self.last_error)
            return
        async_update_unreachable_issue(
            self._hass,
            self._entry,
            self.subentry_id,
            self.name,
            since=self.unavailable_since,
            now=now,
            error=self.last_error,
        )

    @callback
    def mark_available(self) -> None:
        """Record a successful request."""
        if self.unavailable_since is None:
            return
        self.unavailable_since = None
        self.last_error = None
        LOGGER.info("%s is available again", self.name)
        async_delete_unreachable_issue(self._hass, self.subentry_id)


class ServiceCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """A coordinator of one service subentry, mapping ArrError for Home Assistant."""

    config_entry: AutoArrConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        *,
        role: str,
        update_interval: timedelta,
    ) -> None:
        """Set up a coordinator polling one service."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{subentry.title} {role}",
            update_interval=update_interval,
            always_update=False,
        )
        self.subentry_id = subentry.subentry_id
        self.service_name = subentry.title
        self.availability = availability
        # The interval to fall back to (idle or slow) when a refresh fails.
        self._base_interval = update_interval
        # Whether the last refresh failed with an error answer (not an outage,
        # which ServiceAvailability logs): logged once, not on every poll.
        self._error_logged = False
        # The parts whose endpoint failed at the last refresh (logged once).
        self._failed_parts: set[str] = set()

    @override
    async def _async_refresh(
        self,
        log_failures: bool = True,
        raise_on_auth_failed: bool = False,
        scheduled: bool = False,
        raise_on_entry_error: bool = False,
    ) -> None:
        # ServiceAvailability logs outages once per service; the base class
        # would log them again for each of the service's coordinators.
        await super()._async_refresh(
            log_failures=False,
            raise_on_auth_failed=raise_on_auth_failed,
            scheduled=scheduled,
            raise_on_entry_error=raise_on_entry_error,
        )

    @override
    async def _async_update_data(self) -> DataT:
        try:
            data = await self._async_fetch()
        except ArrError as err:
            # A failing service is not polled at the fast rate.
            self.update_interval = self._base_interval
            raise self._failure(err) from err
        self.availability.mark_available()
        self._error_logged = False
        return data

    def _failure(self, err: ArrError) -> ConfigEntryAuthFailed | UpdateFailed:
        """Return what Home Assistant should see for a failed refresh."""
        placeholders = {
            "name": self.service_name,
            "error": self.availability.describe(err),
        }
        if isinstance(err, ArrAuthError):
            # Name the subentry so the reauth flow asks for the right key;
            # the base class then skips its own reauth start (one is running).
            self.config_entry.async_start_reauth(
                self.hass, data={REAUTH_SUBENTRY_ID: self.subentry_id}
            )
            return ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="service_auth_failed",
                translation_placeholders={"name": self.service_name},
            )
        if isinstance(err, ArrConnectionError):
            self.availability.mark_unavailable(err)
            return UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="service_unavailable",
                translation_placeholders=placeholders,
            )
        if not self._error_logged:
            self._error_logged = True
            LOGGER.warning(
                "%s answered with an error: %s", self.name, placeholders["error"]
            )
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="service_error",
            translation_placeholders=placeholders,
        )

    async def _part[T](self, part: str, call: Callable[[], Awaitable[T]]) -> T | None:
        """Return one part of the data, or None when its endpoint fails.

        An outage or a rejected key fails the whole refresh (every entity of
        the service is unavailable); an error answer of one endpoint blanks
        only what reads it, and is logged once until it answers again.
        """
        try:
            result = await call()
        except ArrAuthError, ArrConnectionError:
            raise
        except ArrError as err:
            if part not in self._failed_parts:
                self._failed_parts.add(part)
                LOGGER.warning(
                    "%s: the %s could not be read (what shows it is unavailable "
                    "until it can): %s",
                    self.service_name,
                    part,
                    self.availability.describe(err),
                )
            return None
        self._failed_parts.discard(part)
        return result

    async def _async_fetch(self) -> DataT:
        """Fetch this coordinator's data from the service."""
        raise NotImplementedError

    @callback
    def _async_update_sw_version(self, version: str) -> None:
        """Keep the device's software version current across upgrades."""
        registry = dr.async_get(self.hass)
        device = registry.async_get_device_by_identifier(
            (DOMAIN, self.subentry_id), self.config_entry.entry_id
        )
        if device is not None and version and device.sw_version != version:
            registry.async_update_device(device.id, sw_version=version)


class ArrQueueCoordinator(ServiceCoordinator[ArrQueueData]):
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
        super().__init__(
            hass,
            entry,
            subentry,
            availability,
            role="queue",
            update_interval=QUEUE_INTERVAL_IDLE,
        )
        self.client = client
        # What was seen at the previous refresh, to report only what is new.
        # None until the first successful refresh, which reports nothing.
        self._last_history_id: int | None = None
        self._done_downloads: set[str] | None = None
        # The same instance's library coordinator: an import changes what is
        # missing and what has a file, so it is refreshed after one.
        self.library: ArrLibraryCoordinator | None = None

    @override
    async def _async_fetch(self) -> ArrQueueData:
        # The history only brings events: when it fails, the queue still shows.
        items, history = await asyncio.gather(
            self.client.queue_all(),
            self._part(
                "history",
                lambda: self.client.history(page=1, page_size=HISTORY_PAGE_SIZE),
            ),
        )
        events = (
            *self._completed_downloads(items),
            *(self._new_history_events(history.records) if history else ()),
        )
        data = ArrQueueData(items=tuple(items), events=events)
        self.update_interval = (
            QUEUE_INTERVAL_ACTIVE if data.downloading else QUEUE_INTERVAL_IDLE
        )
        if self.library is not None and any(
            event.event_type == EVENT_IMPORTED for event in events
        ):
            self.config_entry.async_create_background_task(
                self.hass,
                self.library.async_request_refresh(),
                f"{self.name} import refresh",
            )
        return data

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
            DownloadEvent(
                event_type=EVENT_COMPLETED,
                title=item.title,
                download_id=item.download_id,
                media_title=item.media_title,
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
                DownloadEvent(
                    event_type=event_type,
                    title=record.source_title,
                    download_id=record.download_id,
                    message=record.message if event_type == EVENT_FAILED else None,
                )
            )
        return events


def _queue_key(item: QueueItem) -> str:
    return item.download_id or f"#{item.id}"


class ArrLibraryCoordinator(ServiceCoordinator[ArrLibraryData]):
    """Status, health, disk, calendar, wanted and library size of an arr."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: ArrClient,
    ) -> None:
        """Poll the slowly changing state of one Sonarr or Radarr instance."""
        super().__init__(
            hass,
            entry,
            subentry,
            availability,
            role="library",
            update_interval=SLOW_INTERVAL,
        )
        self.client = client
        # The library size needs the whole library (megabytes for a large
        # one): it is read every LIBRARY_SIZE_INTERVAL, not every refresh.
        self._library_size: int | None = None
        self._library_read_at: datetime | None = None
        # The version that answered wanted/missing with 404 (not asked again).
        self._lacks_wanted_missing: str | None = None
        self._wanted_missing_not_found = False

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
                self.hass, self.subentry_id, self.service_name, data.health
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


class SabQueueCoordinator(ServiceCoordinator[SabQueueData]):
    """Queue, speed and recent history of a SABnzbd instance."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: SabnzbdClient,
    ) -> None:
        """Poll the queue of one SABnzbd instance."""
        super().__init__(
            hass,
            entry,
            subentry,
            availability,
            role="queue",
            update_interval=QUEUE_INTERVAL_IDLE,
        )
        self.client = client
        # The history slots seen at the previous refresh; None before the first.
        self._seen: set[str] | None = None

    @override
    async def _async_fetch(self) -> SabQueueData:
        # The history only brings events: when it fails, the queue still shows.
        queue, history = await asyncio.gather(
            self.client.queue(limit=SAB_QUEUE_LIMIT),
            self._part("history", lambda: self.client.history(limit=HISTORY_PAGE_SIZE)),
        )
        data = SabQueueData(
            queue=queue, events=self._new_events(history.slots) if history else ()
        )
        self.update_interval = (
            QUEUE_INTERVAL_ACTIVE if data.downloading else QUEUE_INTERVAL_IDLE
        )
        return data

    def _new_events(self, slots: Iterable[SabHistorySlot]) -> tuple[DownloadEvent, ...]:
        """Return the downloads that finished or failed since last time."""
        final = {
            slot.nzo_id: slot
            for slot in slots
            if slot.status.lower() in _SAB_HISTORY_EVENTS
        }
        previous = self._seen
        # Keep what was seen before too: a slot can drop off the page and come
        # back when newer ones are deleted; it must not fire twice.
        seen = set(final) | (previous or set())
        self._seen = seen if len(seen) <= _MAX_SEEN else set(final)
        if previous is None:
            return ()
        new = [slot for nzo_id, slot in final.items() if nzo_id not in previous]
        new.sort(key=lambda slot: slot.completed or dt_util.utcnow())
        return tuple(
            DownloadEvent(
                event_type=_SAB_HISTORY_EVENTS[slot.status.lower()],
                title=slot.name,
                download_id=slot.nzo_id,
                message=slot.fail_message or None,
            )
            for slot in new
        )


class SabStatusCoordinator(ServiceCoordinator[SabStatusData]):
    """Version, server totals and warnings of a SABnzbd instance."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: SabnzbdClient,
    ) -> None:
        """Poll the slowly changing state of one SABnzbd instance."""
        super().__init__(
            hass,
            entry,
            subentry,
            availability,
            role="status",
            update_interval=SLOW_INTERVAL,
        )
        self.client = client

    @override
    async def _async_fetch(self) -> SabStatusData:
        version, stats, warnings = await asyncio.gather(
            self.client.version(),
            self._part("download totals", self.client.server_stats),
            self._part("warnings", self.client.warnings),
        )
        self._async_update_sw_version(version)
        return SabStatusData(
            version=version,
            stats=stats,
            warnings=None if warnings is None else tuple(warnings),
        )
