"""Switches for the arr stack: pause and resume SABnzbd."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
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

PAUSE = SwitchEntityDescription(key="pause", translation_key="pause")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the switches of every SABnzbd subentry."""
    for runtime in entry.runtime_data.sabnzbd_services():
        async_add_entities(
            [SabPauseSwitch(runtime, runtime.queue, PAUSE)],
            config_subentry_id=runtime.subentry_id,
        )


class SabPauseSwitch(AutoArrEntity[SabQueueCoordinator], SwitchEntity):
    """On while SABnzbd's whole queue is paused; off while it downloads."""

    runtime: SabnzbdRuntime

    @property
    @override
    def is_on(self) -> bool:
        """Return whether the queue is paused."""
        return self.coordinator.data.queue.paused

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Pause the queue."""
        await self._run("pause")

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Resume the queue."""
        await self._run("resume")

    async def _run(self, command: str) -> None:
        client = self.runtime.client
        try:
            await (client.pause() if command == "pause" else client.resume())
        except ArrError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"name": self.runtime.name, "error": str(err)},
            ) from err
        # Show the result now: a debounced refresh could wait for seconds.
        await self.coordinator.async_refresh()
