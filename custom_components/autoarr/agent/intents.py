"""What an instant sentence asks for, shared by every language's data."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class InstantIntent(StrEnum):
    """What an instant sentence asks for."""

    DOWNLOADS = "AutoArrDownloads"
    DOWNLOAD_ETA = "AutoArrDownloadEta"
    PAUSE = "AutoArrPauseDownloads"
    RESUME = "AutoArrResumeDownloads"
    UPCOMING_TODAY = "AutoArrUpcomingToday"
    UPCOMING_WEEK = "AutoArrUpcomingWeek"
    IN_LIBRARY = "AutoArrInLibrary"
    ADD_MOVIE = "AutoArrAddMovie"
    ADD_SERIES = "AutoArrAddSeries"
    ADD_MEDIA = "AutoArrAddMedia"
    ADD_ALBUM = "AutoArrAddAlbum"
    NOTHING_FOUND = "AutoArrNothingFound"
    RETRY_FAILED = "AutoArrRetryFailed"
    SEARCH_MISSING = "AutoArrSearchMissing"
    MISSING = "AutoArrMissing"
    REQUESTS = "AutoArrRequests"
    APPROVE_REQUEST = "AutoArrApproveRequest"
    DECLINE_REQUEST = "AutoArrDeclineRequest"
    # "approve it", "decline it": the request the conversation just named.
    APPROVE_IT = "AutoArrApproveIt"
    DECLINE_IT = "AutoArrDeclineIt"


# Until the next morning: "for the night", "until tomorrow".
UNTIL_MORNING: Final = "morning"
# The hour of the morning a pause "for the night" ends, local time.
MORNING_HOUR: Final = 7
