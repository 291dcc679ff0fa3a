"""Runtime data kept on an AutoArr config entry."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

type AutoArrConfigEntry = ConfigEntry[AutoArrData]


@dataclass(slots=True)
class AutoArrData:
    """What a loaded AutoArr entry holds while it runs."""
