"""Albums added to Lidarr by voice, without a model, in English and German,
by AutoArr's agent and by Home Assistant's own agent (its sentence triggers)."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.agent.languages import REGISTRY
from tests.agent.phrasings import phrasings
from tests.entities.conftest import (
    lidarr,
    lidarr_subentry,
    loopback_sockets,
    setup_entry,
)
from tests.support.arr_sim import LidarrSimulator
from tests.test_instant_phrasings import _agents, _say

__all__ = ["lidarr", "loopback_sockets", "setup_entry"]


def _added(sim: LidarrSimulator, title: str) -> bool:
    return any(a.seed.title == title and a.monitored for a in sim.state.albums.values())


async def test_album_added_by_voice(
    hass_core: HomeAssistant, setup_entry: Any, lidarr: LidarrSimulator
) -> None:
    """ "Add the album Brat by Charli XCX" adds it, with its artist, and searches."""
    [autoarr_agent, builtin_agent] = await _agents(
        hass_core, setup_entry, lidarr_subentry(lidarr)
    )
    answer = await _say(
        hass_core, autoarr_agent, "Add the album Brat by Charli XCX", "en"
    )
    assert answer == (
        "Added the album Brat by Charli XCX to Lidarr; searching for it now."
    )
    assert _added(lidarr, "Brat")
    artist = lidarr.state.artist_by_name("Charli XCX")
    # Only that album of the new artist is monitored.
    assert not _added(lidarr, "Crash")
    brat = lidarr.state.album_by_title("Brat")
    assert brat.artist_id == artist.id
    searches = [c for c in lidarr.state.commands.values() if c.name == "AlbumSearch"]
    assert [c.body for c in searches] == [{"albumIds": [brat.id]}]

    again = await _say(
        hass_core, builtin_agent, "add the album brat by charli xcx", "en"
    )
    assert again == "The album Brat by Charli XCX is already in your library."

    german = await _say(
        hass_core, builtin_agent, "Füge das Album GNX von Kendrick Lamar hinzu", "de"
    )
    assert german == (
        "Das Album GNX von Kendrick Lamar ist zu Lidarr hinzugefügt; ich suche es jetzt."
    )
    assert _added(lidarr, "GNX")
    unknown = await _say(
        hass_core, autoarr_agent, "add the album Nothing Like This by Nobody", "en"
    )
    assert unknown == "I couldn't find the album Nothing Like This by Nobody."
    assert not lidarr.contract_violations


@pytest.mark.parametrize("code", sorted(REGISTRY))
async def test_album_added_in_every_language(
    hass_core: HomeAssistant, setup_entry: Any, lidarr: LidarrSimulator, code: str
) -> None:
    """ "Add the album GNX by Kendrick Lamar", in every language, adds it."""
    [autoarr_agent, _builtin] = await _agents(
        hass_core, setup_entry, lidarr_subentry(lidarr)
    )
    question, answer = phrasings(code).spoken["album"]
    assert await _say(hass_core, autoarr_agent, question, code) == answer
    assert _added(lidarr, "GNX")
    assert lidarr.state.album_by_title("GNX").artist_id == (
        lidarr.state.artist_by_name("Kendrick Lamar").id
    )
    assert not lidarr.contract_violations


async def test_album_without_lidarr(hass_core: HomeAssistant, setup_entry: Any) -> None:
    """Without a Lidarr the answer says so rather than adding elsewhere."""
    [autoarr_agent, _builtin] = await _agents(hass_core, setup_entry)
    answer = await _say(hass_core, autoarr_agent, "Add the album Brat", "en")
    assert answer == "No Lidarr is set up, so I can't add albums."
