"""Event entities for the arr stack: downloads completed, failed or imported.

The queue coordinators compare each refresh with the previous one and hand
over what is new (`DownloadEvent`s); nothing fires for what already existed
when AutoArr started.
"""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.event import EventEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .agent.speech import spoken_name
from .agent.vocabulary import queue_entries
from .data import AutoArrConfigEntry
from .entity import RecoveryEntity
from .recovery.models import FailedDownload, RecoveryEvent
from .recovery_manager import EVENT_TYPES, RecoveryManager
from .service_kinds import async_add_kind_entities

# Coordinators fetch the data; entities only read it.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the event entities of every service subentry, and recovery's."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(Platform.EVENT, entry, runtime, async_add_entities)
    if (recovery := entry.runtime_data.recovery) is not None:
        async_add_entities([RecoveryEventEntity(recovery)])


class RecoveryEventEntity(RecoveryEntity, EventEntity):
    """Fires download_failed, recovery_started, recovery_succeeded, recovery_gave_up."""

    _attr_event_types = EVENT_TYPES

    def __init__(self, manager: RecoveryManager) -> None:
        """Listen to the manager's recovery events."""
        super().__init__(manager, "recovery")

    @override
    async def async_added_to_hass(self) -> None:
        """Fire each recovery event as it happens."""
        await super().async_added_to_hass()
        self.async_on_remove(self.manager.async_add_event_listener(self._handle_event))

    @callback
    def _handle_event(self, event: RecoveryEvent) -> None:
        data = event.as_dict()
        data.update(self._named(event.failure))
        self._trigger_event(event.type.value, data)
        self.async_write_ha_state()

    def _named(self, failure: FailedDownload) -> dict[str, Any]:
        """Return what the failed download is, as said, and who reported it.

        The owning arr's queue names it ("Shōgun S02E05"); without one, the
        release name is cleaned ("Dune Part Two").
        """
        data = self.manager.entry.runtime_data
        ref = failure.arr or failure.client
        runtime = data.services.get(ref.service_id) if ref is not None else None
        owner = next((arr for arr in data.arr_services() if arr is runtime), None)
        name: str | None = None
        if owner is not None and owner.queue.data is not None:
            wanted = failure.download_id.lower()
            name = next(
                (
                    entry.name
                    for entry in queue_entries(owner.queue.data.items)
                    if (entry.download_id or "").lower() == wanted
                ),
                None,
            )
        return {
            "media_title": name or spoken_name(failure.title),
            "service": runtime.kind if runtime is not None else "",
            "instance": runtime.name if runtime is not None else "",
        }
