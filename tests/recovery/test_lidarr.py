"""Recovery of Lidarr downloads, against the Lidarr simulator.

Lidarr names its failed states "downloadFailedPending", "downloadFailed"
and "importFailed"; a failed album is replaced with a search for that album.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.arr.lidarr import LidarrClient
from custom_components.autoarr.recovery.adapters import arr_observation
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import ActionKind, Observation
from tests.support.arr_sim import LidarrSimulator, SimQueueItem, start_simulator

from .conftest import Clock, FileStorage


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """The simulator listens on 127.0.0.1."""


def _fail_one(sim: LidarrSimulator, state: str) -> tuple[SimQueueItem, int]:
    """Leave one failed album download in the simulated queue."""
    sim.state.queue.clear()
    album = sim.state.missing_albums()[0]
    item = sim.state.add_queue_item(
        sim.state.release_title(album),
        sim.state.media_of(album),
        status="failed" if state != "importFailed" else "completed",
        tracked_download_status="error",
        tracked_download_state=state,
        error_message="Download failed: Repair failed, not enough repair blocks",
    )
    return item, album.id


async def _observe(client: LidarrClient) -> Observation:
    queue = await client.queue_all()
    return Observation(
        arrs=(arr_observation("lidarr", "Lidarr", ServiceKind.LIDARR, queue),)
    )


@pytest.mark.parametrize("state", ["downloadFailed", "importFailed"])
async def test_failed_album_replaced_with_an_album_search(
    tmp_path: Path, clock: Clock, state: str
) -> None:
    """The failed release is blocklisted and the album searched, once."""
    async with start_simulator("lidarr") as sim, aiohttp.ClientSession() as session:
        item, album_id = _fail_one(sim, state)
        client = LidarrClient(session, sim.service_config())
        clients = RecoveryClients(arrs={"lidarr": client})
        engine = RecoveryEngine(FileStorage(tmp_path / "recovery.json"), clock=clock)

        report = await engine.run(await _observe(client), clients)

        assert [(o.action.kind, o.executed) for o in report.outcomes] == [
            (ActionKind.REPLACE, True)
        ]
        [removed] = sim.state.removed_queue_items
        assert (removed["id"], removed["blocklist"], removed["skipRedownload"]) == (
            item.id,
            True,
            True,
        )
        searches = [c for c in sim.state.commands.values() if c.name == "AlbumSearch"]
        assert [c.body for c in searches] == [{"albumIds": [album_id]}]
        assert engine.records[f"lidarr:album:{album_id}"].attempts == 1
        assert not sim.contract_violations


async def test_lidarr_handles_a_pending_failure_itself_first(
    tmp_path: Path, clock: Clock
) -> None:
    """In "downloadFailedPending" Lidarr acts itself; recovery waits its grace."""
    async with start_simulator("lidarr") as sim, aiohttp.ClientSession() as session:
        _fail_one(sim, "downloadFailedPending")
        client = LidarrClient(session, sim.service_config())
        clients = RecoveryClients(arrs={"lidarr": client})
        engine = RecoveryEngine(FileStorage(tmp_path / "recovery.json"), clock=clock)

        report = await engine.run(await _observe(client), clients)
        assert [(o.action.kind, o.executed) for o in report.outcomes] == [
            (ActionKind.WAIT, False)
        ]
        assert sim.state.removed_queue_items == []

        clock.advance(timedelta(minutes=16))
        report = await engine.run(await _observe(client), clients)
        assert [(o.action.kind, o.executed) for o in report.outcomes] == [
            (ActionKind.REPLACE, True)
        ]
        assert [c.name for c in sim.state.commands.values()] == ["AlbumSearch"]
        assert not sim.contract_violations
