"""What every download client's answers become: one model, one set of states.

SABnzbd, qBittorrent, Transmission, Deluge and NZBGet each name the state of
a download in their own words (SABnzbd's "Grabbing", qBittorrent's
"stalledDL", Transmission's status 4, Deluge's "Downloading", NZBGet's
"PP_QUEUED"). The clients read
them into `DownloadItem`s whose `state` is one `DownloadState`; the tables
and rules that do that mapping for every client live here, in one place, so
entities, voice answers and stalled-download recovery read one vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final


class DownloadState(StrEnum):
    """The state of one download, whatever the client."""

    DOWNLOADING = "downloading"
    # Waiting for a download slot (the client's queue is full).
    QUEUED = "queued"
    PAUSED = "paused"
    # Meant to download but receiving nothing: no seeds or peers.
    STALLED = "stalled"
    # Checking or repairing its data (torrent re-check, usenet post-processing).
    CHECKING = "checking"
    # A magnet link waiting for the torrent's metadata from peers.
    METADATA = "metadata"
    # Complete and uploading to others.
    SEEDING = "seeding"
    # Complete and idle (stopped after seeding, or a finished usenet job).
    COMPLETED = "completed"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def finished(self) -> bool:
        """Return whether the download has all its data."""
        return self in (DownloadState.SEEDING, DownloadState.COMPLETED)

    @property
    def active(self) -> bool:
        """Return whether the download is meant to be receiving data now."""
        return self in (
            DownloadState.DOWNLOADING,
            DownloadState.STALLED,
            DownloadState.METADATA,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadItem:
    """One download of a client's queue or history."""

    # The client's id: the info hash of a torrent, NZBGet's NZBID.
    id: str
    name: str
    state: DownloadState
    # The client's own word for the state, for messages and attributes.
    client_state: str
    # 0.0 to 1.0.
    progress: float
    size: int
    size_left: int
    download_speed: int = 0
    upload_speed: int = 0
    # Seconds left, None when unknown or infinite.
    eta: int | None = None
    ratio: float | None = None
    seeds: int | None = None
    peers: int | None = None
    category: str = ""
    added: datetime | None = None
    # When it left the queue (a usenet job's history entry).
    completed: datetime | None = None
    # The client's error or status message, "" when none.
    message: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferStatus:
    """A download client's totals and settings at one moment."""

    version: str
    download_speed: int
    upload_speed: int
    # Bytes per second; None when unlimited.
    download_limit: int | None
    upload_limit: int | None
    # Whether the client's alternative ("turtle") speed limits are on; None
    # when the client has no such mode.
    alt_speed: bool | None
    # Whether downloading is paused as a whole.
    paused: bool
    # Free space in the download folder, None when the client does not say.
    free_space: int | None


# --- State mapping --------------------------------------------------------------

S = DownloadState

# qBittorrent's torrent states (Web API v2, 4.x and 5.x names).
QBITTORRENT_STATES: Final[Mapping[str, DownloadState]] = {
    "downloading": S.DOWNLOADING,
    "forcedDL": S.DOWNLOADING,
    "allocating": S.DOWNLOADING,
    "moving": S.DOWNLOADING,
    "metaDL": S.METADATA,
    "forcedMetaDL": S.METADATA,
    "stalledDL": S.STALLED,
    "queuedDL": S.QUEUED,
    "pausedDL": S.PAUSED,
    "stoppedDL": S.PAUSED,
    "checkingDL": S.CHECKING,
    "checkingUP": S.CHECKING,
    "checkingResumeData": S.CHECKING,
    "uploading": S.SEEDING,
    "forcedUP": S.SEEDING,
    "stalledUP": S.SEEDING,
    "queuedUP": S.SEEDING,
    "pausedUP": S.COMPLETED,
    "stoppedUP": S.COMPLETED,
    "error": S.FAILED,
    "missingFiles": S.FAILED,
}

# Transmission's numeric torrent status (RPC "status").
TRANSMISSION_STATUS: Final[Mapping[int, DownloadState]] = {
    0: S.PAUSED,  # stopped
    1: S.CHECKING,  # queued to check
    2: S.CHECKING,
    3: S.QUEUED,  # queued to download
    4: S.DOWNLOADING,
    5: S.SEEDING,  # queued to seed
    6: S.SEEDING,
}
TRANSMISSION_STATUS_NAMES: Final[Mapping[int, str]] = {
    0: "stopped",
    1: "check pending",
    2: "checking",
    3: "download pending",
    4: "downloading",
    5: "seed pending",
    6: "seeding",
}
# Transmission's "error" 3 is a local error (disk, missing data); 1 and 2 are
# tracker warnings and errors, which do not stop the download.
TRANSMISSION_LOCAL_ERROR: Final = 3

# Deluge's torrent states (Web UI and daemon, 2.x).
DELUGE_STATES: Final[Mapping[str, DownloadState]] = {
    "Downloading": S.DOWNLOADING,
    "Allocating": S.DOWNLOADING,
    "Moving": S.DOWNLOADING,
    "Queued": S.QUEUED,
    "Paused": S.PAUSED,
    "Checking": S.CHECKING,
    "Seeding": S.SEEDING,
    "Error": S.FAILED,
}

# SABnzbd's job statuses, queue and history alike (its `Status` class).
SABNZBD_STATUS: Final[Mapping[str, DownloadState]] = {
    "Downloading": S.DOWNLOADING,
    "Queued": S.QUEUED,
    # Waiting out the propagation delay before it starts.
    "Propagating": S.QUEUED,
    "Paused": S.PAUSED,
    # Fetching the NZB file from a URL, or its details.
    "Grabbing": S.METADATA,
    "Fetching": S.METADATA,
    "Checking": S.CHECKING,
    "QuickCheck": S.CHECKING,
    "Verifying": S.CHECKING,
    "Repairing": S.CHECKING,
    "Extracting": S.CHECKING,
    "Moving": S.CHECKING,
    "Running": S.CHECKING,  # a post-processing script
    "Completed": S.COMPLETED,
    "Failed": S.FAILED,
}

# NZBGet's queue (group) statuses.
NZBGET_GROUP_STATUS: Final[Mapping[str, DownloadState]] = {
    "QUEUED": S.QUEUED,
    "PAUSED": S.PAUSED,
    "DOWNLOADING": S.DOWNLOADING,
    "FETCHING": S.METADATA,  # fetching the NZB file from a URL
    "PP_QUEUED": S.CHECKING,
    "LOADING_PARS": S.CHECKING,
    "VERIFYING_SOURCES": S.CHECKING,
    "REPAIRING": S.CHECKING,
    "VERIFYING_REPAIRED": S.CHECKING,
    "RENAMING": S.CHECKING,
    "UNPACKING": S.CHECKING,
    "MOVING": S.CHECKING,
    "EXECUTING_SCRIPT": S.CHECKING,
    "PP_FINISHED": S.COMPLETED,
}
# NZBGet's history statuses, by their first word ("FAILURE/HEALTH").
NZBGET_HISTORY_STATUS: Final[Mapping[str, DownloadState]] = {
    "SUCCESS": S.COMPLETED,
    "WARNING": S.COMPLETED,
    "FAILURE": S.FAILED,
    "DELETED": S.FAILED,
}


def sabnzbd_state(status: str) -> DownloadState:
    """Return the state of a SABnzbd job status ("Downloading", "Failed")."""
    return SABNZBD_STATUS.get(status, S.UNKNOWN)


def qbittorrent_state(state: str) -> DownloadState:
    """Return the state of a qBittorrent torrent state name."""
    return QBITTORRENT_STATES.get(state, S.UNKNOWN)


def transmission_state(
    status: int,
    *,
    error: int,
    finished: bool,
    has_metadata: bool,
    receiving: bool,
) -> DownloadState:
    """Return the state of a Transmission torrent.

    A stopped torrent with all its data is completed, not paused; a
    downloading one without metadata waits for it; one that receives
    nothing from anyone (no peer sending, no speed) is stalled, as
    qBittorrent's "stalledDL" is.
    """
    if error == TRANSMISSION_LOCAL_ERROR:
        return S.FAILED
    state = TRANSMISSION_STATUS.get(status, S.UNKNOWN)
    if state is S.PAUSED and finished:
        return S.COMPLETED
    if state is S.DOWNLOADING:
        if not has_metadata:
            return S.METADATA
        if not receiving:
            return S.STALLED
    return state


def deluge_state(
    state: str, *, finished: bool, has_metadata: bool, receiving: bool
) -> DownloadState:
    """Return the state of a Deluge torrent (see `transmission_state`)."""
    result = DELUGE_STATES.get(state, S.UNKNOWN)
    if result is S.PAUSED and finished:
        return S.COMPLETED
    if result is S.DOWNLOADING:
        if not has_metadata:
            return S.METADATA
        if not receiving:
            return S.STALLED
    return result


def nzbget_group_state(status: str) -> DownloadState:
    """Return the state of an NZBGet queue entry's status."""
    return NZBGET_GROUP_STATUS.get(status, S.UNKNOWN)


def nzbget_history_state(status: str) -> DownloadState:
    """Return the state of an NZBGet history entry ("FAILURE/HEALTH")."""
    return NZBGET_HISTORY_STATUS.get(status.split("/", 1)[0], S.UNKNOWN)
