"""Asking before adding an album: "Add Brat by Charli XCX?".

With the agent's `confirm_changes` option on, an album is looked up in
Lidarr and added only after a yes, by the instant answers and the model's
tools alike, in English and German; a no adds nothing, and what is already
there is answered at once. A Seerr in the stack does not take albums (Seerr
requests movies and series only).
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.const import CONF_CONFIRM_CHANGES, CONF_INSTANT_ANSWERS
from tests.entities.conftest import (
    lidarr,
    lidarr_subentry,
    loopback_sockets,
    service_subentry,
    setup_entry,
)
from tests.support.arr_sim import LidarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply
from tests.support.seerr_fixtures import ollama, seerr, setup_agent
from tests.support.seerr_sim import SeerrSimulator
from tests.test_confirmation import Talk, service_data

__all__ = ["lidarr", "loopback_sockets", "ollama", "seerr", "setup_entry"]

pytestmark = pytest.mark.clock


async def _talk(
    hass: HomeAssistant,
    setup_entry: Any,
    lidarr: LidarrSimulator,
    seerr: SeerrSimulator,
    ollama: OllamaServer,
    *,
    instant: bool,
) -> Talk:
    options: dict[str, Any] = {CONF_CONFIRM_CHANGES: True}
    if not instant:
        options[CONF_INSTANT_ANSWERS] = False
    agent_id = await setup_agent(
        hass,
        setup_entry,
        lidarr_subentry(lidarr),
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key),
        ollama_url=ollama.url,
        **options,
    )
    return Talk(hass, agent_id)


def _added(sim: LidarrSimulator, title: str) -> bool:
    return any(a.seed.title == title and a.monitored for a in sim.state.albums.values())


async def test_instant_album_waits_for_a_yes(
    hass_core: HomeAssistant,
    setup_entry: Any,
    lidarr: LidarrSimulator,
    seerr: SeerrSimulator,
    ollama: OllamaServer,
) -> None:
    """Asked first; a no adds nothing; a yes adds it to Lidarr."""
    talk = await _talk(hass_core, setup_entry, lidarr, seerr, ollama, instant=True)
    assert await talk.say("Füge das Album GNX von Kendrick Lamar hinzu", "de") == (
        "GNX von Kendrick Lamar hinzufügen?"
    )
    assert await talk.say("nein", "de") == "Gut, ich habe nichts geändert."
    assert not _added(lidarr, "GNX")

    assert await talk.say("Add the album Brat by Charli XCX") == (
        "Add Brat by Charli XCX?"
    )
    assert not _added(lidarr, "Brat")
    assert await talk.say("yes") == (
        "Added the album Brat by Charli XCX to Lidarr; searching for it now."
    )
    assert _added(lidarr, "Brat")
    # Already there: said at once, nothing held.
    assert await talk.say("add the album brat by charli xcx") == (
        "The album Brat by Charli XCX is already in your library."
    )
    assert not [r for r in seerr.requests if r.method == "POST"]


async def test_model_album_waits_for_a_yes(
    hass_core: HomeAssistant,
    setup_entry: Any,
    lidarr: LidarrSimulator,
    seerr: SeerrSimulator,
    ollama: OllamaServer,
) -> None:
    """The model's album add is held, and not taken to Seerr."""
    talk = await _talk(hass_core, setup_entry, lidarr, seerr, ollama, instant=False)
    ollama.script(
        Reply(
            tool_calls=[
                Call(
                    "autoarr__add_media",
                    {"title": "GNX", "kind": "album", "artist": "Kendrick Lamar"},
                )
            ]
        ),
        Reply("I will ask."),
    )
    assert await talk.say("get me GNX by Kendrick Lamar") == (
        "Add GNX by Kendrick Lamar?"
    )
    _, second = ollama.chat_requests()
    assert service_data(second)[0]["status"] == "needs_confirmation"
    assert not _added(lidarr, "GNX")
    assert await talk.say("yes") == (
        "Added the album GNX by Kendrick Lamar to Lidarr; searching for it now."
    )
    assert _added(lidarr, "GNX")
    assert not [
        r for r in seerr.requests if r.method in ("POST", "GET") and "search" in r.path
    ]
