"""The simulators themselves: what the demo, benchmark and other tests rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import socket

import aiohttp
import pytest

from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim import (
    SONARR_V3,
    RadarrState,
    SonarrSimulator,
    SonarrState,
    create_simulator,
    start_simulator,
)

from .conftest import assert_contract_kept

NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)


def test_library_is_deterministic_for_a_given_now() -> None:
    """The same `now` gives the same library, queue and history."""
    first, second = SonarrState(now=NOW), SonarrState(now=NOW)
    assert [(e.id, e.air_date_utc, e.has_file) for e in first.episodes.values()] == [
        (e.id, e.air_date_utc, e.has_file) for e in second.episodes.values()
    ]
    assert [q.title for q in first.queue.values()] == [
        q.title for q in second.queue.values()
    ]
    assert len(first.series) >= 20
    assert len(RadarrState(now=NOW).movies) >= 30
    assert len(first.history) == len(second.history)


def test_unknown_kind() -> None:
    """Only sonarr, radarr and lidarr exist."""
    with pytest.raises(ValueError, match="unknown simulator kind"):
        create_simulator("readarr")  # type: ignore[call-overload]


async def test_fixed_port_and_now(session: aiohttp.ClientSession) -> None:
    """A given port and `now` are used."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with start_simulator("sonarr", port=port, now=NOW) as sim:
        assert sim.port == port
        assert sim.url == f"http://127.0.0.1:{port}"
        client = SonarrClient(session, sim.service_config())
        items = await client.calendar(NOW, NOW + timedelta(days=1))
        assert all(i.start and NOW <= i.start <= NOW + timedelta(days=1) for i in items)
        assert_contract_kept(sim)


async def test_advance_imports_episodes(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """Time passing finishes downloads; the episode then has its file."""
    state = sonarr_sim.state
    item = next(
        i for i in state.queue.values() if i.status == "downloading" and i.size_left
    )
    episode = state.episodes[item.media["episodeId"]]
    missing_before = {
        r.id for r in (await sonarr.wanted_missing(page_size=1000)).records
    }
    assert episode.id in missing_before
    start = state.now
    state.advance(2 * 3600)
    assert episode.has_file
    assert item.id not in state.queue
    # Episodes that air in those two hours join the missing list meanwhile.
    aired = {
        e.id
        for e in state.missing_episodes()
        if e.air_date_utc is not None and e.air_date_utc > start
    }
    missing_after = {
        r.id for r in (await sonarr.wanted_missing(page_size=1000)).records
    }
    assert missing_after == (missing_before - {episode.id}) | aired


async def test_search_for_unknown_series_fails(sonarr: SonarrClient) -> None:
    """A search for a series that does not exist ends failed, as in Sonarr."""
    command = await sonarr.series_search(9999)
    await sonarr.command_status(command.id)
    done = await sonarr.command_status(command.id)
    assert done.status == "failed"
    assert done.exception == "Series with ID 9999 does not exist"


async def _raw(
    session: aiohttp.ClientSession,
    sim: SonarrSimulator,
    method: str,
    path: str,
    **kwargs: object,
) -> tuple[int, str, str]:
    async with session.request(
        method, f"{sim.url}{path}", headers={"X-Api-Key": sim.api_key}, **kwargs
    ) as resp:
        return resp.status, resp.content_type, await resp.text()


async def test_v3_requires_language_profile(
    session: aiohttp.ClientSession, sonarr_v3_sim: SonarrSimulator
) -> None:
    """Sonarr v3 refuses a series without a language profile."""
    status, _, text = await _raw(
        session,
        sonarr_v3_sim,
        "POST",
        "/api/v3/series",
        json={"tvdbId": 79126, "qualityProfileId": 1, "rootFolderPath": "/tv/"},
    )
    assert status == 400
    assert "Language Profile Id" in text
    assert sonarr_v3_sim.state.version == SONARR_V3


async def test_add_series_validation(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """Unknown series and quality profiles are refused like Sonarr does."""
    status, _, text = await _raw(
        session, sonarr_sim, "POST", "/api/v3/series", json={"tvdbId": 1}
    )
    assert status == 400 and "TheTVDB" in text
    status, _, text = await _raw(
        session,
        sonarr_sim,
        "POST",
        "/api/v3/series",
        json={"tvdbId": 79126, "qualityProfileId": 99},
    )
    assert status == 400 and "Quality Profile Id" in text


async def test_command_without_name(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """A command without a name is a validation failure."""
    status, _, text = await _raw(
        session, sonarr_sim, "POST", "/api/v3/command", json={}
    )
    assert status == 400 and "'Name' must not be empty." in text


async def test_unknown_api_path_and_web_ui(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """Unknown API paths are JSON 404s; other paths serve the web UI."""
    status, content_type, _ = await _raw(session, sonarr_sim, "GET", "/api/v3/nothing")
    assert (status, content_type) == (404, "application/json")
    status, content_type, text = await _raw(session, sonarr_sim, "GET", "/calendar")
    assert (status, content_type) == (200, "text/html")
    assert "<title>Sonarr</title>" in text
    # The unknown path is not an operation of the spec: recorded as such.
    assert any("no such operation" in v for v in sonarr_sim.contract_violations)
    sonarr_sim.contract_violations.clear()


async def test_series_by_tvdb_id_and_default_calendar(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """GET /series?tvdbId filters; a calendar without a window shows two days."""
    status, _, text = await _raw(
        session, sonarr_sim, "GET", "/api/v3/series", params={"tvdbId": "81189"}
    )
    assert status == 200 and text.count('"tvdbId": 81189') == 1
    status, _, _ = await _raw(session, sonarr_sim, "GET", "/api/v3/calendar")
    assert status == 200


async def test_fault_counts_hits(
    sonarr: SonarrClient, sonarr_sim: SonarrSimulator
) -> None:
    """A fault records how often it applied and stops after `times`."""
    fault = sonarr_sim.inject_fault("server_error", path="health", times=2)
    for _ in range(2):
        with pytest.raises(Exception, match="HTTP 500"):
            await sonarr.health()
    assert await sonarr.health()
    assert fault.hits == 2
    assert not fault.matches("GET", "/api/v3/health")
