"""Choose what to do about one failed download, given its attempt history."""

from __future__ import annotations

from datetime import datetime

from .models import ActionKind, Cause, FailedDownload, PlannedAction
from .policy import RecoveryPolicy
from .state import AttemptRecord

# The arr states in which Sonarr/Radarr ("failedPending") and Lidarr
# ("downloadFailedPending") process a failure themselves.
ARR_HANDLES_STATES = frozenset({"failedpending", "downloadfailedpending"})


def choose_action(
    failure: FailedDownload,
    record: AttemptRecord | None,
    policy: RecoveryPolicy,
    now: datetime,
    *,
    failing_since: datetime | None = None,
) -> PlannedAction | None:
    """Return the next action for a failure, or None when it was given up on.

    Order of preference: nothing is retried when the disk is full; a retry
    in the download client (SABnzbd's) while it can still help for this cause; otherwise replace
    the release through the arr that owns it; give up when the attempts are
    used up or nobody owns the download.
    """
    attempts = record.attempts if record else 0
    if failure.cause is Cause.DISK_FULL:
        return PlannedAction(
            failure,
            ActionKind.REPORT_DISK_FULL,
            attempts,
            "the disk is full: retrying would fail again, free some space first",
        )
    if record is not None and record.gave_up:
        return None
    next_attempt = attempts + 1
    if attempts >= policy.max_attempts:
        return PlannedAction(
            failure,
            ActionKind.GIVE_UP,
            attempts,
            f"{attempts} attempts made, the limit is {policy.max_attempts}",
        )
    if record is not None and record.last_attempt is not None:
        not_before = record.last_attempt + policy.delay_before(next_attempt)
        if now < not_before:
            return PlannedAction(
                failure,
                ActionKind.WAIT,
                next_attempt,
                "waiting before the next attempt",
                not_before=not_before,
            )
    if (
        failure.arr is not None
        and failure.arr.state.lower() in ARR_HANDLES_STATES
        and failing_since is not None
        and now < failing_since + policy.arr_grace
    ):
        return PlannedAction(
            failure,
            ActionKind.WAIT,
            next_attempt,
            f"{str(failure.arr.kind).capitalize()} handles this failed download "
            "itself; waiting",
            not_before=failing_since + policy.arr_grace,
        )
    client_retries = record.client_retries if record else 0
    if (
        failure.client is not None
        and failure.client.in_history
        and failure.client.retries
        and client_retries < policy.client_retries_for(failure.cause)
    ):
        return PlannedAction(
            failure,
            ActionKind.CLIENT_RETRY,
            next_attempt,
            f"{failure.cause.value}: downloading again in SABnzbd can help",
        )
    if failure.arr is not None:
        return PlannedAction(
            failure,
            ActionKind.REPLACE,
            next_attempt,
            f"{failure.cause.value}: blocklisting this release and searching "
            f"{str(failure.arr.kind).capitalize()} for another",
        )
    return PlannedAction(
        failure,
        ActionKind.GIVE_UP,
        attempts,
        f"{failure.cause.value}: no Sonarr or Radarr owns this download and "
        "retrying cannot help",
    )
