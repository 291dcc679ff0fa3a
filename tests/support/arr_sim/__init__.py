"""Stateful simulators of Sonarr, Radarr and Lidarr for tests, the demo and the benchmark.

    async with start_simulator("sonarr") as sim:
        client = SonarrClient(session, sim.service_config())
        sim.state.queue[1].status = "failed"        # change what it serves
        sim.inject_fault("server_error", path="queue", times=1)
        ...
        assert not sim.contract_violations

`sim.url` includes the URL base, `sim.api_key` is the key it accepts,
`sim.state` is a `SonarrState`, `RadarrState` or `LidarrState` (plain
mutable data),
`sim.requests` records what it received, and every exchange is validated
against the official spec (`sim.contract_violations`; pass
validate_contract=False where speed matters, as the benchmark does).
`sim.state.advance(seconds)` lets downloads progress and import.

Under Home Assistant's pytest plugin sockets are blocked: tests that start a
simulator need the `socket_enabled` fixture (connections stay limited to
127.0.0.1); tests/arr/conftest.py requests it for every test there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from datetime import datetime
import ssl
from typing import Literal, overload

from tests.support.clock import fixed_now

from .base import (
    DEFAULT_API_KEY,
    ArrSimulator,
    ArrState,
    Fault,
    FaultKind,
    RecordedRequest,
    SimCommand,
    SimHistoryRecord,
    SimQueueItem,
)
from .lidarr import LIDARR_VERSION, LidarrSimulator, LidarrState, SimAlbum, SimArtist
from .prowlarr import (
    PROWLARR_1_0,
    PROWLARR_VERSION,
    ProwlarrSimulator,
    ProwlarrState,
    SimIndexer,
)
from .radarr import RADARR_VERSION, RadarrSimulator, RadarrState, SimMovie
from .sonarr import (
    SONARR_V3,
    SONARR_V4,
    SimEpisode,
    SimSeries,
    SonarrSimulator,
    SonarrState,
)

__all__ = [
    "DEFAULT_API_KEY",
    "LIDARR_VERSION",
    "PROWLARR_1_0",
    "PROWLARR_VERSION",
    "RADARR_VERSION",
    "SONARR_V3",
    "SONARR_V4",
    "ArrSimulator",
    "ArrState",
    "Fault",
    "FaultKind",
    "LidarrSimulator",
    "LidarrState",
    "ProwlarrSimulator",
    "ProwlarrState",
    "RadarrSimulator",
    "RadarrState",
    "RecordedRequest",
    "SimAlbum",
    "SimArtist",
    "SimCommand",
    "SimEpisode",
    "SimHistoryRecord",
    "SimIndexer",
    "SimMovie",
    "SimQueueItem",
    "SimSeries",
    "SonarrSimulator",
    "SonarrState",
    "create_simulator",
    "start_simulator",
]


@overload
def create_simulator(kind: Literal["sonarr"], **options: object) -> SonarrSimulator: ...
@overload
def create_simulator(kind: Literal["radarr"], **options: object) -> RadarrSimulator: ...
@overload
def create_simulator(kind: Literal["lidarr"], **options: object) -> LidarrSimulator: ...
@overload
def create_simulator(
    kind: Literal["prowlarr"], **options: object
) -> ProwlarrSimulator: ...
def create_simulator(
    kind: Literal["sonarr", "radarr", "lidarr", "prowlarr"],
    *,
    api_key: str = DEFAULT_API_KEY,
    url_base: str = "",
    version: str | None = None,
    now: datetime | None = None,
    ssl_context: ssl.SSLContext | None = None,
    validate_contract: bool = True,
) -> ArrSimulator:
    """Build a simulator (not yet serving); see start_simulator."""
    # Tests live at a fixed present (tests/support/clock.py); the demo and
    # the benchmark pass the wall clock's.
    now = now or fixed_now()
    if kind == "sonarr":
        state: ArrState = SonarrState(now=now, version=version or SONARR_V4)
        return SonarrSimulator(
            state,
            api_key=api_key,
            url_base=url_base,
            ssl_context=ssl_context,
            validate_contract=validate_contract,
        )
    if kind == "radarr":
        state = RadarrState(now=now, version=version or RADARR_VERSION)
        return RadarrSimulator(
            state,
            api_key=api_key,
            url_base=url_base,
            ssl_context=ssl_context,
            validate_contract=validate_contract,
        )
    if kind == "lidarr":
        state = LidarrState(now=now, version=version or LIDARR_VERSION)
        return LidarrSimulator(
            state,
            api_key=api_key,
            url_base=url_base,
            ssl_context=ssl_context,
            validate_contract=validate_contract,
        )
    if kind == "prowlarr":
        state = ProwlarrState(now=now, version=version or PROWLARR_VERSION)
        return ProwlarrSimulator(
            state,
            api_key=api_key,
            url_base=url_base,
            ssl_context=ssl_context,
            validate_contract=validate_contract,
        )
    raise ValueError(f"unknown simulator kind {kind!r}")


@overload
def start_simulator(
    kind: Literal["sonarr"], **options: object
) -> contextlib.AbstractAsyncContextManager[SonarrSimulator]: ...
@overload
def start_simulator(
    kind: Literal["radarr"], **options: object
) -> contextlib.AbstractAsyncContextManager[RadarrSimulator]: ...
@overload
def start_simulator(
    kind: Literal["lidarr"], **options: object
) -> contextlib.AbstractAsyncContextManager[LidarrSimulator]: ...
@overload
def start_simulator(
    kind: Literal["prowlarr"], **options: object
) -> contextlib.AbstractAsyncContextManager[ProwlarrSimulator]: ...
@contextlib.asynccontextmanager
async def start_simulator(
    kind: Literal["sonarr", "radarr", "lidarr", "prowlarr"],
    *,
    port: int = 0,
    **options: object,
) -> AsyncIterator[ArrSimulator]:
    """Serve a simulator on 127.0.0.1 for the duration of the block.

    Options: api_key, url_base ("/sonarr"), version ("3.0.10.1567" for a
    Sonarr v3), now (the simulated present), ssl_context (serve https),
    validate_contract (default True), port (default: a free one).
    """
    simulator = create_simulator(kind, **options)  # type: ignore[call-overload]
    await simulator.start(port)
    try:
        yield simulator
    finally:
        await simulator.stop()
