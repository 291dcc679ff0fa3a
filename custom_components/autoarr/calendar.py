"""One calendar of upcoming episodes and movie releases across all instances.

The calendar belongs to the entry (the AutoArr hub device), not to a service:
a 4K and an HD Radarr show up in the same calendar. Its next event comes from
the library coordinators; the calendar view asks the services live for the
range it shows.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import override

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .agent.vocabulary import album_label
from .arr.activity_models import CalendarItem
from .arr.errors import ArrError
from .const import DOMAIN, LOGGER
from .data import ArrRuntime, AutoArrConfigEntry
from .entity import hub_device_info

# Coordinators fetch the data; the calendar view's ranges are fetched live.
PARALLEL_UPDATES = 0

# How a movie's release shows in its summary (calendar texts are not
# translatable in Home Assistant; these match Radarr's own English).
RELEASE_TYPES = {
    "inCinemas": "in cinemas",
    "digitalRelease": "digital release",
    "physicalRelease": "physical release",
}
# Episodes carry no runtime in the calendar; this is how long one is shown.
EPISODE_LENGTH = timedelta(minutes=30)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the calendar when the entry has a Sonarr or Radarr."""
    if entry.runtime_data.arr_services():
        async_add_entities([UpcomingCalendar(entry)])


def calendar_event(item: CalendarItem, service_name: str) -> CalendarEvent | None:
    """Return the calendar event of an episode airing or a movie release."""
    if item.start is None:
        return None
    if item.kind == "episode":
        summary = (
            f"{item.media_title} - "
            f"S{item.season_number or 0:02d}E{item.episode_number or 0:02d}"
        )
        if item.title:
            summary = f"{summary} - {item.title}"
        start = dt_util.as_utc(item.start)
        return CalendarEvent(
            summary=summary,
            start=start,
            end=start + EPISODE_LENGTH,
            description=_description(item),
            location=service_name,
            uid=f"episode-{item.id}",
        )
    # A release is a day, not a time: shown as an all-day event.
    day: date = dt_util.as_local(item.start).date()
    if item.kind == "album":
        # Lidarr keeps release dates as midnight UTC of the day: that day,
        # in every time zone.
        day = dt_util.as_utc(item.start).date()
        return CalendarEvent(
            summary=album_label(item.media_title, item.title),
            start=day,
            end=day + timedelta(days=1),
            description=_description(item),
            location=service_name,
            uid=f"album-{item.id}",
        )
    release = RELEASE_TYPES.get(item.release_type or "", "release")
    return CalendarEvent(
        summary=f"{item.title} ({release})",
        start=day,
        end=day + timedelta(days=1),
        description=_description(item),
        location=service_name,
        uid=f"movie-{item.id}-{item.release_type}",
    )


def _description(item: CalendarItem) -> str | None:
    """Return the overview, then the poster's public address (no API key)."""
    parts = [
        part
        for part in (item.overview, item.poster and f"Poster: {item.poster}")
        if part
    ]
    return "\n\n".join(parts) or None


def _event_end(event: CalendarEvent) -> datetime:
    return event.end_datetime_local


class UpcomingCalendar(CalendarEntity):
    """Upcoming episodes and movie releases of every Sonarr and Radarr."""

    _attr_has_entity_name = True
    _attr_translation_key = "upcoming"

    def __init__(self, entry: AutoArrConfigEntry) -> None:
        """Follow the library coordinators of the entry's arr services."""
        self._entry = entry
        self._attr_unique_id = f"{entry.entry_id}_upcoming"
        self._attr_device_info = hub_device_info(entry)
        # Named as a calendar ("Release calendar"); its entity id stays the
        # one installs, dashboards and automations know.
        self.entity_id = "calendar.autoarr_upcoming"

    def _services(self) -> list[ArrRuntime]:
        return self._entry.runtime_data.arr_services()

    async def async_added_to_hass(self) -> None:
        """Update whenever a library coordinator has new data."""
        await super().async_added_to_hass()
        for runtime in self._services():
            self.async_on_remove(
                runtime.library.async_add_listener(self._handle_update)
            )

    @callback
    def _handle_update(self) -> None:
        self.async_write_ha_state()

    @property
    @override
    def available(self) -> bool:
        """Return True while at least one Sonarr or Radarr answers."""
        return any(s.library.last_update_success for s in self._services())

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return the next (or current) upcoming event."""
        now = dt_util.now()
        events = [
            event
            for runtime in self._services()
            if runtime.library.data is not None
            for item in runtime.library.data.upcoming or ()
            if (event := calendar_event(item, runtime.name)) is not None
        ]
        current = [event for event in events if _event_end(event) > now]
        return min(current, key=lambda e: e.start_datetime_local, default=None)

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the events between two times, asking every service."""
        services = self._services()
        results = await asyncio.gather(
            *(s.client.calendar(start_date, end_date) for s in services),
            return_exceptions=True,
        )
        events: list[CalendarEvent] = []
        failures: list[str] = []
        for runtime, result in zip(services, results, strict=True):
            if isinstance(result, ArrError):
                LOGGER.debug("Calendar of %s unavailable: %s", runtime.name, result)
                failures.append(runtime.name)
                continue
            if isinstance(result, BaseException):
                raise result
            events.extend(
                event
                for item in result
                if (event := calendar_event(item, runtime.name)) is not None
            )
        if services and len(failures) == len(services):
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="calendar_unavailable",
                translation_placeholders={"names": ", ".join(failures)},
            )
        return sorted(events, key=lambda e: e.start_datetime_local)
