"""Entities over answers real servers sent (tests/fixtures/real), played back.

A `ReplayServer` answers each endpoint with what a real Sonarr or Radarr of a
given version sent; an endpoint the version lacks answers 404 as it does.
"""

from __future__ import annotations

import re
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    CONF_API_KEY,
    CONF_URL,
    CONF_VERIFY_SSL,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.coordinator import LIBRARY_SIZE_INTERVAL
from custom_components.autoarr.data import ArrRuntime
from custom_components.autoarr.validation import async_check_service
from tests.real.corpus import Payload, load, payloads
from tests.support.replay import API_KEY, EMPTY_PAGE, ReplayServer, Status, serve

from .conftest import SetupEntry, service_subentry, state


def radarr_5_0() -> dict[str, Any]:
    """Return what a Radarr 5.0.3 answers (no wanted/missing before 5.6)."""
    return {
        "/api/v3/system/status": load("radarr", "v5", "system-status"),
        "/api/v3/health": load("radarr", "v5", "health"),
        "/api/v3/queue": load("radarr", "v5", "queue"),
        "/api/v3/movie": load("radarr", "v5", "movie-trimmed"),
        "/api/v3/diskspace": [],
        "/api/v3/rootfolder": [],
        "/api/v3/calendar": [],
        "/api/v3/history": EMPTY_PAGE,
    }


def sonarr_3(**changes: Any) -> dict[str, Any]:
    """Return what a Sonarr v3 answers, with some answers changed."""
    routes = {
        "/api/v3/system/status": load("sonarr", "v3", "system-status"),
        "/api/v3/health": [],
        "/api/v3/queue": load("sonarr", "v3", "queue"),
        "/api/v3/series": load("sonarr", "v3", "series"),
        "/api/v3/diskspace": [],
        "/api/v3/rootfolder": [],
        "/api/v3/calendar": load("sonarr", "v3", "calendar"),
        "/api/v3/wanted/missing": load("sonarr", "v3", "wanted-missing"),
        "/api/v3/history": EMPTY_PAGE,
    }
    routes.update({f"/api/v3/{path}": answer for path, answer in changes.items()})
    return routes


def runtime_of(entry: Any) -> ArrRuntime:
    """Return the entry's only service runtime."""
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    return runtime


async def test_radarr_before_5_6_blanks_only_the_missing_count(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """Radarr 5.0 has no wanted/missing: the other sensors still show.

    It is asked once for that version, not at every refresh.
    """
    radarr = await serve(replay, radarr_5_0())
    entry = await setup_entry(service_subentry("radarr", "Radarr", radarr.url, API_KEY))

    assert state(hass, "sensor.radarr_missing") == STATE_UNAVAILABLE
    assert state(hass, "sensor.radarr_movies") == "8"
    assert state(hass, "binary_sensor.radarr_health_problems") == STATE_ON
    assert state(hass, "sensor.radarr_upcoming") == "0"
    assert state(hass, "sensor.radarr_queue") == "3"

    runtime = runtime_of(entry)
    for _ in range(2):
        await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert radarr.asked("/api/v3/system/status") >= 3
    assert radarr.asked("/api/v3/wanted/missing") == 1
    assert state(hass, "sensor.radarr_movies") == "8"

    # An upgrade that brings the endpoint is asked again.
    radarr.routes["/api/v3/system/status"] = {
        **radarr.routes["/api/v3/system/status"],
        "version": "5.6.0.8846",
    }
    radarr.routes["/api/v3/wanted/missing"] = {**EMPTY_PAGE, "totalRecords": 2}
    await runtime.library.async_refresh()
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert state(hass, "sensor.radarr_missing") == "2"


async def test_one_failing_endpoint_blanks_only_its_sensor(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    replay: type[ReplayServer],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Health answering 500 blanks the health sensor, logged once, not the rest."""
    sonarr = await serve(replay, sonarr_3(health=Status(500, "Database locked")))
    entry = await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    runtime = runtime_of(entry)
    await runtime.library.async_refresh()
    await hass.async_block_till_done()

    assert state(hass, "binary_sensor.sonarr_health_problems") == STATE_UNAVAILABLE
    assert state(hass, "sensor.sonarr_missing") == "2"
    assert state(hass, "sensor.sonarr_series") == "6"
    logged = [r for r in caplog.records if "the health could not be read" in r.message]
    assert len(logged) == 1
    assert runtime.availability.available

    sonarr.routes["/api/v3/health"] = []
    await runtime.library.async_refresh()
    await hass.async_block_till_done()
    assert state(hass, "binary_sensor.sonarr_health_problems") == "off"


async def test_malformed_series_is_left_out_with_one_warning(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    replay: type[ReplayServer],
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An odd series is skipped, named once in the log; the others count."""
    odd = {"id": 99, "title": "Odd Show", "seasons": "all of them"}
    sonarr = await serve(
        replay, sonarr_3(series=[*load("sonarr", "v3", "series"), odd])
    )
    entry = await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    runtime = runtime_of(entry)
    # The library is read again when its size is due: the record stays odd.
    freezer.tick(LIBRARY_SIZE_INTERVAL)
    await runtime.library.async_refresh()
    await hass.async_block_till_done()

    assert state(hass, "sensor.sonarr_series") == "6"
    assert sonarr.asked("/api/v3/series") == 2
    warned = [r for r in caplog.records if "left out a record of series" in r.message]
    assert len(warned) == 1
    assert warned[0].levelname == "WARNING"
    assert f"Sonarr at {sonarr.url}/" in warned[0].message
    assert "id 99 'Odd Show'" in warned[0].message


async def test_paused_season_pack_shows_no_time_left(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """The queue sensor lists a paused season pack once, with no time left.

    It counts its 3 episodes; the pack is one download, listed as Sonarr's
    name for it, paused, with no time left (not 0:00:00).
    """
    sonarr = await serve(
        replay, sonarr_3(queue=load("sonarr", "v4", "queue_season_pack"))
    )
    await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    queue = hass.states.get("sensor.sonarr_queue")
    assert queue is not None
    assert queue.state == "3"
    assert queue.attributes["unit_of_measurement"] == "episodes"
    assert queue.attributes["total"] == 1
    assert [
        (i["name"], i["state"], i["time_left"], i["finishes"], i["records"])
        for i in queue.attributes["items"]
    ] == [("House S02E01-E24", "paused", None, None, 3)]


QUEUES = [*payloads("sonarr", "queue"), *payloads("radarr", "queue")]


@pytest.mark.parametrize("queue", QUEUES, ids=lambda p: p.id)
async def test_queue_sensor_over_every_real_queue(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    replay: type[ReplayServer],
    queue: Payload,
) -> None:
    """The queue sensor counts every record a real server sent, and lists
    each download (records sharing a downloadId are one) once."""
    routes = sonarr_3() if queue.app == "sonarr" else radarr_5_0()
    routes["/api/v3/queue"] = queue.json()
    server = await serve(replay, routes)
    title = queue.app.capitalize()
    await setup_entry(service_subentry(queue.app, title, server.url, API_KEY))
    state = hass.states.get(f"sensor.{queue.app}_queue")
    assert state is not None
    records = queue.json()["records"]
    assert state.state == str(len(records))
    downloads = {record.get("downloadId") or record["id"] for record in records}
    assert state.attributes["total"] == len(downloads)
    assert sum(item["records"] for item in state.attributes["items"]) == len(records)
    assert all(item["name"] and item["state"] for item in state.attributes["items"])


SAB_EMPTY_HISTORY = {
    "history": {
        "slots": [],
        "noofslots": 0,
        "ppslots": 0,
        "total_size": "0 B",
        "month_size": "0 B",
        "week_size": "0 B",
        "day_size": "0 B",
    }
}


@pytest.mark.parametrize("queue", payloads("sabnzbd", "queue"), ids=lambda p: p.id)
async def test_sabnzbd_sensors_over_every_real_queue(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    replay: type[ReplayServer],
    queue: Payload,
) -> None:
    """Status, speed, time left, queue size and totals of real SABnzbd answers."""
    answer = queue.json()["queue"]
    server = await serve(
        replay,
        {
            "/api?mode=version": {"version": answer["version"]},
            "/api?mode=queue": queue.json(),
            "/api?mode=history": SAB_EMPTY_HISTORY,
            "/api?mode=server_stats": load("sabnzbd", "3.7", "server_stats"),
            "/api?mode=warnings": {"warnings": []},
        },
    )
    await setup_entry(service_subentry("sabnzbd", "SABnzbd", server.url, API_KEY))

    assert state(hass, "sensor.sabnzbd_status") == answer["status"].lower()
    assert state(hass, "sensor.sabnzbd_queue") == str(answer["noofslots_total"])
    assert float(state(hass, "sensor.sabnzbd_speed")) == pytest.approx(
        float(answer["kbpersec"]) * 1024 / 1e6, abs=0.1
    )
    # SABnzbd's own estimate; "0:00:00" with nothing left is no time left.
    time_left = state(hass, "sensor.sabnzbd_time_left")
    if float(answer["mbleft"]) > 0:
        assert float(time_left) > 0
    assert state(hass, "sensor.sabnzbd_downloaded_in_total") != STATE_UNAVAILABLE
    assert state(hass, "binary_sensor.sabnzbd_warnings") == "off"


async def test_sabnzbd_failing_mode_blanks_only_its_sensor(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """Warnings SABnzbd refuses to list blank the warnings sensor, not the totals."""
    server = await serve(
        replay,
        {
            "/api?mode=version": {"version": "3.7.2"},
            "/api?mode=queue": load("sabnzbd", "3.7", "queue"),
            "/api?mode=history": SAB_EMPTY_HISTORY,
            "/api?mode=server_stats": load("sabnzbd", "3.7", "server_stats"),
            "/api?mode=warnings": {"status": False, "error": "Not implemented"},
        },
    )
    await setup_entry(service_subentry("sabnzbd", "SABnzbd", server.url, API_KEY))
    assert state(hass, "binary_sensor.sabnzbd_warnings") == STATE_UNAVAILABLE
    assert state(hass, "sensor.sabnzbd_downloaded_in_total") != STATE_UNAVAILABLE
    assert state(hass, "sensor.sabnzbd_status") == "downloading"


async def test_capitalized_warning_of_sonarr_v3_is_a_problem(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """Sonarr v3 capitalizes its tracked states ("Ok", "Warning") as v2 did:
    a flagged download is a warning, with the status message as the reason."""
    queue = load("sonarr", "v3", "queue")
    queue["records"][0]["trackedDownloadStatus"] = "Warning"
    sonarr = await serve(replay, sonarr_3(queue=queue))
    await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    items = hass.states.get("sensor.sonarr_queue").attributes["items"]
    assert [i["state"] for i in items] == ["warning"]
    assert items[0]["reason"] == "No reason given"


async def test_missing_action_on_radarr_before_5_6(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """The get_missing action says Radarr 5.0 keeps no such list, not that it is down."""
    radarr = await serve(replay, radarr_5_0())
    await setup_entry(service_subentry("radarr", "Radarr", radarr.url, API_KEY))
    response = await hass.services.async_call(
        DOMAIN, "get_missing", {}, blocking=True, return_response=True
    )
    assert response == {
        "total": 0,
        "by_service": {},
        "examples": [],
        "unavailable": [],
        "unsupported": ["Radarr"],
    }


async def test_failing_history_leaves_the_queue_and_fires_no_old_events(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    replay: type[ReplayServer],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The history only brings events: when it fails the queue still shows,
    and when it comes back what it already held is not announced as new."""
    sonarr = await serve(replay, sonarr_3(history=Status(500, "Database locked")))
    entry = await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    assert state(hass, "sensor.sonarr_queue") == "1"
    logged = [r for r in caplog.records if "the history could not be read" in r.message]
    assert len(logged) == 1

    sonarr.routes["/api/v3/history"] = {
        **EMPTY_PAGE,
        "totalRecords": 1,
        "records": [
            {
                "id": 41,
                "eventType": "downloadFolderImported",
                "sourceTitle": "The.Andy.Griffith.Show.S01E01.x264-GROUP",
                "date": "2016-02-05T22:50:00Z",
                "downloadId": "SABnzbd_nzo_Mq2f_b",
                "data": {},
            }
        ],
    }
    runtime = runtime_of(entry)
    for _ in range(2):
        await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    assert state(hass, "sensor.sonarr_queue") == "1"
    assert state(hass, "event.sonarr_downloads") == "unknown"


async def test_sonarr_v3_library_sensors(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """Upcoming, missing and series counts of a real Sonarr v3's answers."""
    sonarr = await serve(replay, sonarr_3())
    await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    upcoming = hass.states.get("sensor.sonarr_upcoming")
    assert upcoming is not None
    assert upcoming.state == "1"
    assert upcoming.attributes["items"] == [
        {
            "title": "Easy Com-mercial, Easy Go-mercial",
            "media_title": "Bob's Burgers",
            "start": "2014-01-27T01:30:00+00:00",
            "has_file": False,
            "season": 4,
            "episode": 11,
        }
    ]
    # It aired long ago: nothing is next.
    assert state(hass, "sensor.sonarr_next_up") == "unknown"
    assert state(hass, "sensor.sonarr_next_release") == "unknown"
    assert state(hass, "sensor.sonarr_missing") == "2"
    assert state(hass, "sensor.sonarr_series") == "6"


async def test_calendar_over_a_real_sonarr_v3_calendar(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """The calendar shows the episode a real Sonarr v3 lists, named in full."""
    sonarr = await serve(replay, sonarr_3())
    await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": "calendar.autoarr_upcoming",
            "start_date_time": "2014-01-26T00:00:00+00:00",
            "end_date_time": "2014-02-02T00:00:00+00:00",
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events = response["calendar.autoarr_upcoming"]["events"]  # type: ignore[index]
    assert [(e["summary"], e["start"]) for e in events] == [  # type: ignore[index,union-attr]
        (
            "Bob's Burgers - S04E11 - Easy Com-mercial, Easy Go-mercial",
            "2014-01-27T01:30:00+00:00",
        )
    ]


async def test_sonarr_v4_library_calendar_and_queue(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """A real Sonarr v4's library, calendar and queue: the series sensor
    counts its 300 series, the calendar names each episode in full, and the
    queue sensor counts every record but lists each stalled pack once, with
    no time left."""
    sonarr = await serve(
        replay,
        sonarr_3(
            series=load("sonarr", "v4", "series"),
            calendar=load("sonarr", "v4", "calendar"),
            queue=load("sonarr", "v4", "queue"),
        ),
    )
    await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    assert state(hass, "sensor.sonarr_series") == "300"

    # The window the answer was captured for (Sonarr sends what airs in it).
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": "calendar.autoarr_upcoming",
            "start_date_time": "2026-01-29T00:00:00+00:00",
            "end_date_time": "2026-03-02T00:00:00+00:00",
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events = response["calendar.autoarr_upcoming"]["events"]  # type: ignore[index]
    summaries = [e["summary"] for e in events]  # type: ignore[index,union-attr]
    assert len(summaries) == 87
    assert all(re.fullmatch(r".+ - S\d\dE\d\d - .+", s) for s in summaries)
    assert summaries[0] == "JUJUTSU KAISEN - S03E05 - Passion"
    assert "The Traitors (US) - S04E07 - The Black Banquet" in summaries

    queue = hass.states.get("sensor.sonarr_queue")
    assert queue is not None
    assert queue.state == "13"
    assert queue.attributes["total"] == 3
    assert [
        (i["name"], i["state"], i["time_left"], i["records"])
        for i in queue.attributes["items"]
        if i["state"] == "downloading"
    ] == [
        ("Hard.2020.S01.1080p.WEB-DL.DD2.0.H264-RK", "downloading", None, 6),
        ("The.Hour.UK.2011.S01.1080p.BluRay.x264-BTN", "downloading", None, 6),
    ]


async def test_sonarr_3_0_6_whose_status_names_no_application_is_set_up(
    hass: HomeAssistant, setup_entry: SetupEntry, replay: type[ReplayServer]
) -> None:
    """A real Sonarr 3.0.6 (Debian's package of 2021) says no `appName` in its
    status: it is taken for the Sonarr it is (it keeps a series library),
    not refused as "not the expected application"."""
    status = load("sonarr", "3.0", "system-status")
    assert "appName" not in status
    sonarr = await serve(replay, sonarr_3(**{"system/status": status}))
    data = {CONF_URL: sonarr.url, CONF_API_KEY: API_KEY, CONF_VERIFY_SSL: True}
    assert await async_check_service(hass, "sonarr", data) == ({}, {})
    await setup_entry(service_subentry("sonarr", "Sonarr", sonarr.url, API_KEY))
    assert state(hass, "sensor.sonarr_series") == "6"
    assert state(hass, "sensor.sonarr_queue") == "1"


async def test_radarr_3_2_given_as_sonarr_is_not_the_expected_application(
    hass: HomeAssistant, replay: type[ReplayServer]
) -> None:
    """A real Radarr 3.2.2 says no `appName` either: given as a Sonarr it is
    refused, since it keeps no series; given as a Radarr it is accepted."""
    status = load("radarr", "3.2", "system-status")
    radarr = await serve(
        replay,
        {
            "/api/v3/system/status": status,
            "/api/v3/movie": load("radarr", "v5", "movie-trimmed"),
        },
    )
    data = {CONF_URL: radarr.url, CONF_API_KEY: API_KEY, CONF_VERIFY_SSL: True}
    errors, _ = await async_check_service(hass, "sonarr", data)
    assert errors == {"base": "wrong_app"}
    assert await async_check_service(hass, "radarr", data) == ({}, {})


async def test_lidarr_0_8_whose_status_names_no_application_is_accepted(
    hass: HomeAssistant, replay: type[ReplayServer]
) -> None:
    """A real Lidarr 0.8.1 names no application either: it is taken for the
    Lidarr it is by its artist library."""
    lidarr = await serve(
        replay,
        {
            "/api/v1/system/status": load("lidarr", "0.8", "system-status"),
            "/api/v1/artist": load("lidarr", "v1", "artist"),
        },
    )
    data = {CONF_URL: lidarr.url, CONF_API_KEY: API_KEY, CONF_VERIFY_SSL: True}
    assert await async_check_service(hass, "lidarr", data) == ({}, {})
    errors, _ = await async_check_service(hass, "radarr", data)
    assert errors == {"base": "wrong_app"}
