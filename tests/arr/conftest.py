"""Fixtures: simulators on 127.0.0.1 and clients pointed at them.

Every simulator fixture fails its test if any request a client sent, or any
answer the simulator gave, broke the official API contract.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim import (
    SONARR_V3,
    ArrSimulator,
    RadarrSimulator,
    SonarrSimulator,
    start_simulator,
)


def assert_contract_kept(sim: ArrSimulator) -> None:
    """Fail when the simulator recorded a contract violation."""
    assert not sim.contract_violations, "contract violations:\n" + "\n".join(
        sim.contract_violations
    )


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let the tests open sockets; Home Assistant's plugin still limits them to 127.0.0.1."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
async def sonarr_sim() -> AsyncIterator[SonarrSimulator]:
    """Serve a simulated Sonarr v4 at the tests' present (tests/support/clock.py)."""
    async with start_simulator("sonarr") as sim:
        yield sim
        assert_contract_kept(sim)


@pytest.fixture
async def sonarr_v3_sim() -> AsyncIterator[SonarrSimulator]:
    """Serve a simulated Sonarr v3 below the URL base /sonarr."""
    async with start_simulator("sonarr", version=SONARR_V3, url_base="/sonarr") as sim:
        yield sim
        assert_contract_kept(sim)


@pytest.fixture
async def radarr_sim() -> AsyncIterator[RadarrSimulator]:
    """Serve a simulated Radarr."""
    async with start_simulator("radarr") as sim:
        yield sim
        assert_contract_kept(sim)


@pytest.fixture
def sonarr(session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator) -> SonarrClient:
    """Return a client of the simulated Sonarr v4."""
    return SonarrClient(session, sonarr_sim.service_config())


@pytest.fixture
def sonarr_v3(
    session: aiohttp.ClientSession, sonarr_v3_sim: SonarrSimulator
) -> SonarrClient:
    """Return a client of the simulated Sonarr v3."""
    return SonarrClient(session, sonarr_v3_sim.service_config())


@pytest.fixture
def radarr(session: aiohttp.ClientSession, radarr_sim: RadarrSimulator) -> RadarrClient:
    """Return a client of the simulated Radarr."""
    return RadarrClient(session, radarr_sim.service_config())
