"""Follow-ups: what was asked for by voice is announced when it is imported.

An agent with `announce_ready` on remembers each movie its turns add, with
the device that asked; when Radarr imports it (after a restart too), AutoArr
fires `autoarr_media_ready` and announces it on that device's Assist
satellite, else in a notification, in the language of the request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, Event, HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.autoarr.const import CONF_ANNOUNCE_READY, CONF_FOLLOWUP_DAYS
from custom_components.autoarr.data import ArrRuntime
from custom_components.autoarr.followups import EVENT_MEDIA_READY
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
)
from tests.support.agent_fixtures import conversation_agent, hub_data
from tests.support.arr_sim import RadarrSimulator
from tests.support.llm_servers import OllamaServer
from tests.test_conversation import conversation_subentry, speech_of

__all__ = ["loopback_sockets", "radarr", "setup_entry"]

MOVIE = "The Prestige"
# A follow-up as this version stores it.
_STORED = {
    "service_id": "01JSERVICE",
    "media_id": 7,
    "title": MOVIE,
    "language": "en",
    "device_id": None,
    "created": "2026-11-20T18:00:00+00:00",
}


@pytest.fixture
async def ollama() -> AsyncIterator[OllamaServer]:
    """Serve an Ollama no test reaches (the adds are instant answers)."""
    async with OllamaServer() as server:
        yield server


async def _start(
    hass: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    **options: Any,
) -> tuple[MockConfigEntry, str]:
    entry = await setup_entry(
        radarr_subentry(radarr),
        conversation_subentry(**options),
        data=hub_data(ollama.url),
    )
    return entry, conversation_agent(hass, entry)


def _satellite(hass: HomeAssistant) -> tuple[str, str]:
    """Register a voice satellite's device and entity; return their ids."""
    other = MockConfigEntry(domain="esphome")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("esphome", "kitchen")}
    )
    entity = er.async_get(hass).async_get_or_create(
        "assist_satellite",
        "esphome",
        "kitchen-satellite",
        config_entry=other,
        device_id=device.id,
    )
    return device.id, entity.entity_id


async def _say(
    hass: HomeAssistant,
    agent_id: str,
    text: str,
    language: str = "en",
    device_id: str | None = None,
) -> str:
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(),
        language=language,
        agent_id=agent_id,
        device_id=device_id,
    )
    await hass.async_block_till_done()
    return speech_of(result)


async def _import_everything(
    hass: HomeAssistant, entry: MockConfigEntry, sim: Any
) -> None:
    """Let Radarr finish and import its downloads; AutoArr reads the queue."""
    runtime = next(
        r for r in entry.runtime_data.services.values() if isinstance(r, ArrRuntime)
    )
    sim.state.advance(24 * 3600)
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()


async def _notified(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> list[dict[str, Any]]:
    """Return the persistent notifications shown, as the frontend reads them."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    answered = await client.receive_json()
    assert answered["success"], answered
    notifications: list[dict[str, Any]] = answered["result"]
    return notifications


async def test_a_voice_request_is_announced_on_its_satellite_after_a_restart(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Asked for on the kitchen satellite, announced there once imported,
    though AutoArr was reloaded in between; once only."""
    hass = hass_core
    device_id, satellite = _satellite(hass)
    announced = async_mock_service(hass, "assist_satellite", "announce")
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start(
        hass, setup_entry, radarr, ollama, **{CONF_ANNOUNCE_READY: True}
    )

    answer = await _say(hass, agent_id, f"add the movie {MOVIE}", device_id=device_id)
    assert answer.startswith(f"Added {MOVIE}")
    assert not announced

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    await _import_everything(hass, entry, radarr)

    assert [call.data for call in announced] == [
        {"entity_id": satellite, "message": f"{MOVIE} is ready to watch."}
    ]
    (event,) = ready
    movie_id = next(m.id for m in radarr.state.movies.values() if m.seed.title == MOVIE)
    assert event.data | {"poster": None} == {
        "title": MOVIE,
        "artist": None,
        "message": f"{MOVIE} is ready to watch.",
        "media_id": movie_id,
        "service": "radarr",
        "instance": "Radarr",
        "language": "en",
        "device_id": device_id,
        "satellite": satellite,
        "target": None,
        "poster": None,
    }
    browser = await hass_client_no_auth()
    poster = await browser.get(event.data["poster"])
    assert await poster.read() == radarr.cover(movie_id)

    # Announced once: the follow-up is gone, after a restart too.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await _import_everything(hass, entry, radarr)
    assert len(announced) == 1
    assert entry.runtime_data.followups.pending == []


async def test_without_a_satellite_a_notification_says_it_in_the_requests_language(
    radarr: RadarrSimulator,
    hass_core: HomeAssistant,
    setup_entry: Any,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A request from no satellite (typed, or from a device that cannot
    announce) is followed up by a notification, in German here."""
    hass = hass_core
    # Always loaded in Home Assistant (a core integration), not in tests.
    assert await async_setup_component(hass, "persistent_notification", {})
    entry, agent_id = await _start(
        hass, setup_entry, radarr, ollama, **{CONF_ANNOUNCE_READY: True}
    )
    answer = await _say(hass, agent_id, f"füge den Film {MOVIE} hinzu", "de")
    assert MOVIE in answer
    await _import_everything(hass, entry, radarr)
    notifications = await _notified(hass, hass_ws_client)
    assert [(n["title"], n["message"]) for n in notifications] == [
        ("AutoArr", f"{MOVIE} ist da und kann angeschaut werden.")
    ]


async def test_an_agent_that_does_not_announce_keeps_nothing(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """Without the option, adding by voice leaves no follow-up."""
    hass = hass_core
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start(hass, setup_entry, radarr, ollama)
    assert (await _say(hass, agent_id, f"add the movie {MOVIE}")).startswith("Added")
    assert entry.runtime_data.followups.pending == []
    await _import_everything(hass, entry, radarr)
    assert ready == []


async def test_a_follow_up_expires(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An item that does not come within 30 days is no longer announced."""
    hass = hass_core
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start(
        hass, setup_entry, radarr, ollama, **{CONF_ANNOUNCE_READY: True}
    )
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    assert len(entry.runtime_data.followups.pending) == 1
    freezer.tick(timedelta(days=31))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.followups.pending == []
    await _import_everything(hass, entry, radarr)
    assert ready == []


async def test_an_agent_keeps_its_follow_ups_the_days_it_is_set_to(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An agent set to 3 days still waits after 2, and has given up after 4,
    though AutoArr was not restarted in between."""
    hass = hass_core
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start(
        hass,
        setup_entry,
        radarr,
        ollama,
        **{CONF_ANNOUNCE_READY: True, CONF_FOLLOWUP_DAYS: 3},
    )
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    (followup,) = entry.runtime_data.followups.pending
    assert followup.expires_at == followup.created_at + timedelta(days=3)
    freezer.tick(timedelta(days=2))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.followups.pending == [followup]
    sensor = er.async_get(hass).async_get_entity_id(
        "sensor", "autoarr", f"{entry.entry_id}_followups"
    )
    assert sensor is not None
    assert hass.states.is_state(sensor, "1")
    freezer.tick(timedelta(days=2))
    await _import_everything(hass, entry, radarr)
    assert ready == []
    assert entry.runtime_data.followups.pending == []
    # Dropped while running: the sensor says so at once.
    assert hass.states.is_state(sensor, "0")


async def test_follow_ups_stored_before_the_option_keep_30_days(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    frozen_now: datetime,
) -> None:
    """A follow-up saved without its days is kept the default 30."""
    hass = hass_core
    entry, _ = await _start(hass, setup_entry, radarr, ollama)
    assert await hass.config_entries.async_unload(entry.entry_id)
    key = f"autoarr.{entry.entry_id}.followups"
    created = frozen_now - timedelta(days=29)
    data = {"pending": [{**_STORED, "created": created.isoformat()}]}
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": data}
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    (followup,) = entry.runtime_data.followups.pending
    assert followup.days == 30
    freezer.tick(timedelta(days=1, seconds=1))
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.followups.pending == []


async def test_a_sensor_lists_the_follow_ups_waiting(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """The hub's follow-ups sensor counts what waits and lists it, as
    get_followups does, until it is announced."""
    hass = hass_core
    entry, agent_id = await _start(
        hass, setup_entry, radarr, ollama, **{CONF_ANNOUNCE_READY: True}
    )
    sensor = er.async_get(hass).async_get_entity_id(
        "sensor", "autoarr", f"{entry.entry_id}_followups"
    )
    assert sensor is not None
    state = hass.states.get(sensor)
    assert state is not None
    assert (state.state, state.attributes["followups"]) == ("0", [])

    await _say(hass, agent_id, f"add the movie {MOVIE}", device_id="kitchen")
    listed = await hass.services.async_call(
        "autoarr", "get_followups", {}, blocking=True, return_response=True
    )
    assert listed is not None
    state = hass.states.get(sensor)
    assert state is not None
    assert state.state == "1"
    assert state.attributes["followups"] == listed["followups"]
    assert [f["title"] for f in state.attributes["followups"]] == [MOVIE]

    await _import_everything(hass, entry, radarr)
    state = hass.states.get(sensor)
    assert state is not None
    assert (state.state, state.attributes["followups"]) == ("0", [])


async def test_an_add_by_the_request_media_action_is_followed_up_when_asked(
    radarr: RadarrSimulator,
    hass_core: HomeAssistant,
    setup_entry: Any,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """request_media with announce_ready is followed up (in a notification,
    in Home Assistant's language); without it, nothing is kept."""
    hass = hass_core
    assert await async_setup_component(hass, "persistent_notification", {})
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, _ = await _start(hass, setup_entry, radarr, ollama)
    await hass.services.async_call(
        "autoarr",
        "request_media",
        {"title": "Memento", "kind": "movie"},
        blocking=True,
        return_response=True,
    )
    assert entry.runtime_data.followups.pending == []
    await hass.services.async_call(
        "autoarr",
        "request_media",
        {"title": MOVIE, "kind": "movie", "announce_ready": True},
        blocking=True,
        return_response=True,
    )
    (followup,) = entry.runtime_data.followups.pending
    assert (followup.title, followup.language, followup.device_id) == (
        MOVIE,
        "en",
        None,
    )
    await _import_everything(hass, entry, radarr)
    assert [event.data["title"] for event in ready] == [MOVIE]
    notifications = await _notified(hass, hass_ws_client)
    assert [n["message"] for n in notifications] == [f"{MOVIE} is ready to watch."]


async def test_a_satellite_that_cannot_announce_gets_a_notification_instead(
    radarr: RadarrSimulator,
    hass_core: HomeAssistant,
    setup_entry: Any,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """An announcement the satellite refuses ends in a notification."""
    hass = hass_core
    assert await async_setup_component(hass, "persistent_notification", {})
    device_id, _ = _satellite(hass)

    async def refuse(call: ServiceCall) -> None:
        raise HomeAssistantError("the satellite is busy")

    hass.services.async_register("assist_satellite", "announce", refuse)
    entry, agent_id = await _start(
        hass, setup_entry, radarr, ollama, **{CONF_ANNOUNCE_READY: True}
    )
    await _say(hass, agent_id, f"add the movie {MOVIE}", device_id=device_id)
    await _import_everything(hass, entry, radarr)
    notifications = await _notified(hass, hass_ws_client)
    assert [n["message"] for n in notifications] == [f"{MOVIE} is ready to watch."]


@pytest.mark.parametrize(
    "stored",
    [
        {"pending": [{"service_id": "x"}]},
        {"pending": [{**_STORED, "media_id": "seven"}]},
        {"pending": [{**_STORED, "created": "yesterday"}]},
        {"pending": [{**_STORED, "days": 0}]},
        {"pending": [{**_STORED, "days": "30"}]},
    ],
)
async def test_damaged_follow_ups_are_set_aside(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_storage: dict[str, Any],
    stored: dict[str, Any],
) -> None:
    """Follow-ups this version cannot read do not stop AutoArr: it starts
    with none and a repair issue says so."""
    hass = hass_core
    entry, _ = await _start(hass, setup_entry, radarr, ollama)
    assert await hass.config_entries.async_unload(entry.entry_id)
    key = f"autoarr.{entry.entry_id}.followups"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": stored}
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.followups.pending == []
    assert ir.async_get(hass).async_get_issue("autoarr", f"store_damaged_{key}")


async def test_follow_ups_are_listed_and_cancelled(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """get_followups lists what waits; cancel_followup drops it, for good."""
    hass = hass_core
    ready: list[Event[Any]] = []
    hass.bus.async_listen(EVENT_MEDIA_READY, ready.append)
    entry, agent_id = await _start(
        hass, setup_entry, radarr, ollama, **{CONF_ANNOUNCE_READY: True}
    )
    await _say(hass, agent_id, f"add the movie {MOVIE}", "de")
    listed = await hass.services.async_call(
        "autoarr", "get_followups", {}, blocking=True, return_response=True
    )
    movie_id = next(m.id for m in radarr.state.movies.values() if m.seed.title == MOVIE)
    assert listed == {
        "followups": [
            {
                "title": MOVIE,
                "artist": None,
                "instance": "Radarr",
                "media_id": movie_id,
                "language": "de",
                "device_id": None,
                "target": None,
                "asked": entry.runtime_data.followups.pending[0].created,
                "expires": (
                    entry.runtime_data.followups.pending[0].created_at
                    + timedelta(days=30)
                ).isoformat(),
            }
        ]
    }
    nothing = await hass.services.async_call(
        "autoarr",
        "cancel_followup",
        {"title": "Memento"},
        blocking=True,
        return_response=True,
    )
    assert nothing == {"cancelled": []}
    cancelled = await hass.services.async_call(
        "autoarr",
        "cancel_followup",
        {"title": "prestige"},
        blocking=True,
        return_response=True,
    )
    assert [c["title"] for c in cancelled["cancelled"]] == [MOVIE]
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.followups.pending == []
    await _import_everything(hass, entry, radarr)
    assert ready == []
