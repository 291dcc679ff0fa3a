"""Detection of failed and stuck downloads, and merging SABnzbd with the arrs."""

from __future__ import annotations

from datetime import timedelta

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.recovery.detect import detect_failures
from custom_components.autoarr.recovery.models import (
    ArrObservation,
    ArrQueueEntry,
    Cause,
    ClientHistoryEntry,
    ClientObservation,
    ClientQueueEntry,
    Observation,
)
from custom_components.autoarr.recovery.policy import RecoveryPolicy
from custom_components.autoarr.recovery.state import StallMark

from .conftest import Clock

POLICY = RecoveryPolicy(stall_timeout=timedelta(minutes=30))


def _sab(
    *,
    history: tuple[ClientHistoryEntry, ...] = (),
    queue: tuple[ClientQueueEntry, ...] = (),
    paused: bool = False,
) -> ClientObservation:
    return ClientObservation(
        "sab1", "SABnzbd", history=history, queue=queue, paused=paused
    )


def _sonarr(*queue: ArrQueueEntry) -> ArrObservation:
    return ArrObservation("sonarr1", "Sonarr", ServiceKind.SONARR, queue=queue)


def test_sab_history_failure(clock: Clock) -> None:
    """A failed job in SABnzbd's history is found with its classified cause."""
    observation = Observation(
        clients=(
            _sab(
                history=(
                    ClientHistoryEntry(
                        "SABnzbd_nzo_a",
                        "Show.S01E01",
                        "Failed",
                        "Unpacking failed, CRC error",
                    ),
                    ClientHistoryEntry("SABnzbd_nzo_b", "Show.S01E02", "Completed"),
                )
            ),
        )
    )
    [failure] = detect_failures(observation, {}, clock(), POLICY)
    assert failure.download_id == "SABnzbd_nzo_a"
    assert failure.cause is Cause.CRC_ERROR
    assert failure.client is not None and failure.client.in_history
    assert failure.arr is None
    assert failure.item_key == "download:sabnzbd_nzo_a"


def test_sab_failure_matched_to_owning_arr(clock: Clock) -> None:
    """The arr queue item with the job's nzo_id as downloadId owns it.

    SABnzbd's message names the cause more precisely than the arr's.
    """
    observation = Observation(
        clients=(
            _sab(
                history=(
                    ClientHistoryEntry(
                        "SABnzbd_nzo_a",
                        "Show.S01E01",
                        "Failed",
                        "Aborted, cannot be completed",
                    ),
                )
            ),
        ),
        arrs=(
            _sonarr(
                ArrQueueEntry(
                    id=7,
                    title="Show.S01E01.1080p",
                    status="failed",
                    tracked_download_status="error",
                    tracked_download_state="failedPending",
                    messages=("Download failed",),
                    # The arr keeps its own spelling; matching ignores case.
                    download_id="sabnzbd_nzo_A",
                    episode_ids=(12,),
                    series_id=3,
                ),
            ),
        ),
    )
    [failure] = detect_failures(observation, {}, clock(), POLICY)
    assert failure.cause is Cause.MISSING_ARTICLES
    assert failure.arr is not None
    assert failure.arr.queue_id == 7
    assert failure.arr.episode_ids == (12,)
    assert failure.title == "Show.S01E01.1080p"
    assert failure.item_key == "sonarr1:episodes:12"


def test_arr_cause_used_when_sab_message_unknown(clock: Clock) -> None:
    """With an unrecognised SABnzbd message, the arr's messages decide."""
    observation = Observation(
        clients=(
            _sab(
                history=(
                    ClientHistoryEntry(
                        "nzo_x", "Movie", "Failed", "Post-processing was aborted"
                    ),
                )
            ),
        ),
        arrs=(
            ArrObservation(
                "radarr1",
                "Radarr",
                ServiceKind.RADARR,
                queue=(
                    ArrQueueEntry(
                        id=2,
                        title="Movie.2020",
                        status="completed",
                        tracked_download_status="warning",
                        tracked_download_state="importBlocked",
                        messages=("Not a preferred word upgrade",),
                        download_id="nzo_x",
                        movie_id=44,
                    ),
                ),
            ),
        ),
    )
    [failure] = detect_failures(observation, {}, clock(), POLICY)
    assert failure.cause is Cause.IMPORT_BLOCKED
    assert failure.message == "Not a preferred word upgrade"
    assert failure.item_key == "radarr1:movie:44"


def test_arr_only_failures(clock: Clock) -> None:
    """Import-blocked and error items are found without SABnzbd; healthy ones are not."""
    observation = Observation(
        arrs=(
            _sonarr(
                ArrQueueEntry(
                    1,
                    "A",
                    "completed",
                    "warning",
                    "importBlocked",
                    ("Episode file already imported",),
                    download_id="d1",
                    episode_ids=(1,),
                ),
                ArrQueueEntry(
                    2,
                    "B",
                    "downloading",
                    "error",
                    "downloading",
                    (),
                    "Download client unavailable",
                    download_id="d2",
                    episode_ids=(2,),
                ),
                ArrQueueEntry(
                    3,
                    "C",
                    "downloading",
                    "ok",
                    "downloading",
                    download_id="d3",
                    episode_ids=(3,),
                    size_left=10,
                ),
                ArrQueueEntry(
                    4,
                    "D",
                    "failed",
                    "error",
                    "failed",
                    ("Disk full",),
                    download_id="",
                    episode_ids=(4,),
                ),
            ),
        ),
    )
    failures = {f.title: f for f in detect_failures(observation, {}, clock(), POLICY)}
    assert set(failures) == {"A", "B", "D"}
    assert failures["A"].cause is Cause.IMPORT_BLOCKED
    assert failures["B"].cause is Cause.NETWORK
    assert failures["D"].cause is Cause.DISK_FULL
    # No download id: the arr's queue id keys it.
    assert failures["D"].item_key == "sonarr1:episodes:4"


def test_stalled_sab_job(clock: Clock) -> None:
    """A downloading job whose remaining size does not change is stuck after the timeout."""
    stalls: dict[str, StallMark] = {}
    slot = ClientQueueEntry("nzo_s", "Slow", "Downloading", size_left_bytes=1000)
    observation = Observation(clients=(_sab(queue=(slot,)),))
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=29))
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    clock.advance(timedelta(minutes=1))
    [failure] = detect_failures(observation, stalls, clock(), POLICY)
    assert failure.cause is Cause.STALLED
    assert failure.client is not None and not failure.client.in_history
    assert "30 minutes" in failure.message


def test_progress_resets_stall_clock(clock: Clock) -> None:
    """Progress restarts the timeout; a paused queue or queued job never stalls."""
    stalls: dict[str, StallMark] = {}
    detect_failures(
        Observation(
            clients=(_sab(queue=(ClientQueueEntry("n", "J", "Downloading", 1000),)),)
        ),
        stalls,
        clock(),
        POLICY,
    )
    clock.advance(timedelta(minutes=20))
    detect_failures(
        Observation(
            clients=(_sab(queue=(ClientQueueEntry("n", "J", "Downloading", 900),)),)
        ),
        stalls,
        clock(),
        POLICY,
    )
    clock.advance(timedelta(minutes=20))
    assert (
        detect_failures(
            Observation(
                clients=(_sab(queue=(ClientQueueEntry("n", "J", "Downloading", 900),)),)
            ),
            stalls,
            clock(),
            POLICY,
        )
        == []
    )
    clock.advance(timedelta(hours=5))
    assert (
        detect_failures(
            Observation(
                clients=(
                    _sab(
                        queue=(ClientQueueEntry("n", "J", "Downloading", 900),),
                        paused=True,
                    ),
                )
            ),
            stalls,
            clock(),
            POLICY,
        )
        == []
    )
    # Not active any more: forgotten.
    assert stalls == {}
    assert (
        detect_failures(
            Observation(
                clients=(_sab(queue=(ClientQueueEntry("n", "J", "Queued", 900),)),)
            ),
            stalls,
            clock(),
            POLICY,
        )
        == []
    )


def test_stalled_arr_item_and_sab_stall_owned_by_arr(clock: Clock) -> None:
    """An arr item stuck downloading elsewhere is found; a stuck SABnzbd job gets its owner."""
    stalls: dict[str, StallMark] = {}
    observation = Observation(
        clients=(_sab(queue=(ClientQueueEntry("nzo_1", "Job", "Downloading", 500),)),),
        arrs=(
            _sonarr(
                ArrQueueEntry(
                    1,
                    "Job",
                    "downloading",
                    "ok",
                    "downloading",
                    download_id="NZO_1",
                    episode_ids=(5,),
                    size_left=500,
                ),
                ArrQueueEntry(
                    2,
                    "Torrent",
                    "downloading",
                    "ok",
                    "downloading",
                    download_id="abc",
                    protocol="torrent",
                    episode_ids=(6,),
                    size_left=70,
                ),
            ),
        ),
    )
    assert detect_failures(observation, stalls, clock(), POLICY) == []
    assert set(stalls) == {"nzo_1", "abc"}
    clock.advance(timedelta(hours=1))
    failures = {
        f.download_id.lower(): f
        for f in detect_failures(observation, stalls, clock(), POLICY)
    }
    assert set(failures) == {"nzo_1", "abc"}
    assert failures["nzo_1"].arr is not None and failures["nzo_1"].arr.queue_id == 1
    assert failures["nzo_1"].cause is Cause.STALLED
    assert failures["abc"].client is None and failures["abc"].cause is Cause.STALLED
