"""Setting up and unloading an AutoArr entry without services.

The tests with services (reload, retries, reauth, subentries added and
removed at run time) are in tests/entities/test_setup.py, beside the fixtures
that run the simulators and SABnzbd.
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import AutoArrData


async def test_setup_and_unload(hass_core: HomeAssistant) -> None:
    """An entry without services or model loads with typed runtime data and unloads."""
    hass = hass_core
    entry = MockConfigEntry(domain=DOMAIN, title="AutoArr", data={}, version=2)
    entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert isinstance(entry.runtime_data, AutoArrData)
    assert entry.runtime_data.services == {}
    # No model set up: none is built (the default Ollama address is not assumed).
    assert entry.runtime_data.llm is None

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_unusable_model_settings(hass_core: HomeAssistant) -> None:
    """Settings that leave no language model fail setup with a clear reason."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="AutoArr",
        # An Ollama address no flow would store.
        data={"ollama_url": "ftp://ollama.invalid"},
        version=2,
    )
    entry.add_to_hass(hass_core)
    await hass_core.config_entries.async_setup(entry.entry_id)
    await hass_core.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert "language model settings are not usable" in entry.reason
