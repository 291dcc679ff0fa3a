"""Lidarr in the stack-wide answers: the downloads list, what is missing and
coming out, the per-instance queue, "what's missing?" said, and the model's
tools finding and adding an album."""

from __future__ import annotations

from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm

from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import (
    lidarr,
    lidarr_subentry,
    loopback_sockets,
    setup_entry,
)
from tests.support.arr_sim import LidarrSimulator
from tests.support.arr_sim.lidarr import LidarrState
from tests.test_instant_phrasings import _agents, _say

__all__ = ["lidarr", "loopback_sockets", "setup_entry"]


def album_names(state: LidarrState) -> dict[int, str]:
    """Return every library album's name, "Artist - Album", by its id."""
    return {
        album.id: f"{state.artists[album.artist_id].seed.name} - {album.seed.title}"
        for album in state.albums.values()
    }


async def act(hass: HomeAssistant, action: str, data: dict[str, Any]) -> Any:
    """Call an AutoArr action and return its answer."""
    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )


async def test_lidarr_in_downloads_missing_and_upcoming(
    hass_core: HomeAssistant, setup_entry: Any, lidarr: LidarrSimulator
) -> None:
    """The actions list Lidarr's downloads, missing and coming albums."""
    await setup_entry(lidarr_subentry(lidarr))
    state = lidarr.state
    names = album_names(state)
    queued = {names[item.media["albumId"]] for item in state.queue.values()}
    assert queued

    downloads = await act(hass_core, "get_downloads", {})
    assert queued <= {download["name"] for download in downloads["downloads"]}
    assert downloads["unavailable"] == []

    [queue] = (await act(hass_core, "get_queue", {}))["instances"]
    assert queue["service"] == "lidarr"
    assert {item["name"] for item in queue["items"]} == queued

    missing = await act(hass_core, "get_missing", {})
    assert missing["by_service"] == {"Lidarr": len(state.missing_albums())}
    assert missing["examples"]
    assert set(missing["examples"]) <= {
        names[album.id] for album in state.missing_albums()
    }

    upcoming = await act(hass_core, "get_upcoming", {"days": 7})
    albums = [item for item in upcoming["items"] if item["kind"] == "album"]
    assert "Taylor Swift - The Next Chapter" in {item["title"] for item in albums}
    assert not lidarr.contract_violations


async def test_whats_missing_and_coming_said_for_lidarr(
    hass_core: HomeAssistant, setup_entry: Any, lidarr: LidarrSimulator
) -> None:
    """Without a model, the answers count Lidarr's albums and name them."""
    [autoarr_agent, builtin_agent] = await _agents(
        hass_core, setup_entry, lidarr_subentry(lidarr)
    )
    count = len(lidarr.state.missing_albums())
    for agent_id, text in (
        (autoarr_agent, "what's missing?"),
        (builtin_agent, "which albums are missing"),
    ):
        answer = await _say(hass_core, agent_id, text, "en")
        assert answer.startswith(f"{count} items are missing, for example ")
    week = await _say(hass_core, autoarr_agent, "what's coming out this week?", "en")
    assert "Taylor Swift - The Next Chapter (album)" in week
    german = await _say(hass_core, builtin_agent, "Welche Alben diese Woche?", "de")
    assert "Taylor Swift - The Next Chapter (Album)" in german


def llm_context() -> llm.LLMContext:
    """Return a new context, as an agent builds one every turn."""
    return llm.LLMContext(
        platform="test",
        context=Context(),
        language="en",
        assistant=conversation.DOMAIN,
        device_id=None,
    )


async def test_model_tools_find_and_add_an_album(
    hass_core: HomeAssistant, setup_entry: Any, lidarr: LidarrSimulator
) -> None:
    """find_media and add_media take an album and its artist to Lidarr."""
    await setup_entry(lidarr_subentry(lidarr))
    api = await llm.async_get_api(hass_core, DOMAIN, llm_context())

    found = await api.async_call_tool(
        llm.ToolInput(
            tool_name="autoarr__find_media",
            tool_args={"title": "Brat", "artist": "Charli XCX"},
        )
    )
    assert found.error is False
    [brat] = found.data["service_data"]["results"]  # type: ignore[index]
    assert brat["kind"] == "album"
    assert (brat["title"], brat["artist"], brat["in_library"]) == (
        "Brat",
        "Charli XCX",
        False,
    )

    added = await api.async_call_tool(
        llm.ToolInput(
            tool_name="autoarr__add_media",
            tool_args={"title": "Brat by Charli XCX", "kind": "album"},
        )
    )
    assert added.error is False
    outcome = added.data["service_data"]  # type: ignore[index]
    assert (outcome["status"], outcome["album"], outcome["artist"]) == (
        "added",
        "Brat",
        "Charli XCX",
    )
    assert lidarr.state.album_by_title("Brat").monitored

    again = await api.async_call_tool(
        llm.ToolInput(
            tool_name="autoarr__find_media",
            tool_args={"title": "the album Brat by Charli XCX"},
        )
    )
    assert again.data["service_data"]["results"][0]["in_library"] is True  # type: ignore[index]
    assert not lidarr.contract_violations
