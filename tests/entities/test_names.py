"""The hub, the agents and every service have a name of their own."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from custom_components.autoarr.migrations import default_agent_subentries
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, radarr_subentry, sonarr_subentry


async def test_every_device_is_named_apart(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """A new hub: "AutoArr", "AutoArr agent", "AutoArr AI Task", "Sonarr"
    (made by Servarr, not "Sonarr / Sonarr"); the calendar is named as one
    and keeps its entity id."""
    entry = await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), *default_agent_subentries()
    )
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    names = sorted(device.name or "" for device in devices)
    assert names == ["AutoArr", "AutoArr AI Task", "AutoArr agent", "Radarr", "Sonarr"]
    sonarr_device = next(d for d in devices if d.name == "Sonarr")
    assert (sonarr_device.manufacturer, sonarr_device.model) == ("Servarr", "Sonarr")
    calendar = hass.states.get("calendar.autoarr_upcoming")
    assert calendar is not None
    assert calendar.attributes["friendly_name"] == "AutoArr Release calendar"
    registry = er.async_get(hass)
    agent = next(
        e
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == "conversation"
    )
    assert agent.entity_id == "conversation.autoarr_agent"
