"""Async client of Seerr (Overseerr, Jellyseerr): the requests people make.

Seerr's API lives at `/api/v1` and takes the API key in the `X-Api-Key`
header; with it, Seerr acts as its first (admin) user. AutoArr lists,
counts, approves and declines requests, makes new ones for a movie or series
by its TMDB id (so Seerr's users, quotas and approval rules apply), and
searches, where each result says whether it is already available or
requested. Requests carry no title: `titled()` reads each one's from the
movie or series details, once per title.

`/status` answers without a key; `verify()` reads it (proving it is Seerr)
and then `/auth/me` (proving the key).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Literal

import aiohttp

from .errors import (
    ArrApiError,
    ArrMalformedResponseError,
    ArrNotFoundError,
    ArrWrongAppError,
)
from .fields import parse_list
from .http import HttpTransport, Query, ServiceConfig
from .kinds import SEERR, ServiceSpec
from .records import SkippedRecords
from .seerr_models import (
    IssueCounts,
    MediaDetails,
    MediaRequest,
    MediaType,
    RequestCounts,
    RequestPage,
    SearchResult,
    SeerrStatus,
    SeerrUser,
    is_media_result,
)

type RequestFilter = Literal[
    "all",
    "approved",
    "available",
    "pending",
    "processing",
    "unavailable",
    "failed",
    "deleted",
    "completed",
]
# How many requests one list asks for, and the most a caller may ask for.
DEFAULT_TAKE: Final = 20
MAX_TAKE: Final = 100
# Titles read at once when naming requests, and how many a client remembers
# (a title does not change; the polls then read none again).
MAX_PARALLEL_DETAILS: Final = 4
MAX_REMEMBERED_TITLES: Final = 500


@dataclass(frozen=True, slots=True)
class TitledRequest:
    """A request with the title of what it asks for ("Dune", 2021)."""

    request: MediaRequest
    title: str
    year: int | None

    def as_dict(self) -> dict[str, Any]:
        """Return it as plain data (actions' responses, tools' results)."""
        request = self.request
        return {
            "id": request.id,
            "title": self.title,
            "year": self.year,
            "media_type": request.media_type,
            "tmdb_id": request.tmdb_id,
            "status": request.status.value,
            "media_status": request.media.status.value if request.media else None,
            "seasons": list(request.seasons),
            "requested_by": request.requested_by,
            "requested_at": (
                request.created_at.isoformat() if request.created_at else None
            ),
            "is_4k": request.is_4k,
        }


class SeerrClient:
    """Async client of one Seerr, Overseerr or Jellyseerr instance."""

    spec: ClassVar[ServiceSpec] = SEERR

    def __init__(self, session: aiohttp.ClientSession, config: ServiceConfig) -> None:
        """Bind the client to a session and a Seerr instance."""
        self._transport = HttpTransport(session, config, app_name=self.spec.name)
        self._headers = {"X-Api-Key": config.api_key, "Accept": "application/json"}
        self._skipped = SkippedRecords(lambda: f"Seerr at {self.base_url}")
        self._titles: dict[tuple[MediaType, int], MediaDetails] = {}

    @property
    def base_url(self) -> str:
        """Return the server's base URL (with its URL base, no secrets)."""
        return str(self._transport.base_url)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        json_body: Any = None,
        refusable: bool = False,
    ) -> Any:
        """Send one request and return its JSON answer.

        `refusable`: a change Seerr's rules may refuse (a quota reached, no
        permission to request or to decide). Seerr answers those 403 with its
        reason, which is kept (ArrApiError with the status) rather than read
        as a rejected API key: the key was good for the reads before it.
        """
        response = await self._transport.request(
            method,
            f"{self.spec.api_path}/{path}",
            params=params,
            json_body=json_body,
            headers=self._headers,
            raise_for_status=not refusable,
        )
        if refusable and response.status == 403:
            message = self._transport.error_message(response)
            raise ArrApiError(
                f"Seerr at {self.base_url} answered HTTP 403: {message}"
                if message
                else f"Seerr at {self.base_url} answered HTTP 403",
                status=403,
            )
        self._transport.raise_for_status(response)
        if "html" in response.content_type or response.body.lstrip()[:1] == b"<":
            raise ArrWrongAppError(
                f"Seerr at {self.base_url} answered with a web page, not the Seerr"
                " API: check the URL, the URL base and any login in front of it"
            )
        if not response.body.strip():
            raise ArrMalformedResponseError(f"Seerr at {self.base_url} sent nothing")
        return self._transport.decode_json(response)

    # Status and identity

    async def status(self) -> SeerrStatus:
        """Return the version; ArrWrongAppError when the server is not Seerr."""
        try:
            data = await self._request("GET", "status")
        except ArrNotFoundError as err:
            raise ArrWrongAppError(
                f"the server at {self.base_url} is not Seerr: it has no /api/v1/status"
            ) from err
        try:
            return SeerrStatus.from_json(data)
        except ArrMalformedResponseError as err:
            raise ArrWrongAppError(
                f"the server at {self.base_url} is not Seerr: its /api/v1/status"
                " names no version"
            ) from err

    async def me(self) -> SeerrUser:
        """Return the user the API key acts as (ArrAuthError if it is refused)."""
        return SeerrUser.from_json(await self._request("GET", "auth/me"))

    async def verify(self) -> SeerrStatus:
        """Prove the address is Seerr and the key is accepted."""
        status = await self.status()
        await self.me()
        return status

    # Requests

    async def request_counts(self) -> RequestCounts:
        """Return how many requests there are, by status and type."""
        return RequestCounts.from_json(await self._request("GET", "request/count"))

    async def issue_counts(self) -> IssueCounts:
        """Return how many issues people reported, open and closed."""
        return IssueCounts.from_json(await self._request("GET", "issue/count"))

    async def requests(
        self,
        status: RequestFilter = "all",
        *,
        take: int = DEFAULT_TAKE,
        skip: int = 0,
    ) -> RequestPage:
        """Return one page of requests, newest first."""
        params: dict[str, Any] = {
            "take": max(1, min(int(take), MAX_TAKE)),
            "skip": max(0, int(skip)),
            "filter": status,
            "sort": "added",
        }
        data = await self._request("GET", "request", params=params)
        return RequestPage.parse(data, self._skipped.skip("requests"))

    async def request(self, request_id: int) -> MediaRequest:
        """Return one request (ArrNotFoundError if there is none)."""
        return MediaRequest.from_json(
            await self._request("GET", f"request/{int(request_id)}")
        )

    async def approve(self, request_id: int) -> MediaRequest:
        """Approve a pending request: Seerr sends it to Sonarr or Radarr."""
        return MediaRequest.from_json(
            await self._request(
                "POST", f"request/{int(request_id)}/approve", refusable=True
            )
        )

    async def decline(self, request_id: int) -> MediaRequest:
        """Decline a pending request."""
        return MediaRequest.from_json(
            await self._request(
                "POST", f"request/{int(request_id)}/decline", refusable=True
            )
        )

    async def create_request(
        self,
        media_type: MediaType,
        tmdb_id: int,
        *,
        seasons: Sequence[int] | None = None,
    ) -> MediaRequest:
        """Request a movie, or a series (some seasons, or every one).

        Seerr's rules apply: an admin's request is approved at once, another
        user's waits for approval or is refused by a quota.
        """
        body: dict[str, Any] = {"mediaType": media_type, "mediaId": int(tmdb_id)}
        if media_type == "tv":
            body["seasons"] = (
                sorted({int(season) for season in seasons}) if seasons else "all"
            )
        return MediaRequest.from_json(
            await self._request("POST", "request", json_body=body, refusable=True)
        )

    # Search and details

    async def search(self, query: str) -> list[SearchResult]:
        """Return the movies and series a text finds (people left out)."""
        data = await self._request("GET", "search", params={"query": query})
        results = data.get("results") if isinstance(data, dict) else None
        return parse_list(
            [item for item in results or [] if is_media_result(item)]
            if isinstance(results, list)
            else data,
            "search results",
            SearchResult.from_json,
            self._skipped.skip("search results"),
        )

    async def details(self, media_type: MediaType, tmdb_id: int) -> MediaDetails:
        """Return the title and status of a movie or series by its TMDB id."""
        path = (
            f"movie/{int(tmdb_id)}" if media_type == "movie" else f"tv/{int(tmdb_id)}"
        )
        return MediaDetails.parser(media_type)(await self._request("GET", path))

    async def titled(self, requests: Iterable[MediaRequest]) -> list[TitledRequest]:
        """Return requests with their titles, each title read once.

        A title that cannot be read (Seerr cannot reach TMDB, or TMDB lost
        it) leaves the request named by its TMDB id rather than failing the
        list; a Seerr that cannot be reached fails it. Titles read once are
        remembered.
        """
        wanted = list(requests)
        keys = {
            (request.media_type, request.tmdb_id)
            for request in wanted
            if request.media_type is not None
            and request.tmdb_id is not None
            and (request.media_type, request.tmdb_id) not in self._titles
        }
        limit = asyncio.Semaphore(MAX_PARALLEL_DETAILS)

        async def read(
            media_type: MediaType, tmdb_id: int
        ) -> tuple[tuple[MediaType, int], MediaDetails | None]:
            async with limit:
                try:
                    return (media_type, tmdb_id), await self.details(
                        media_type, tmdb_id
                    )
                except ArrApiError, ArrMalformedResponseError:
                    return (media_type, tmdb_id), None

        found = dict(
            await asyncio.gather(
                *(read(media_type, tmdb_id) for media_type, tmdb_id in sorted(keys))
            )
        )
        if len(self._titles) + len(found) > MAX_REMEMBERED_TITLES:
            self._titles.clear()
        self._titles.update(
            (key, details) for key, details in found.items() if details is not None
        )
        found = {**self._titles, **found}
        titled: list[TitledRequest] = []
        for request in wanted:
            details = (
                found.get((request.media_type, request.tmdb_id))
                if request.media_type is not None and request.tmdb_id is not None
                else None
            )
            titled.append(
                TitledRequest(
                    request,
                    details.title if details else f"TMDB {request.tmdb_id}",
                    details.year if details else None,
                )
            )
        return titled
