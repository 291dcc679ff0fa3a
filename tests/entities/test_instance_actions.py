"""Actions per Sonarr, Radarr or Lidarr instance: queue, disk space, series,
episodes, movies, artists."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import LidarrSimulator, RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, lidarr_subentry, radarr_subentry, sonarr_subentry


async def _call(hass: HomeAssistant, action: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def test_queue_is_the_sensors_queue(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """get_queue lists each instance's downloads as its queue sensor does."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    response = await _call(hass, "get_queue")
    assert [i["instance"] for i in response["instances"]] == ["Sonarr", "Radarr"]
    for answered in response["instances"]:
        sensor = hass.states.get(f"sensor.{answered['instance'].lower()}_queue")
        assert sensor is not None
        assert [(i["name"], i["state"]) for i in answered["items"]] == [
            (i["name"], i["state"]) for i in sensor.attributes["items"]
        ]
        assert all(i["queue_ids"] for i in answered["items"])
    only = await _call(hass, "get_queue", instance="radarr")
    assert [i["instance"] for i in only["instances"]] == ["Radarr"]
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "get_queue", instance="Lidarr")
    assert err.value.translation_key == "unknown_instance"


async def test_library_and_disks(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Series from Sonarr, movies from Radarr, each narrowed by title; disks."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    series = await _call(hass, "get_series", title="office")
    (sonarr_answer,) = series["instances"]
    assert [s["title"] for s in sonarr_answer["items"]] == ["The Office (US)"]
    assert sonarr_answer["items"][0]["year"] == 2005
    movies = await _call(hass, "get_movies")
    (radarr_answer,) = movies["instances"]
    assert radarr_answer["total"] == len(radarr.state.movies) > 0
    disks = await _call(hass, "get_diskspace", instance="Sonarr")
    (disk_answer,) = disks["instances"]
    assert all(d["total_bytes"] >= d["free_bytes"] >= 0 for d in disk_answer["items"])
    assert disk_answer["items"]
    sonarr.inject_fault("disconnect", path="diskspace")
    down = await _call(hass, "get_diskspace")
    assert down["unavailable"] == ["Sonarr"]
    assert [i["instance"] for i in down["instances"]] == ["Radarr"]


async def test_episodes_of_a_series_and_a_season(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """get_episodes lists a series' episodes in order, or one season's."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    (office,) = (await _call(hass, "get_series", title="office"))["instances"][0][
        "items"
    ]
    every = await _call(hass, "get_episodes", series_id=office["id"])
    (answer,) = every["instances"]
    assert answer["instance"] == "Sonarr"
    episodes = answer["items"]
    simulated = sonarr.state.series_episodes(office["id"])
    assert [(e["season"], e["episode"], e["title"]) for e in episodes] == [
        (e.season_number, e.episode_number, e.title) for e in simulated
    ]
    assert [e["has_file"] for e in episodes] == [e.has_file for e in simulated]
    assert all(e["series_id"] == office["id"] for e in episodes)
    season = episodes[-1]["season"]
    one = await _call(hass, "get_episodes", series_id=office["id"], season=season)
    assert one["instances"][0]["items"] == [
        e for e in episodes if e["season"] == season
    ]
    assert sonarr.requests_to("/api/v3/episode")[-1].query == [
        ("seriesId", str(office["id"])),
        ("seasonNumber", str(season)),
    ]
    # Radarr has no episodes; a second Sonarr makes the series id ambiguous.
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "get_episodes", instance="Radarr", series_id=1)
    assert err.value.translation_key == "unknown_instance"


async def test_episodes_need_one_sonarr(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """With two Sonarr instances, the one the series is in must be named."""
    await setup_entry(
        sonarr_subentry(sonarr), sonarr_subentry(sonarr, title="Sonarr Anime")
    )
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "get_episodes", series_id=1)
    assert err.value.translation_key == "instance_required"
    named = await _call(hass, "get_episodes", instance="sonarr anime", series_id=1)
    assert [i["instance"] for i in named["instances"]] == ["Sonarr Anime"]
    assert named["instances"][0]["items"]


async def test_artists(
    hass: HomeAssistant, setup_entry: SetupEntry, lidarr: LidarrSimulator
) -> None:
    """get_artists lists each Lidarr's artists, narrowed by name."""
    await setup_entry(lidarr_subentry(lidarr))
    every = await _call(hass, "get_artists")
    (answer,) = every["instances"]
    assert answer["service"] == "lidarr"
    assert answer["total"] == len(lidarr.state.artists) > 1
    first = answer["items"][0]
    assert set(first) == {
        "id",
        "name",
        "status",
        "monitored",
        "albums",
        "tracks",
        "track_files",
        "size_on_disk",
        "poster",
        "poster_remote",
    }
    word = first["name"].split()[-1]
    narrowed = await _call(hass, "get_artists", title=word)
    names = [a["name"] for a in narrowed["instances"][0]["items"]]
    assert first["name"] in names
    assert len(names) < answer["total"]
