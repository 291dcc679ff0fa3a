"""Buttons for the arr stack: each kind's own (a library manager's search for missing items)."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import AutoArrConfigEntry
from .service_kinds import async_add_kind_entities

# One command at a time per service, so a service is never flooded.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the buttons of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(Platform.BUTTON, entry, runtime, async_add_entities)
