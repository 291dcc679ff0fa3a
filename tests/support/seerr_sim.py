"""A stateful Seerr (Overseerr, Jellyseerr) simulator for tests and the demo.

    async with start_seerr() as sim:
        client = SeerrClient(session, sim.service_config())
        sim.state.key_user = sim.state.users[2]     # act as a non-admin
        ...
        assert not sim.contract_violations

It speaks Seerr's `/api/v1` from a mutable in-memory state (`sim.state`):
users, the media Seerr knows (with their availability), requests, and a
small TMDB catalogue that search and the details endpoints read. Requests
follow Seerr's rules: an admin's (or an auto-approver's) request is approved
at once and its media starts processing, anyone else's waits; approving a
request sends it on (its media processing), declining it refuses it. Every
exchange is validated against Seerr's OpenAPI document, like the arr
simulators (it is an `ArrSimulator` with Seerr's routes and state): faults,
the URL base, TLS and the recorded requests work the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import re
import ssl
from typing import Any, ClassVar, Literal

from aiohttp import web

from tests.support.arr_sim.base import (
    DEFAULT_API_KEY,
    ArrSimulator,
    Handler,
    error_response,
    json_response,
    query_int,
)
from tests.support.clock import fixed_now

SEERR_VERSION = "2.7.3"

# Seerr's permission bits (server/lib/permissions.ts).
ADMIN = 2
MANAGE_REQUESTS = 16
REQUEST = 32
AUTO_APPROVE = 128

# Request statuses and media statuses as Seerr numbers them.
PENDING, APPROVED, DECLINED = 1, 2, 3
UNKNOWN, MEDIA_PENDING, PROCESSING, PARTIALLY_AVAILABLE, AVAILABLE = 1, 2, 3, 4, 5

type MediaType = Literal["movie", "tv"]


def iso_ms(value: datetime) -> str:
    """Format a datetime as Seerr does ("2024-12-29T10:04:16.000Z")."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class SimUser:
    """A Seerr user."""

    id: int
    name: str
    email: str
    permissions: int
    # How many movies the user may request (Seerr's quota; None: no limit).
    movie_quota: int | None = None

    @property
    def auto_approved(self) -> bool:
        """Return whether this user's requests are approved at once."""
        return bool(self.permissions & (ADMIN | AUTO_APPROVE))


@dataclass
class SimTitle:
    """A movie or series of the TMDB catalogue, and Seerr's record of it."""

    tmdb_id: int
    media_type: MediaType
    title: str
    year: int
    tvdb_id: int | None = None
    seasons: int = 0
    # Seerr's media status; UNKNOWN: Seerr has no record of it.
    status: int = UNKNOWN
    media_id: int | None = None


@dataclass
class SimRequest:
    """A request of a movie or some seasons of a series."""

    id: int
    tmdb_id: int
    status: int
    requested_by: int
    created: datetime
    seasons: list[int] = field(default_factory=list)
    modified_by: int | None = None
    is_4k: bool = False


class SeerrState:
    """Everything the simulated Seerr knows, as mutable plain data."""

    app_name: ClassVar[str] = "Seerr"

    def __init__(self, *, now: datetime, version: str = SEERR_VERSION) -> None:
        """Build a household's Seerr around `now`."""
        self.now = now.replace(microsecond=0)
        self.version = version
        self.users: dict[int, SimUser] = {
            1: SimUser(1, "Alex", "alex@example.org", ADMIN),
            2: SimUser(2, "Sam", "sam@example.org", REQUEST),
        }
        # The user the API key acts as (Seerr: its first user, an admin).
        self.key_user = self.users[1]
        self.titles: dict[int, SimTitle] = {}
        self.requests: dict[int, SimRequest] = {}
        self.issues = {"total": 2, "video": 1, "audio": 1, "subtitles": 0}
        self.open_issues = 1
        self._next = {"media": 0, "request": 0}
        for title in (
            SimTitle(438631, "movie", "Dune", 2021, status=AVAILABLE),
            SimTitle(693134, "movie", "Dune: Part Two", 2024),
            SimTitle(872585, "movie", "Oppenheimer", 2023),
            SimTitle(136315, "tv", "The Bear", 2022, tvdb_id=403245, seasons=4),
            SimTitle(95396, "tv", "Severance", 2022, tvdb_id=371980, seasons=2),
            SimTitle(126308, "tv", "Shōgun", 2024, tvdb_id=392573, seasons=2),
        ):
            self.titles[title.tmdb_id] = title
            if title.status != UNKNOWN:
                title.media_id = self.next_id("media")
        # Sam asked for Dune: Part Two and Severance season 2 (waiting);
        # Alex's request of The Bear season 1 was approved and is available.
        self.add_request(693134, requested_by=2, age=timedelta(hours=5))
        self.add_request(95396, requested_by=2, seasons=[2], age=timedelta(hours=2))
        bear = self.add_request(
            136315, requested_by=1, seasons=[1], age=timedelta(days=9)
        )
        bear.status = APPROVED
        self.titles[136315].status = PARTIALLY_AVAILABLE

    def next_id(self, what: str) -> int:
        """Return the next free id of one kind of record."""
        self._next[what] += 1
        return self._next[what]

    def add_request(
        self,
        tmdb_id: int,
        *,
        requested_by: int,
        seasons: list[int] | None = None,
        age: timedelta = timedelta(),
    ) -> SimRequest:
        """Add a request, as a user would; an auto-approved one starts processing."""
        title = self.titles[tmdb_id]
        if title.media_id is None:
            title.media_id = self.next_id("media")
        user = self.users[requested_by]
        request = SimRequest(
            id=self.next_id("request"),
            tmdb_id=tmdb_id,
            status=APPROVED if user.auto_approved else PENDING,
            requested_by=requested_by,
            created=self.now - age,
            seasons=list(seasons or ([] if title.media_type == "movie" else [1])),
        )
        if title.status == UNKNOWN:
            title.status = PROCESSING if request.status == APPROVED else MEDIA_PENDING
        self.requests[request.id] = request
        return request

    def set_status(self, request: SimRequest, status: int) -> None:
        """Approve or decline a request, as the key's user."""
        request.status = status
        request.modified_by = self.key_user.id
        title = self.titles[request.tmdb_id]
        if status == APPROVED and title.status in (UNKNOWN, MEDIA_PENDING):
            title.status = PROCESSING
        elif status == DECLINED and title.status == MEDIA_PENDING:
            title.status = UNKNOWN

    # Serializers (Seerr's entities as its API sends them)

    def user_json(self, user: SimUser) -> dict[str, Any]:
        """Return a User."""
        created = iso_ms(self.now - timedelta(days=300))
        return {
            "permissions": user.permissions,
            "id": user.id,
            "email": user.email,
            "plexUsername": user.name.lower(),
            "username": user.name.lower(),
            "userType": 1,
            "avatar": f"/avatarproxy/{user.id}",
            "movieQuotaLimit": None,
            "movieQuotaDays": None,
            "tvQuotaLimit": None,
            "tvQuotaDays": None,
            "createdAt": created,
            "updatedAt": created,
            "requestCount": sum(
                1 for r in self.requests.values() if r.requested_by == user.id
            ),
            "displayName": user.name,
        }

    def media_json(self, title: SimTitle) -> dict[str, Any]:
        """Return the MediaInfo of a title Seerr has a record of."""
        stamp = iso_ms(self.now - timedelta(days=1))
        return {
            "downloadStatus": [],
            "downloadStatus4k": [],
            "id": title.media_id,
            "mediaType": title.media_type,
            "tmdbId": title.tmdb_id,
            "tvdbId": title.tvdb_id,
            "imdbId": None,
            "status": title.status,
            "status4k": UNKNOWN,
            "createdAt": stamp,
            "updatedAt": stamp,
            "lastSeasonChange": stamp,
            "mediaAddedAt": stamp if title.status >= PARTIALLY_AVAILABLE else None,
        }

    def request_json(self, request: SimRequest) -> dict[str, Any]:
        """Return a MediaRequest."""
        title = self.titles[request.tmdb_id]
        created = iso_ms(request.created)
        modified = (
            self.user_json(self.users[request.modified_by])
            if request.modified_by is not None
            else None
        )
        return {
            "id": request.id,
            "status": request.status,
            "createdAt": created,
            "updatedAt": created,
            "type": title.media_type,
            "is4k": request.is_4k,
            "serverId": 0,
            "profileId": 4,
            "rootFolder": "/movies" if title.media_type == "movie" else "/tv",
            "languageProfileId": None,
            "tags": [],
            "isAutoRequest": False,
            "media": self.media_json(title),
            "seasons": [
                {
                    "id": request.id * 100 + number,
                    "seasonNumber": number,
                    "status": request.status,
                    "createdAt": created,
                    "updatedAt": created,
                }
                for number in request.seasons
            ],
            "modifiedBy": modified,
            "requestedBy": self.user_json(self.users[request.requested_by]),
            "seasonCount": len(request.seasons),
        }

    def result_json(self, title: SimTitle) -> dict[str, Any]:
        """Return a MovieResult or TvResult of search."""
        result: dict[str, Any] = {
            "id": title.tmdb_id,
            "mediaType": title.media_type,
            "popularity": 100.0,
            "posterPath": f"/{title.tmdb_id}.jpg",
            "voteCount": 1000,
            "voteAverage": 8.0,
            "genreIds": [18],
            "overview": f"{title.title}.",
            "originalLanguage": "en",
        }
        if title.media_type == "movie":
            result |= {
                "title": title.title,
                "originalTitle": title.title,
                "releaseDate": f"{title.year}-03-01",
                "adult": False,
                "video": False,
            }
        else:
            result |= {
                "name": title.title,
                "originalName": title.title,
                "originCountry": ["US"],
                "firstAirDate": f"{title.year}-06-23",
            }
        if title.media_id is not None:
            result["mediaInfo"] = self.media_json(title)
        return result

    def details_json(self, title: SimTitle) -> dict[str, Any]:
        """Return the MovieDetails or TvDetails of a title."""
        details: dict[str, Any] = {
            "id": title.tmdb_id,
            "posterPath": f"/{title.tmdb_id}.jpg",
            "overview": f"{title.title}.",
            "originalLanguage": "en",
            "popularity": 100.0,
            "voteAverage": 8.0,
            "voteCount": 1000,
            "genres": [{"id": 18, "name": "Drama"}],
        }
        if title.media_type == "movie":
            details |= {
                "title": title.title,
                "originalTitle": title.title,
                "releaseDate": f"{title.year}-03-01",
                "runtime": 150,
                "adult": False,
                "video": False,
            }
        else:
            details |= {
                "name": title.title,
                "originalName": title.title,
                "firstAirDate": f"{title.year}-06-23",
                "numberOfSeasons": title.seasons,
                "seasons": [
                    {
                        "id": title.tmdb_id * 10 + number,
                        "airDate": f"{title.year + number - 1}-06-23",
                        "episodeCount": 8,
                        "name": f"Season {number}",
                        "overview": "",
                        "seasonNumber": number,
                    }
                    for number in range(1, title.seasons + 1)
                ],
            }
        if title.media_id is not None:
            details["mediaInfo"] = self.media_json(title)
        return details


def _words(text: str) -> str:
    """Return text as TMDB's search compares it: words, no punctuation or case."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _matches(request: SimRequest, title: SimTitle, wanted: str) -> bool:
    """Return whether a request passes /request's `filter` as Seerr reads it."""
    waiting = (UNKNOWN, MEDIA_PENDING, PROCESSING, PARTIALLY_AVAILABLE)
    match wanted:
        case "pending":
            return request.status == PENDING
        case "approved":
            return request.status == APPROVED
        case "processing":
            return request.status == APPROVED and title.status in waiting
        case "available":
            return title.status == AVAILABLE
        case "unavailable":
            return request.status in (PENDING, APPROVED) and title.status in waiting
        case "failed":
            return request.status == 4
        case "completed":
            return request.status == 5
        case "deleted":
            return title.status in (6, 7)
        case _:
            return True


class SeerrSimulator(ArrSimulator):
    """A running simulated Seerr on 127.0.0.1 (see the module's docstring)."""

    kind = "seerr"
    api_version = "v1"
    state: SeerrState  # type: ignore[assignment]

    def routes(self) -> Iterator[tuple[str, str, Handler]]:
        """Yield (method, path below /api/v1, handler) of every endpoint."""
        yield "GET", "status", self.get_status
        yield "GET", "auth/me", self.get_me
        yield "GET", "request/count", self.get_request_count
        yield "GET", "issue/count", self.get_issue_count
        yield "GET", "request", self.get_requests
        yield "POST", "request", self.post_request
        yield "GET", "request/{id}", self.get_request
        yield "POST", "request/{id}/{status}", self.post_request_status
        yield "GET", "search", self.get_search
        yield "GET", "movie/{id}", self.details_getter("movie")
        yield "GET", "tv/{id}", self.details_getter("tv")

    @web.middleware
    async def _auth_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        # /status is public; everything else needs the key (the header only).
        path = self._api_path(request)
        if (
            path.startswith("/api/")
            and path != "/api/v1/status"
            and request.headers.get("X-Api-Key") != self.api_key
        ):
            return json_response(
                {"message": "You do not have permission to access this endpoint"},
                403,
            )
        return await handler(request)

    def _request_of(self, request: web.Request) -> SimRequest | None:
        try:
            return self.state.requests.get(int(request.match_info["id"]))
        except ValueError:
            return None

    async def get_status(self, request: web.Request) -> web.Response:
        """GET /status (public)."""
        return json_response(
            {
                "version": self.state.version,
                "commitTag": "local",
                "updateAvailable": False,
                "commitsBehind": 0,
                "restartRequired": False,
            }
        )

    async def get_me(self, request: web.Request) -> web.Response:
        """GET /auth/me: the key's user."""
        return json_response(self.state.user_json(self.state.key_user))

    async def get_request_count(self, request: web.Request) -> web.Response:
        """GET /request/count."""
        requests = list(self.state.requests.values())
        titles = self.state.titles

        def count(wanted: str) -> int:
            return sum(1 for r in requests if _matches(r, titles[r.tmdb_id], wanted))

        return json_response(
            {
                "total": len(requests),
                "movie": sum(
                    1 for r in requests if titles[r.tmdb_id].media_type == "movie"
                ),
                "tv": sum(1 for r in requests if titles[r.tmdb_id].media_type == "tv"),
                "pending": count("pending"),
                "approved": count("approved"),
                "declined": sum(1 for r in requests if r.status == DECLINED),
                "processing": count("processing"),
                "available": count("available"),
                "completed": count("completed"),
            }
        )

    async def get_issue_count(self, request: web.Request) -> web.Response:
        """GET /issue/count."""
        total = self.state.issues["total"]
        return json_response(
            {
                **self.state.issues,
                "others": 0,
                "open": self.state.open_issues,
                "closed": total - self.state.open_issues,
            }
        )

    async def get_requests(self, request: web.Request) -> web.Response:
        """GET /request: a page of requests, newest first (or oldest)."""
        take = max(1, query_int(request, "take", 10))
        skip = max(0, query_int(request, "skip", 0))
        wanted = request.query.get("filter") or "all"
        media_type = request.query.get("mediaType") or "all"
        by = request.query.get("requestedBy")
        selected = [
            r
            for r in self.state.requests.values()
            if _matches(r, self.state.titles[r.tmdb_id], wanted)
            and media_type in ("all", self.state.titles[r.tmdb_id].media_type)
            and (by is None or str(r.requested_by) == by)
        ]
        selected.sort(
            key=lambda r: (r.created, r.id),
            reverse=request.query.get("sortDirection", "desc") != "asc",
        )
        page = selected[skip : skip + take]
        return json_response(
            {
                "pageInfo": {
                    "pages": max(1, -(-len(selected) // take)),
                    "pageSize": take,
                    "results": len(selected),
                    "page": skip // take + 1,
                },
                "results": [self.state.request_json(r) for r in page],
            }
        )

    async def get_request(self, request: web.Request) -> web.Response:
        """GET /request/{id}."""
        found = self._request_of(request)
        if found is None:
            return error_response(404, "Request not found.")
        return json_response(self.state.request_json(found))

    async def post_request_status(self, request: web.Request) -> web.Response:
        """POST /request/{id}/approve or /decline."""
        found = self._request_of(request)
        status = request.match_info["status"]
        if status not in ("approve", "decline"):
            return error_response(404, "Not found.")
        if not self.state.key_user.permissions & (ADMIN | MANAGE_REQUESTS):
            return error_response(403, "You do not have permission to do this.")
        if found is None:
            return error_response(404, "Request not found.")
        self.state.set_status(found, APPROVED if status == "approve" else DECLINED)
        return json_response(self.state.request_json(found))

    async def post_request(self, request: web.Request) -> web.Response:
        """POST /request: request a movie or some seasons of a series."""
        body = await request.json()
        title = self.state.titles.get(int(body.get("mediaId", 0)))
        if title is None or title.media_type != body.get("mediaType"):
            return error_response(404, "Media not found.")
        if title.status == AVAILABLE or any(
            r.tmdb_id == title.tmdb_id
            and r.status in (PENDING, APPROVED)
            and title.media_type == "movie"
            for r in self.state.requests.values()
        ):
            return error_response(409, "Request for this media already exists.")
        user = self.state.key_user
        made = sum(
            r.requested_by == user.id and r.status != DECLINED
            for r in self.state.requests.values()
            if self.state.titles[r.tmdb_id].media_type == "movie"
        )
        if (
            title.media_type == "movie"
            and user.movie_quota is not None
            and made >= user.movie_quota
        ):
            # Seerr's QuotaRestrictedError.
            return error_response(403, "Movie Quota exceeded.")
        seasons: list[int] = []
        if title.media_type == "tv":
            asked = body.get("seasons", "all")
            seasons = (
                list(range(1, title.seasons + 1))
                if asked == "all"
                else [int(s) for s in asked if 1 <= int(s) <= title.seasons]
            )
            if not seasons:
                return error_response(400, "No seasons available to request")
        created = self.state.add_request(
            title.tmdb_id, requested_by=self.state.key_user.id, seasons=seasons
        )
        return json_response(self.state.request_json(created), 201)

    async def get_search(self, request: web.Request) -> web.Response:
        """GET /search?query=: the catalogue's titles containing the words.

        Like TMDB's search, punctuation and case do not matter.
        """
        text = _words(request.query.get("query", ""))
        found = [
            self.state.result_json(title)
            for title in self.state.titles.values()
            if text and text in _words(title.title)
        ]
        return json_response(
            {
                "page": 1,
                "totalPages": 1,
                "totalResults": len(found),
                "results": found,
            }
        )

    def details_getter(self, media_type: MediaType) -> Handler:
        """Return the handler of GET /movie/{id} or /tv/{id}."""

        async def get_details(request: web.Request) -> web.Response:
            try:
                title = self.state.titles.get(int(request.match_info["id"]))
            except ValueError:
                title = None
            if title is None or title.media_type != media_type:
                return error_response(404, "Unable to retrieve media.")
            return json_response(self.state.details_json(title))

        return get_details


@contextlib.asynccontextmanager
async def start_seerr(
    *,
    api_key: str = DEFAULT_API_KEY,
    url_base: str = "",
    now: datetime | None = None,
    version: str = SEERR_VERSION,
    ssl_context: ssl.SSLContext | None = None,
    validate_contract: bool = True,
    port: int = 0,
) -> AsyncIterator[SeerrSimulator]:
    """Serve a Seerr simulator on 127.0.0.1 for the duration of the block."""
    state = SeerrState(now=now or fixed_now(), version=version)
    simulator = SeerrSimulator(
        state,  # type: ignore[arg-type]
        api_key=api_key,
        url_base=url_base,
        ssl_context=ssl_context,
        validate_contract=validate_contract,
    )
    await simulator.start(port)
    try:
        yield simulator
    finally:
        await simulator.stop()
