"""Entities of the download clients.

The sensors of every download client of the seam, read from its
`ClientCoordinator`: state, speeds, queue (with each download's details in
its attributes), size left and free space; and the switches of every
download client, SABnzbd's included, through the seam: one pausing every
download, and one for the alternative speed limits where the client has
them. The sensors, the download speed limit number (for a client with
`SpeedLimits`) and the switches are the seam's kinds' entities
(`KindSupport.entities`); SABnzbd's (`sabnzbd_entities.py`) take the
switches from here.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, override

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import (
    EntityCategory,
    Platform,
    UnitOfDataRate,
    UnitOfInformation,
)
from homeassistant.helpers.entity import Entity

from .arr.download_client import DownloadClient, SpeedLimits
from .arr.downloads import DownloadItem
from .client_coordinator import ClientData
from .data import ClientRuntime, DownloadRuntime
from .entity import AutoArrSensor, AutoArrSensorDescription, DownloadClientEntity
from .permissions import async_require_admin

KIB = 1024

# Downloads listed in the queue sensor's attributes (the state is the count).
MAX_LISTED_ITEMS = 10
CLIENT_STATES = ["idle", "downloading", "stalled", "paused"]


def listed(item: DownloadItem) -> dict[str, Any]:
    """Return one download as the queue sensor lists it."""
    return {
        "name": item.name,
        "state": item.state.value,
        "progress": round(item.progress * 100, 1),
        "size_left": item.size_left,
        "ratio": item.ratio,
        "seeds": item.seeds,
        "peers": item.peers,
        "eta": item.eta,
        "category": item.category,
    }


_DATA_SIZE: dict[str, Any] = {
    "device_class": SensorDeviceClass.DATA_SIZE,
    "native_unit_of_measurement": UnitOfInformation.BYTES,
    "suggested_unit_of_measurement": UnitOfInformation.GIGABYTES,
    "suggested_display_precision": 1,
    "state_class": SensorStateClass.MEASUREMENT,
}
_DATA_RATE: dict[str, Any] = {
    "device_class": SensorDeviceClass.DATA_RATE,
    "native_unit_of_measurement": UnitOfDataRate.BYTES_PER_SECOND,
    "suggested_unit_of_measurement": UnitOfDataRate.MEGABYTES_PER_SECOND,
    "suggested_display_precision": 1,
    "state_class": SensorStateClass.MEASUREMENT,
}

CLIENT_SENSORS: tuple[AutoArrSensorDescription[ClientData], ...] = (
    AutoArrSensorDescription[ClientData](
        key="status",
        translation_key="client_status",
        device_class=SensorDeviceClass.ENUM,
        options=CLIENT_STATES,
        value_fn=lambda data: data.state,
    ),
    AutoArrSensorDescription[ClientData](
        key="speed",
        translation_key="speed",
        value_fn=lambda data: data.status.download_speed,
        **_DATA_RATE,
    ),
    AutoArrSensorDescription[ClientData](
        key="upload_speed",
        translation_key="upload_speed",
        value_fn=lambda data: data.status.upload_speed,
        **_DATA_RATE,
    ),
    AutoArrSensorDescription[ClientData](
        key="queue_count",
        translation_key="queue_count",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: len(data.queue),
        attributes_fn=lambda data: {
            "items": [listed(item) for item in data.queue[:MAX_LISTED_ITEMS]]
        },
    ),
    AutoArrSensorDescription[ClientData](
        key="size_left",
        translation_key="size_left",
        value_fn=lambda data: data.size_left,
        **_DATA_SIZE,
    ),
    AutoArrSensorDescription[ClientData](
        key="free_disk",
        translation_key="free_disk",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.status.free_space,
        **_DATA_SIZE,
    ),
)


DOWNLOAD_LIMIT = NumberEntityDescription(
    key="download_limit",
    translation_key="download_limit",
    device_class=NumberDeviceClass.DATA_RATE,
    native_unit_of_measurement=UnitOfDataRate.KIBIBYTES_PER_SECOND,
    # 0 is no limit.
    native_min_value=0,
    native_max_value=10_000_000,
    native_step=1,
    mode=NumberMode.BOX,
    entity_category=EntityCategory.CONFIG,
)


class DownloadSpeedLimit(DownloadClientEntity, NumberEntity):
    """A download client's global download speed limit in KiB/s; 0 is none.

    Set through the seam's optional `SpeedLimits`, keeping the upload limit
    the client has; by administrators only.
    """

    @property
    @override
    def native_value(self) -> int:
        """Return the limit, 0 when there is none."""
        limit = self.coordinator.data.transfer.download_limit
        return round(limit / KIB) if limit else 0

    @override
    async def async_set_native_value(self, value: float) -> None:
        """Set the limit; 0 lifts it."""
        await async_require_admin(self.hass, self._context, self.entity_id)
        limit = round(value) * KIB or None
        upload = self.coordinator.data.transfer.upload_limit

        async def command(client: DownloadClient) -> None:
            # Made only for a client with speed limits (`client_entities`).
            assert isinstance(client, SpeedLimits)
            await client.set_speed_limits(download=limit, upload=upload)

        await self._async_command(command)


def client_entities(platform: Platform, runtime: ClientRuntime) -> list[Entity]:
    """Return the entities of one platform of a download client of the seam."""
    if platform is Platform.SENSOR:
        return [AutoArrSensor(runtime, runtime.queue, d) for d in CLIENT_SENSORS]
    if platform is Platform.NUMBER and isinstance(runtime.downloads, SpeedLimits):
        return [DownloadSpeedLimit(runtime, runtime.queue, DOWNLOAD_LIMIT)]
    if platform is Platform.SWITCH:
        return download_switches(runtime)
    return []


PAUSE = SwitchEntityDescription(key="pause", translation_key="pause")
ALT_SPEED = SwitchEntityDescription(
    key="alt_speed", translation_key="alt_speed", entity_category=EntityCategory.CONFIG
)


class DownloadSwitch(DownloadClientEntity, SwitchEntity):
    """A switch of one download client: pause all, or alternative speeds."""

    @property
    @override
    def is_on(self) -> bool | None:
        """Return whether everything is paused, or the alternative speeds are on."""
        status = self.coordinator.data.transfer
        if self.entity_description.key == PAUSE.key:
            return status.paused
        return status.alt_speed

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Pause everything, or turn the alternative speeds on."""
        await self._async_command(lambda client: self._command(client, on=True))

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Resume everything, or turn the alternative speeds off."""
        await self._async_command(lambda client: self._command(client, on=False))

    def _command(self, client: DownloadClient, *, on: bool) -> Awaitable[None]:
        if self.entity_description.key == PAUSE.key:
            return client.pause_all() if on else client.resume_all()
        return client.set_alt_speed(on)


def download_switches(runtime: DownloadRuntime) -> list[Entity]:
    """Return the switches of a download client (alternative speeds if it has them)."""
    switches: list[Entity] = [DownloadSwitch(runtime, runtime.queue, PAUSE)]
    data = runtime.queue.data
    if data is not None and data.transfer.alt_speed is not None:
        switches.append(DownloadSwitch(runtime, runtime.queue, ALT_SPEED))
    return switches
