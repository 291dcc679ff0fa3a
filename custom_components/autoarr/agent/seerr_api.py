"""The Seerr calls the agent uses (the Seerr client satisfies them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from custom_components.autoarr.arr.seerr import RequestFilter, TitledRequest
from custom_components.autoarr.arr.seerr_models import (
    MediaRequest as SeerrRequest,
    MediaType,
    RequestPage,
    SearchResult,
)


class SeerrApi(Protocol):
    """The Seerr calls the agent uses."""

    async def requests(
        self, status: RequestFilter = "all", *, take: int = 20, skip: int = 0
    ) -> RequestPage:
        """Return one page of requests, newest first."""

    async def titled(self, requests: Iterable[SeerrRequest]) -> list[TitledRequest]:
        """Return requests with their titles."""

    async def approve(self, request_id: int) -> SeerrRequest:
        """Approve a request."""

    async def decline(self, request_id: int) -> SeerrRequest:
        """Decline a request."""

    async def create_request(
        self,
        media_type: MediaType,
        tmdb_id: int,
        *,
        seasons: Sequence[int] | None = None,
    ) -> SeerrRequest:
        """Request a movie or a series."""

    async def search(self, query: str) -> list[SearchResult]:
        """Return the movies and series a text finds."""
