"""Lidarr's and Prowlarr's entities over answers real servers sent, played back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import DOMAIN as CALENDAR_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant

from tests.real.corpus import load
from tests.support.replay import API_KEY, EMPTY_PAGE, ReplayServer, serve

from .conftest import SetupEntry, service_subentry, state

# No Lidarr status is in the corpus (see its PROVENANCE.md): the fields
# AutoArr reads, as a Lidarr 2 sends them.
LIDARR_STATUS = {
    "appName": "Lidarr",
    "instanceName": "Lidarr",
    "version": "2.13.3.4711",
    "isDocker": True,
    "urlBase": "",
}


def lidarr(**changes: Any) -> dict[str, Any]:
    """Return what a Lidarr answers, with some answers changed."""
    routes = {
        "/api/v1/system/status": LIDARR_STATUS,
        "/api/v1/health": [],
        "/api/v1/queue": load("lidarr", "v1", "queue"),
        "/api/v1/artist": load("lidarr", "v1", "artist"),
        "/api/v1/album": load("lidarr", "v1", "album"),
        "/api/v1/diskspace": [],
        "/api/v1/rootfolder": [],
        "/api/v1/calendar": load("lidarr", "v1", "calendar"),
        "/api/v1/wanted/missing": load("lidarr", "v1", "wanted-missing_pyarr"),
        "/api/v1/history": EMPTY_PAGE,
    }
    routes.update({f"/api/v1/{path}": answer for path, answer in changes.items()})
    return routes


# No Prowlarr status, health or indexer status is in the corpus either.
PROWLARR_STATUS = {
    "appName": "Prowlarr",
    "instanceName": "Prowlarr",
    "version": "2.0.5.5160",
    "isDocker": True,
    "urlBase": "",
}


async def test_lidarr_entities_over_real_answers(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """Artists, missing albums, the queue, what comes out and health, as
    real Lidarr servers answered them."""
    server = await serve(replay, lidarr())
    await setup_entry(service_subentry("lidarr", "Lidarr", server.url, API_KEY))

    assert state(hass, "sensor.lidarr_artists") == "1"
    # The page's count, not the one record it holds.
    assert state(hass, "sensor.lidarr_missing") == "3"
    assert state(hass, "sensor.lidarr_upcoming") == "1"
    assert state(hass, "binary_sensor.lidarr_health_problems") == "off"
    # Two records of one download (Home Assistant core's placeholders give
    # both the downloadId "string"): two albums, one download.
    queue = hass.states.get("sensor.lidarr_queue")
    assert queue is not None
    assert (queue.state, queue.attributes["total"]) == ("2", 1)
    assert [(i["state"], i["records"]) for i in queue.attributes["items"]] == [
        ("downloading", 2)
    ]


async def test_album_without_its_artist_is_named_by_its_title(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """A calendar album whose artist Lidarr did not embed (as it answers a
    calendar asked without includeArtist) is called by its title alone,
    not " - Mount Westmore"."""
    server = await serve(replay, lidarr())
    await setup_entry(service_subentry("lidarr", "Lidarr", server.url, API_KEY))
    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {
            ATTR_ENTITY_ID: "calendar.autoarr_upcoming",
            "start_date_time": datetime(2022, 12, 1, tzinfo=UTC),
            "end_date_time": datetime(2022, 12, 31, tzinfo=UTC),
        },
        blocking=True,
        return_response=True,
    )
    events = response["calendar.autoarr_upcoming"]["events"]  # type: ignore[index]
    assert [(e["summary"], e["start"]) for e in events] == [
        ("Mount Westmore", "2022-12-09")
    ]


async def test_next_release_without_its_artist_is_its_title(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    replay: type[ReplayServer],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Before the album comes out, the next release sensor names it by its
    title alone when Lidarr did not embed its artist."""
    freezer.move_to(datetime(2022, 12, 1, 12, tzinfo=UTC))
    server = await serve(replay, lidarr())
    await setup_entry(service_subentry("lidarr", "Lidarr", server.url, API_KEY))
    assert state(hass, "sensor.lidarr_next_release") == "Mount Westmore"
    assert state(hass, "sensor.lidarr_next_up") == "2022-12-09T00:00:00+00:00"


async def test_prowlarr_entities_over_a_real_indexer_list(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """A real indexer list whose one indexer is turned off: no enabled
    indexer to count, none failing (Prowlarr holds none back)."""
    server = await serve(
        replay,
        {
            "/api/v1/system/status": PROWLARR_STATUS,
            "/api/v1/health": [],
            "/api/v1/indexer": load("prowlarr", "v1", "indexer"),
            "/api/v1/indexerstatus": [],
            "/api/v1/applications": [],
        },
    )
    await setup_entry(service_subentry("prowlarr", "Prowlarr", server.url, API_KEY))
    assert state(hass, "sensor.prowlarr_indexers") == "0"
    assert state(hass, "binary_sensor.prowlarr_failing_indexers") == "off"
    assert state(hass, "binary_sensor.prowlarr_health_problems") == "off"
    assert server.asked("/api/v1/indexer") >= 1
