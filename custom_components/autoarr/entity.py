"""The entity bases of AutoArr: one device per service subentry.

`AutoArrEntity` is any service's entity; `DownloadClientEntity` one of a
download client (any, through the seam); `RecoveryEntity` one of the hub's
recovery and audit entities. The description-driven sensor, binary sensor
and event entities every kind's entities are made of are here too; which
entities a kind gets is its `KindSupport.entities` (`service_kinds.py`).

Every service entity belongs to the device of its subentry (identifier
`(DOMAIN, subentry_id)`), so removing the subentry removes the device and its
entities. Unique IDs are `f"{subentry_id}_{key}"`: stable across restarts,
renames and URL changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import UnitOfInformation
from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.typing import StateType
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from yarl import URL

from .arr.download_client import DownloadClient
from .arr.errors import ArrError
from .arr.kinds import SPECS
from .const import DOMAIN
from .coordinator import ServiceCoordinator
from .data import (
    ArrRuntime,
    AutoArrConfigEntry,
    DownloadQueueCoordinator,
    ServiceRuntime,
)
from .download_coordinator import SabQueueCoordinator
from .library_coordinator import ArrQueueCoordinator
from .posters import async_signed_poster_url

if TYPE_CHECKING:
    from .data import DownloadRuntime
    from .recovery_manager import RecoveryManager


def web_ui_url(url: str) -> str:
    """Return a service URL fit to show: no credentials, query or fragment."""
    parsed = URL(url.strip())
    return str(parsed.with_user(None).with_query(None).with_fragment(None))


def hub_device_info(entry: AutoArrConfigEntry) -> DeviceInfo:
    """Return the hub's device: the stack as a whole (calendar, recovery...).

    Its name is translated ("AutoArr"), apart from the agents' devices.
    """
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        translation_key="hub",
        manufacturer="AutoArr",
        model="Hub",
        entry_type=DeviceEntryType.SERVICE,
    )


def service_device_info(runtime: ServiceRuntime, sw_version: str | None) -> DeviceInfo:
    """Return the device of a service subentry."""
    spec = SPECS[runtime.kind]
    return DeviceInfo(
        identifiers={(DOMAIN, runtime.subentry_id)},
        name=runtime.name,
        manufacturer=spec.vendor,
        model=spec.name,
        sw_version=sw_version,
        configuration_url=web_ui_url(runtime.url),
        entry_type=DeviceEntryType.SERVICE,
    )


class AutoArrEntity[CoordinatorT: ServiceCoordinator[Any]](
    CoordinatorEntity[CoordinatorT]
):
    """An entity of one service, fed by one of its coordinators."""

    _attr_has_entity_name = True

    def __init__(
        self,
        runtime: ServiceRuntime,
        coordinator: CoordinatorT,
        description: EntityDescription,
    ) -> None:
        """Attach the entity to its service's device."""
        super().__init__(coordinator)
        self.runtime = runtime
        self.entity_description = description
        self._attr_unique_id = f"{runtime.subentry_id}_{description.key}"
        self._attr_device_info = service_device_info(runtime, runtime.sw_version())

    async def _async_run(self, command: Awaitable[object]) -> None:
        """Run a command of the service, then show its result at once.

        A refusal or an outage is a translated error naming the service.
        """
        try:
            await command
        except ArrError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"name": self.runtime.name, "error": str(err)},
            ) from err
        # Show the result now: a debounced refresh could wait for seconds.
        await self.coordinator.async_refresh()


class DownloadClientEntity(AutoArrEntity[DownloadQueueCoordinator]):
    """An entity of one download client, SABnzbd's included, through the seam.

    It reads the seam's view of the queue coordinator's data (`transfer`,
    `items`) and acts through `runtime.downloads`.
    """

    runtime: DownloadRuntime

    async def _async_command(
        self, command: Callable[[DownloadClient], Awaitable[object]]
    ) -> None:
        """Run a command through the seam, then show its result at once."""
        await self._async_run(command(self.runtime.downloads))


class RecoveryEntity(Entity):
    """An entity of the hub's device, updated after each recovery or audit."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, manager: RecoveryManager, key: str) -> None:
        """Attach the entity to the hub's device."""
        self.manager = manager
        self._attr_translation_key = key
        self._attr_unique_id = f"{manager.entry.entry_id}_{key}"
        self._attr_device_info = hub_device_info(manager.entry)

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the manager's runs."""
        await super().async_added_to_hass()
        self.async_on_remove(self.manager.async_add_listener(self.async_write_ha_state))


# --- What every kind's entities are made of ---------------------------------


class DataSize(TypedDict):
    """The fields every size sensor shares."""

    device_class: SensorDeviceClass
    native_unit_of_measurement: str
    suggested_unit_of_measurement: str
    suggested_display_precision: int


DATA_SIZE: DataSize = {
    "device_class": SensorDeviceClass.DATA_SIZE,
    "native_unit_of_measurement": UnitOfInformation.BYTES,
    "suggested_unit_of_measurement": UnitOfInformation.GIGABYTES,
    "suggested_display_precision": 1,
}


@dataclass(frozen=True, kw_only=True)
class AutoArrSensorDescription[DataT](SensorEntityDescription):
    """A sensor reading one value out of a coordinator's data."""

    value_fn: Callable[[DataT], StateType | datetime]
    attributes_fn: Callable[[DataT], dict[str, Any]] | None = None
    # Whether the part of the data the sensor reads is there (an endpoint
    # that failed or that the server's version lacks leaves it out).
    available_fn: Callable[[DataT], bool] | None = None


class AutoArrSensor[DataT](AutoArrEntity[ServiceCoordinator[DataT]], SensorEntity):
    """A sensor of one service."""

    entity_description: AutoArrSensorDescription[DataT]
    # Item lists are for dashboards; the recorder keeps only the count.
    _unrecorded_attributes = frozenset({"items"})

    @property
    @override
    def available(self) -> bool:
        """Return False while the part of the data this sensor reads is missing."""
        available_fn = self.entity_description.available_fn
        return super().available and (
            available_fn is None or available_fn(self.coordinator.data)
        )

    @property
    @override
    def native_value(self) -> StateType | datetime:
        """Return the value read from the coordinator's data."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the listed items, for the sensors that list some."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data)


@dataclass(frozen=True, kw_only=True)
class AutoArrBinarySensorDescription[DataT](BinarySensorEntityDescription):
    """A binary sensor reading one condition out of a coordinator's data."""

    is_on_fn: Callable[[DataT], bool]
    attributes_fn: Callable[[DataT], dict[str, Any]]
    # Whether the part of the data the sensor reads is there.
    available_fn: Callable[[DataT], bool] | None = None


class AutoArrBinarySensor[DataT](
    AutoArrEntity[ServiceCoordinator[DataT]], BinarySensorEntity
):
    """A problem sensor of one service, listing the problems it sees."""

    entity_description: AutoArrBinarySensorDescription[DataT]

    @property
    @override
    def available(self) -> bool:
        """Return False while the part of the data this sensor reads is missing."""
        available_fn = self.entity_description.available_fn
        return super().available and (
            available_fn is None or available_fn(self.coordinator.data)
        )

    @property
    @override
    def is_on(self) -> bool:
        """Return whether the service reports a problem."""
        return self.entity_description.is_on_fn(self.coordinator.data)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return the problems the service reports."""
        return self.entity_description.attributes_fn(self.coordinator.data)


class DownloadEventEntity(
    AutoArrEntity[ArrQueueCoordinator | SabQueueCoordinator], EventEntity
):
    """Fires when one of the service's downloads completes, fails or imports."""

    def __init__(
        self,
        runtime: ServiceRuntime,
        coordinator: ArrQueueCoordinator | SabQueueCoordinator,
        description: EventEntityDescription,
    ) -> None:
        """Start from the coordinator's current data: its events are old."""
        super().__init__(runtime, coordinator, description)
        # The data whose events were fired: listeners are also called when
        # only availability changes, with the same data, which must not fire
        # again.
        self._fired_for: object = coordinator.data

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Fire an event for each new download event, oldest first."""
        data = self.coordinator.data
        if data is self._fired_for or not data.events:
            self.async_write_ha_state()
            return
        self._fired_for = data
        for event in data.events:
            attributes = event.as_attributes()
            if event.media_id and isinstance(self.runtime, ArrRuntime):
                # A notification's image: signed, so the phone needs no login.
                attributes["poster"] = async_signed_poster_url(
                    self.hass, self.runtime.subentry_id, event.media_id
                )
            self._trigger_event(event.event_type, attributes)
            self.async_write_ha_state()
