"""What the recovery logic works with: observations in, plans and events out.

The observation types are AutoArr's own, small and plain, so detection and
planning can be tested without any client; `adapters.py` builds them from
what the download-client seam (`arr/download_client.py`) and the arr clients
return.

A download client's jobs (`ClientObservation`, `ClientRef`, the reports'
"download_client" key) hold any download client's downloads; what recovery
reads of them is their `DownloadState`. (They were SABnzbd's names once:
`recovery/state.py` reads the records saved then.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from custom_components.autoarr.arr.downloads import DownloadState, sabnzbd_state


class Cause(StrEnum):
    """Why a download failed, as far as its messages tell."""

    MISSING_ARTICLES = "missing_articles"
    CRC_ERROR = "crc_error"
    # Password-protected or encrypted release.
    ENCRYPTED = "encrypted"
    DISK_FULL = "disk_full"
    NETWORK = "network"
    IMPORT_BLOCKED = "import_blocked"
    STALLED = "stalled"
    UNKNOWN = "unknown"


class ActionKind(StrEnum):
    """What recovery does about one failed download."""

    # Ask the download client to download the job again (it keeps what it
    # has): a client that `RetriesFailed`, such as SABnzbd.
    CLIENT_RETRY = "client_retry"
    # Remove from the arr queue and the download client, blocklist the
    # release and search for another one.
    REPLACE = "replace"
    # Disk full: retrying only fails again, so tell the user instead.
    REPORT_DISK_FULL = "report_disk_full"
    # Nothing more can help (attempts used up, or no arr owns the download).
    GIVE_UP = "give_up"
    # Wait: the item's backoff has not run out yet.
    WAIT = "wait"


class EventType(StrEnum):
    """Events recovery reports (the event entity's event types)."""

    DOWNLOAD_FAILED = "download_failed"
    RECOVERY_STARTED = "recovery_started"
    RECOVERY_SUCCEEDED = "recovery_succeeded"
    RECOVERY_GAVE_UP = "recovery_gave_up"
    # Dry-run mode: what automatic recovery would do, not done.
    RECOVERY_PLANNED = "recovery_planned"


# --- Observations -----------------------------------------------------------


def _state_of(entry: ClientHistoryEntry | ClientQueueEntry) -> None:
    # Entries given only SABnzbd's word for the state read it from that word.
    if entry.state is None:
        object.__setattr__(entry, "state", sabnzbd_state(entry.status))


@dataclass(frozen=True, slots=True)
class ClientHistoryEntry:
    """One job in a download client's history."""

    # The client's id of the download (SABnzbd's nzo_id, a torrent's hash).
    job_id: str
    name: str
    # The client's own word for the state, for messages.
    status: str
    fail_message: str = ""
    category: str = ""
    state: DownloadState | None = None

    def __post_init__(self) -> None:
        """Read the state from SABnzbd's word when none was given."""
        _state_of(self)


@dataclass(frozen=True, slots=True)
class ClientQueueEntry:
    """One job in a download client's queue."""

    job_id: str
    name: str
    status: str
    size_left_bytes: int
    category: str = ""
    state: DownloadState | None = None
    # 0.0 to 1.0, and the seeds and peers of a torrent, when the client says.
    progress: float | None = None
    seeds: int | None = None
    peers: int | None = None

    def __post_init__(self) -> None:
        """Read the state from SABnzbd's word when none was given."""
        _state_of(self)


@dataclass(frozen=True, slots=True)
class ClientObservation:
    """What one download client showed in one poll."""

    service_id: str
    name: str
    history: tuple[ClientHistoryEntry, ...] = ()
    queue: tuple[ClientQueueEntry, ...] = ()
    paused: bool = False
    # Whether the client can download a failed job again (`RetriesFailed`).
    retries: bool = True


@dataclass(frozen=True, slots=True)
class ArrQueueEntry:
    """One item in a Sonarr or Radarr queue."""

    id: int
    title: str
    status: str
    tracked_download_status: str = ""
    tracked_download_state: str = ""
    messages: tuple[str, ...] = ()
    error_message: str = ""
    download_id: str = ""
    download_client: str = ""
    protocol: str = ""
    size_left: int | None = None
    # Sonarr: the episodes the download is for; Radarr: the movie; Lidarr:
    # the album.
    episode_ids: tuple[int, ...] = ()
    series_id: int | None = None
    movie_id: int | None = None
    album_id: int | None = None


@dataclass(frozen=True, slots=True)
class ArrObservation:
    """What one Sonarr or Radarr instance showed in one poll."""

    service_id: str
    name: str
    kind: str
    queue: tuple[ArrQueueEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class Observation:
    """Everything recovery looks at in one run."""

    # The download clients.
    clients: tuple[ClientObservation, ...] = ()
    arrs: tuple[ArrObservation, ...] = ()
    # Download ids (lower-case) an arr already recorded as failed in its
    # history: it blocklisted them and searched again itself.
    handled_by_arr: frozenset[str] = frozenset()


# --- Detection and planning -------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientRef:
    """Where a failed download sits in a download client."""

    service_id: str
    job_id: str
    in_history: bool
    # Whether the client can download it again (SABnzbd can).
    retries: bool = True


@dataclass(frozen=True, slots=True)
class ArrRef:
    """Which arr queue item owns a failed download."""

    service_id: str
    kind: str
    queue_id: int
    episode_ids: tuple[int, ...] = ()
    movie_id: int | None = None
    album_id: int | None = None
    # The arr's tracked download state (e.g. "failedPending").
    state: str = ""

    @property
    def item_ids(self) -> tuple[int, ...]:
        """Return the ids of the library items the download was for."""
        if self.movie_id is not None:
            return (self.movie_id,)
        if self.album_id is not None:
            return (self.album_id,)
        return self.episode_ids


@dataclass(frozen=True, slots=True)
class FailedDownload:
    """One failed or stuck download, seen in a download client, an arr, or both."""

    download_id: str
    title: str
    cause: Cause
    message: str
    client: ClientRef | None = None
    arr: ArrRef | None = None

    @property
    def item_key(self) -> str:
        """Return the key attempts are counted under.

        Attempts count per media item when an arr owns the download, so a
        replacement release (a new download id) does not reset the cap.
        """
        if self.arr is not None:
            if self.arr.movie_id is not None:
                return f"{self.arr.service_id}:movie:{self.arr.movie_id}"
            if self.arr.album_id is not None:
                return f"{self.arr.service_id}:album:{self.arr.album_id}"
            if self.arr.episode_ids:
                ids = ",".join(str(i) for i in sorted(self.arr.episode_ids))
                return f"{self.arr.service_id}:episodes:{ids}"
        return f"download:{self.download_id.lower()}"

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (for actions and events)."""
        return {
            "download_id": self.download_id,
            "title": self.title,
            "cause": self.cause.value,
            "message": self.message,
            "download_client": self.client.service_id if self.client else None,
            "arr": self.arr.service_id if self.arr else None,
            "arr_kind": str(self.arr.kind) if self.arr else None,
        }


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """What recovery will do (or did) about one failed download."""

    failure: FailedDownload
    kind: ActionKind
    attempt: int
    reason: str
    not_before: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {
            **self.failure.as_dict(),
            "action": self.kind.value,
            "attempt": self.attempt,
            "reason": self.reason,
            "not_before": self.not_before.isoformat() if self.not_before else None,
        }


@dataclass(frozen=True, slots=True)
class RecoveryEvent:
    """One thing that happened, for the event entity and the logbook."""

    type: EventType
    failure: FailedDownload
    action: ActionKind | None = None
    attempt: int = 0
    error: str | None = None
    # Why the action was chosen (a planned action's reason).
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the event's attributes."""
        data = self.failure.as_dict()
        data["action"] = self.action.value if self.action else None
        data["attempt"] = self.attempt
        if self.error:
            data["error"] = self.error
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(slots=True)
class ActionOutcome:
    """The result of carrying out one planned action."""

    action: PlannedAction
    executed: bool
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        data = self.action.as_dict()
        data["executed"] = self.executed
        data["error"] = self.error
        return data


@dataclass(slots=True)
class RecoveryReport:
    """What one recovery run found and did."""

    dry_run: bool
    failures: list[FailedDownload] = field(default_factory=list)
    outcomes: list[ActionOutcome] = field(default_factory=list)
    events: list[RecoveryEvent] = field(default_factory=list)

    @property
    def disk_full(self) -> list[FailedDownload]:
        """Return the failures caused by a full disk."""
        return [f for f in self.failures if f.cause is Cause.DISK_FULL]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (the `autoarr.recover` response)."""
        return {
            "dry_run": self.dry_run,
            "failed_downloads": [f.as_dict() for f in self.failures],
            "actions": [o.as_dict() for o in self.outcomes],
        }
