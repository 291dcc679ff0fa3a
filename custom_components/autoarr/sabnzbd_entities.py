"""SABnzbd's own entities: what it shows beyond the download-client seam.

Its queue (status in SABnzbd's words, speed, size and time left, jobs, free
space) and totals read from its own models, its warnings, its completed and
failed downloads as events, and its speed limit as a percentage of its
maximum line speed; and the switches every download client has
(`client_entities.py`). SABnzbd's `KindSupport` lists these by platform.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import override

from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.components.event import EventEntityDescription
from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    Platform,
    UnitOfDataRate,
    UnitOfTime,
)
from homeassistant.helpers.entity import Entity

from .arr.sabnzbd_status import SabServerStats
from .client_entities import download_switches
from .coordinator import EVENT_COMPLETED, EVENT_FAILED
from .data import SabnzbdRuntime
from .download_coordinator import SabQueueCoordinator, SabQueueData, SabStatusData
from .entity import (
    DATA_SIZE,
    AutoArrBinarySensor,
    AutoArrBinarySensorDescription,
    AutoArrEntity,
    AutoArrSensor,
    AutoArrSensorDescription,
    DownloadEventEntity,
)
from .permissions import async_require_admin

# SABnzbd queue statuses the status sensor knows; anything else reads unknown.
SAB_STATUSES = ["idle", "downloading", "paused", "checking", "grabbing", "propagating"]

SAB_QUEUE_SENSORS: tuple[AutoArrSensorDescription[SabQueueData], ...] = (
    AutoArrSensorDescription[SabQueueData](
        key="status",
        translation_key="sab_status",
        device_class=SensorDeviceClass.ENUM,
        options=SAB_STATUSES,
        value_fn=lambda data: _sab_status(data.queue.status),
    ),
    AutoArrSensorDescription[SabQueueData](
        key="speed",
        translation_key="speed",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.BYTES_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABYTES_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.queue.speed_bytes_per_s,
    ),
    AutoArrSensorDescription[SabQueueData](
        key="size_left",
        translation_key="size_left",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.queue.size_left_bytes,
        **DATA_SIZE,
    ),
    AutoArrSensorDescription[SabQueueData](
        key="time_left",
        translation_key="time_left",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=lambda data: (
            int(data.queue.time_left.total_seconds())
            if data.queue.time_left is not None
            else None
        ),
    ),
    AutoArrSensorDescription[SabQueueData](
        key="queue_count",
        translation_key="queue_count",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.queue.total_slots,
    ),
    AutoArrSensorDescription[SabQueueData](
        key="free_disk",
        translation_key="free_disk",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.queue.disk_free_bytes,
        **DATA_SIZE,
    ),
)


def _total(
    key: str, read: Callable[[SabServerStats], int], *, enabled: bool = True
) -> AutoArrSensorDescription[SabStatusData]:
    """Return a sensor of the bytes SABnzbd downloaded in a day, week... or ever."""
    return AutoArrSensorDescription[SabStatusData](
        key=key,
        translation_key=key,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=enabled,
        value_fn=lambda data: read(data.stats) if data.stats else None,
        available_fn=lambda data: data.stats is not None,
        **DATA_SIZE,
    )


SAB_STATUS_SENSORS: tuple[AutoArrSensorDescription[SabStatusData], ...] = (
    _total("daily_total", lambda stats: stats.day),
    # Weekly and monthly totals repeat what statistics of the daily one show.
    _total("weekly_total", lambda stats: stats.week, enabled=False),
    _total("monthly_total", lambda stats: stats.month, enabled=False),
    _total("total", lambda stats: stats.total),
)


def _sab_status(status: str) -> str | None:
    value = status.strip().lower()
    return value if value in SAB_STATUSES else None


SAB_WARNINGS = AutoArrBinarySensorDescription[SabStatusData](
    key="warnings",
    translation_key="warnings",
    device_class=BinarySensorDeviceClass.PROBLEM,
    entity_category=EntityCategory.DIAGNOSTIC,
    is_on_fn=lambda data: bool(data.warnings),
    attributes_fn=lambda data: {
        "warnings": [
            {"type": warning.type, "text": warning.text}
            for warning in data.warnings or ()
        ]
    },
    available_fn=lambda data: data.warnings is not None,
)


# SABnzbd downloads; importing is Sonarr's and Radarr's job.
SAB_DOWNLOADS = EventEntityDescription(
    key="downloads",
    translation_key="downloads",
    event_types=[EVENT_COMPLETED, EVENT_FAILED],
)


# 100 % is SABnzbd's "no limit"; setting it removes the limit.
NO_LIMIT = 100

SPEED_LIMIT = NumberEntityDescription(
    key="speed_limit",
    translation_key="speed_limit",
    native_min_value=1,
    native_max_value=NO_LIMIT,
    native_step=1,
    native_unit_of_measurement=PERCENTAGE,
    mode=NumberMode.SLIDER,
    entity_category=EntityCategory.CONFIG,
)


class SabSpeedLimit(AutoArrEntity[SabQueueCoordinator], NumberEntity):
    """SABnzbd's download speed limit, as a percentage of its maximum speed.

    A setting of the service: by administrators only, as every download
    client's speed limit (`client_entities.DownloadSpeedLimit`).
    """

    runtime: SabnzbdRuntime

    @property
    @override
    def native_value(self) -> float:
        """Return the limit; 100 when there is none."""
        limit = self.coordinator.data.queue.speed_limit_percent
        return NO_LIMIT if limit is None else limit

    @override
    async def async_set_native_value(self, value: float) -> None:
        """Set the limit; 100 removes it."""
        await async_require_admin(self.hass, self._context, self.entity_id)
        percent = round(value)
        await self._async_run(
            self.runtime.client.set_speed_limit(
                None if percent >= NO_LIMIT else percent
            )
        )


def sabnzbd_entities(platform: Platform, runtime: SabnzbdRuntime) -> list[Entity]:
    """Return SABnzbd's own entities of one platform."""
    match platform:
        case Platform.SENSOR:
            return [
                *(AutoArrSensor(runtime, runtime.queue, d) for d in SAB_QUEUE_SENSORS),
                *(
                    AutoArrSensor(runtime, runtime.status, d)
                    for d in SAB_STATUS_SENSORS
                ),
            ]
        case Platform.BINARY_SENSOR:
            return [AutoArrBinarySensor(runtime, runtime.status, SAB_WARNINGS)]
        case Platform.EVENT:
            return [DownloadEventEntity(runtime, runtime.queue, SAB_DOWNLOADS)]
        case Platform.NUMBER:
            return [SabSpeedLimit(runtime, runtime.queue, SPEED_LIMIT)]
        case Platform.SWITCH:
            return download_switches(runtime)
    return []
