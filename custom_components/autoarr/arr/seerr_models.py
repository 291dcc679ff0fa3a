"""Typed models of the Seerr (Overseerr, Jellyseerr) data AutoArr uses.

Seerr answers with its own API (`/api/v1`), not the arrs' shape: requests
made by people for movies and series (by their TMDB id), the media they are
for with its availability, counts of requests and issues, and search results
that say whether a title is already available or requested. Every model is
frozen and built by `from_json` through `fields.Fields`, which raises only
ArrMalformedResponseError on a document of the wrong shape.

Overseerr, Jellyseerr and Seerr number the states alike up to the ones the
later forks added (a failed or completed request, a blocklisted media);
numbers none of them uses read as "unknown" rather than failing the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, Literal, Self, TypedDict

from .fields import Fields
from .records import Skip, parse_records

type MediaType = Literal["movie", "tv"]
MEDIA_TYPES: Final = frozenset({"movie", "tv"})


class RequestStatus(StrEnum):
    """Where a request stands: waiting for an admin, approved, declined..."""

    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    # Jellyseerr and Seerr: sending it to Sonarr or Radarr failed.
    FAILED = "failed"
    # Seerr: everything requested is available.
    COMPLETED = "completed"
    UNKNOWN = "unknown"


REQUEST_STATUSES: Final[dict[int, RequestStatus]] = {
    1: RequestStatus.PENDING,
    2: RequestStatus.APPROVED,
    3: RequestStatus.DECLINED,
    4: RequestStatus.FAILED,
    5: RequestStatus.COMPLETED,
}


class MediaStatus(StrEnum):
    """Whether a movie or series is in the library, on its way, or not known."""

    UNKNOWN = "unknown"
    PENDING = "pending"
    PROCESSING = "processing"
    PARTIALLY_AVAILABLE = "partially_available"
    AVAILABLE = "available"
    # Overseerr: deleted; Jellyseerr: blocklisted (6) and deleted (7).
    BLOCKLISTED = "blocklisted"
    DELETED = "deleted"


MEDIA_STATUSES: Final[dict[int, MediaStatus]] = {
    1: MediaStatus.UNKNOWN,
    2: MediaStatus.PENDING,
    3: MediaStatus.PROCESSING,
    4: MediaStatus.PARTIALLY_AVAILABLE,
    5: MediaStatus.AVAILABLE,
    6: MediaStatus.DELETED,
    7: MediaStatus.DELETED,
}

# The statuses of media that has been asked for and is on its way.
REQUESTED_STATUSES: Final = frozenset({MediaStatus.PENDING, MediaStatus.PROCESSING})
# The statuses of media that can be watched (some or all of it).
AVAILABLE_STATUSES: Final = frozenset(
    {MediaStatus.AVAILABLE, MediaStatus.PARTIALLY_AVAILABLE}
)


def _media_type(f: Fields, key: str) -> MediaType:
    value = f.text(key)
    if value == "movie":
        return "movie"
    if value == "tv":
        return "tv"
    raise f.wrong(key, "movie or tv", value)


@dataclass(frozen=True, slots=True)
class SeerrStatus:
    """What the public /status says: the version and whether an update waits."""

    version: str
    commit_tag: str
    update_available: bool

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse /status; raise when it is not Seerr's (no version)."""
        f = Fields(data, "Seerr status")
        if not isinstance(f.raw("version"), str):
            raise f.wrong("version", "a string", f.raw("version"))
        return cls(
            version=f.text("version"),
            commit_tag=f.text("commitTag"),
            update_available=f.flag("updateAvailable"),
        )


@dataclass(frozen=True, slots=True)
class SeerrUser:
    """A Seerr user: who asked, or whom the API key acts as."""

    id: int
    name: str
    permissions: int

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a User, named as Seerr shows it."""
        f = Fields(data, "user")
        name = (
            f.opt_text("displayName")
            or f.opt_text("username")
            or f.opt_text("plexUsername")
            or f.opt_text("jellyfinUsername")
            or f.opt_text("email")
            or ""
        )
        return cls(id=f.integer("id"), name=name, permissions=f.integer("permissions"))


@dataclass(frozen=True, slots=True)
class RequestCounts:
    """/request/count: how many requests there are, by status and type."""

    total: int
    movie: int
    tv: int
    pending: int
    approved: int
    declined: int
    processing: int
    available: int
    # Seerr only; None from Overseerr, which does not count them.
    completed: int | None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the request counts."""
        f = Fields(data, "request counts")
        return cls(
            total=f.integer("total"),
            movie=f.integer("movie"),
            tv=f.integer("tv"),
            pending=f.integer("pending"),
            approved=f.integer("approved"),
            declined=f.integer("declined"),
            processing=f.integer("processing"),
            available=f.integer("available"),
            completed=f.opt_integer("completed"),
        )


@dataclass(frozen=True, slots=True)
class IssueCounts:
    """/issue/count: the issues people reported, open and closed."""

    total: int
    open: int
    closed: int

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse the issue counts."""
        f = Fields(data, "issue counts")
        return cls(
            total=f.integer("total"), open=f.integer("open"), closed=f.integer("closed")
        )


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """Seerr's record of one movie or series: its ids and availability."""

    tmdb_id: int | None
    tvdb_id: int | None
    status: MediaStatus

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MediaInfo."""
        f = Fields(data, "media")
        return cls(
            tmdb_id=f.opt_integer("tmdbId"),
            tvdb_id=f.opt_integer("tvdbId"),
            status=MEDIA_STATUSES.get(f.integer("status", 1), MediaStatus.UNKNOWN),
        )


@dataclass(frozen=True, slots=True)
class MediaRequest:
    """One request of a movie or series (some seasons of it)."""

    id: int
    status: RequestStatus
    media_type: MediaType | None
    media: MediaInfo | None
    requested_by: str
    created_at: datetime | None
    seasons: tuple[int, ...]
    is_4k: bool

    @property
    def tmdb_id(self) -> int | None:
        """Return the TMDB id of what was requested, if Seerr sent it."""
        return self.media.tmdb_id if self.media is not None else None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MediaRequest."""
        f = Fields(data, "request")
        media = f.child("media")
        media_type: MediaType | None = None
        for source, key in ((f, "type"), (media, "mediaType")):
            if source is not None and source.raw(key) in MEDIA_TYPES:
                media_type = _media_type(source, key)
                break
        requested_by = f.child("requestedBy")
        return cls(
            id=f.integer("id"),
            status=REQUEST_STATUSES.get(f.integer("status"), RequestStatus.UNKNOWN),
            media_type=media_type,
            media=MediaInfo.from_json(media.data) if media is not None else None,
            requested_by=(
                SeerrUser.from_json(requested_by.data).name
                if requested_by is not None
                else ""
            ),
            created_at=f.date_time("createdAt"),
            seasons=tuple(
                Fields(season, "request.seasons").integer("seasonNumber")
                for season in f.items("seasons")
            ),
            is_4k=f.flag("is4k"),
        )


@dataclass(frozen=True, slots=True)
class RequestPage:
    """One page of /request: the requests and how many there are in all."""

    page: int
    pages: int
    total: int
    requests: tuple[MediaRequest, ...]

    @classmethod
    def parse(cls, data: Any, skip: Skip | None = None) -> Self:
        """Parse a page of requests; with `skip`, unreadable ones are left out."""
        f = Fields(data, "request page")
        info = f.section("pageInfo")
        requests = tuple(
            parse_records(f.items("results"), MediaRequest.from_json, skip)
        )
        return cls(
            page=info.integer("page", 1),
            pages=info.integer("pages", 1),
            total=info.integer("results", len(requests)),
            requests=requests,
        )


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A movie or series found by /search, with what Seerr knows of it."""

    tmdb_id: int
    media_type: MediaType
    title: str
    year: int | None
    # Unknown when Seerr has no record of it: never requested, not in the library.
    status: MediaStatus

    @property
    def available(self) -> bool:
        """Return whether it can be watched already (some or all of it)."""
        return self.status in AVAILABLE_STATUSES

    @property
    def requested(self) -> bool:
        """Return whether it has been asked for and is on its way."""
        return self.status in REQUESTED_STATUSES

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse a MovieResult or TvResult."""
        f = Fields(data, "search result")
        return cls(**_titled_media(f, _media_type(f, "mediaType")))


@dataclass(frozen=True, slots=True)
class MediaDetails:
    """The title of a movie or series Seerr reads from TMDB, and its status."""

    tmdb_id: int
    media_type: MediaType
    title: str
    year: int | None
    status: MediaStatus

    @classmethod
    def parser(cls, media_type: MediaType) -> Callable[[Any], MediaDetails]:
        """Return the parser of /movie/{id} or /tv/{id}."""

        def parse(data: Any) -> MediaDetails:
            f = Fields(data, f"{media_type} details")
            return MediaDetails(**_titled_media(f, media_type))

        return parse


class _TitledMedia(TypedDict):
    tmdb_id: int
    media_type: MediaType
    title: str
    year: int | None
    status: MediaStatus


def _titled_media(f: Fields, media_type: MediaType) -> _TitledMedia:
    """Return what Seerr says of a movie or series from TMDB.

    TMDB names a movie's title and release date, a series' name and first
    air date; Seerr's own record (`mediaInfo`) gives its status, if any.
    """
    title_key, date_key = (
        ("title", "releaseDate") if media_type == "movie" else ("name", "firstAirDate")
    )
    info = f.child("mediaInfo")
    return _TitledMedia(
        tmdb_id=f.integer("id"),
        media_type=media_type,
        title=f.text(title_key),
        year=_year(f.text(date_key)),
        status=(
            MediaInfo.from_json(info.data).status
            if info is not None
            else MediaStatus.UNKNOWN
        ),
    )


def _year(date: str) -> int | None:
    head = date[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def is_media_result(data: Any) -> bool:
    """Return whether a search result is a movie or series (not a person)."""
    return isinstance(data, dict) and data.get("mediaType") in MEDIA_TYPES


# Longest text a notification's field keeps.
MAX_NOTIFICATION_TEXT: Final = 300


def _notification_text(value: Any) -> str | None:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)[:MAX_NOTIFICATION_TEXT] or None
    return None


def _notification_int(value: Any) -> int | None:
    text = _notification_text(value)
    return int(text) if text is not None and text.isdigit() else None


@dataclass(frozen=True, slots=True)
class SeerrNotification:
    """What Seerr's webhook posts (its default JSON payload), as AutoArr reads it.

    The payload is a template the user may change, so every field is
    optional and read leniently: what is missing or of another type is None
    (never an error), texts are bounded, and e-mail addresses are left out.
    Numbers come as strings ("16"), statuses in capitals ("PENDING").
    """

    notification_type: str | None
    event: str | None
    subject: str | None
    message: str | None
    media_type: str | None
    tmdb_id: int | None
    media_status: str | None
    request_id: int | None
    requested_by: str | None

    @property
    def is_test(self) -> bool:
        """Return whether it is Seerr's test notification."""
        return self.notification_type == "TEST_NOTIFICATION"

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Read a notification; anything but a JSON object is malformed."""
        f = Fields(data, "Seerr notification")
        media = f.raw("media") if isinstance(f.raw("media"), dict) else {}
        request = f.raw("request") if isinstance(f.raw("request"), dict) else {}
        status = _notification_text(media.get("status"))
        return cls(
            notification_type=_notification_text(f.raw("notification_type")),
            event=_notification_text(f.raw("event")),
            subject=_notification_text(f.raw("subject")),
            message=_notification_text(f.raw("message")),
            media_type=_notification_text(media.get("media_type")),
            tmdb_id=_notification_int(media.get("tmdbId")),
            media_status=status.lower() if status else None,
            request_id=_notification_int(request.get("request_id")),
            requested_by=_notification_text(request.get("requestedBy_username")),
        )
