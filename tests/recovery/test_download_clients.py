"""Recovery over the download-client seam: any client's downloads, by state.

A client is observed through what every download client returns
(`DownloadItem`s with a `DownloadState`), so recovery needs nothing of the
application: a torrent client's failed or stalled torrent and an NZBGet
failure are found like SABnzbd's jobs; only a client that can download a
failed job again (`RetriesFailed`) is asked to.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.autoarr.arr.downloads import DownloadItem, DownloadState as S
from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.recovery.adapters import download_observation
from custom_components.autoarr.recovery.detect import detect_failures
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import (
    ActionKind,
    ArrObservation,
    ArrQueueEntry,
    Cause,
    Observation,
)
from custom_components.autoarr.recovery.policy import RecoveryPolicy
from custom_components.autoarr.recovery.state import MemoryStorage, StallMark

from .conftest import Clock, RecordingArr, RecordingSab

POLICY = RecoveryPolicy(stall_timeout=timedelta(minutes=30))


def _item(
    item_id: str,
    state: S,
    *,
    size_left: int = 500,
    message: str = "",
    progress: float = 0.5,
    seeds: int | None = None,
    peers: int | None = None,
) -> DownloadItem:
    return DownloadItem(
        id=item_id,
        name=f"Download {item_id}",
        state=state,
        client_state=f"client says {state.value}",
        progress=progress,
        size=1000,
        size_left=size_left,
        message=message,
        seeds=seeds,
        peers=peers,
    )


def _owned(download_id: str) -> ArrObservation:
    return ArrObservation(
        "sonarr1",
        "Sonarr",
        ServiceKind.SONARR,
        queue=(
            ArrQueueEntry(
                4,
                "Show.S01E01",
                "downloading",
                "ok",
                "downloading",
                download_id=download_id.upper(),
                size_left=500,
                episode_ids=(8,),
            ),
        ),
    )


def test_failed_downloads_found_in_history_and_queue(clock: Clock) -> None:
    """A failed job of the history and a failed torrent of the queue are found."""
    observation = Observation(
        clients=(
            download_observation(
                "nzbget1",
                "NZBGet",
                queue=[_item("t1", S.FAILED, message="No space left on device")],
                paused=False,
                history=[
                    _item("7", S.FAILED, message="CRC error"),
                    _item("8", S.COMPLETED),
                ],
            ),
        )
    )
    failures = {
        f.download_id: f for f in detect_failures(observation, {}, clock(), POLICY)
    }
    assert set(failures) == {"7", "t1"}
    assert failures["7"].cause is Cause.CRC_ERROR
    assert failures["t1"].cause is Cause.DISK_FULL
    assert failures["7"].client is not None and not failures["7"].client.retries


def test_stalled_download_timed_by_state(clock: Clock) -> None:
    """An active download that makes no progress is stuck; a paused client waits."""
    stalls: dict[str, StallMark] = {}

    def seen(*, paused: bool = False, state: S = S.STALLED) -> Observation:
        return Observation(
            clients=(
                download_observation(
                    "qb1", "qBittorrent", queue=[_item("abc", state)], paused=paused
                ),
            )
        )

    assert detect_failures(seen(), stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=31))
    [stuck] = detect_failures(seen(), stalls, clock(), POLICY)
    assert (stuck.download_id, stuck.cause) == ("abc", Cause.STALLED)
    assert detect_failures(seen(paused=True), {}, clock(), POLICY) == []
    assert detect_failures(seen(state=S.QUEUED), {}, clock(), POLICY) == []


@pytest.mark.parametrize(
    ("item", "message"),
    [
        # A magnet link with no peers: its metadata never comes.
        (
            _item("m", S.METADATA, progress=0.0, seeds=0, peers=0),
            "No progress for 30 minutes: the metadata never arrived",
        ),
        # A torrent nobody seeds, as qBittorrent, Transmission and Deluge say.
        (
            _item("t", S.STALLED, progress=0.0, seeds=0, peers=0),
            "No progress for 30 minutes at 0%: no seeds or peers",
        ),
        # Peers connected, none of them sending (the client's "stalled").
        (
            _item("p", S.STALLED, progress=0.4271, seeds=0, peers=3),
            "No progress for 30 minutes at 42%: no peer is sending",
        ),
        # Downloading, the client says, yet stuck at a percentage.
        (
            _item("d", S.DOWNLOADING, progress=0.999, seeds=2, peers=5),
            "No progress for 30 minutes at 99%",
        ),
        # A client that does not tell its progress (or tells nonsense).
        (
            _item("u", S.DOWNLOADING, progress=1.7),
            "No progress for 30 minutes at 100%",
        ),
    ],
)
def test_client_state_says_how_a_download_is_stuck(
    clock: Clock, item: DownloadItem, message: str
) -> None:
    """The client's own state (metadata, seeds, peers, progress) names the stall,
    once the download made no progress for the configured time."""
    stalls: dict[str, StallMark] = {}
    observation = Observation(
        clients=(
            download_observation("qb1", "qBittorrent", queue=[item], paused=False),
        )
    )
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=29, seconds=59))
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(seconds=1))
    [failure] = detect_failures(observation, stalls, clock(), POLICY)
    assert (failure.download_id, failure.cause) == (item.id, Cause.STALLED)
    assert failure.message == message
    # A longer timeout (the hub's "Stall timeout" number) waits longer.
    longer = RecoveryPolicy(stall_timeout=timedelta(hours=2))
    assert detect_failures(observation, stalls, clock(), longer) == []


async def test_only_a_client_that_retries_is_asked_to(clock: Clock) -> None:
    """Without `RetriesFailed` the owning arr replaces the release at once."""
    sab, arr = RecordingSab(), RecordingArr()
    failed = [_item("abc", S.FAILED, message="Server timed out")]

    def observation(*, retries: bool) -> Observation:
        client = download_observation(
            "dl1", "Client", queue=[], paused=False, history=failed, retries=retries
        )
        return Observation(clients=(client,), arrs=(_owned("abc"),))

    engine = RecoveryEngine(MemoryStorage(), POLICY, clock=clock)
    clients = RecoveryClients(download_clients={"dl1": sab}, arrs={"sonarr1": arr})
    report = await engine.run(observation(retries=False), clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.REPLACE]
    assert sab.retried == [] and [r[0] for r in arr.removed] == [4]

    engine = RecoveryEngine(MemoryStorage(), POLICY, clock=clock)
    report = await engine.run(observation(retries=True), clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.CLIENT_RETRY]
    assert sab.retried == ["abc"]


def test_client_stall_carries_the_arrs_word(clock: Clock) -> None:
    """A torrent stalled in its client and in the arr's queue is one failure,
    with the arr's reason for it and recovery's timing."""
    stalled = "The download is stalled with no connections"
    arr = ArrObservation(
        "sonarr1",
        "Sonarr",
        ServiceKind.SONARR,
        queue=(
            ArrQueueEntry(
                4,
                "Show.S01E01",
                "warning",
                "warning",
                "downloading",
                error_message=stalled,
                download_id="ABC",
                size_left=500,
                episode_ids=(8,),
            ),
        ),
    )
    observation = Observation(
        clients=(
            download_observation(
                "qb1", "qBittorrent", queue=[_item("abc", S.STALLED)], paused=False
            ),
        ),
        arrs=(arr,),
    )
    stalls: dict[str, StallMark] = {}
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=31))
    [failure] = detect_failures(observation, stalls, clock(), POLICY)
    assert failure.cause is Cause.STALLED
    assert failure.message == (
        f"{stalled} (no progress for 30 minutes at 50%: no peer is sending)"
    )
    assert failure.arr is not None and failure.client is not None
