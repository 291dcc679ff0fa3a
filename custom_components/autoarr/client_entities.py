"""Entities of qBittorrent, Transmission, Deluge and NZBGet.

The sensors of every download client of the seam, read from its
`ClientCoordinator`: state, speeds, queue (with each download's details in
its attributes), size left and free space; and the switches of every
download client, SABnzbd's included, through the seam: one pausing every
download, and one for the alternative speed limits where the client has
them. The sensor and switch platforms add them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory, UnitOfDataRate, UnitOfInformation
from homeassistant.helpers.typing import StateType

from .arr.download_client import DownloadClient
from .arr.downloads import DownloadItem
from .client_coordinator import ClientCoordinator, ClientData
from .data import ClientRuntime, DownloadRuntime
from .entity import AutoArrEntity, DownloadClientEntity

# Downloads listed in the queue sensor's attributes (the state is the count).
MAX_LISTED_ITEMS = 10
CLIENT_STATES = ["idle", "downloading", "stalled", "paused"]


@dataclass(frozen=True, kw_only=True)
class ClientSensorDescription(SensorEntityDescription):
    """A sensor reading one value of a download client's data."""

    value_fn: Callable[[ClientData], StateType]
    attributes_fn: Callable[[ClientData], dict[str, Any]] | None = None


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

CLIENT_SENSORS: tuple[ClientSensorDescription, ...] = (
    ClientSensorDescription(
        key="status",
        translation_key="client_status",
        device_class=SensorDeviceClass.ENUM,
        options=CLIENT_STATES,
        value_fn=lambda data: data.state,
    ),
    ClientSensorDescription(
        key="speed",
        translation_key="speed",
        value_fn=lambda data: data.status.download_speed,
        **_DATA_RATE,
    ),
    ClientSensorDescription(
        key="upload_speed",
        translation_key="upload_speed",
        value_fn=lambda data: data.status.upload_speed,
        **_DATA_RATE,
    ),
    ClientSensorDescription(
        key="queue_count",
        translation_key="queue_count",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: len(data.queue),
        attributes_fn=lambda data: {
            "items": [listed(item) for item in data.queue[:MAX_LISTED_ITEMS]]
        },
    ),
    ClientSensorDescription(
        key="size_left",
        translation_key="size_left",
        value_fn=lambda data: data.size_left,
        **_DATA_SIZE,
    ),
    ClientSensorDescription(
        key="free_disk",
        translation_key="free_disk",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.status.free_space,
        **_DATA_SIZE,
    ),
)


class ClientSensor(AutoArrEntity[ClientCoordinator], SensorEntity):
    """A sensor of one download client."""

    entity_description: ClientSensorDescription
    # Item lists are for dashboards; the recorder keeps only the count.
    _unrecorded_attributes = frozenset({"items"})

    @property
    @override
    def native_value(self) -> StateType:
        """Return the value read from the coordinator's data."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the listed downloads, for the queue sensor."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data)


def client_sensors(runtime: ClientRuntime) -> list[SensorEntity]:
    """Return the sensors of a download client."""
    return [ClientSensor(runtime, runtime.queue, d) for d in CLIENT_SENSORS]


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


def download_switches(runtime: DownloadRuntime) -> list[SwitchEntity]:
    """Return the switches of a download client (alternative speeds if it has them)."""
    switches: list[SwitchEntity] = [DownloadSwitch(runtime, runtime.queue, PAUSE)]
    data = runtime.queue.data
    if data is not None and data.transfer.alt_speed is not None:
        switches.append(DownloadSwitch(runtime, runtime.queue, ALT_SPEED))
    return switches
