"""The recovery cycle: strategy, backoff, cap, events and persistence."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from custom_components.autoarr.arr.errors import ArrConnectionError
from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import (
    ActionKind,
    ArrObservation,
    ArrQueueEntry,
    Cause,
    ClientHistoryEntry,
    ClientObservation,
    EventType,
    Observation,
)
from custom_components.autoarr.recovery.policy import RecoveryPolicy
from custom_components.autoarr.recovery.state import MemoryStorage

from .conftest import Clock, RecordingArr, RecordingSab

POLICY = RecoveryPolicy(max_attempts=3, backoff_base=timedelta(minutes=5))


def _observation(
    message: str, *, owned: bool = True, nzo: str = "SABnzbd_nzo_1", movie_id: int = 9
) -> Observation:
    arrs: tuple[ArrObservation, ...] = ()
    if owned:
        arrs = (
            ArrObservation(
                "radarr1",
                "Radarr",
                ServiceKind.RADARR,
                queue=(
                    ArrQueueEntry(
                        id=31,
                        title="Movie.2024.1080p",
                        status="failed",
                        tracked_download_status="error",
                        tracked_download_state="failed",
                        download_id=nzo,
                        movie_id=movie_id,
                    ),
                ),
            ),
        )
    return Observation(
        clients=(
            ClientObservation(
                "sab1",
                "SABnzbd",
                history=(ClientHistoryEntry(nzo, "Movie.2024", "Failed", message),),
            ),
        ),
        arrs=arrs,
    )


def _engine(
    storage: MemoryStorage, clock: Clock, policy: RecoveryPolicy = POLICY
) -> RecoveryEngine:
    return RecoveryEngine(storage, policy, clock=clock)


def _kinds(report: object) -> list[EventType]:
    return [e.type for e in report.events]  # type: ignore[attr-defined]


async def test_network_failure_retried_then_replaced_then_given_up(
    clock: Clock,
) -> None:
    """Retries while they can help, then replacement, with backoff, up to the cap."""
    storage = MemoryStorage()
    sab, arr = RecordingSab(), RecordingArr()
    clients = RecoveryClients(download_clients={"sab1": sab}, arrs={"radarr1": arr})
    engine = _engine(storage, clock)
    observation = _observation("Server timed out")

    report = await engine.run(observation, clients)
    assert _kinds(report) == [
        EventType.DOWNLOAD_FAILED,
        EventType.RECOVERY_STARTED,
        EventType.RECOVERY_SUCCEEDED,
    ]
    assert [o.action.kind for o in report.outcomes] == [ActionKind.CLIENT_RETRY]
    assert sab.retried == ["SABnzbd_nzo_1"]

    # Too early for the second attempt: 5 minutes backoff.
    clock.advance(timedelta(minutes=4))
    report = await engine.run(observation, clients)
    [outcome] = report.outcomes
    assert outcome.action.kind is ActionKind.WAIT
    assert outcome.action.not_before == clock.now + timedelta(minutes=1)
    assert report.events == []
    assert sab.retried == ["SABnzbd_nzo_1"]

    # The retried job leaves the history while it downloads again ...
    clock.advance(timedelta(seconds=30))
    report = await engine.run(Observation(), clients)
    assert report.failures == [] and report.events == []
    # ... and fails again: announced again, retried again.
    clock.advance(timedelta(seconds=30))
    report = await engine.run(observation, clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.CLIENT_RETRY]
    assert _kinds(report)[0] is EventType.DOWNLOAD_FAILED
    assert len(sab.retried) == 2

    # Network retries used up (2): replace, after 10 minutes.
    clock.advance(timedelta(minutes=9))
    assert (await engine.run(observation, clients)).outcomes[
        0
    ].action.kind is ActionKind.WAIT
    clock.advance(timedelta(minutes=1))
    report = await engine.run(observation, clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.REPLACE]
    assert arr.removed == [
        (31, {"blocklist": True, "remove_from_client": True, "skip_redownload": True})
    ]
    assert arr.commands == [("MoviesSearch", {"movieIds": [9]})]

    # What the replaced release left in SABnzbd is not a new failure.
    clock.advance(timedelta(minutes=1))
    report = await engine.run(_observation("Server timed out", owned=False), clients)
    assert report.failures == [] and report.outcomes == []

    # The replacement (a new download of the same movie) fails too: the cap
    # (3 per movie) is reached, so give up once, then stay quiet.
    replacement = _observation("Server timed out", nzo="SABnzbd_nzo_2")
    clock.advance(timedelta(hours=1))
    report = await engine.run(replacement, clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.GIVE_UP]
    assert _kinds(report) == [EventType.DOWNLOAD_FAILED, EventType.RECOVERY_GAVE_UP]
    clock.advance(timedelta(hours=1))
    report = await engine.run(replacement, clients)
    assert report.outcomes == [] and report.events == []
    assert len(arr.removed) == 1 and len(sab.retried) == 2
    record = engine.records["radarr1:movie:9"]
    assert record.attempts == 3 and record.client_retries == 2 and record.gave_up


async def test_missing_articles_replaced_at_once(clock: Clock) -> None:
    """Missing articles: no SABnzbd retry, straight to replacement (Sonarr episodes)."""
    sab, arr = RecordingSab(), RecordingArr()
    observation = Observation(
        clients=(
            ClientObservation(
                "sab1",
                "SAB",
                history=(
                    ClientHistoryEntry(
                        "n1", "Show", "Failed", "Aborted, cannot be completed"
                    ),
                ),
            ),
        ),
        arrs=(
            ArrObservation(
                "sonarr1",
                "Sonarr",
                ServiceKind.SONARR,
                queue=(
                    ArrQueueEntry(
                        5,
                        "Show.S01E01",
                        "failed",
                        "error",
                        "failed",
                        download_id="n1",
                        episode_ids=(101, 102),
                    ),
                ),
            ),
        ),
    )
    report = await _engine(MemoryStorage(), clock).run(
        observation, RecoveryClients({"sab1": sab}, {"sonarr1": arr})
    )
    assert [o.action.kind for o in report.outcomes] == [ActionKind.REPLACE]
    assert sab.retried == []
    assert arr.commands == [("EpisodeSearch", {"episodeIds": [101, 102]})]


async def test_replace_without_media_ids_lets_the_arr_search(clock: Clock) -> None:
    """With no episode or movie id, the arr's own redownload searches."""
    arr = RecordingArr()
    observation = Observation(
        arrs=(
            ArrObservation(
                "sonarr1",
                "Sonarr",
                ServiceKind.SONARR,
                queue=(
                    ArrQueueEntry(5, "X", "failed", "error", "failed", download_id="z"),
                ),
            ),
        ),
    )
    await _engine(MemoryStorage(), clock).run(
        observation, RecoveryClients(arrs={"sonarr1": arr})
    )
    assert arr.removed == [
        (5, {"blocklist": True, "remove_from_client": True, "skip_redownload": False})
    ]
    assert arr.commands == []


async def test_unowned_failure_given_up(clock: Clock) -> None:
    """A manual download nobody can replace is given up on when a retry cannot help."""
    sab = RecordingSab()
    report = await _engine(MemoryStorage(), clock).run(
        _observation("Unpacking failed, archive requires a password", owned=False),
        RecoveryClients(download_clients={"sab1": sab}),
    )
    assert [o.action.kind for o in report.outcomes] == [ActionKind.GIVE_UP]
    assert _kinds(report) == [EventType.DOWNLOAD_FAILED, EventType.RECOVERY_GAVE_UP]
    assert report.failures[0].cause is Cause.ENCRYPTED
    assert sab.retried == []


async def test_disk_full_retries_nothing(clock: Clock) -> None:
    """Disk full is reported for a repair issue and never retried."""
    sab, arr = RecordingSab(), RecordingArr()
    engine = _engine(MemoryStorage(), clock)
    clients = RecoveryClients({"sab1": sab}, {"radarr1": arr})
    for _ in range(3):
        report = await engine.run(
            _observation("Unpacking failed, write error or disk is full?"), clients
        )
        clock.advance(timedelta(hours=2))
        assert [o.action.kind for o in report.outcomes] == [ActionKind.REPORT_DISK_FULL]
        assert [f.download_id for f in report.disk_full] == ["SABnzbd_nzo_1"]
    assert sab.retried == [] and arr.removed == []
    assert engine.records == {}


async def test_dry_run_plans_without_changing_anything(clock: Clock) -> None:
    """dry_run returns the plan; no call, no save, no event, no attempt."""
    storage = MemoryStorage()
    sab = RecordingSab()
    engine = _engine(storage, clock)
    report = await engine.run(
        _observation("Server timed out"), RecoveryClients({"sab1": sab}), dry_run=True
    )
    assert report.dry_run
    assert report.as_dict()["actions"][0]["action"] == "client_retry"
    assert report.as_dict()["actions"][0]["executed"] is False
    assert report.events == []
    assert sab.retried == [] and storage.saves == 0 and engine.records == {}


async def test_switched_off_announces_but_does_not_act(clock: Clock) -> None:
    """With automatic recovery off, failures are announced once and nothing is done."""
    sab = RecordingSab()
    engine = _engine(MemoryStorage(), clock)
    clients = RecoveryClients({"sab1": sab})
    report = await engine.run(_observation("Server timed out"), clients, act=False)
    assert _kinds(report) == [EventType.DOWNLOAD_FAILED]
    assert [o.executed for o in report.outcomes] == [False]
    report = await engine.run(_observation("Server timed out"), clients, act=False)
    assert report.events == []
    assert sab.retried == []


async def test_restart_neither_repeats_nor_forgets(clock: Clock) -> None:
    """A new engine on the same storage continues where the old one stopped."""
    storage = MemoryStorage()
    sab, arr = RecordingSab(), RecordingArr()
    clients = RecoveryClients({"sab1": sab}, {"radarr1": arr})
    observation = _observation("Server timed out")
    await _engine(storage, clock).run(observation, clients)
    assert sab.retried == ["SABnzbd_nzo_1"]

    # Restart right away: the attempt is remembered, its backoff respected,
    # the failure not announced again.
    restarted = _engine(storage, clock)
    report = await restarted.run(observation, clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.WAIT]
    assert report.events == []
    assert sab.retried == ["SABnzbd_nzo_1"]
    assert restarted.records["radarr1:movie:9"].attempts == 1


async def test_crash_between_save_and_action_does_not_repeat(clock: Clock) -> None:
    """The attempt is saved before the call: a crash mid-call never repeats it."""
    storage = MemoryStorage()
    crashing = RecordingSab(fail_with=asyncio.CancelledError())
    with pytest.raises(asyncio.CancelledError):
        await _engine(storage, clock).run(
            _observation("Server timed out"), RecoveryClients({"sab1": crashing})
        )
    sab = RecordingSab()
    report = await _engine(storage, clock).run(
        _observation("Server timed out"), RecoveryClients({"sab1": sab})
    )
    assert [o.action.kind for o in report.outcomes] == [ActionKind.WAIT]
    assert sab.retried == []


async def test_failed_action_counts_and_is_reported(clock: Clock) -> None:
    """A service error is kept on the record and the attempt still counts."""
    sab = RecordingSab(fail_with=ArrConnectionError("cannot connect to SABnzbd"))
    engine = _engine(MemoryStorage(), clock)
    report = await engine.run(
        _observation("Server timed out"), RecoveryClients({"sab1": sab})
    )
    [outcome] = report.outcomes
    assert not outcome.executed and outcome.error == "cannot connect to SABnzbd"
    assert EventType.RECOVERY_SUCCEEDED not in _kinds(report)
    record = engine.records["radarr1:movie:9"]
    assert record.attempts == 1 and record.last_error == "cannot connect to SABnzbd"


async def test_missing_client_is_an_error_not_a_crash(clock: Clock) -> None:
    """An action for a service that is not loaded fails cleanly."""
    report = await _engine(MemoryStorage(), clock).run(
        _observation("Server timed out"), RecoveryClients()
    )
    assert "not loaded" in (report.outcomes[0].error or "")
    report = await _engine(MemoryStorage(), clock).run(
        _observation("Aborted, cannot be completed"), RecoveryClients()
    )
    assert "not loaded" in (report.outcomes[0].error or "")


async def test_old_records_are_pruned(clock: Clock) -> None:
    """Records with no activity for the retention time are forgotten."""
    storage = MemoryStorage()
    engine = _engine(storage, clock, RecoveryPolicy(retention=timedelta(days=1)))
    await engine.run(
        _observation("Server timed out"), RecoveryClients({"sab1": RecordingSab()})
    )
    assert engine.records
    clock.advance(timedelta(days=2))
    await engine.run(Observation(), RecoveryClients())
    assert engine.records == {}
    assert storage.data is not None and storage.data["records"] == []


async def test_unowned_retry_keeps_counting_under_new_id(clock: Clock) -> None:
    """A retried job SABnzbd renumbers keeps its attempts (no endless retries)."""
    policy = RecoveryPolicy(max_attempts=5, backoff_base=timedelta(0))
    sab = RecordingSab(new_ids=["SABnzbd_nzo_2", "SABnzbd_nzo_3"])
    engine = _engine(MemoryStorage(), clock, policy)
    clients = RecoveryClients({"sab1": sab})
    for nzo in ("SABnzbd_nzo_1", "SABnzbd_nzo_2", "SABnzbd_nzo_3"):
        clock.advance(timedelta(minutes=1))
        report = await engine.run(
            _observation("Server timed out", owned=False, nzo=nzo), clients
        )
    # Two network retries, then nobody can replace it: given up.
    assert sab.retried == ["SABnzbd_nzo_1", "SABnzbd_nzo_2"]
    assert [o.action.kind for o in report.outcomes] == [ActionKind.GIVE_UP]
    assert list(engine.records) == ["download:sabnzbd_nzo_1"]


async def test_dry_run_uses_known_aliases(clock: Clock) -> None:
    """A dry run sees the same attempt history a real run would."""
    sab = RecordingSab(new_ids=["SABnzbd_nzo_2"])
    engine = _engine(MemoryStorage(), clock, RecoveryPolicy(backoff_base=timedelta(0)))
    await engine.run(
        _observation("Server timed out", owned=False), RecoveryClients({"sab1": sab})
    )
    report = await engine.run(
        _observation("Server timed out", owned=False, nzo="SABnzbd_nzo_2"),
        RecoveryClients({"sab1": sab}),
        dry_run=True,
    )
    [outcome] = report.outcomes
    assert (
        outcome.action.kind is ActionKind.CLIENT_RETRY and outcome.action.attempt == 2
    )


async def test_arr_handles_failed_pending_itself_first(clock: Clock) -> None:
    """An arr processes a failedPending download itself; recovery waits its grace."""
    arr = RecordingArr()
    observation = Observation(
        arrs=(
            ArrObservation(
                "sonarr1",
                "Sonarr",
                ServiceKind.SONARR,
                queue=(
                    ArrQueueEntry(
                        5,
                        "Show",
                        "failed",
                        "error",
                        "failedPending",
                        download_id="n1",
                        episode_ids=(3,),
                    ),
                ),
            ),
        ),
    )
    engine = _engine(
        MemoryStorage(), clock, RecoveryPolicy(arr_grace=timedelta(minutes=15))
    )
    clients = RecoveryClients(arrs={"sonarr1": arr})
    report = await engine.run(observation, clients)
    [outcome] = report.outcomes
    assert outcome.action.kind is ActionKind.WAIT and "handles" in outcome.action.reason
    assert outcome.action.not_before == clock.now + timedelta(minutes=15)
    clock.advance(timedelta(minutes=15))
    report = await engine.run(observation, clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.REPLACE]
    assert [r[0] for r in arr.removed] == [5]


async def test_sab_leftover_of_a_download_the_arr_failed_is_ignored(
    clock: Clock,
) -> None:
    """The arr recorded the failure and dropped it from its queue: not ours to give up on."""
    observation = _observation("Aborted, cannot be completed", owned=False)
    handled = Observation(
        clients=observation.clients, handled_by_arr=frozenset({"sabnzbd_nzo_1"})
    )
    report = await _engine(MemoryStorage(), clock).run(
        handled, RecoveryClients({"sab1": RecordingSab()})
    )
    assert report.failures == [] and report.events == []
