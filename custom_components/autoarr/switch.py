"""Switches for the arr stack: pause the download clients; recovery's modes."""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.switch import SwitchEntity
from homeassistant.const import STATE_ON, EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

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
    """Set up the switches of every service subentry, and recovery's."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(Platform.SWITCH, entry, runtime, async_add_entities)
    if (recovery := entry.runtime_data.recovery) is not None:
        async_add_entities(
            [AutoRecoverySwitch(recovery), RecoveryDryRunSwitch(recovery)]
        )


class AutoRecoverySwitch(RecoveryEntity, SwitchEntity, RestoreEntity):
    """Automatic recovery of failed downloads (off until the user turns it on).

    While off, failures are still detected, counted and announced; only the
    retries, removals and searches wait for the user or `autoarr.recover`.
    """

    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, manager: RecoveryManager) -> None:
        """Control the manager's automatic recovery."""
        super().__init__(manager, "automatic_recovery")

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the user's choice."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_state()) is not None:
            self.manager.automatic = last.state == STATE_ON

    @property
    @override
    def is_on(self) -> bool:
        """Return whether recovery acts on its own."""
        return self.manager.automatic

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Let recovery act on its own, starting now."""
        self.manager.automatic = True
        self.async_write_ha_state()
        self.manager.async_schedule_recovery()

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Only detect and announce failures."""
        self.manager.automatic = False
        self.async_write_ha_state()


class RecoveryDryRunSwitch(RecoveryEntity, SwitchEntity, RestoreEntity):
    """Recovery's dry-run mode (off until the user turns it on).

    While on, each recovery run decides what it would do and reports it (an
    event, a log line and a repair issue) but changes nothing, even with
    automatic recovery on; the `autoarr.recover` action still acts.
    """

    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, manager: RecoveryManager) -> None:
        """Control the manager's dry-run mode."""
        super().__init__(manager, "recovery_dry_run")

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the user's choice."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_state()) is not None:
            self.manager.dry_run = last.state == STATE_ON

    @property
    @override
    def is_on(self) -> bool:
        """Return whether recovery only reports."""
        return self.manager.dry_run

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Only report what recovery would do, starting now."""
        self.manager.dry_run = True
        self.async_write_ha_state()
        self.manager.async_schedule_recovery()

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Let recovery act again (when automatic); drop the report."""
        self.manager.dry_run = False
        self.async_write_ha_state()
