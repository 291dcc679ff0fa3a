"""Numbers for the arr stack: the SABnzbd speed limit."""

from __future__ import annotations

from typing import override

from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .arr.errors import ArrError
from .const import DOMAIN
from .coordinator import SabQueueCoordinator
from .data import AutoArrConfigEntry, SabnzbdRuntime
from .entity import AutoArrEntity

# One command at a time per service, so a service is never flooded.
PARALLEL_UPDATES = 1

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


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the numbers of every SABnzbd subentry."""
    for runtime in entry.runtime_data.sabnzbd_services():
        async_add_entities(
            [SabSpeedLimit(runtime, runtime.queue, SPEED_LIMIT)],
            config_subentry_id=runtime.subentry_id,
        )


class SabSpeedLimit(AutoArrEntity[SabQueueCoordinator], NumberEntity):
    """SABnzbd's download speed limit, as a percentage of its maximum speed."""

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
        percent = round(value)
        try:
            await self.runtime.client.set_speed_limit(
                None if percent >= NO_LIMIT else percent
            )
        except ArrError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"name": self.runtime.name, "error": str(err)},
            ) from err
        # Show the result now: a debounced refresh could wait for seconds.
        await self.coordinator.async_refresh()
