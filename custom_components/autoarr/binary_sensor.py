"""Binary sensors for the arr stack: health problems and SABnzbd warnings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ServiceCoordinator
from .data import ArrRuntime, AutoArrConfigEntry, SabnzbdRuntime
from .download_coordinator import SabStatusData
from .entity import AutoArrEntity
from .library_coordinator import ArrLibraryData

# Coordinators fetch the data; entities only read it.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AutoArrBinarySensorDescription[DataT](BinarySensorEntityDescription):
    """A binary sensor reading one condition out of a coordinator's data."""

    is_on_fn: Callable[[DataT], bool]
    attributes_fn: Callable[[DataT], dict[str, Any]]
    # Whether the part of the data the sensor reads is there.
    available_fn: Callable[[DataT], bool] | None = None


HEALTH = AutoArrBinarySensorDescription[ArrLibraryData](
    key="health",
    translation_key="health",
    device_class=BinarySensorDeviceClass.PROBLEM,
    entity_category=EntityCategory.DIAGNOSTIC,
    is_on_fn=lambda data: bool(data.problems),
    attributes_fn=lambda data: {
        "problems": [
            {"source": check.source, "type": check.type, "message": check.message}
            for check in data.problems
        ]
    },
    available_fn=lambda data: data.health is not None,
)

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


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the binary sensors of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        entity: BinarySensorEntity
        if isinstance(runtime, ArrRuntime):
            entity = AutoArrBinarySensor(runtime, runtime.library, HEALTH)
        elif isinstance(runtime, SabnzbdRuntime):
            entity = AutoArrBinarySensor(runtime, runtime.status, SAB_WARNINGS)
        else:
            continue
        async_add_entities([entity], config_subentry_id=runtime.subentry_id)


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
