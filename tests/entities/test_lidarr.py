"""Lidarr in Home Assistant: added in the config flow, entities, calendar, recovery."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.components.calendar import DOMAIN as CALENDAR_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_API_KEY,
    CONF_NAME,
    CONF_URL,
    CONF_VERIFY_SSL,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr

from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import LidarrSimulator

from .conftest import SetupEntry, lidarr_subentry


async def test_lidarr_added_in_the_config_flow_gets_its_entities(
    hass: HomeAssistant, setup_entry: SetupEntry, lidarr: LidarrSimulator
) -> None:
    """A Lidarr added to a running hub gets its device and library entities."""
    entry = await setup_entry()
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "lidarr"), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Music",
            CONF_URL: lidarr.url,
            CONF_API_KEY: lidarr.api_key,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    state = lidarr.state
    assert hass.states.get("sensor.music_artists").state == str(len(state.artists))
    assert hass.states.get("sensor.music_missing").state == str(
        len(state.missing_albums())
    )
    queue = hass.states.get("sensor.music_queue")
    assert queue.state == str(len(state.queue))
    first = min(state.queue.values(), key=lambda item: item.id)
    album = state.albums[first.media["albumId"]]
    artist = state.artists[album.artist_id].seed.name
    assert f"{artist} - {album.seed.title}" in {
        listed["name"] for listed in queue.attributes["items"]
    }
    health = hass.states.get("binary_sensor.music_health_problems")
    assert health.state == STATE_ON

    subentry_id = next(iter(entry.subentries))
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    assert device.sw_version == state.version
    assert (device.manufacturer, device.model) == ("Servarr", "Lidarr")


async def test_upcoming_album_in_the_calendar(
    hass: HomeAssistant, setup_entry: SetupEntry, lidarr: LidarrSimulator
) -> None:
    """An album coming out shows as an all-day event "Artist - Album"."""
    await setup_entry(lidarr_subentry(lidarr))
    upcoming = lidarr.state.album_by_title("The Next Chapter")
    start = upcoming.release_date - timedelta(days=1)
    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {
            ATTR_ENTITY_ID: "calendar.autoarr_upcoming",
            "start_date_time": start,
            "end_date_time": start + timedelta(days=3),
        },
        blocking=True,
        return_response=True,
    )
    events = response["calendar.autoarr_upcoming"]["events"]  # type: ignore[index]
    assert [event["summary"] for event in events] == ["Taylor Swift - The Next Chapter"]
    assert events[0]["start"] == upcoming.release_date.date().isoformat()


async def test_search_missing_button_searches_albums(
    hass: HomeAssistant, setup_entry: SetupEntry, lidarr: LidarrSimulator
) -> None:
    """The button starts Lidarr's search for every missing album."""
    await setup_entry(lidarr_subentry(lidarr))
    await hass.services.async_call(
        "button",
        "press",
        {ATTR_ENTITY_ID: "button.lidarr_search_missing"},
        blocking=True,
    )
    commands = [
        request.body.get("name")
        for request in lidarr.requests_to("/api/v1/command", "POST")
        if isinstance(request.body, dict)
    ]
    assert commands == ["MissingAlbumSearch"]
