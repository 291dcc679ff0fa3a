"""The flow together with the real entry setup: a rotated key, end to end.

Nothing is replaced here: the entry sets up its coordinators against the
simulators, a coordinator sees the rejected key and starts the reauth flow
naming its service, and the new key reloads the entry.
"""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.data import ArrRuntime
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers.ollama import OllamaServer

from .conftest import hub_entry, service_subentry

NEW_KEY = "test-rotated-key-0123456789abcdef"


async def test_rotated_key_end_to_end(
    hass_core: HomeAssistant,
    ollama: OllamaServer,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Sonarr's key changes while running: reauth names it, the new key heals it."""
    hass = hass_core
    entry = hub_entry(
        ollama.url,
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
        service_subentry(ServiceKind.RADARR, radarr.url, radarr.api_key, "Radarr"),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    sonarr_id = next(
        sub.subentry_id
        for sub in entry.subentries.values()
        if sub.subentry_type == ServiceKind.SONARR
    )

    sonarr.api_key = NEW_KEY
    runtime = entry.runtime_data.services[sonarr_id]
    assert isinstance(runtime, ArrRuntime)
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()

    flows = hass.config_entries.flow.async_progress_by_handler(
        entry.domain, match_context={"source": SOURCE_REAUTH}
    )
    assert [flow["step_id"] for flow in flows] == ["reauth_confirm"]
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_API_KEY: NEW_KEY}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.subentries[sonarr_id].data[CONF_API_KEY] == NEW_KEY
    runtime = entry.runtime_data.services[sonarr_id]
    assert isinstance(runtime, ArrRuntime)
    # The reloaded entry talks to Sonarr with the new key.
    await runtime.queue.async_refresh()
    assert runtime.queue.last_update_success
    assert not hass.config_entries.flow.async_progress_by_handler(entry.domain)
    assert await hass.config_entries.async_unload(entry.entry_id)
