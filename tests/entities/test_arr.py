"""Sonarr and Radarr entities against the simulators."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
import pytest
from syrupy.assertion import SnapshotAssertion

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.coordinator import (
    LIBRARY_SIZE_INTERVAL,
    QUEUE_INTERVAL_ACTIVE,
    QUEUE_INTERVAL_IDLE,
    SLOW_INTERVAL,
)
from custom_components.autoarr.data import ArrRuntime
from tests.support.arr_sim import (
    SONARR_V3,
    FaultKind,
    RadarrSimulator,
    SonarrSimulator,
    start_simulator,
)

from .conftest import SetupEntry, entity_summary, radarr_subentry, sonarr_subentry


async def test_entities(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    snapshot: SnapshotAssertion,
) -> None:
    """Sonarr and Radarr get a device each and every entity, plus a calendar."""
    entry = await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    assert entity_summary(hass, entry) == snapshot

    registry = dr.async_get(hass)
    for subentry_id, subentry in entry.subentries.items():
        device = registry.async_get_device_by_identifier(
            (DOMAIN, subentry_id), entry.entry_id
        )
        assert device is not None
        assert device.name == subentry.title
        sim = sonarr if subentry.subentry_type == "sonarr" else radarr
        assert device.sw_version == sim.state.version
        assert device.configuration_url == sim.url
        assert device.config_entry_id == entry.entry_id
        assert device.config_subentry_id == subentry_id


async def test_search_missing_button(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """The button starts Sonarr's search for every missing episode."""
    await setup_entry(sonarr_subentry(sonarr))
    await hass.services.async_call(
        "button",
        "press",
        {ATTR_ENTITY_ID: "button.sonarr_search_missing"},
        blocking=True,
    )
    commands = [
        request.body.get("name")
        for request in sonarr.requests_to("/api/v3/command", "POST")
        if isinstance(request.body, dict)
    ]
    assert commands == ["MissingEpisodeSearch"]


async def test_health_problems(
    hass: HomeAssistant, setup_entry: SetupEntry, radarr: RadarrSimulator
) -> None:
    """The health sensor lists warnings and errors, and clears with them."""
    entry = await setup_entry(radarr_subentry(radarr))
    state = hass.states.get("binary_sensor.radarr_health_problems")
    assert state.state == STATE_ON
    assert [p["type"] for p in state.attributes["problems"]] == ["warning", "error"]

    radarr.state.health.clear()
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get("binary_sensor.radarr_health_problems")
    assert state.state == "off"
    assert state.attributes["problems"] == []


async def test_download_events(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """Downloads finishing between refreshes fire events; old ones do not."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    entity_id = "event.sonarr_downloads"
    assert hass.states.get(entity_id).state == "unknown"

    downloading = [
        item for item in sonarr.state.queue.values() if item.status == "downloading"
    ]
    assert downloading
    fired: list[dict[str, object]] = []

    def record(event: object) -> None:
        fired.append(dict(event.data["new_state"].attributes))  # type: ignore[attr-defined]

    hass.bus.async_listen("state_changed", record)
    wanted_reads = len(sonarr.requests_to("/api/v3/wanted/missing", "GET"))
    sonarr.state.advance(24 * 3600)
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    # An import refreshes the library too (missing counts change).
    assert len(sonarr.requests_to("/api/v3/wanted/missing", "GET")) == wanted_reads + 1

    imported = [a for a in fired if a.get("event_type") == "imported"]
    assert {a["download_id"] for a in imported} >= {
        item.download_id for item in downloading
    }
    # An import names what was imported as the queue did, not the release:
    # the download has left the queue, its history record has only the
    # release name.
    queue_names = {
        a["download_id"]: a["media_title"]
        for a in imported
        if a["download_id"] in {item.download_id for item in downloading}
    }
    shogun = next(i for i in downloading if i.title.startswith("Sh.gun.S02E05"))
    assert queue_names[shogun.download_id] == "Shōgun S02E05"
    assert all((a["service"], a["instance"]) == ("sonarr", "Sonarr") for a in imported)
    count = len(fired)
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    assert len(fired) == count


async def test_outage_and_recovery(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A service going away makes its entities unavailable, logged once."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    caplog.clear()

    sonarr.inject_fault("disconnect")
    for _ in range(3):
        await runtime.queue.async_refresh()
        await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.sonarr_queue").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.sonarr_missing").state == STATE_UNAVAILABLE
    # A dead service is not polled at the fast rate.
    assert runtime.queue.update_interval == QUEUE_INTERVAL_IDLE
    gone = [r for r in caplog.records if "is unavailable" in r.getMessage()]
    assert len(gone) == 1
    assert not [r for r in caplog.records if r.levelname == "ERROR"]

    sonarr.clear_faults()
    await runtime.queue.async_refresh()
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.sonarr_queue").state != STATE_UNAVAILABLE
    back = [r for r in caplog.records if "is available again" in r.getMessage()]
    assert len(back) == 1


async def test_search_missing_failure_is_reported(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A command the service refuses raises a translated error."""
    await setup_entry(sonarr_subentry(sonarr))
    sonarr.inject_fault(FaultKind.SERVER_ERROR, path="command", method="POST")
    with pytest.raises(HomeAssistantError, match="Sonarr could not carry out"):
        await hass.services.async_call(
            "button",
            "press",
            {ATTR_ENTITY_ID: "button.sonarr_search_missing"},
            blocking=True,
        )


async def test_server_error_is_not_an_outage(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An error answer makes that coordinator's entities unavailable only."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    sonarr.inject_fault(FaultKind.SERVER_ERROR, path="queue")
    for _ in range(3):
        await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    # Logged once, not on every poll.
    logged = [r for r in caplog.records if "answered with an error" in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].levelname == "WARNING"
    assert hass.states.get("sensor.sonarr_queue").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.sonarr_missing").state != STATE_UNAVAILABLE
    assert runtime.availability.available
    assert "Sonarr answered with an error" in str(runtime.queue.last_exception)


async def test_root_folder_added_and_removed(
    hass: HomeAssistant, setup_entry: SetupEntry, radarr: RadarrSimulator
) -> None:
    """A new root folder gets a sensor at once; a removed one goes unavailable."""
    entry = await setup_entry(radarr_subentry(radarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    radarr.state.root_folders.append(
        {
            "id": 3,
            "path": "/movies4k/",
            "accessible": True,
            "freeSpace": 5 * 1024**3,
            "unmappedFolders": [],
        }
    )
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get("sensor.radarr_free_space_movies4k")
    assert state is not None
    assert float(state.state) == pytest.approx(5 * 1.073741824)

    del radarr.state.root_folders[0]
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.radarr_free_space_movies").state == STATE_UNAVAILABLE
    assert (
        hass.states.get("sensor.radarr_free_space_movies4k").state != STATE_UNAVAILABLE
    )


async def test_client_lists(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """The runtime data hands each kind of client to the agent and actions."""
    entry = await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    data = entry.runtime_data
    assert [type(c).__name__ for c in data.sonarr_clients()] == ["SonarrClient"]
    assert [type(c).__name__ for c in data.radarr_clients()] == ["RadarrClient"]
    assert data.sabnzbd_clients() == []
    assert len(data.arr_services()) == 2


async def test_completed_failed_and_season_pack_events(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A download reaching import, a failure and a season pack fire once each."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    events: list[dict[str, object]] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: events.append(dict(event.data["new_state"].attributes)),
    )

    item = next(i for i in sonarr.state.queue.values() if i.status == "downloading")
    item.status = "completed"
    item.tracked_download_state = "importPending"
    item.size_left = 0
    media = dict(item.media)
    sonarr.state.add_history(
        "downloadFailed",
        "Broken.Release",
        media,
        download_id="failed-1",
        data={"message": "Not on your server(s)"},
    )
    for _ in range(3):
        sonarr.state.add_history(
            "downloadFolderImported", "Show.S01.Pack", media, download_id="pack-1"
        )
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()

    fired = [
        (e["event_type"], e["download_id"])
        for e in events
        if e.get("event_types") and e.get("event_type")
    ]
    assert sorted(fired) == sorted(
        [
            ("completed", item.download_id),
            ("failed", "failed-1"),
            ("imported", "pack-1"),
        ]
    )
    failed = next(e for e in events if e.get("event_type") == "failed")
    assert failed["message"] == "Not on your server(s)"
    assert failed["title"] == "Broken.Release"
    # Every event says what it is, and which service and instance saw it.
    named = {
        e["event_type"]: (e["media_title"], e["service"], e["instance"])
        for e in events
        if e.get("event_types") and e.get("event_type")
    }
    assert named["failed"] == ("Broken Release", "sonarr", "Sonarr")
    assert named["imported"] == ("Show", "sonarr", "Sonarr")
    completed_name = named["completed"][0]
    assert completed_name and "." not in str(completed_name)


async def test_polling_speeds_up_while_downloading(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """The queue is polled faster while something downloads."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    assert runtime.queue.update_interval == QUEUE_INTERVAL_ACTIVE
    assert runtime.library.update_interval == SLOW_INTERVAL

    sonarr.state.queue.clear()
    await runtime.queue.async_refresh()
    assert runtime.queue.update_interval == QUEUE_INTERVAL_IDLE


async def test_library_read_every_half_hour(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    freezer: Any,
) -> None:
    """The whole library is read for its size only every LIBRARY_SIZE_INTERVAL."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    size = len(sonarr.state.series)
    assert hass.states.get("sensor.sonarr_series").state == str(size)
    reads = len(sonarr.requests_to("/api/v3/series", "GET"))

    # Remove a series the queue does not reference, with its episodes.
    queued = {item.media.get("seriesId") for item in sonarr.state.queue.values()}
    series_id = next(sid for sid in sonarr.state.series if sid not in queued)
    del sonarr.state.series[series_id]
    for episode_id in [
        eid for eid, ep in sonarr.state.episodes.items() if ep.series_id == series_id
    ]:
        del sonarr.state.episodes[episode_id]
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert len(sonarr.requests_to("/api/v3/series", "GET")) == reads
    assert hass.states.get("sensor.sonarr_series").state == str(size)

    freezer.tick(LIBRARY_SIZE_INTERVAL)
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert len(sonarr.requests_to("/api/v3/series", "GET")) == reads + 1
    assert hass.states.get("sensor.sonarr_series").state == str(size - 1)


async def test_sonarr_v3(
    hass: HomeAssistant, setup_entry: SetupEntry, frozen_now: datetime
) -> None:
    """A Sonarr v3 instance gets every entity, with its own version."""
    async with start_simulator("sonarr", now=frozen_now, version=SONARR_V3) as sim:
        entry = await setup_entry(sonarr_subentry(sim))
        states = {
            entity_id: hass.states.get(entity_id)
            for entity_id in (
                "sensor.sonarr_queue",
                "sensor.sonarr_upcoming",
                "sensor.sonarr_missing",
                "sensor.sonarr_series",
                "sensor.sonarr_next_up",
                "binary_sensor.sonarr_health_problems",
                "event.sonarr_downloads",
            )
        }
        assert all(
            state is not None and state.state != STATE_UNAVAILABLE
            for state in states.values()
        ), states
        (subentry_id,) = entry.subentries
        device = dr.async_get(hass).async_get_device_by_identifier(
            (DOMAIN, subentry_id), entry.entry_id
        )
        assert device is not None
        assert device.sw_version == SONARR_V3
        assert not sim.contract_violations


async def test_next_release_says_what_next_up_says_when(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """The next release sensor names what comes out next; next up says when."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    for instance in ("sonarr", "radarr"):
        when = hass.states.get(f"sensor.{instance}_next_up")
        what = hass.states.get(f"sensor.{instance}_next_release")
        assert when is not None and what is not None
        assert what.state == when.attributes["name"]
        assert what.state not in ("unknown", "unavailable", "")
        assert what.attributes["start"] == datetime.fromisoformat(when.state)
    what = hass.states.get("sensor.sonarr_next_release")
    assert what is not None
    # An episode is named by its series, season and episode.
    assert what.state.rsplit(" ", 1)[-1][:1] == "S"
