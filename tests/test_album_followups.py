"""Follow-ups of albums: an album added to Lidarr by voice is announced when
every track of it is imported, in the language of the request."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.autoarr.const import CONF_ANNOUNCE_READY
from custom_components.autoarr.followups import EVENT_MEDIA_READY
from tests.entities.conftest import (
    lidarr,
    lidarr_subentry,
    loopback_sockets,
    setup_entry,
)
from tests.support.agent_fixtures import (
    conversation_agent,
    conversation_subentry,
    hub_data,
    ollama,
)
from tests.support.arr_sim import LidarrSimulator
from tests.support.llm_servers import OllamaServer
from tests.test_followups import _import_everything, _satellite, _say

__all__ = ["lidarr", "loopback_sockets", "ollama", "setup_entry"]


async def _start(
    hass: HomeAssistant, setup_entry: Any, lidarr: LidarrSimulator, ollama: OllamaServer
) -> tuple[MockConfigEntry, str]:
    entry = await setup_entry(
        lidarr_subentry(lidarr),
        conversation_subentry(**{CONF_ANNOUNCE_READY: True}),
        data=hub_data(ollama.url),
    )
    return entry, conversation_agent(hass, entry)


async def test_an_album_asked_for_on_a_satellite_is_announced_after_a_restart(
    hass_core: HomeAssistant,
    setup_entry: Any,
    lidarr: LidarrSimulator,
    ollama: OllamaServer,
) -> None:
    """Asked for on the kitchen satellite; AutoArr reloaded; once Lidarr has
    imported every track, "Brat by Charli XCX is ready to listen to." there,
    once, with the event."""
    hass = hass_core
    device_id, satellite = _satellite(hass)
    announced = async_mock_service(hass, "assist_satellite", "announce")
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start(hass, setup_entry, lidarr, ollama)

    answer = await _say(
        hass, agent_id, "Add the album Brat by Charli XCX", device_id=device_id
    )
    assert answer.startswith("Added the album Brat by Charli XCX")
    brat = lidarr.state.album_by_title("Brat")
    (pending,) = entry.runtime_data.followups.pending
    assert (pending.title, pending.artist, pending.media_id) == (
        "Brat",
        "Charli XCX",
        brat.id,
    )

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert not brat.complete
    await _import_everything(hass, entry, lidarr)
    assert brat.complete

    message = "Brat by Charli XCX is ready to listen to."
    assert [call.data for call in announced] == [
        {"entity_id": satellite, "message": message}
    ]
    (event,) = ready
    assert event.data == {
        "title": "Brat",
        "artist": "Charli XCX",
        "message": message,
        "media_id": brat.id,
        "service": "lidarr",
        "instance": "Lidarr",
        "language": "en",
        "device_id": device_id,
        "satellite": satellite,
        "target": None,
        "poster": None,
    }
    assert entry.runtime_data.followups.pending == []
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await _import_everything(hass, entry, lidarr)
    assert len(announced) == 1


async def test_an_album_asked_for_in_german_is_announced_in_german(
    hass_core: HomeAssistant,
    setup_entry: Any,
    lidarr: LidarrSimulator,
    ollama: OllamaServer,
) -> None:
    """ "Füge das Album GNX von Kendrick Lamar hinzu" is followed by the
    German sentence; the follow-up is listed until then."""
    hass = hass_core
    device_id, satellite = _satellite(hass)
    announced = async_mock_service(hass, "assist_satellite", "announce")
    entry, agent_id = await _start(hass, setup_entry, lidarr, ollama)

    await _say(
        hass,
        agent_id,
        "Füge das Album GNX von Kendrick Lamar hinzu",
        "de",
        device_id=device_id,
    )
    listed = await hass.services.async_call(
        "autoarr", "get_followups", {}, blocking=True, return_response=True
    )
    assert listed is not None
    [described] = listed["followups"]  # type: ignore[misc]
    assert (described["title"], described["artist"], described["language"]) == (
        "GNX",
        "Kendrick Lamar",
        "de",
    )
    await _import_everything(hass, entry, lidarr)
    assert [call.data for call in announced] == [
        {
            "entity_id": satellite,
            "message": "GNX von Kendrick Lamar ist da und kann angehört werden.",
        }
    ]
