"""Binary sensors for the arr stack: library managers' health, and each kind's own."""

from __future__ import annotations

from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import ArrRuntime, AutoArrConfigEntry
from .entity import AutoArrBinarySensor, AutoArrBinarySensorDescription
from .library_coordinator import ArrLibraryData
from .service_kinds import kind_entities

# Coordinators fetch the data; entities only read it.
PARALLEL_UPDATES = 0


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


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the binary sensors of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        entities = kind_entities(Platform.BINARY_SENSOR, runtime)
        if isinstance(runtime, ArrRuntime):
            entities.append(AutoArrBinarySensor(runtime, runtime.library, HEALTH))
        if entities:
            async_add_entities(entities, config_subentry_id=runtime.subentry_id)
