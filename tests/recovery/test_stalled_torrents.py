"""Stalled torrents reported by Sonarr and Radarr: timed, then replaced.

Sonarr and Radarr show a torrent nobody seeds as a queue item with status
"warning" and the message "The download is stalled with no connections", and
a magnet link without metadata as "qBittorrent is downloading metadata".
Recovery times such an item like a download that makes no progress and,
after the stall timeout, replaces it (remove from the client and the queue,
blocklist, search again), with the same attempts and dry run as any other.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.recovery.classify import arr_item_stalled
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

from .conftest import Clock, RecordingArr

POLICY = RecoveryPolicy(stall_timeout=timedelta(minutes=30))
STALLED = "The download is stalled with no connections"


def _stalled_item(
    *, size_left: int = 1000, message: str = STALLED, status: str = "warning"
) -> ArrQueueEntry:
    return ArrQueueEntry(
        7,
        "Show.S01E01.1080p",
        status,
        "warning",
        "downloading",
        error_message=message,
        messages=(message,),
        download_id="ABCDEF0123",
        protocol="torrent",
        size_left=size_left,
        episode_ids=(11,),
    )


def _observation(item: ArrQueueEntry) -> Observation:
    return Observation(
        arrs=(ArrObservation("sonarr1", "Sonarr", ServiceKind.SONARR, queue=(item,)),)
    )


@pytest.mark.parametrize(
    ("status", "tracked", "messages", "expected"),
    [
        ("warning", "warning", [STALLED], True),
        ("queued", "ok", ["qBittorrent is downloading metadata"], True),
        ("warning", "warning", ["Download client is unavailable"], False),
        ("completed", "ok", [STALLED], False),
        ("warning", "warning", ["", "The torrent is Stalled"], True),
    ],
)
def test_arr_item_stalled(
    status: str, tracked: str, messages: list[str], expected: bool
) -> None:
    assert arr_item_stalled(status, tracked, messages) is expected


def test_stalled_torrent_found_after_the_timeout(clock: Clock) -> None:
    stalls: dict[str, StallMark] = {}
    observation = _observation(_stalled_item())
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=29))
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=1))
    [failure] = detect_failures(observation, stalls, clock(), POLICY)
    assert failure.cause is Cause.STALLED
    assert failure.download_id == "ABCDEF0123"
    assert failure.message == f"{STALLED} (no progress for 30 minutes)"
    assert failure.arr is not None
    assert failure.arr.episode_ids == (11,)


def test_progress_or_another_warning_is_not_stalled(clock: Clock) -> None:
    stalls: dict[str, StallMark] = {}
    detect_failures(_observation(_stalled_item()), stalls, clock(), POLICY)
    clock.advance(timedelta(minutes=40))
    # It moved: the clock starts again.
    moved = _observation(_stalled_item(size_left=900))
    assert detect_failures(moved, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=40))
    other = _observation(_stalled_item(size_left=900, message="Client unavailable"))
    assert detect_failures(other, stalls, clock(), POLICY) == []
    assert stalls == {}


async def test_stalled_torrent_replaced_and_dry_run(clock: Clock) -> None:
    """After the timeout: remove with blocklist and search; a dry run only plans."""
    engine = RecoveryEngine(MemoryStorage(), POLICY, clock=clock)
    observation = _observation(_stalled_item())
    arr = RecordingArr()
    clients = RecoveryClients({}, {"sonarr1": arr})
    await engine.run(observation, clients)
    clock.advance(timedelta(minutes=31))
    dry = await engine.run(observation, clients, dry_run=True)
    assert [o.action.kind for o in dry.outcomes] == [ActionKind.REPLACE]
    assert arr.removed == []
    report = await engine.run(observation, clients)
    assert [o.action.kind for o in report.outcomes] == [ActionKind.REPLACE]
    assert arr.removed == [
        (7, {"blocklist": True, "remove_from_client": True, "skip_redownload": True})
    ]
    assert arr.commands == [("EpisodeSearch", {"episodeIds": [11]})]
