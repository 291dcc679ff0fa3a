"""Actions per Sonarr or Radarr instance: queue, disk space, series, movies."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, radarr_subentry, sonarr_subentry


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
