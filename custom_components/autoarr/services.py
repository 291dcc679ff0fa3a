"""Actions (services) AutoArr registers with Home Assistant.

Registered once in `async_setup`, not per entry, so they exist (and can raise
a translated error) even while no entry is loaded.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register AutoArr's actions."""
