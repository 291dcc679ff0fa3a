"""Image entities for the arr stack: each library manager's posters."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import AutoArrConfigEntry
from .service_kinds import async_add_kind_entities

# The coordinators fetch the data; the pictures come from the shared cache.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the image entities of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(Platform.IMAGE, entry, runtime, async_add_entities)
