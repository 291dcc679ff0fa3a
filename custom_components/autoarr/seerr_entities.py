"""Seerr's entities: its requests counted by status, its open issues, and
an event for each new request and each change of one.

The counts are Seerr's own (`/request/count`, as Home Assistant core's
Overseerr integration shows them); the pending sensor also lists the
requests waiting for approval, with their titles. The event entity fires
what `seerr_coordinator.request_events` found between two refreshes, which
Seerr's webhook makes immediate. Seerr's `KindSupport` lists these by
platform.
"""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import SensorStateClass
from homeassistant.const import Platform
from homeassistant.core import callback
from homeassistant.helpers.entity import Entity

from .data import SeerrRuntime
from .entity import AutoArrEntity, AutoArrSensor, AutoArrSensorDescription
from .seerr_coordinator import REQUEST_EVENT_TYPES, SeerrCoordinator, SeerrData


def _listed(data: SeerrData) -> dict[str, Any]:
    return {"items": [titled.as_dict() for titled in data.pending]}


def _count(key: str, value: Any, **extra: Any) -> AutoArrSensorDescription[SeerrData]:
    return AutoArrSensorDescription[SeerrData](
        key=key,
        translation_key=key,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=value,
        **extra,
    )


SEERR_SENSORS: tuple[AutoArrSensorDescription[SeerrData], ...] = (
    _count("pending_requests", lambda data: data.counts.pending, attributes_fn=_listed),
    _count("approved_requests", lambda data: data.counts.approved),
    _count("processing_requests", lambda data: data.counts.processing),
    _count("available_requests", lambda data: data.counts.available),
    _count("total_requests", lambda data: data.counts.total),
    _count(
        "open_issues",
        lambda data: data.issues.open if data.issues is not None else None,
        available_fn=lambda data: data.issues is not None,
    ),
)

REQUEST_EVENTS = EventEntityDescription(
    key="requests",
    translation_key="requests",
    event_types=REQUEST_EVENT_TYPES,
)


class RequestEventEntity(AutoArrEntity[SeerrCoordinator], EventEntity):
    """Fires when a request is made, approved, declined, fails or is available."""

    def __init__(
        self,
        runtime: SeerrRuntime,
        coordinator: SeerrCoordinator,
        description: EventEntityDescription,
    ) -> None:
        """Start from the coordinator's current data: its events are old."""
        super().__init__(runtime, coordinator, description)
        # The data whose events were fired: listeners are also called when
        # only availability changes, with the same data.
        self._fired_for: object = coordinator.data

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Fire an event for each change of a request, oldest first."""
        data = self.coordinator.data
        if data is self._fired_for or not data.events:
            self.async_write_ha_state()
            return
        self._fired_for = data
        for event in data.events:
            self._trigger_event(event.event_type, event.as_attributes())
            self.async_write_ha_state()


def seerr_entities(platform: Platform, runtime: SeerrRuntime) -> list[Entity]:
    """Return Seerr's own entities of one platform."""
    if platform is Platform.SENSOR:
        return [
            AutoArrSensor(runtime, runtime.requests, description)
            for description in SEERR_SENSORS
        ]
    if platform is Platform.EVENT:
        return [RequestEventEntity(runtime, runtime.requests, REQUEST_EVENTS)]
    return []
