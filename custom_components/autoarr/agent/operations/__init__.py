"""The jobs the agent does on the stack, each one whole.

Every function here does one complete job across all configured services
(every Sonarr, Radarr and SABnzbd), in parallel, and returns a small result
that the tools, the instant answers and the actions all share. A service that
fails does not fail the job: its name is listed in `unavailable` and the
answer is built from the others.

The jobs live in modules named for what they do: `downloads` (the merged
queue), `control` (pause, resume, retry, search), `schedule` (upcoming and
missing), `library` (what is there, lookups) and `adding` (media requests).
"""

from .adding import (
    ADD_FAILURES,
    RequestOutcome,
    RequestStatus,
    choose_quality_profile,
    choose_root_folder,
    request_media,
)
from .common import Json, episode_label, episodes_label
from .control import (
    ControlResult,
    pause,
    resume,
    retry_failed,
    search_missing,
    set_speed_limit,
)
from .downloads import Download, DownloadsReport, downloads
from .library import FindReport, LibraryMatch, LibraryReport, find_media, in_library
from .schedule import MissingReport, Upcoming, UpcomingReport, missing, upcoming

__all__ = [
    "ADD_FAILURES",
    "ControlResult",
    "Download",
    "DownloadsReport",
    "FindReport",
    "Json",
    "LibraryMatch",
    "LibraryReport",
    "MissingReport",
    "RequestOutcome",
    "RequestStatus",
    "Upcoming",
    "UpcomingReport",
    "choose_quality_profile",
    "choose_root_folder",
    "downloads",
    "episode_label",
    "episodes_label",
    "find_media",
    "in_library",
    "missing",
    "pause",
    "request_media",
    "resume",
    "retry_failed",
    "search_missing",
    "set_speed_limit",
    "upcoming",
]
