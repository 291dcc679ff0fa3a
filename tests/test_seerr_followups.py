"""Follow-ups of requests made through Seerr.

With a Seerr set up, an agent's adds (and `request_media`'s) are requests to
it. An agent with `announce_ready` follows each up: when Seerr shows what it
asked for available (its media status, which Seerr sets when Radarr or
Sonarr imports it), the satellite that asked says so, in the language of
the request, after a restart too. A request older than the newest the poll
reads is asked for; one deleted in Seerr is dropped.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.autoarr.const import CONF_ANNOUNCE_READY
from custom_components.autoarr.followups import EVENT_MEDIA_READY
from custom_components.autoarr.seerr_coordinator import LISTED_REQUESTS
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    service_subentry,
    setup_entry,
)
from tests.support.arr_sim import FaultKind, RadarrSimulator
from tests.support.llm_servers import OllamaServer
from tests.support.seerr_fixtures import seerr
from tests.support.seerr_sim import AVAILABLE, SeerrSimulator
from tests.test_followups import _notified, _satellite, _say, _start, ollama

__all__ = ["loopback_sockets", "ollama", "radarr", "seerr", "setup_entry"]

OPPENHEIMER = 872585
SHOGUN = 126308


async def _start_with_seerr(
    hass: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> tuple[MockConfigEntry, str]:
    async def setup(*subentries: Any, **kwargs: Any) -> MockConfigEntry:
        seerr_entry = service_subentry("seerr", "Seerr", seerr.url, seerr.api_key)
        return await setup_entry(seerr_entry, *subentries, **kwargs)  # type: ignore[no-any-return]

    return await _start(hass, setup, radarr, ollama, **{CONF_ANNOUNCE_READY: True})


async def _seerr_polls(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Let AutoArr read Seerr's requests, as its minutely poll does, and
    announce what is ready (its poster is looked up first)."""
    (runtime,) = entry.runtime_data.seerr_services()
    await runtime.requests.async_refresh()
    await hass.async_block_till_done(wait_background_tasks=True)


def _radarr_id(entry: MockConfigEntry) -> str:
    """Return the subentry id of the entry's Radarr."""
    (runtime,) = entry.runtime_data.arr_services()
    return runtime.subentry_id


def _made(seerr: SeerrSimulator, tmdb_id: int) -> int:
    return max(r.id for r in seerr.state.requests.values() if r.tmdb_id == tmdb_id)


async def test_a_voice_request_through_seerr_is_announced_when_available(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Asked for in German at the kitchen satellite, requested in Seerr (not
    added to Radarr), announced there in German once Seerr has it, though
    AutoArr restarted in between; once only."""
    hass = hass_core
    device_id, satellite = _satellite(hass)
    announced = async_mock_service(hass, "assist_satellite", "announce")
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start_with_seerr(hass, setup_entry, seerr, radarr, ollama)

    answer = await _say(hass, agent_id, "Fordere Oppenheimer an", "de", device_id)
    assert "Oppenheimer" in answer
    request_id = _made(seerr, OPPENHEIMER)
    listed = await hass.services.async_call(
        "autoarr", "get_followups", {}, blocking=True, return_response=True
    )
    assert listed is not None
    (followup,) = listed["followups"]  # type: ignore[misc]
    assert (followup["title"], followup["instance"], followup["media_id"]) == (
        "Oppenheimer",
        "Seerr",
        request_id,
    )
    assert not [r for r in radarr.requests if r.method == "POST"]

    # Still on its way: nothing is said.
    await _seerr_polls(hass, entry)
    assert announced == []

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    seerr.state.titles[OPPENHEIMER].status = AVAILABLE
    await _seerr_polls(hass, entry)

    message = "Oppenheimer ist da und kann angeschaut werden."
    assert [call.data for call in announced] == [
        {"entity_id": satellite, "message": message}
    ]
    (event,) = ready
    assert event.data | {"poster": None} == {
        "title": "Oppenheimer",
        "artist": None,
        "message": message,
        "media_id": request_id,
        "service": "seerr",
        "instance": "Seerr",
        "language": "de",
        "device_id": device_id,
        "satellite": satellite,
        "target": None,
        "poster": None,
    }
    # The poster is Radarr's, of the movie Seerr's request names by its
    # TMDB id, at an address Home Assistant signed: no login, no API key.
    movie_id = next(
        m.id for m in radarr.state.movies.values() if m.seed.tmdb_id == OPPENHEIMER
    )
    assert event.data["poster"].startswith(
        f"/api/autoarr/poster/{_radarr_id(entry)}/{movie_id}/poster?authSig="
    )
    assert radarr.api_key not in event.data["poster"]
    browser = await hass_client_no_auth()
    poster = await browser.get(event.data["poster"])
    assert await poster.read() == radarr.cover(movie_id)
    assert entry.runtime_data.followups.pending == []
    await _seerr_polls(hass, entry)
    assert len(announced) == 1


async def test_a_request_radarr_lacks_has_the_public_poster_one_nobody_has_none(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """A movie Radarr finds but does not hold (removed there) gets the
    metadata source's public poster address; a show no Sonarr of AutoArr's
    can look up gets none."""
    hass = hass_core
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, _ = await _start_with_seerr(hass, setup_entry, seerr, radarr, ollama)
    for title, kind in (("Oppenheimer", "movie"), ("Shōgun", "series")):
        await hass.services.async_call(
            "autoarr",
            "request_media",
            {"title": title, "kind": kind, "announce_ready": True},
            blocking=True,
            return_response=True,
        )
    for movie in list(radarr.state.movies.values()):
        if movie.seed.tmdb_id == OPPENHEIMER:
            del radarr.state.movies[movie.id]
    seerr.state.titles[OPPENHEIMER].status = AVAILABLE
    seerr.state.titles[SHOGUN].status = AVAILABLE
    await _seerr_polls(hass, entry)
    assert sorted((e.data["title"], e.data["poster"]) for e in ready) == [
        ("Oppenheimer", f"https://image.tmdb.org/t/p/original/{OPPENHEIMER}.jpg"),
        ("Shōgun", None),
    ]


async def test_an_older_request_is_asked_for_and_a_deleted_one_dropped(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """A request the household's newer ones pushed out of the poll's page is
    read by its id (again at the next poll when Seerr fails to answer); a
    request deleted in Seerr is followed up no more."""
    hass = hass_core
    device_id, satellite = _satellite(hass)
    announced = async_mock_service(hass, "assist_satellite", "announce")
    entry, agent_id = await _start_with_seerr(hass, setup_entry, seerr, radarr, ollama)
    await _say(hass, agent_id, "request the movie Oppenheimer", device_id=device_id)
    await _say(hass, agent_id, "request Shōgun season 1", device_id=device_id)
    assert len(entry.runtime_data.followups.pending) == 2
    for _ in range(LISTED_REQUESTS):
        seerr.state.add_request(SHOGUN, requested_by=2, seasons=[2])
    del seerr.state.requests[_made(seerr, SHOGUN) - LISTED_REQUESTS]
    await _seerr_polls(hass, entry)
    # Shōgun's request is gone; Oppenheimer's is still on its way.
    assert [f.title for f in entry.runtime_data.followups.pending] == ["Oppenheimer"]
    assert announced == []

    seerr.state.titles[OPPENHEIMER].status = AVAILABLE
    # Seerr fails to answer for the request once: it is asked again at the
    # next poll, not dropped.
    fault = seerr.inject_fault(
        FaultKind.SERVER_ERROR, path=r"/request/\d+$", method="GET", times=1
    )
    await _seerr_polls(hass, entry)
    assert fault.hits == 1
    assert announced == []
    assert [f.title for f in entry.runtime_data.followups.pending] == ["Oppenheimer"]
    await _seerr_polls(hass, entry)
    assert [call.data for call in announced] == [
        {"entity_id": satellite, "message": "Oppenheimer is ready to watch."}
    ]
    assert entry.runtime_data.followups.pending == []


async def test_request_media_through_seerr_is_followed_up_when_asked(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """request_media with announce_ready, answered by Seerr, ends in a
    notification when Seerr has it; without announce_ready nothing waits."""
    hass = hass_core
    assert await async_setup_component(hass, "persistent_notification", {})
    entry, _ = await _start_with_seerr(hass, setup_entry, seerr, radarr, ollama)
    made = await hass.services.async_call(
        "autoarr",
        "request_media",
        {"title": "Shōgun", "kind": "series"},
        blocking=True,
        return_response=True,
    )
    assert made is not None and made["status"] == "requested"
    assert entry.runtime_data.followups.pending == []
    made = await hass.services.async_call(
        "autoarr",
        "request_media",
        {"title": "Oppenheimer", "kind": "movie", "announce_ready": True},
        blocking=True,
        return_response=True,
    )
    assert made is not None and made["status"] == "requested"
    (followup,) = entry.runtime_data.followups.pending
    assert (followup.title, followup.media_id) == (
        "Oppenheimer",
        _made(seerr, OPPENHEIMER),
    )
    seerr.state.titles[OPPENHEIMER].status = AVAILABLE
    await _seerr_polls(hass, entry)
    notifications = await _notified(hass, hass_ws_client)
    assert [n["message"] for n in notifications] == ["Oppenheimer is ready to watch."]
