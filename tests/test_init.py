"""Tests for setting up and unloading an AutoArr entry."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import AutoArrData


async def test_setup_and_unload(hass_core: HomeAssistant) -> None:
    """An entry loads with typed runtime data and unloads cleanly."""
    hass = hass_core
    entry = MockConfigEntry(domain=DOMAIN, title="AutoArr", data={})
    entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert isinstance(entry.runtime_data, AutoArrData)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
