"""The stack's downloads, on the hub's device: what "what's downloading?" says.

One sensor lists every download of every download client and every library
manager's queue, merged as the agent's answer merges them
(`agent/operations/downloads.merged_downloads`): a job in a download client
that no Sonarr, Radarr or Lidarr lists is shown too, and a download both
list is shown once, with the library manager's name for it. It reads the
queue coordinators' data (a service that does not answer is left out and
named in `unavailable`, as the answer leaves it out).
"""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.sensor import SensorEntity, SensorStateClass
from homeassistant.core import callback

from .agent.operations.downloads import Download, merged_downloads
from .coordinator import ServiceCoordinator
from .data import AutoArrConfigEntry
from .entity import hub_device_info
from .sensor_descriptions import MAX_QUEUE_LISTED


class StackDownloadsSensor(SensorEntity):
    """How many downloads there are across the stack; attribute `items`."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_translation_key = "downloads"
    _attr_state_class = SensorStateClass.MEASUREMENT
    # The list changes with every refresh: not worth recording.
    _unrecorded_attributes = frozenset({"items"})

    def __init__(self, entry: AutoArrConfigEntry) -> None:
        """Attach the sensor to the hub's device."""
        self.entry = entry
        self._attr_unique_id = f"{entry.entry_id}_downloads"
        self._attr_device_info = hub_device_info(entry)
        self._downloads: list[Download] = []
        self._unavailable: list[str] = []

    def _queues(self) -> list[ServiceCoordinator[Any]]:
        data = self.entry.runtime_data
        return [
            *(runtime.queue for runtime in data.download_services()),
            *(runtime.queue for runtime in data.arr_services()),
        ]

    @callback
    def _read(self) -> None:
        """Merge what every queue coordinator last read."""
        data = self.entry.runtime_data
        clients = []
        arrs = []
        unavailable: list[str] = []
        for client in data.download_services():
            queue = client.queue.data
            if queue is None or not client.queue.last_update_success:
                unavailable.append(client.name)
                continue
            clients.append((client.name, queue.transfer, queue.items))
        for arr in data.arr_services():
            arr_queue = arr.queue.data
            if arr_queue is None or not arr.queue.last_update_success:
                unavailable.append(arr.name)
                continue
            arrs.append((arr.name, arr_queue.items))
        self._downloads = merged_downloads(clients, arrs)
        self._unavailable = unavailable

    @override
    async def async_added_to_hass(self) -> None:
        """Follow every queue coordinator."""
        await super().async_added_to_hass()
        self._read()
        for coordinator in self._queues():
            self.async_on_remove(coordinator.async_add_listener(self._updated))

    @callback
    def _updated(self) -> None:
        self._read()
        self.async_write_ha_state()

    @property
    @override
    def available(self) -> bool:
        """Return False only when no queue could be read at all."""
        queues = self._queues()
        return not queues or any(q.last_update_success for q in queues)

    @property
    @override
    def native_value(self) -> int:
        """Return how many downloads there are."""
        return len(self._downloads)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """List the downloads by what matters, as the answer says them."""
        return {
            "items": [
                {
                    "name": download.name,
                    "service": download.service,
                    "state": str(download.state),
                    "reason": download.reason,
                    "progress": download.progress,
                    "time_left": download.eta_seconds,
                }
                for download in self._downloads[:MAX_QUEUE_LISTED]
            ],
            "total": len(self._downloads),
            "unavailable": self._unavailable,
        }
