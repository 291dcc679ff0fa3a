"""The follow-ups waiting, on the hub's device.

One sensor counts the movies and shows the agents will say are ready
(`followups.py`) and lists them in its `followups` attribute, as
`autoarr.get_followups` describes them; it changes when one is added,
announced, cancelled or dropped.
"""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.sensor import SensorEntity, SensorStateClass

from .data import AutoArrConfigEntry
from .entity import hub_device_info
from .followup_actions import described
from .followups import FollowUps
from .sensor_descriptions import MAX_LISTED_ITEMS


class FollowUpsSensor(SensorEntity):
    """How many follow-ups wait; attribute `followups`."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_translation_key = "followups"
    _attr_state_class = SensorStateClass.MEASUREMENT

    def __init__(self, entry: AutoArrConfigEntry, followups: FollowUps) -> None:
        """Attach the sensor to the hub's device."""
        self.entry = entry
        self.followups = followups
        self._attr_unique_id = f"{entry.entry_id}_followups"
        self._attr_device_info = hub_device_info(entry)

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the follow-ups' changes."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.followups.async_add_listener(self.async_write_ha_state)
        )

    @property
    @override
    def native_value(self) -> int:
        """Return how many follow-ups wait."""
        return len(self.followups.pending)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """List the first of them, oldest first."""
        return {
            "followups": [
                described(self.entry, followup)
                for followup in self.followups.pending[:MAX_LISTED_ITEMS]
            ]
        }
