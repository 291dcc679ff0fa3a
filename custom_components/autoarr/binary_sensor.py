"""Binary sensors for the arr stack: each kind's own (health, warnings)."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import AutoArrConfigEntry
from .service_kinds import async_add_kind_entities

# Coordinators fetch the data; entities only read it.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the binary sensors of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(
            Platform.BINARY_SENSOR, entry, runtime, async_add_entities
        )
