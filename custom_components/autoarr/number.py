"""Numbers for the arr stack: each kind's own (SABnzbd's speed limit), recovery's settings."""

from __future__ import annotations

from typing import override

from homeassistant.components.number import NumberMode, RestoreNumber
from homeassistant.const import EntityCategory, Platform, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import AutoArrConfigEntry
from .entity import RecoveryEntity
from .recovery_manager import RecoveryManager
from .service_kinds import async_add_kind_entities

# One command at a time per service, so a service is never flooded.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the numbers of every service subentry, and recovery's settings."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(Platform.NUMBER, entry, runtime, async_add_entities)
    if (recovery := entry.runtime_data.recovery) is not None:
        async_add_entities([StallTimeout(recovery), RecoveryAttempts(recovery)])


class _RecoverySetting(RecoveryEntity, RestoreNumber):
    """A recovery limit kept by the manager; restored after a restart."""

    _attr_entity_category = EntityCategory.CONFIG
    _attr_mode = NumberMode.BOX
    _attr_native_step = 1

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the user's value."""
        await super().async_added_to_hass()
        last = await self.async_get_last_number_data()
        if last is not None and last.native_value is not None:
            self._apply(int(last.native_value))

    @override
    async def async_set_native_value(self, value: float) -> None:
        """Use the new value from the next recovery run on."""
        self._apply(int(value))
        self.async_write_ha_state()

    def _apply(self, value: int) -> None:
        raise NotImplementedError


class StallTimeout(_RecoverySetting):
    """Minutes without progress after which a download counts as stuck."""

    _attr_native_min_value = 10
    _attr_native_max_value = 1440
    _attr_native_unit_of_measurement = UnitOfTime.MINUTES

    def __init__(self, manager: RecoveryManager) -> None:
        """Control the manager's stall timeout."""
        super().__init__(manager, "stall_timeout")

    @property
    @override
    def native_value(self) -> int:
        """Return the timeout in minutes."""
        return self.manager.stall_timeout_minutes

    @override
    def _apply(self, value: int) -> None:
        self.manager.stall_timeout_minutes = value


class RecoveryAttempts(_RecoverySetting):
    """How many recovery attempts one episode or movie gets."""

    _attr_native_min_value = 1
    _attr_native_max_value = 10

    def __init__(self, manager: RecoveryManager) -> None:
        """Control the manager's attempt cap."""
        super().__init__(manager, "recovery_attempts")

    @property
    @override
    def native_value(self) -> int:
        """Return the cap."""
        return self.manager.max_attempts

    @override
    def _apply(self, value: int) -> None:
        self.manager.max_attempts = value
