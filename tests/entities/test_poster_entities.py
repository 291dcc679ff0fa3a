"""The posters' image entities: what they show, and how a browser gets them."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from yarl import URL

from custom_components.autoarr.data import ArrRuntime
from tests.support.arr_sim import LidarrSimulator, RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, lidarr_subentry, radarr_subentry, sonarr_subentry


async def _picture(
    browser: Any, hass: HomeAssistant, entity_id: str, sim: Any
) -> tuple[int, bytes]:
    state = hass.states.get(entity_id)
    assert state is not None
    picture = state.attributes["entity_picture"]
    assert sim.api_key not in picture
    response = await browser.get(picture)
    return response.status, await response.read()


async def test_next_release_and_downloading_posters(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client_no_auth: ClientSessionGenerator,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    lidarr: LidarrSimulator,
) -> None:
    """Each library manager shows the poster of what comes out next and of
    the download the queue lists first, through the image entity's address."""
    await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), lidarr_subentry(lidarr)
    )
    browser = await hass_client_no_auth()
    for name, sim in (("sonarr", sonarr), ("radarr", radarr), ("lidarr", lidarr)):
        next_release = hass.states.get(f"image.{name}_next_release_poster")
        assert next_release is not None
        assert next_release.state != "unknown"
        sensor = hass.states.get(f"sensor.{name}_next_release")
        assert next_release.attributes["media_title"] == sensor.state
        media_id = next_release.attributes["media_id"]
        status, body = await _picture(
            browser, hass, f"image.{name}_next_release_poster", sim
        )
        assert status == 200
        assert body == sim.cover(media_id)

        downloading = hass.states.get(f"image.{name}_downloading_poster")
        queue = hass.states.get(f"sensor.{name}_queue")
        assert (
            downloading.attributes["media_title"]
            == queue.attributes["items"][0]["name"]
        )
        status, body = await _picture(
            browser, hass, f"image.{name}_downloading_poster", sim
        )
        assert status == 200
        assert body == sim.cover(downloading.attributes["media_id"])


async def test_latest_import_poster_and_event_poster(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client_no_auth: ClientSessionGenerator,
    sonarr: SonarrSimulator,
) -> None:
    """Nothing imported yet: no poster. After an import, the latest import's
    poster shows it, and the downloads event carries a signed poster address."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    browser = await hass_client_no_auth()
    entity_id = "image.sonarr_latest_import_poster"
    before = hass.states.get(entity_id)
    assert before.state == "unknown"
    assert before.attributes["media_id"] is None
    status, _ = await _picture(browser, hass, entity_id, sonarr)
    assert status == 500  # the image platform's answer to "no picture"

    events: list[dict[str, Any]] = []

    def record(event: Event[Any]) -> None:
        state = event.data["new_state"]
        if state.entity_id == "event.sonarr_downloads":
            events.append(dict(state.attributes))

    hass.bus.async_listen("state_changed", record)
    sonarr.state.advance(24 * 3600)
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()

    imported = [a for a in events if a["event_type"] == "imported"]
    assert imported
    latest = hass.states.get(entity_id)
    assert latest.state != "unknown"
    assert latest.attributes["media_title"] == imported[-1]["media_title"]
    series_id = latest.attributes["media_id"]
    status, body = await _picture(browser, hass, entity_id, sonarr)
    assert (status, body) == (200, sonarr.cover(series_id))

    poster = imported[-1]["poster"]
    assert sonarr.api_key not in poster
    assert "authSig" in URL(poster).query
    response = await browser.get(poster)
    assert response.status == 200
    assert await response.read() == sonarr.cover(series_id)

    # A refresh with no new import keeps the poster.
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).attributes["media_id"] == series_id


async def test_a_poster_the_service_cannot_send_is_no_picture(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client_no_auth: ClientSessionGenerator,
    radarr: RadarrSimulator,
) -> None:
    """A service failing to send the picture leaves the entity without one."""
    await setup_entry(radarr_subentry(radarr))
    browser = await hass_client_no_auth()
    radarr.inject_fault("server_error", path="mediacover")
    status, _ = await _picture(
        browser, hass, "image.radarr_next_release_poster", radarr
    )
    assert status == 500
    radarr.clear_faults()
    status, _ = await _picture(
        browser, hass, "image.radarr_next_release_poster", radarr
    )
    assert status == 200
