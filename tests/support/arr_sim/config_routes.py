"""Settings writes for the Sonarr/Radarr simulators: PUT /config/{section}/{id}.

Kept apart from the simulators themselves (added for the audit, which
applies its recommendations through these endpoints). The simulators already
serve GET /config/{section}; these subclasses add the matching PUT, which
the real servers answer with the stored resource. Every exchange is still
validated against the official specs.

    async with start_config_simulator("sonarr") as sim:
        ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import contextlib
from typing import Literal

from aiohttp import web

from tests.support.clock import fixed_now

from .base import ArrSimulator, Handler, error_response, json_response, query_id
from .lidarr import LidarrSimulator, LidarrState
from .radarr import RadarrSimulator, RadarrState
from .sonarr import SonarrSimulator, SonarrState

WRITABLE_SECTIONS = ("mediamanagement", "naming", "downloadclient")


class ConfigWrites(ArrSimulator):
    """Adds PUT /config/{section}/{id} to a simulator."""

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Yield the simulator's routes and the settings writes."""
        yield from super().routes()
        for section in WRITABLE_SECTIONS:
            yield "GET", f"config/{section}/{{id}}", self._config_by_id(section)
            yield "PUT", f"config/{section}/{{id}}", self._config_putter(section)

    def _config_by_id(self, section: str) -> Handler:
        async def handler(request: web.Request) -> web.Response:
            current = self.state.config[section]
            if query_id(request) != current.get("id"):
                return error_response(404, "NotFound")
            return json_response(current)

        return handler

    def _config_putter(self, section: str) -> Handler:
        async def handler(request: web.Request) -> web.Response:
            current = self.state.config[section]
            if query_id(request) != current.get("id"):
                return error_response(404, "NotFound")
            try:
                body = await request.json()
            except ValueError:
                return error_response(400, "Invalid JSON")
            if not isinstance(body, dict):
                return error_response(400, "Invalid request body")
            # Like the real server: known fields are stored, the id is kept.
            updated = {key: body.get(key, value) for key, value in current.items()}
            updated["id"] = current["id"]
            self.state.config[section] = updated
            return json_response(updated)

        return handler


class SonarrConfigSimulator(ConfigWrites, SonarrSimulator):
    """The Sonarr simulator with settings writes."""


class RadarrConfigSimulator(ConfigWrites, RadarrSimulator):
    """The Radarr simulator with settings writes."""


class LidarrConfigSimulator(ConfigWrites, LidarrSimulator):
    """The Lidarr simulator with settings writes."""


@contextlib.asynccontextmanager
async def start_config_simulator(
    kind: Literal["sonarr", "radarr", "lidarr"],
) -> AsyncIterator[ArrSimulator]:
    """Serve a simulator with settings writes on 127.0.0.1."""
    sim: ArrSimulator
    if kind == "sonarr":
        sim = SonarrConfigSimulator(SonarrState(now=fixed_now()))
    elif kind == "radarr":
        sim = RadarrConfigSimulator(RadarrState(now=fixed_now()))
    else:
        sim = LidarrConfigSimulator(LidarrState(now=fixed_now()))
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()
