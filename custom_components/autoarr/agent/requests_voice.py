"""Requests by voice: what has been requested, approve or decline one, and
adds that go through Seerr ("request The Bear season 2").

Answered without a model, in every instant language. When a Seerr is
configured (and the agent is not set to add directly) "add the movie X" and
"request X" ask Seerr: its search says first whether the title is already
available or requested, and a new request is approved by Seerr's own rules
or waits for an administrator. Who may approve or decline is decided by the
caller (`assist_agent.py`: administrators only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
import re
from typing import Final

from .language import counted_key
from .languages import REGISTRY, get
from .media import MediaRequest
from .operations.common import Json
from .operations.requests import (
    Decision,
    ListedRequests,
    SeerrChoice,
    SeerrOutcome,
    decide_request,
    list_requests,
    request_through_seerr,
)
from .speech import join
from .stack import Stack

# How many requests an answer names.
MAX_SPOKEN: Final = 3

# "The Bear season 2", "The Bear seasons 1 and 2", "The Bear Staffel 2".
_SEASONS: Final = re.compile(
    r"\s+(?:"
    + "|".join(language.season_words for language in REGISTRY.values())
    + r")\s+(?P<numbers>\d+(?:\s*(?:,|"
    + "|".join(re.escape(language.phrases["and"]) for language in REGISTRY.values())
    + r")\s*\d+)*)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RequestRef:
    """The one waiting request an answer named, for "approve it" or "decline it"."""

    request_id: int
    instance: str
    title: str


def _text(language: str, key: str, **values: object) -> str:
    return get(language).requests[key].format(**values)


def admin_only(language: str) -> str:
    """Return the refusal of an approval or a decline to a non-administrator."""
    return _text(language, "admin_only")


def split_seasons(title: str) -> tuple[str, list[int]]:
    """Return a title without the seasons said after it, and those seasons."""
    found = _SEASONS.search(title)
    if found is None:
        return title, []
    numbers = sorted({int(n) for n in re.findall(r"\d+", found["numbers"])})
    return title[: found.start()].strip(), numbers


def _label(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


async def pending_answer(
    stack: Stack, language: str
) -> tuple[str, ListedRequests | None]:
    """Say which requests wait for approval ("what's been requested?")."""
    if not stack.seerr:
        return _text(language, "no_seerr"), None
    listed = await list_requests(stack, "pending")
    if listed.unavailable and not listed.items:
        return _text(
            language, "unavailable", names=join(language, listed.unavailable)
        ), listed
    if not listed.items:
        return _text(language, "none_pending"), listed
    spoken = get(language)
    items = []
    for item in listed.items[:MAX_SPOKEN]:
        seasons = item["seasons"]
        # "season 2", "seasons 1 and 2": the word takes the seasons' count.
        key = (
            counted_key(spoken, spoken.requests, "item_seasons", len(seasons))
            if seasons
            else "item"
        )
        items.append(
            _text(
                language,
                key,
                title=item["title"],
                who=item["requested_by"] or "?",
                seasons=join(language, [str(s) for s in seasons]),
            )
        )
    if len(listed.items) > MAX_SPOKEN:
        items.append(_text(language, "more", count=len(listed.items) - MAX_SPOKEN))
    return (
        _text(
            language,
            counted_key(spoken, spoken.requests, "pending", len(listed.items)),
            count=len(listed.items),
            items="; ".join(items),
        ),
        listed,
    )


async def decision_answer(
    stack: Stack, language: str, title: str, *, approve: bool
) -> tuple[str, Decision | None]:
    """Approve or decline the waiting request for a title, and say so."""
    if not stack.seerr:
        return _text(language, "no_seerr"), None
    decision = await decide_request(stack, approve=approve, title=title)
    match decision.status:
        case "approved" | "declined":
            assert decision.request is not None
            said = decision.request["title"]
            return _text(language, decision.status, title=said), decision
        case "ambiguous":
            titles = [c["title"] for c in decision.candidates]
            return _text(language, "ambiguous", titles=join(language, titles)), decision
        case "rejected":
            assert decision.request is not None
            said = decision.request["title"]
            message = decision.message
            return _text(
                language, "decision_rejected", title=said, message=message
            ), decision
        case "unavailable":
            names = join(language, decision.unavailable)
            return _text(language, "unavailable", names=names), decision
    return _text(language, "not_found", title=title), decision


def named_request(
    listed: ListedRequests | SeerrOutcome | None,
) -> RequestRef | None:
    """Return the one waiting request an answer named, if it named exactly one.

    The list of waiting requests with one item, or a request just made that
    waits for an administrator.
    """
    if isinstance(listed, SeerrOutcome):
        if (
            listed.status != "requested"
            or listed.request_status != "pending"
            or listed.request_id is None
            or listed.instance is None
        ):
            return None
        title = (listed.media or {}).get("title") or listed.query
        return RequestRef(listed.request_id, listed.instance, title)
    if listed is None or len(listed.items) != 1:
        return None
    item = listed.items[0]
    return RequestRef(item["id"], item["instance"], item["title"])


async def decide_named(
    stack: Stack, language: str, named: RequestRef | None, *, approve: bool
) -> tuple[str, Decision | None]:
    """Approve or decline the request just talked about ("decline it")."""
    if not stack.seerr:
        return _text(language, "no_seerr"), None
    if named is None:
        return _text(language, "which_request"), None
    decision = await decide_request(
        stack, approve=approve, request_id=named.request_id, instance=named.instance
    )
    match decision.status:
        case "approved" | "declined":
            return _text(language, decision.status, title=named.title), decision
        case "rejected":
            return _text(
                language,
                "decision_rejected",
                title=named.title,
                message=decision.message,
            ), decision
        case "unavailable":
            names = join(language, decision.unavailable)
            return _text(language, "unavailable", names=names), decision
    return _text(language, "not_found", title=named.title), decision


def seerr_request(request: MediaRequest) -> tuple[MediaRequest, list[int]]:
    """Return a request without the seasons its title says, and those seasons.

    Seasons said ("The Bear season 2") make a request of unknown kind a series.
    """
    title, seasons = split_seasons(request.title)
    kind = "series" if seasons and request.kind is None else request.kind
    return MediaRequest(title, kind, request.year, request.quality), seasons


async def seerr_request_answer(
    stack: Stack, language: str, request: MediaRequest
) -> tuple[str, SeerrOutcome]:
    """Ask Seerr for a title ("request The Bear season 2"), and say what came of it."""
    request, seasons = seerr_request(request)
    outcome = await request_through_seerr(stack, request, seasons=seasons or None)
    return seerr_speech(language, outcome), outcome


def seerr_question(language: str, choice: SeerrChoice) -> str:
    """Return the question a request held for a yes asks: "Shall I request X?"."""
    title = _said_title(language, choice.media, choice.request.title, choice.seasons)
    return _text(language, "confirm_request", title=title)


def _said_title(language: str, media: Json, query: str, seasons: Sequence[int]) -> str:
    """Return a title as said: "The Bear (2022) season 2"."""
    title = _label(media.get("title") or query, media.get("year"))
    if seasons and media.get("media_type") == "tv":
        said = join(language, [str(s) for s in seasons])
        spoken = get(language)
        key = counted_key(spoken, spoken.requests, "title_seasons", len(seasons))
        title = _text(language, key, title=title, seasons=said)
    return title


def seerr_speech(language: str, outcome: SeerrOutcome) -> str:
    """Return the spoken answer to a request made through Seerr."""
    title = _said_title(language, outcome.media or {}, outcome.query, outcome.seasons)
    match outcome.status:
        case "requested":
            key = (
                "requested_approved"
                if outcome.request_status == "approved"
                else "requested_pending"
            )
            return _text(language, key, title=title)
        case "already_available" | "already_requested":
            return _text(language, outcome.status, title=title)
        case "not_found":
            return _text(language, "search_not_found", title=outcome.query)
        case "ambiguous":
            options = [_label(c["title"], c["year"]) for c in outcome.candidates]
            return _text(
                language, "did_you_mean", options=join(language, options, word="or")
            )
        case "rejected":
            return _text(
                language, "rejected", title=title, message=outcome.message or ""
            )
    return _text(
        language, "unavailable", names=join(language, outcome.unavailable or ["Seerr"])
    )
