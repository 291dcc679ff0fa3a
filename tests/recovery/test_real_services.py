"""Recovery against the real SABnzbd and the Sonarr/Radarr simulators.

The real SABnzbd's only news server has no articles, so every job added fails
for real ("Download failed - Not on your server(s)"). The simulators stand in
for the arr that grabbed it. Each scenario restarts the engine on the same
file-backed storage to show that no attempt is repeated or forgotten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

import aiohttp
import pytest

from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.arr.sonarr import SonarrClient
from custom_components.autoarr.recovery.adapters import arr_observation, sab_observation
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import (
    ActionKind,
    Cause,
    EventType,
    Observation,
)
from custom_components.autoarr.recovery.policy import (
    DEFAULT_SAB_RETRIES,
    RecoveryPolicy,
)
from tests.support.arr_sim import SonarrSimulator, start_simulator
from tests.support.sabnzbd import RealSabnzbd, make_nzb

from .conftest import Clock, FileStorage

# Real SABnzbd jobs take seconds to fail; a busy machine may need more.
pytestmark = [pytest.mark.sabnzbd, pytest.mark.timeout(300)]

# Generous: SABnzbd fails a job within seconds, but the machine may be busy.
FAIL_WAIT = 120.0


async def _wait_for_failed(sab: SabnzbdClient, nzo_id: str) -> SabHistorySlot:
    """Wait until SABnzbd has failed a job; return its history slot."""
    async with asyncio.timeout(FAIL_WAIT):
        while True:
            history = await sab.history(limit=20, failed_only=True)
            for slot in history.slots:
                if slot.nzo_id == nzo_id:
                    return slot
            await asyncio.sleep(0.5)


def _observer(
    sab: SabnzbdClient | None = None,
    sonarr: SonarrClient | None = None,
    radarr: RadarrClient | None = None,
) -> Callable[[], Awaitable[Observation]]:
    async def observe() -> Observation:
        sabs = ()
        if sab is not None:
            queue = await sab.queue()
            history = await sab.history(limit=50, failed_only=True)
            sabs = (
                sab_observation("sab", "SABnzbd", queue=queue, history=history.slots),
            )
        arrs = []
        if sonarr is not None:
            arrs.append(
                arr_observation(
                    "sonarr", "Sonarr", ServiceKind.SONARR, await sonarr.queue_all()
                )
            )
        if radarr is not None:
            arrs.append(
                arr_observation(
                    "radarr", "Radarr", ServiceKind.RADARR, await radarr.queue_all()
                )
            )
        return Observation(clients=sabs, arrs=tuple(arrs))

    return observe


def _sab_client(session: aiohttp.ClientSession, sabnzbd: RealSabnzbd) -> SabnzbdClient:
    return SabnzbdClient(
        session, ServiceConfig(sabnzbd.url_with_base, ApiKey(sabnzbd.api_key))
    )


def _track_in_sonarr(
    sim: SonarrSimulator, nzo_id: str, title: str, message: str
) -> tuple[int, int]:
    """Make the simulated Sonarr list the real SABnzbd job as its failed download."""
    sim.state.queue.clear()
    episode = sim.state.missing_episodes()[0]
    item = sim.state.add_queue_item(
        title,
        sim.state.episode_media(episode),
        download_id=nzo_id,
        status="failed",
        tracked_download_status="error",
        tracked_download_state="failed",
        error_message=message,
    )
    return item.id, episode.id


async def test_real_failure_replaced_through_sonarr_across_restart(
    sabnzbd: RealSabnzbd, tmp_path: Path, clock: Clock
) -> None:
    """A real missing-articles failure owned by Sonarr is blocklisted and searched once."""
    title = "Recovery.Show.S01E01.1080p.WEB-GRP"
    async with start_simulator("sonarr") as sim, aiohttp.ClientSession() as session:
        sab = _sab_client(session, sabnzbd)
        [nzo_id] = await sab.add_file(f"{title}.nzb", make_nzb(title))
        slot = await _wait_for_failed(sab, nzo_id)
        queue_id, episode_id = _track_in_sonarr(sim, nzo_id, title, slot.fail_message)
        sonarr = SonarrClient(session, sim.service_config())
        clients = RecoveryClients(
            download_clients={"sab": sab}, arrs={"sonarr": sonarr}
        )
        observe = _observer(sab, sonarr)
        storage = FileStorage(tmp_path / "recovery.json")

        report = await RecoveryEngine(storage, clock=clock).run(
            await observe(), clients
        )

        [failure] = report.failures
        assert failure.download_id == nzo_id
        assert failure.cause is Cause.MISSING_ARTICLES
        assert failure.message == slot.fail_message
        assert failure.arr is not None and failure.arr.queue_id == queue_id
        assert [(o.action.kind, o.executed) for o in report.outcomes] == [
            (ActionKind.REPLACE, True)
        ]
        assert [e.type for e in report.events] == [
            EventType.DOWNLOAD_FAILED,
            EventType.RECOVERY_STARTED,
            EventType.RECOVERY_SUCCEEDED,
        ]
        assert sim.state.removed_queue_items == [
            {
                "id": queue_id,
                "title": title,
                "blocklist": True,
                "removeFromClient": True,
                "skipRedownload": True,
            }
        ]
        searches = [c for c in sim.state.commands.values() if c.name == "EpisodeSearch"]
        assert [c.body for c in searches] == [{"episodeIds": [episode_id]}]

        # Restart. The job is still in SABnzbd's history (the simulator
        # cannot delete it there): it is neither repeated nor announced.
        clock.advance(timedelta(hours=1))
        restarted = RecoveryEngine(FileStorage(tmp_path / "recovery.json"), clock=clock)
        report = await restarted.run(await observe(), clients)
        assert report.outcomes == [] and report.events == []
        assert len(sim.state.removed_queue_items) == 1
        assert (
            len([c for c in sim.state.commands.values() if c.name == "EpisodeSearch"])
            == 1
        )
        assert restarted.records[f"sonarr:episodes:{episode_id}"].attempts == 1
        assert not sim.contract_violations


async def test_real_failure_retried_in_sabnzbd_then_given_up_across_restart(
    sabnzbd: RealSabnzbd, tmp_path: Path, clock: Clock
) -> None:
    """With a retry allowed, SABnzbd really retries the job; when it fails again
    and no arr owns it, recovery gives up, once, even across a restart."""
    policy = RecoveryPolicy(
        backoff_base=timedelta(minutes=1),
        client_retries=MappingProxyType(
            {**DEFAULT_SAB_RETRIES, Cause.MISSING_ARTICLES: 1}
        ),
    )
    title = "Recovery.Manual.Job"
    async with aiohttp.ClientSession() as session:
        sab = _sab_client(session, sabnzbd)
        clients = RecoveryClients(download_clients={"sab": sab})
        observe = _observer(sab)
        path = tmp_path / "recovery.json"
        [nzo_id] = await sab.add_file(f"{title}.nzb", make_nzb(title))
        await _wait_for_failed(sab, nzo_id)

        report = await RecoveryEngine(FileStorage(path), policy, clock=clock).run(
            await observe(), clients
        )
        assert [(o.action.kind, o.executed, o.error) for o in report.outcomes] == [
            (ActionKind.CLIENT_RETRY, True, None)
        ]

        # SABnzbd took the job back and fails it again (same or new id).
        retried_ids = {
            nzo_id,
            *((await FileStorage(path).async_load()) or {}).get("aliases", {}),
        }
        async with asyncio.timeout(FAIL_WAIT):
            while True:
                history = await sab.history(limit=20, failed_only=True)
                again = [
                    s
                    for s in history.slots
                    if s.nzo_id.lower() in {i.lower() for i in retried_ids}
                ]
                queue = await sab.queue()
                if again and not queue.slots:
                    break
                await asyncio.sleep(0.5)

        # Restart before the backoff ran out: nothing is done.
        clock.advance(timedelta(seconds=30))
        report = await RecoveryEngine(FileStorage(path), policy, clock=clock).run(
            await observe(), clients
        )
        assert [o.action.kind for o in report.outcomes] == [ActionKind.WAIT]

        # Restart after it: the retry is used up and no arr owns the job.
        clock.advance(timedelta(minutes=5))
        engine = RecoveryEngine(FileStorage(path), policy, clock=clock)
        report = await engine.run(await observe(), clients)
        assert [o.action.kind for o in report.outcomes] == [ActionKind.GIVE_UP]
        assert EventType.RECOVERY_GAVE_UP in [e.type for e in report.events]
        [record] = engine.records.values()
        assert record.attempts == 1 and record.client_retries == 1 and record.gave_up

        clock.advance(timedelta(hours=1))
        report = await RecoveryEngine(FileStorage(path), policy, clock=clock).run(
            await observe(), clients
        )
        assert report.outcomes == [] and report.events == []


async def test_simulated_sonarr_queue_failures(
    tmp_path: Path, clock: Clock, socket_enabled: None
) -> None:
    """The seeded Sonarr queue: import-blocked and failed items are replaced,
    disk full is reported and retried never, a warning is left alone unless
    it says the download is stalled."""
    async with start_simulator("sonarr") as sim, aiohttp.ClientSession() as session:
        sonarr = SonarrClient(session, sim.service_config())
        clients = RecoveryClients(arrs={"sonarr": sonarr})
        observe = _observer(sonarr=sonarr)
        items = {item.tracked_download_state: item for item in sim.state.queue.values()}
        blocked, disk_full, failed = (
            items["importBlocked"],
            items["failedPending"],
            items["failed"],
        )
        [warned] = [
            item for item in sim.state.queue.values() if item.status == "warning"
        ]

        report = await RecoveryEngine(
            FileStorage(tmp_path / "r.json"), clock=clock
        ).run(await observe(), clients)
        by_queue_id = {
            o.action.failure.arr.queue_id: o
            for o in report.outcomes
            if o.action.failure.arr
        }
        assert set(by_queue_id) == {blocked.id, disk_full.id, failed.id}
        assert by_queue_id[blocked.id].action.failure.cause is Cause.IMPORT_BLOCKED
        assert by_queue_id[blocked.id].action.kind is ActionKind.REPLACE
        assert by_queue_id[failed.id].action.failure.cause is Cause.MISSING_ARTICLES
        assert by_queue_id[failed.id].action.kind is ActionKind.REPLACE
        assert by_queue_id[disk_full.id].action.failure.cause is Cause.DISK_FULL
        assert by_queue_id[disk_full.id].action.kind is ActionKind.REPORT_DISK_FULL
        assert [d.download_id for d in report.disk_full] == [disk_full.download_id]
        removed = sorted(r["id"] for r in sim.state.removed_queue_items)
        assert removed == sorted([blocked.id, failed.id])
        assert all(r["blocklist"] for r in sim.state.removed_queue_items)

        clock.advance(timedelta(hours=2))
        report = await RecoveryEngine(
            FileStorage(tmp_path / "r.json"), clock=clock
        ).run(await observe(), clients)
        # Two hours on, the disk-full item is still only reported; the item
        # that was downloading has not moved (the simulator's time stood
        # still), so it is now stuck and replaced too.
        by_queue_id = {
            o.action.failure.arr.queue_id: o
            for o in report.outcomes
            if o.action.failure.arr
        }
        assert by_queue_id[disk_full.id].action.kind is ActionKind.REPORT_DISK_FULL
        assert not by_queue_id[disk_full.id].executed
        # So is the torrent Sonarr reports stalled ("warning", "The download
        # is stalled with no connections"): both are replaced.
        stalled = {
            o.action.failure.arr.queue_id: o
            for o in report.outcomes
            if o.action.failure.cause is Cause.STALLED and o.action.failure.arr
        }
        assert warned.id in stalled
        assert (
            "stalled with no connections" in stalled[warned.id].action.failure.message
        )
        assert len(stalled) == 2
        assert all(
            o.action.kind is ActionKind.REPLACE and o.executed for o in stalled.values()
        )
        assert sorted(r["id"] for r in sim.state.removed_queue_items[-2:]) == sorted(
            stalled
        )
        assert len(sim.state.removed_queue_items) == 4
        assert not sim.contract_violations


async def test_simulated_radarr_import_blocked(
    tmp_path: Path, clock: Clock, socket_enabled: None
) -> None:
    """A Radarr import-blocked movie is blocklisted and searched by movie id."""
    async with start_simulator("radarr") as sim, aiohttp.ClientSession() as session:
        radarr = RadarrClient(session, sim.service_config())
        sim.state.queue.clear()
        movie = next(iter(sim.state.movies.values()))
        item = sim.state.add_queue_item(
            "Some.Movie.2024.1080p.WEB-GRP",
            {"movieId": movie.id},
            done=1.0,
            status="completed",
            tracked_download_status="warning",
            tracked_download_state="importBlocked",
            status_messages=[
                (
                    "Some.Movie.2024.1080p.WEB-GRP.mkv",
                    ["Not an upgrade for existing movie file"],
                )
            ],
        )
        report = await RecoveryEngine(
            FileStorage(tmp_path / "r.json"), clock=clock
        ).run(
            await _observer(radarr=radarr)(), RecoveryClients(arrs={"radarr": radarr})
        )
        [outcome] = report.outcomes
        assert outcome.action.failure.cause is Cause.IMPORT_BLOCKED
        assert outcome.executed and outcome.action.kind is ActionKind.REPLACE
        assert [r["id"] for r in sim.state.removed_queue_items] == [item.id]
        assert [
            c.body for c in sim.state.commands.values() if c.name == "MoviesSearch"
        ] == [{"movieIds": [movie.id]}]
        assert not sim.contract_violations
