"""Prowlarr's client against the simulator, every call held to the official document."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest

from custom_components.autoarr.arr.errors import ArrAuthError, ArrWrongAppError
from custom_components.autoarr.arr.http import ApiKey
from custom_components.autoarr.arr.prowlarr import ProwlarrClient
from tests.support.arr_sim import PROWLARR_1_0, ProwlarrSimulator, start_simulator
from tests.support.contract import validator

from .conftest import assert_contract_kept
from .test_contract import public_coroutines

PROWLARR_OPERATIONS = {
    "GET /api/v1/system/status",
    "GET /api/v1/health",
    "GET /api/v1/indexer",
    "GET /api/v1/indexerstatus",
    "GET /api/v1/applications",
    "POST /api/v1/indexer/testall",
}


@pytest.fixture
async def prowlarr_sim() -> AsyncIterator[ProwlarrSimulator]:
    """Serve a simulated Prowlarr below the URL base /prowlarr."""
    async with start_simulator("prowlarr", url_base="/prowlarr") as sim:
        yield sim
        assert_contract_kept(sim)


@pytest.fixture
def prowlarr(
    session: aiohttp.ClientSession, prowlarr_sim: ProwlarrSimulator
) -> ProwlarrClient:
    """Return a client of the simulated Prowlarr."""
    return ProwlarrClient(session, prowlarr_sim.service_config())


async def test_every_call_exercised_and_valid(
    prowlarr: ProwlarrClient, prowlarr_sim: ProwlarrSimulator
) -> None:
    """Each public call of the client is a valid operation of the document."""
    assert public_coroutines(ProwlarrClient) == {
        "system_status",
        "health",
        "indexers",
        "indexer_status",
        "applications",
        "test_all_indexers",
    }
    await prowlarr.system_status()
    await prowlarr.health()
    await prowlarr.indexers()
    await prowlarr.indexer_status()
    await prowlarr.applications()
    await prowlarr.test_all_indexers()
    prowlarr_sim.state.recover_indexer(2)
    await prowlarr.test_all_indexers()
    called = {
        str(validator("prowlarr").find(r.method, r.path)) for r in prowlarr_sim.requests
    }
    assert called == PROWLARR_OPERATIONS
    assert {str(op) for op in prowlarr_sim.exercised} == PROWLARR_OPERATIONS


async def test_indexers_status_and_applications(
    prowlarr: ProwlarrClient, prowlarr_sim: ProwlarrSimulator
) -> None:
    """A failing indexer is held back; the apps name the arrs they sync to."""
    now = prowlarr_sim.state.now
    status = await prowlarr.system_status()
    assert (status.app_name, status.version) == ("Prowlarr", prowlarr_sim.state.version)
    indexers = {i.name: i for i in await prowlarr.indexers()}
    assert indexers["1337x"].enable is False
    assert indexers["NZBplanet"].protocol == "usenet"
    [held] = await prowlarr.indexer_status()
    assert held.indexer_id == indexers["NZBplanet"].id
    assert held.failing_at(now) and not held.failing_at(now + timedelta(hours=3))
    assert held.initial_failure == now - timedelta(days=3)
    apps = await prowlarr.applications()
    assert [(a.implementation, a.base_url, a.syncing) for a in apps] == [
        ("Sonarr", "http://sonarr:8989", True),
        ("Radarr", "http://radarr:7878", True),
    ]
    [health] = await prowlarr.health()
    assert health.source == "IndexerLongTermStatusCheck"


async def test_test_all_reports_each_indexer(
    prowlarr: ProwlarrClient, prowlarr_sim: ProwlarrSimulator
) -> None:
    """A failing test (Prowlarr's 400) is read as results, not raised."""
    results = {r.id: r for r in await prowlarr.test_all_indexers()}
    assert set(results) == {1, 2, 4}
    assert results[1].is_valid and not results[2].is_valid
    assert "Unable to connect" in results[2].failures[0]
    # The indexer keeps the start of its failures.
    [held] = await prowlarr.indexer_status()
    assert held.initial_failure == prowlarr_sim.state.now - timedelta(days=3)

    prowlarr_sim.state.recover_indexer(2)
    assert all(r.is_valid for r in await prowlarr.test_all_indexers())
    assert await prowlarr.indexer_status() == []


async def test_wrong_app_and_key(
    session: aiohttp.ClientSession, prowlarr_sim: ProwlarrSimulator
) -> None:
    """Another arr at the address, or a wrong key, is told apart."""
    async with start_simulator("lidarr") as lidarr:
        with pytest.raises(ArrWrongAppError, match="Lidarr, not Prowlarr"):
            await ProwlarrClient(session, lidarr.service_config()).system_status()
    async with start_simulator("sonarr") as sonarr:
        with pytest.raises(ArrWrongAppError, match="no Prowlarr v1 API"):
            await ProwlarrClient(session, sonarr.service_config()).system_status()
    wrong = ProwlarrClient(session, prowlarr_sim.service_config(auth=ApiKey("x" * 32)))
    with pytest.raises(ArrAuthError):
        await wrong.indexers()


async def test_prowlarr_1_0_answers(session: aiohttp.ClientSession) -> None:
    """Every call reads Prowlarr 1.0's answers: its indexer status says only
    until when an indexer is held back (no failure times before 1.3.2)."""
    async with start_simulator("prowlarr", version=PROWLARR_1_0) as sim:
        prowlarr = ProwlarrClient(session, sim.service_config())
        assert (await prowlarr.system_status()).version == PROWLARR_1_0
        indexers = {i.name: i for i in await prowlarr.indexers()}
        assert (indexers["NZBplanet"].enable, indexers["1337x"].enable) == (True, False)
        [held] = await prowlarr.indexer_status()
        assert held.indexer_id == indexers["NZBplanet"].id
        assert held.failing_at(sim.state.now)
        assert (held.initial_failure, held.most_recent_failure) == (None, None)
        assert [a.base_url for a in await prowlarr.applications()] == [
            "http://sonarr:8989",
            "http://radarr:7878",
        ]
        assert [h.source for h in await prowlarr.health()] == [
            "IndexerLongTermStatusCheck"
        ]
        results = {r.id: r.is_valid for r in await prowlarr.test_all_indexers()}
        assert results == {1: True, 2: False, 4: True}
        assert {str(op) for op in sim.exercised} == PROWLARR_OPERATIONS
        assert_contract_kept(sim)
