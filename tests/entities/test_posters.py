"""Posters through Home Assistant: signed, cached, resized, never with the key."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

from homeassistant.core import HomeAssistant
from PIL import Image as PilImage
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from yarl import URL

from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import LidarrSimulator, RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, lidarr_subentry, radarr_subentry, sonarr_subentry

# The simulators come first in the tests' arguments: the clock is frozen
# before Home Assistant's test user gets its access token.


async def _call(hass: HomeAssistant, action: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


def _cover_requests(sim: SonarrSimulator | RadarrSimulator | LidarrSimulator) -> int:
    return sum("mediacover" in request.path for request in sim.requests)


async def test_action_posters_are_signed_home_assistant_urls(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client_no_auth: ClientSessionGenerator,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    lidarr: LidarrSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """get_series, get_movies and get_artists give a signed poster address
    that a browser without a login can load, and the public remote one; the
    services' API keys appear in no address, no answer and no log."""
    caplog.set_level(logging.DEBUG)
    entry = await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), lidarr_subentry(lidarr)
    )
    ids = {sub.title: sid for sid, sub in entry.subentries.items()}
    browser = await hass_client_no_auth()
    for action, sim, name in (
        ("get_series", sonarr, "Sonarr"),
        ("get_movies", radarr, "Radarr"),
        ("get_artists", lidarr, "Lidarr"),
    ):
        (answer,) = (await _call(hass, action))["instances"]
        item = answer["items"][0]
        poster = URL(item["poster"])
        assert poster.path == f"/api/autoarr/poster/{ids[name]}/{item['id']}/poster"
        assert "authSig" in poster.query
        assert item["poster_remote"].startswith("https://")
        assert sim.api_key not in str(answer)

        response = await browser.get(item["poster"])
        assert response.status == 200
        assert response.content_type == "image/jpeg"
        assert await response.read() == sim.cover(item["id"])
        assert sim.api_key not in str(response.headers)
        assert response.headers["Cache-Control"].startswith("private")
        # The key went to the service in a header, not in an address.
        (fetched,) = [r for r in sim.requests if "mediacover" in r.path]
        assert fetched.headers["X-Api-Key"] == sim.api_key
        assert not fetched.query
        assert sim.api_key not in caplog.text

        # Without the signature, a browser without a login gets nothing.
        unsigned = await browser.get(poster.path)
        assert unsigned.status == 401


async def test_posters_are_fetched_once_for_a_dashboard(
    radarr: RadarrSimulator,
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Fifty requests for posters (at once, then again) ask Radarr once per
    poster; a width asked for is a smaller JPEG, the original never scaled up."""
    entry = await setup_entry(radarr_subentry(radarr))
    (subentry_id,) = entry.subentries
    client = await hass_client()
    movies = sorted(radarr.state.movies)[:5]
    paths = [
        f"/api/autoarr/poster/{subentry_id}/{movie}/poster" for movie in movies
    ] * 10

    for _ in range(2):
        responses = await asyncio.gather(*(client.get(path) for path in paths))
        assert [r.status for r in responses] == [200] * 50
    assert _cover_requests(radarr) == len(movies)

    small = await client.get(f"{paths[0]}?width=120")
    assert small.status == 200
    with PilImage.open(io.BytesIO(await small.read())) as picture:
        # Rounded up to the cache's next width, the height in proportion.
        assert picture.size == (200, 300)
    wide = await client.get(f"{paths[0]}?width=4000")
    assert await wide.read() == radarr.cover(movies[0])
    # The copies are made from the picture kept: Radarr is not asked again.
    assert _cover_requests(radarr) == len(movies)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/{subentry}/999999/poster", 404),
        ("/{subentry}/1/logo", 404),
        ("/{subentry}/one/poster", 404),
        ("/not-a-service/1/poster", 404),
        ("/{subentry}/1/poster?width=0", 400),
        ("/{subentry}/1/poster?width=wide", 400),
    ],
)
async def test_unknown_posters(
    radarr: RadarrSimulator,
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client: ClientSessionGenerator,
    path: str,
    status: int,
) -> None:
    """An item, picture or service that does not exist is 404; a bad width 400."""
    entry = await setup_entry(radarr_subentry(radarr))
    (subentry_id,) = entry.subentries
    client = await hass_client()
    url = "/api/autoarr/poster" + path.format(subentry=subentry_id)
    assert (await client.get(url)).status == status


async def test_a_service_that_fails_is_a_bad_gateway(
    radarr: RadarrSimulator,
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A service that does not answer is a 502 naming nothing of it; the
    next request, once it answers again, gets the picture (no failure kept)."""
    caplog.set_level(logging.DEBUG)
    entry = await setup_entry(radarr_subentry(radarr))
    (subentry_id,) = entry.subentries
    client = await hass_client()
    movie = min(radarr.state.movies)
    path = f"/api/autoarr/poster/{subentry_id}/{movie}/poster"
    radarr.inject_fault("server_error", path=f"mediacover/{movie}/poster.jpg")

    failed = await client.get(path)
    assert failed.status == 502
    assert radarr.api_key not in await failed.text()
    assert radarr.api_key not in caplog.text

    radarr.clear_faults()
    assert (await client.get(path)).status == 200
