"""Tell why a download failed from the messages SABnzbd and the arrs give.

The patterns follow the texts SABnzbd 4/5 writes into `fail_message` and the
status messages Sonarr and Radarr attach to queue items. Order matters: a
message such as "Unpacking failed, write error or disk is full?" also
contains "unpacking failed", and the disk is the cause to act on.
"""

from __future__ import annotations

from collections.abc import Iterable
import re

from .models import Cause

_PATTERNS: tuple[tuple[Cause, re.Pattern[str]], ...] = (
    (
        Cause.DISK_FULL,
        re.compile(
            r"disk (is )?full|no space left|not enough (free )?(disk )?space"
            r"|insufficient (disk )?space|out of disk space|file too large",
        ),
    ),
    (
        Cause.ENCRYPTED,
        re.compile(r"password|encrypt"),
    ),
    (
        Cause.CRC_ERROR,
        re.compile(
            r"\bcrc\b|repair(ing)? failed|par2|failed to verify|corrupt"
            r"|unusable rar|join of .* failed|checksum",
        ),
    ),
    (
        Cause.MISSING_ARTICLES,
        re.compile(
            r"not on your server|cannot be completed|missing articles?"
            r"|might fail, only|not-complete|incomplete|articles? (were )?missing",
        ),
    ),
    (
        Cause.NETWORK,
        re.compile(
            r"connection|timed? ?out|network|unreachable|unavailable|refused|ssl|\btls\b"
            r"|server (returned|error)|could not connect|unable to connect",
        ),
    ),
)

# Arr queue values (compared lower-case) that mean "failed". A queue status
# of "warning" alone is not one: the arrs also use it for transient trouble
# such as an unreachable download client.
FAILED_ARR_STATUSES = frozenset({"failed"})
# A queue item in "warning" with one of these messages is a download that
# cannot make progress: Sonarr and Radarr say "The download is stalled with no
# connections" for a torrent nobody seeds, and "qBittorrent is downloading
# metadata" for a magnet link whose metadata never arrives.
STALLED_ARR_STATUSES = frozenset({"warning", "queued", "downloading"})
_STALLED_MESSAGE = re.compile(
    r"\bstalled\b|no connections|downloading metadata|metadata download",
    re.IGNORECASE,
)
# Lidarr names its failed states "downloadFailedPending", "downloadFailed"
# and "importFailed".
FAILED_ARR_STATES = frozenset(
    {
        "failedpending",
        "failed",
        "importblocked",
        "downloadfailedpending",
        "downloadfailed",
        "importfailed",
    }
)
IMPORT_BLOCKED_STATES = frozenset({"importblocked"})


def classify_message(*messages: str) -> Cause:
    """Return the cause the first recognisable message points to."""
    text = " | ".join(m for m in messages if m).lower()
    if not text:
        return Cause.UNKNOWN
    for cause, pattern in _PATTERNS:
        if pattern.search(text):
            return cause
    return Cause.UNKNOWN


def classify_arr_item(tracked_download_state: str, messages: Iterable[str]) -> Cause:
    """Return the cause of a failed arr queue item.

    The messages win when they name a cause (a disk-full import is a disk
    problem, not an import problem); otherwise an import-blocked state is
    reported as such.
    """
    message_list = [m for m in messages if m]
    cause = classify_message(*message_list)
    if cause is not Cause.UNKNOWN:
        return cause
    if tracked_download_state.lower() in IMPORT_BLOCKED_STATES:
        return Cause.IMPORT_BLOCKED
    return Cause.UNKNOWN


def arr_item_failed(
    status: str, tracked_download_status: str, tracked_download_state: str
) -> bool:
    """Return whether an arr queue item is failed, failing or blocked."""
    return (
        status.lower() in FAILED_ARR_STATUSES
        or tracked_download_state.lower() in FAILED_ARR_STATES
        or tracked_download_status.lower() == "error"
    )


def arr_item_stalled(
    status: str, tracked_download_status: str, messages: Iterable[str]
) -> bool:
    """Return whether an arr queue item reports a stalled download.

    Its status (or tracked download status) is a warning or a waiting state,
    and one of its messages says it is stalled or waiting for metadata; how
    long it has been so is up to the caller.
    """
    states = {status.lower(), tracked_download_status.lower()}
    if not states & STALLED_ARR_STATUSES:
        return False
    return any(_STALLED_MESSAGE.search(message) for message in messages if message)
