"""Buttons for the arr stack: library managers' search for missing items, and each kind's own."""

from __future__ import annotations

from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .arr.errors import ArrError
from .const import DOMAIN
from .data import ArrRuntime, AutoArrConfigEntry
from .entity import AutoArrEntity
from .library_coordinator import ArrLibraryCoordinator
from .service_kinds import kind_entities

# One command at a time per service, so a service is never flooded.
PARALLEL_UPDATES = 1

SEARCH_MISSING = ButtonEntityDescription(
    key="search_missing", translation_key="search_missing"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the buttons of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        entities = kind_entities(Platform.BUTTON, runtime)
        if isinstance(runtime, ArrRuntime):
            entities.append(
                SearchMissingButton(runtime, runtime.library, SEARCH_MISSING)
            )
        if entities:
            async_add_entities(entities, config_subentry_id=runtime.subentry_id)


class SearchMissingButton(AutoArrEntity[ArrLibraryCoordinator], ButtonEntity):
    """Starts a search for every missing monitored episode or movie."""

    runtime: ArrRuntime

    @override
    async def async_press(self) -> None:
        """Start the search; the service runs it in the background."""
        try:
            await self.runtime.client.search_missing()
        except ArrError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"name": self.runtime.name, "error": str(err)},
            ) from err
