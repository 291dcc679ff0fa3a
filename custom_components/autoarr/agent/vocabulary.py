"""One vocabulary for the state of a download, whoever reports it.

Sonarr and Radarr describe a queue record by its `status` ("downloading",
"queued", "delay", "completed"...), its `trackedDownloadState`
("importPending", "importBlocked", "failed"...) and its
`trackedDownloadStatus` ("ok", "warning", "error"); SABnzbd by a slot status
("Downloading", "Queued", "Paused"...); the other download clients by a
`DownloadState`. This module maps all of them onto AutoArr's states, in one
place, and orders downloads by what matters. The queue sensors, the actions,
the events and the spoken answers all read it, so they say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from custom_components.autoarr.arr.downloads import DownloadState, sabnzbd_state
from custom_components.autoarr.arr.models import QueueItem


class QueueState(StrEnum):
    """The state of one download, in AutoArr's words."""

    DOWNLOADING = "downloading"
    # Meant to download, but nothing arrives (no seeds, no connections).
    STALLED = "stalled"
    # The service flags it; `reason` says why.
    WARNING = "warning"
    FAILED = "failed"
    # Waiting for its turn (a full queue, a delay profile).
    QUEUED = "queued"
    PAUSED = "paused"
    # Downloaded; the arr is moving it into the library.
    IMPORTING = "importing"
    COMPLETED = "completed"


# What matters first: what is downloading, then what needs a look, then what
# waits; what is done (importing, completed) comes last, apart.
RANK: Final[dict[QueueState, int]] = {
    QueueState.DOWNLOADING: 0,
    QueueState.STALLED: 1,
    QueueState.WARNING: 1,
    QueueState.FAILED: 1,
    QueueState.QUEUED: 2,
    QueueState.PAUSED: 3,
    QueueState.IMPORTING: 4,
    QueueState.COMPLETED: 5,
}

# States of a download still in the download client, which the client knows
# better than the arr does.
TRANSFER_STATES: Final = frozenset(
    {QueueState.DOWNLOADING, QueueState.QUEUED, QueueState.PAUSED}
)


@dataclass(frozen=True, slots=True)
class QueueStatus:
    """A state and, for warnings, failures and stalls, the reason."""

    state: QueueState
    reason: str | None = None


_TRACKED_STATES: Final[dict[str, QueueState]] = {
    "imported": QueueState.COMPLETED,
    "ignored": QueueState.COMPLETED,
    "importing": QueueState.IMPORTING,
    "importpending": QueueState.IMPORTING,
    "importblocked": QueueState.WARNING,
    "failedpending": QueueState.FAILED,
    "failed": QueueState.FAILED,
}

_ARR_STATUSES: Final[dict[str, QueueState]] = {
    "downloading": QueueState.DOWNLOADING,
    "queued": QueueState.QUEUED,
    "delay": QueueState.QUEUED,
    "fallback": QueueState.QUEUED,
    "unknown": QueueState.QUEUED,
    "paused": QueueState.PAUSED,
    # Downloaded, not yet picked up for import.
    "completed": QueueState.IMPORTING,
    "failed": QueueState.FAILED,
    "warning": QueueState.WARNING,
    "downloadclientunavailable": QueueState.WARNING,
}

# What a warning or failure says when the arr flags it without a message.
NO_REASON: Final = "No reason given"
# AutoArr's own reasons for a client's download (the services' are their words).
NO_PEERS: Final = "No seeds or peers"
CLIENT_FAILED: Final = "Failed in the client"

# Why a warning is one when the arr gives no message of its own.
_DEFAULT_REASONS: Final[dict[str, str]] = {
    "downloadclientunavailable": "Download client unavailable",
    "importblocked": "Import blocked",
}


def queue_item_problem(item: QueueItem) -> str | None:
    """Return what the arr says is wrong with a download, if anything.

    Its error message, else the first status message of a download it flags
    (Radarr 5 keeps a finished download it cannot import as "completed" with
    a warning: "Manual Import required.").
    """
    if item.error_message:
        return item.error_message
    if not item.has_problem:
        return None
    return next(
        (line for message in item.status_messages for line in message.messages),
        None,
    )


def arr_status(
    status: str,
    tracked_state: str | None,
    tracked_status: str | None,
    problem: str | None = None,
) -> QueueStatus:
    """Return AutoArr's state of an arr queue record.

    The tracked state (how far the arr got with it) comes first; while the
    record is still downloading, its status says how; a record the arr flags
    (tracked status warning or error) is a warning with the arr's message,
    or stalled when that message says so.
    """
    tracked = (tracked_state or "").lower()
    raw = status.lower()
    state = _TRACKED_STATES.get(tracked) or _ARR_STATUSES.get(raw, QueueState.QUEUED)
    flagged = (tracked_status or "").lower() in ("warning", "error") or bool(problem)
    reason = problem or _DEFAULT_REASONS.get(tracked) or _DEFAULT_REASONS.get(raw)
    if state in TRANSFER_STATES and flagged:
        state = QueueState.WARNING
    if state is QueueState.WARNING and reason and "stalled" in reason.lower():
        state = QueueState.STALLED
    if state in (QueueState.WARNING, QueueState.STALLED, QueueState.FAILED):
        return QueueStatus(state, reason or NO_REASON)
    if state is QueueState.IMPORTING and flagged and reason:
        return QueueStatus(QueueState.WARNING, reason)
    return QueueStatus(state)


def queue_item_status(item: QueueItem) -> QueueStatus:
    """Return AutoArr's state of a Sonarr or Radarr queue record."""
    return arr_status(
        item.status,
        item.tracked_download_state,
        item.tracked_download_status,
        queue_item_problem(item),
    )


_CLIENT_STATES: Final[dict[DownloadState, QueueStatus]] = {
    DownloadState.DOWNLOADING: QueueStatus(QueueState.DOWNLOADING),
    DownloadState.CHECKING: QueueStatus(QueueState.DOWNLOADING),
    DownloadState.QUEUED: QueueStatus(QueueState.QUEUED),
    DownloadState.PAUSED: QueueStatus(QueueState.PAUSED),
    DownloadState.STALLED: QueueStatus(QueueState.STALLED, NO_PEERS),
    # Fetching the NZB, or a magnet's metadata: waiting for its turn.
    DownloadState.METADATA: QueueStatus(QueueState.QUEUED),
    DownloadState.SEEDING: QueueStatus(QueueState.COMPLETED),
    DownloadState.COMPLETED: QueueStatus(QueueState.COMPLETED),
    DownloadState.FAILED: QueueStatus(QueueState.FAILED),
    DownloadState.UNKNOWN: QueueStatus(QueueState.QUEUED),
}


def client_status(state: DownloadState, message: str = "") -> QueueStatus:
    """Return AutoArr's state of a download client's download."""
    known = _CLIENT_STATES[state]
    if known.state is QueueState.FAILED:
        return QueueStatus(QueueState.FAILED, message or CLIENT_FAILED)
    return known


def sab_status(status: str, *, queue_paused: bool) -> QueueStatus:
    """Return AutoArr's state of a SABnzbd queue slot.

    Its status is read as every client's is (`arr.downloads.sabnzbd_state`);
    a paused queue pauses every slot.
    """
    if queue_paused:
        return QueueStatus(QueueState.PAUSED)
    return client_status(sabnzbd_state(status))


def combined(arr: QueueStatus, client: QueueStatus) -> QueueStatus:
    """Return the state of a download both an arr and its client list.

    While the arr still waits for the download, the client knows best how it
    goes (paused, stalled, downloading); once the arr is further along
    (importing, failed, a warning), the arr's word stands. A download the
    client has finished is the arr's to import.
    """
    if arr.state not in TRANSFER_STATES:
        return arr
    if client.state is QueueState.COMPLETED:
        return QueueStatus(QueueState.IMPORTING)
    return client


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One download of an arr queue: a season pack is one entry."""

    name: str
    status: QueueStatus
    progress: float
    eta_seconds: int | None
    download_id: str | None
    # The queue records (episodes, movies) it downloads.
    records: int
    # The records' ids, first one first (for actions on one queue item).
    ids: tuple[int, ...]
    # When the arr expects it done; None when it cannot tell.
    finishes: datetime | None = None

    @property
    def state(self) -> QueueState:
        """Return the entry's state."""
        return self.status.state


def by_download(items: Sequence[QueueItem]) -> list[list[QueueItem]]:
    """Group queue records by download, in queue order.

    A season pack is one download that Sonarr lists once per episode, every
    record with the same downloadId.
    """
    groups: dict[str, list[QueueItem]] = {}
    for item in items:
        groups.setdefault(item.download_id or f"#{item.id}", []).append(item)
    return list(groups.values())


def episodes_label(
    title: str, episodes: Sequence[tuple[int | None, int | None]]
) -> str:
    """Return "Title S02E01" for an episode, "Title S02E01-E24" for a pack."""
    known = sorted({(s, e) for s, e in episodes if s is not None and e is not None})
    if not known or any(s is None or e is None for s, e in episodes):
        return title
    (first_season, first), (last_season, last) = known[0], known[-1]
    if len(known) == 1:
        return episode_label(title, first_season, first)
    if first_season == last_season:
        return f"{title} S{first_season:02d}E{first:02d}-E{last:02d}"
    return f"{title} S{first_season:02d}E{first:02d}-S{last_season:02d}E{last:02d}"


def album_label(artist: str, album: str) -> str:
    """Return how an album is named: "Charli XCX - Brat" (its title alone
    when the artist is not known)."""
    return f"{artist} - {album}" if artist else album


def episode_label(title: str, season: int | None, episode: int | None) -> str:
    """Return "Title S01E02" for an episode, the title alone otherwise."""
    if season is None or episode is None:
        return title
    return f"{title} S{season:02d}E{episode:02d}"


def queue_entries(items: Sequence[QueueItem]) -> list[QueueEntry]:
    """Return an arr queue as downloads, each with its state, in queue order.

    The arr knows what a release is: "The Bear S03E01", not the release
    name, so its name is used whenever it knows the series, movie or album.
    """
    entries: list[QueueEntry] = []
    for group in by_download(items):
        item = group[0]
        label = (
            # A Lidarr download: "Artist - Album".
            f"{item.media_title} - {item.album_title}"
            if item.media_title and item.album_title
            else episodes_label(
                item.media_title,
                [(i.season_number, i.episode_number) for i in group],
            )
            if item.media_title
            else item.title
        )
        eta = item.time_left
        entries.append(
            QueueEntry(
                name=label,
                status=queue_item_status(item),
                progress=item.progress,
                eta_seconds=None if eta is None else max(0, int(eta.total_seconds())),
                download_id=item.download_id,
                records=len(group),
                ids=tuple(i.id for i in group),
                finishes=item.estimated_completion_time if eta is not None else None,
            )
        )
    return entries


def sort_key(state: QueueState, progress: float, name: str) -> tuple[int, float, str]:
    """Return the key that orders downloads by what matters.

    By state (see `RANK`), then furthest along first, then by name, so the
    order is the same wherever the downloads are listed.
    """
    return (RANK[state], -progress, name.casefold())


def ordered[T: QueueEntry](entries: Iterable[T]) -> list[T]:
    """Return queue entries ordered by what matters."""
    return sorted(entries, key=lambda e: sort_key(e.state, e.progress, e.name))
