"""Find failed and stuck downloads in one observation of the stack.

A download usually shows up twice: as a failed job in its download
client's history or queue and as a failed item in the queue of the arr that
grabbed it (the arr's `downloadId` is the client's id: SABnzbd's `nzo_id`, a
torrent's hash in capitals). Both are merged into one `FailedDownload` that
knows where to retry it and which arr owns it. The clients' jobs are judged
by their `DownloadState`, whatever the client.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
import math

from custom_components.autoarr.arr.downloads import DownloadState

from .classify import (
    arr_item_failed,
    arr_item_stalled,
    classify_arr_item,
    classify_message,
)
from .models import (
    ArrObservation,
    ArrQueueEntry,
    ArrRef,
    Cause,
    ClientQueueEntry,
    ClientRef,
    FailedDownload,
    Observation,
)
from .policy import RecoveryPolicy
from .state import StallMark

ARR_ACTIVE_STATUSES = frozenset({"downloading"})


@dataclass(slots=True)
class _Candidate:
    failure: FailedDownload
    # Whether the cause came from the download client's own fail message
    # (SABnzbd's), which is more specific than the arr's summary of it.
    cause_from_client: bool


def detect_failures(
    observation: Observation,
    stalls: dict[str, StallMark],
    now: datetime,
    policy: RecoveryPolicy,
) -> list[FailedDownload]:
    """Return the failed and stuck downloads in an observation.

    `stalls` is updated in place: it tracks when each active download's
    remaining size last changed, and forgets downloads no longer active.
    """
    found: dict[str, _Candidate] = {}
    seen_active: set[str] = set()

    for client in observation.clients:
        for job in client.history:
            if job.state is not DownloadState.FAILED:
                continue
            cause = classify_message(job.fail_message)
            found[job.job_id.lower()] = _Candidate(
                FailedDownload(
                    download_id=job.job_id,
                    title=job.name,
                    cause=cause,
                    message=job.fail_message,
                    client=ClientRef(
                        client.service_id,
                        job.job_id,
                        in_history=True,
                        retries=client.retries,
                    ),
                ),
                cause_from_client=cause is not Cause.UNKNOWN,
            )
        for slot in client.queue:
            # Only active downloads make progress on their own; queued or
            # paused ones wait.
            if client.paused or slot.state is None or not slot.state.active:
                continue
            key = slot.job_id.lower()
            seen_active.add(key)
            if _timed_out(stalls, key, slot.size_left_bytes, now, policy):
                found.setdefault(
                    key,
                    _Candidate(
                        FailedDownload(
                            download_id=slot.job_id,
                            title=slot.name,
                            cause=Cause.STALLED,
                            message=_client_stall_message(slot, policy),
                            client=ClientRef(
                                client.service_id,
                                slot.job_id,
                                in_history=False,
                                retries=client.retries,
                            ),
                        ),
                        cause_from_client=True,
                    ),
                )

    for arr in observation.arrs:
        for item in arr.queue:
            _merge_arr_item(found, arr, item, stalls, seen_active, now, policy)

    for key in list(stalls):
        if key not in seen_active:
            del stalls[key]
    return [candidate.failure for candidate in found.values()]


def _merge_arr_item(
    found: dict[str, _Candidate],
    arr: ArrObservation,
    item: ArrQueueEntry,
    stalls: dict[str, StallMark],
    seen_active: set[str],
    now: datetime,
    policy: RecoveryPolicy,
) -> None:
    key = (item.download_id or f"{arr.service_id}:queue:{item.id}").lower()
    ref = ArrRef(
        service_id=arr.service_id,
        kind=arr.kind,
        queue_id=item.id,
        episode_ids=item.episode_ids,
        movie_id=item.movie_id,
        album_id=item.album_id,
        state=item.tracked_download_state,
    )
    existing = found.get(key)
    previous = existing.failure.arr if existing is not None else None
    if previous is not None and previous.service_id == arr.service_id:
        # A season pack: the arr lists one download once per episode. It is
        # one failure, for every episode the pack was meant to bring.
        ref = replace(
            previous,
            episode_ids=tuple(sorted({*previous.episode_ids, *item.episode_ids})),
        )
    failed = arr_item_failed(
        item.status, item.tracked_download_status, item.tracked_download_state
    )
    reported_stalled = arr_item_stalled(
        item.status, item.tracked_download_status, _messages(item)
    )
    if existing is not None:
        # The download client saw it fail (or stall); this arr owns it.
        failure = replace(
            existing.failure, arr=ref, title=item.title or existing.failure.title
        )
        if failed and not existing.cause_from_client:
            arr_cause = classify_arr_item(item.tracked_download_state, _messages(item))
            failure = replace(
                failure, cause=arr_cause, message=_message(item) or failure.message
            )
        elif reported_stalled and failure.cause is Cause.STALLED:
            # The arr says why it makes no progress ("no connections").
            failure = replace(failure, message=_stalled(item, failure.message))
        existing.failure = failure
        return
    if failed:
        found[key] = _Candidate(
            FailedDownload(
                download_id=item.download_id,
                title=item.title,
                cause=classify_arr_item(item.tracked_download_state, _messages(item)),
                message=_message(item),
                arr=ref,
            ),
            cause_from_client=False,
        )
        return
    # A torrent the arr reports stalled ("warning", "The download is stalled
    # with no connections") or waiting for metadata is timed like a download
    # that makes no progress.
    if (
        (item.status.lower() in ARR_ACTIVE_STATUSES or reported_stalled)
        and item.size_left is not None
        and key not in seen_active
    ):
        seen_active.add(key)
        if _timed_out(stalls, key, item.size_left, now, policy):
            message = _stall_message(policy)
            if reported_stalled:
                message = _stalled(item, message)
            found[key] = _Candidate(
                FailedDownload(
                    download_id=item.download_id,
                    title=item.title,
                    cause=Cause.STALLED,
                    message=message,
                    arr=ref,
                ),
                cause_from_client=False,
            )


def _timed_out(
    stalls: dict[str, StallMark],
    key: str,
    size_left: int,
    now: datetime,
    policy: RecoveryPolicy,
) -> bool:
    mark = stalls.get(key)
    if mark is None or mark.size_left != size_left:
        stalls[key] = StallMark(size_left, now)
        return False
    return now - mark.since >= policy.stall_timeout


def _stalled(item: ArrQueueEntry, message: str) -> str:
    """Return the arr's word on a stalled download with recovery's timing."""
    return f"{_message(item)} ({message[0].lower()}{message[1:]})"


def _stall_message(policy: RecoveryPolicy) -> str:
    minutes = int(policy.stall_timeout.total_seconds() // 60)
    return f"No progress for {minutes} minutes"


def _client_stall_message(slot: ClientQueueEntry, policy: RecoveryPolicy) -> str:
    """Return how a download is stuck, in the client's own terms.

    A magnet link whose metadata never arrived, a torrent with no seeds or
    peers (or none sending), or a download stuck at a percentage.
    """
    message = _stall_message(policy)
    if slot.state is DownloadState.METADATA:
        return f"{message}: the metadata never arrived"
    if slot.progress is not None:
        message += f" at {min(max(math.floor(slot.progress * 100), 0), 100)}%"
    if slot.seeds == 0 and slot.peers == 0:
        return f"{message}: no seeds or peers"
    if slot.state is DownloadState.STALLED:
        return f"{message}: no peer is sending"
    return message


def _messages(item: ArrQueueEntry) -> list[str]:
    return [item.error_message, *item.messages]


def _message(item: ArrQueueEntry) -> str:
    # The error message is often repeated as a status message.
    return "; ".join(dict.fromkeys(m for m in _messages(item) if m))
