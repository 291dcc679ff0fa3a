"""Requests through Seerr: list them, approve or decline one, request a title.

When a Seerr (Overseerr, Jellyseerr) is configured, a request for a movie or
series goes to it instead of straight to Radarr or Sonarr, so its users,
quotas and approval rules apply; Seerr's search says first whether the title
is already available or requested ("Dune is already available"). Approving
and declining are for administrators: the callers check who asks
(`permissions.py`), these functions only act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from custom_components.autoarr.agent.media import MediaRequest, normalize
from custom_components.autoarr.agent.seerr_api import SeerrApi
from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.arr.errors import ArrApiError, ArrError
from custom_components.autoarr.arr.seerr import RequestFilter, TitledRequest
from custom_components.autoarr.arr.seerr_models import (
    MediaType,
    RequestStatus,
    SearchResult,
)

from .added import AddedMedia, record_add
from .common import Json

# How many requests a list reads per Seerr, and how many waiting ones are
# searched for the one named by title.
DEFAULT_LIMIT: Final = 20
MAX_LIMIT: Final = 100
# How many search results an ambiguous request offers.
MAX_CHOICES: Final = 3


@dataclass(frozen=True, slots=True)
class ListedRequests:
    """Requests of every Seerr, newest first, and the Seerrs that did not answer."""

    items: list[Json]
    unavailable: list[str] = field(default_factory=list)

    def as_dict(self) -> Json:
        """Return the list as tool and action data."""
        data: Json = {"count": len(self.items), "requests": self.items}
        if self.unavailable:
            data["unavailable"] = self.unavailable
        return data


async def list_requests(
    stack: Stack,
    status: RequestFilter = "pending",
    limit: int = DEFAULT_LIMIT,
    *,
    instance: str | None = None,
) -> ListedRequests:
    """Return the requests of one status (of every Seerr, or one), with titles."""
    items: list[Json] = []
    down: list[str] = []
    for seerr in _chosen(stack, instance):
        try:
            page = await seerr.client.requests(
                status, take=max(1, min(limit, MAX_LIMIT))
            )
            titled = await seerr.client.titled(page.requests)
        except ArrError:
            down.append(seerr.name)
            continue
        items.extend({**t.as_dict(), "instance": seerr.name} for t in titled)
    items.sort(key=lambda item: item["requested_at"] or "", reverse=True)
    return ListedRequests(items[: max(1, limit)], down)


type DecisionStatus = Literal[
    "approved",
    "declined",
    "not_found",
    "ambiguous",
    "not_pending",
    "rejected",
    "unavailable",
]


@dataclass(frozen=True, slots=True)
class Decision:
    """What came of approving or declining a request."""

    status: DecisionStatus
    query: str
    request: Json | None = None
    candidates: list[Json] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    message: str | None = None

    def as_dict(self) -> Json:
        """Return the outcome as tool and action data."""
        data: Json = {"status": self.status, "query": self.query}
        if self.request is not None:
            data["request"] = self.request
        if self.candidates:
            data["candidates"] = self.candidates
        if self.unavailable:
            data["unavailable"] = self.unavailable
        if self.message:
            data["message"] = self.message
        return data


async def decide_request(
    stack: Stack,
    *,
    approve: bool,
    title: str | None = None,
    request_id: int | None = None,
    instance: str | None = None,
) -> Decision:
    """Approve or decline one waiting request, named by its title or its id.

    By title, the waiting requests of every Seerr are searched: one match is
    decided, several are returned for a question.
    """
    query = title if title is not None else f"#{request_id}"
    found: list[tuple[Instance[SeerrApi], TitledRequest]] = []
    down: list[str] = []
    for seerr in _chosen(stack, instance):
        try:
            page = await seerr.client.requests("pending", take=MAX_LIMIT)
            titled = await seerr.client.titled(page.requests)
        except ArrError:
            down.append(seerr.name)
            continue
        found.extend((seerr, t) for t in titled if _names(t, title, request_id))
    if not found and request_id is not None:
        return Decision(
            "not_pending" if not down else "unavailable", query, unavailable=down
        )
    if not found:
        return Decision("unavailable" if down else "not_found", query, unavailable=down)
    exact = [
        (seerr, t)
        for seerr, t in found
        if title is None or normalize(t.title) == normalize(title)
    ]
    if len(exact) != 1:
        return Decision(
            "ambiguous",
            query,
            candidates=[{**t.as_dict(), "instance": s.name} for s, t in exact or found],
        )
    seerr, chosen = exact[0]
    try:
        changed = await (
            seerr.client.approve(chosen.request.id)
            if approve
            else seerr.client.decline(chosen.request.id)
        )
    except ArrError as err:
        if (message := refusal(err)) is not None:
            # Seerr answered no (no permission, the request gone meanwhile).
            return Decision(
                "rejected",
                query,
                request={**chosen.as_dict(), "instance": seerr.name},
                message=message,
            )
        return Decision("unavailable", query, unavailable=[seerr.name])
    result = TitledRequest(changed, chosen.title, chosen.year)
    return Decision(
        "approved" if approve else "declined",
        query,
        request={**result.as_dict(), "instance": seerr.name},
    )


type SeerrRequestStatus = Literal[
    "requested",
    "already_available",
    "already_requested",
    "ambiguous",
    "not_found",
    "rejected",
    "unavailable",
]


@dataclass(frozen=True, slots=True)
class SeerrOutcome:
    """What came of asking Seerr for a movie or series."""

    status: SeerrRequestStatus
    query: str
    instance: str | None = None
    media: Json | None = None
    # Seerr's own status of the new request: approved at once, or pending.
    request_status: str | None = None
    request_id: int | None = None
    seasons: list[int] = field(default_factory=list)
    candidates: list[Json] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    message: str | None = None

    def as_dict(self) -> Json:
        """Return the outcome as tool and action data."""
        data: Json = {"status": self.status, "query": self.query, "via": "seerr"}
        for key in ("instance", "media", "request_status", "request_id", "message"):
            if (value := getattr(self, key)) is not None:
                data[key] = value
        if self.seasons:
            data["seasons"] = self.seasons
        if self.candidates:
            data["candidates"] = self.candidates
        if self.unavailable:
            data["unavailable"] = self.unavailable
        return data


def _result_json(result: SearchResult) -> Json:
    return {
        "title": result.title,
        "year": result.year,
        "media_type": result.media_type,
        "tmdb_id": result.tmdb_id,
        "status": result.status.value,
    }


def choose_result(
    results: Sequence[SearchResult], request: MediaRequest
) -> SearchResult | list[SearchResult] | None:
    """Return the one result a request means, several to ask about, or None."""
    wanted: MediaType | None = (
        None if request.kind is None else "movie" if request.kind == "movie" else "tv"
    )
    fitting = [
        r
        for r in results
        if (wanted is None or r.media_type == wanted)
        and (request.year is None or r.year == request.year)
    ]
    wanted_title = normalize(request.title)
    exact = [r for r in fitting if normalize(r.title) == wanted_title]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return exact[:MAX_CHOICES]
    # Not said in full ("drifter"): the one title that has the words.
    containing = [r for r in fitting if wanted_title in normalize(r.title)]
    if len(containing) == 1:
        return containing[0]
    if len(fitting) == 1:
        return fitting[0]
    return fitting[:MAX_CHOICES] or None


@dataclass(frozen=True, slots=True)
class SeerrChoice:
    """The one title a request through Seerr names, not yet requested there.

    What a confirmation question asks about ("Shall I request Oppenheimer
    (2023)?"); `make_seerr_request` requests it.
    """

    instance: str
    request: MediaRequest
    result: SearchResult
    seasons: tuple[int, ...] = ()
    unavailable: tuple[str, ...] = ()

    @property
    def media(self) -> Json:
        """Return the chosen title as tool and action data."""
        return _result_json(self.result)


async def find_through_seerr(
    stack: Stack,
    request: MediaRequest,
    *,
    seasons: Sequence[int] | None = None,
    tmdb_id: int | None = None,
) -> SeerrOutcome | SeerrChoice:
    """Search the first Seerr that answers for what a request names.

    The title to request, or the outcome when there is none: already
    available or requested, not found, several to choose from, no Seerr
    answering. Nothing is requested.
    """
    down: list[str] = []
    for seerr in stack.seerr:
        try:
            results = await seerr.client.search(request.title)
        except ArrError:
            down.append(seerr.name)
            continue
        if tmdb_id is not None:
            results = [r for r in results if r.tmdb_id == tmdb_id]
        chosen = choose_result(results, request)
        if chosen is None:
            return SeerrOutcome(
                "not_found", request.title, seerr.name, unavailable=down
            )
        if isinstance(chosen, list):
            return SeerrOutcome(
                "ambiguous",
                request.title,
                seerr.name,
                candidates=[_result_json(r) for r in chosen],
                unavailable=down,
            )
        # A series asked for by season may be available in part only.
        whole = chosen.media_type == "movie" or not seasons
        known: SeerrRequestStatus | None = None
        if chosen.available and whole:
            known = "already_available"
        elif chosen.requested and whole:
            known = "already_requested"
        if known is not None:
            return SeerrOutcome(
                known,
                request.title,
                seerr.name,
                media=_result_json(chosen),
                unavailable=down,
            )
        return SeerrChoice(
            seerr.name,
            request,
            chosen,
            tuple(seasons or ()) if chosen.media_type == "tv" else (),
            tuple(down),
        )
    return SeerrOutcome("unavailable", request.title, unavailable=down)


async def request_through_seerr(
    stack: Stack,
    request: MediaRequest,
    *,
    seasons: Sequence[int] | None = None,
    tmdb_id: int | None = None,
) -> SeerrOutcome:
    """Ask the first Seerr that answers for a movie or series.

    Its search says first whether the title is already available or
    requested; otherwise a request is made (some seasons of a series, or all
    of them), which Seerr approves at once or keeps for an administrator.
    """
    found = await find_through_seerr(stack, request, seasons=seasons, tmdb_id=tmdb_id)
    if isinstance(found, SeerrOutcome):
        return found
    return await make_seerr_request(stack, found)


async def make_seerr_request(stack: Stack, choice: SeerrChoice) -> SeerrOutcome:
    """Request the title a search chose, from the Seerr that found it."""
    base: dict[str, Any] = {
        "query": choice.request.title,
        "instance": choice.instance,
        "media": choice.media,
        "unavailable": list(choice.unavailable),
    }
    down = [*choice.unavailable, choice.instance]
    seerr = next(iter(_chosen(stack, choice.instance)), None)
    if seerr is None:
        # Removed since it was asked (a held request confirmed later).
        return SeerrOutcome("unavailable", **{**base, "unavailable": down})
    try:
        made = await seerr.client.create_request(
            choice.result.media_type,
            choice.result.tmdb_id,
            seasons=choice.seasons or None,
        )
    except ArrError as err:
        if (message := refusal(err)) is not None:
            # A quota reached, a request already made meanwhile.
            return SeerrOutcome("rejected", **base, message=message)
        return SeerrOutcome("unavailable", **{**base, "unavailable": down})
    record_add(
        AddedMedia(
            choice.instance,
            choice.result.media_type,
            made.id,
            choice.result.title,
            request=True,
        )
    )
    return SeerrOutcome(
        "requested",
        **base,
        request_status=made.status.value,
        request_id=made.id,
        seasons=list(made.seasons),
    )


def refusal(err: ArrError) -> str | None:
    """Return Seerr's message when it answered no (4xx), None when it failed."""
    status = err.status if isinstance(err, ArrApiError) else None
    if status is None or not 400 <= status < 500:
        return None
    return str(err).partition(": ")[2] or str(err)


def _chosen(stack: Stack, instance: str | None) -> tuple[Instance[SeerrApi], ...]:
    return tuple(
        s
        for s in stack.seerr
        if instance is None or normalize(s.name) == normalize(instance)
    )


def _names(titled: TitledRequest, title: str | None, request_id: int | None) -> bool:
    if request_id is not None:
        return titled.request.id == request_id
    wanted, have = normalize(title or ""), normalize(titled.title)
    return (
        titled.request.status is RequestStatus.PENDING
        and bool(wanted)
        and (wanted == have or wanted in have)
    )
