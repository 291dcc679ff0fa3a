"""Coordinators polling each service instance, split by how fast data changes.

This module holds what they share (intervals, `DownloadEvent`, the
`ServiceCoordinator` base); the coordinators of each category are in
`library_coordinator.py` and `download_coordinator.py`, and
`ServiceAvailability` in `availability.py`.

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

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, override

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .agent.speech import spoken_name
from .arr.errors import ArrAuthError, ArrConnectionError, ArrError
from .availability import ServiceAvailability
from .const import DOMAIN, LOGGER, REAUTH_SUBENTRY_ID

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry

QUEUE_INTERVAL_ACTIVE: Final = timedelta(seconds=10)
QUEUE_INTERVAL_IDLE: Final = timedelta(minutes=1)
SLOW_INTERVAL: Final = timedelta(minutes=5)
LIBRARY_SIZE_INTERVAL: Final = timedelta(minutes=30)
# How far ahead the upcoming sensor and the calendar's next event look.
UPCOMING_DAYS: Final = 7
# How many history records each queue refresh reads to find new events.
HISTORY_PAGE_SIZE: Final = 25

# Event types of the per-service event entities.
EVENT_COMPLETED: Final = "completed"
EVENT_FAILED: Final = "failed"
EVENT_IMPORTED: Final = "imported"


@dataclass(frozen=True, slots=True)
class DownloadEvent:
    """A download that completed, failed or was imported since the last poll.

    `title` is the release name; `media_title` what it is, as said ("Dune:
    Part Two", "Shōgun S02E05"), for notifications; `service` the kind
    ("sonarr") and `instance` the name of the service that reported it;
    `media_id` the arr's id of the series, movie or artist (its poster's).
    """

    event_type: str
    title: str
    download_id: str | None = None
    message: str | None = None
    media_title: str | None = None
    service: str = ""
    instance: str = ""
    media_id: int | None = None

    def as_attributes(self) -> dict[str, Any]:
        """Return the event data passed to the event entity."""
        return {
            "title": self.title,
            "download_id": self.download_id,
            "message": self.message,
            "media_title": self.media_title or spoken_name(self.title),
            "service": self.service,
            "instance": self.instance,
        }


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
        always_update: bool = False,
    ) -> None:
        """Set up a coordinator polling one service (its listeners are
        called only when the data changed, unless `always_update`)."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{subentry.title} {role}",
            update_interval=update_interval,
            always_update=always_update,
        )
        self.subentry_id = subentry.subentry_id
        self.service_name = subentry.title
        self.service_kind = subentry.subentry_type or ""
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


class Downloading(Protocol):
    """Queue data that tells whether something downloads."""

    @property
    def downloading(self) -> bool:
        """Return whether something is downloading."""
        ...


class PolledCoordinator[ClientT, DataT](ServiceCoordinator[DataT]):
    """A coordinator reading one part of a service through its client.

    Subclasses say what they read (`role`, part of their name) and how often
    (`interval`). State they keep between refreshes is declared as class
    attributes with their first value and only ever replaced, never changed
    in place.
    """

    role: ClassVar[str]
    interval: ClassVar[timedelta]
    # Whether the listeners hear every refresh, even one reading nothing new.
    every_refresh: ClassVar[bool] = False

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: ClientT,
    ) -> None:
        """Poll one service through its client."""
        super().__init__(
            hass,
            entry,
            subentry,
            availability,
            role=self.role,
            update_interval=self.interval,
            always_update=self.every_refresh,
        )
        self.client = client


class QueueCoordinator[ClientT, DataT: Downloading](PolledCoordinator[ClientT, DataT]):
    """The queue of one service, polled faster while something downloads.

    Every `QUEUE_INTERVAL_ACTIVE` while its data says something downloads,
    every `QUEUE_INTERVAL_IDLE` otherwise; `_async_fetch_queue` reads it.
    """

    role = "queue"
    interval = QUEUE_INTERVAL_IDLE

    @override
    async def _async_fetch(self) -> DataT:
        data = await self._async_fetch_queue()
        self.update_interval = (
            QUEUE_INTERVAL_ACTIVE if data.downloading else QUEUE_INTERVAL_IDLE
        )
        return data

    async def _async_fetch_queue(self) -> DataT:
        """Fetch the queue from the service."""
        raise NotImplementedError


class SlowCoordinator[ClientT, DataT](PolledCoordinator[ClientT, DataT]):
    """The slowly changing state of one service, polled every `SLOW_INTERVAL`."""

    interval = SLOW_INTERVAL
