"""Actions about requests: request a title, list Seerr's requests, decide one.

- `request_media` adds a movie or series. With a Seerr (Overseerr,
  Jellyseerr) configured it asks Seerr instead of Radarr or Sonarr, so
  Seerr's users, quotas and approval rules apply and a title that is already
  available or requested is said so; `direct: true` adds straight to
  Radarr or Sonarr.
- `requests` lists Seerr's requests of one status (pending by default), with
  their titles; it only reads.
- `approve_request` and `decline_request` decide a waiting request named by
  its title or id. They are for administrators (`services.py` registers
  them as admin actions; the agent checks its user the same way).
"""

from __future__ import annotations

from typing import Any, Final, get_args

from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
import probatio

from .agent import operations
from .agent.media import QUALITIES, MediaRequest, parse_request
from .agent.operations.added import AddedMedia, recording_adds
from .agent.operations.requests import (
    decide_request,
    list_requests,
    request_through_seerr,
)
from .agent.stack import Stack
from .announce import TARGET_DOMAINS
from .arr.seerr import MAX_TAKE, RequestFilter
from .const import DOMAIN
from .data import AutoArrConfigEntry
from .llm_api import async_refresh_soon, stack_of

ATTR_TITLE: Final = "title"
ATTR_KIND: Final = "kind"
ATTR_YEAR: Final = "year"
ATTR_QUALITY: Final = "quality"
ATTR_SEARCH: Final = "search"
ATTR_SEASONS: Final = "seasons"
ATTR_DIRECT: Final = "direct"
ATTR_ANNOUNCE_READY: Final = "announce_ready"
ATTR_TARGET: Final = "target"
ATTR_LANGUAGE: Final = "language"
ATTR_STATUS: Final = "status"
ATTR_LIMIT: Final = "limit"
ATTR_INSTANCE: Final = "instance"
ATTR_REQUEST_ID: Final = "request_id"
MAX_TITLE_LENGTH: Final = 200


def _text() -> Any:
    return probatio.All(cv.string, probatio.Length(min=1, max=MAX_TITLE_LENGTH))


def _require_seerr(stack: Stack) -> None:
    if not stack.seerr:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_seerr_configured"
        )


async def _refresh_seerrs(entry: AutoArrConfigEntry) -> None:
    """Show a change made through Seerr at once (its sensors and events)."""
    for seerr in entry.runtime_data.seerr_services():
        await seerr.requests.async_refresh()


async def _async_follow_up(
    call: ServiceCall, entry: AutoArrConfigEntry, added: list[AddedMedia]
) -> None:
    """Follow up what the action added or requested, when it asks to.

    Said on the `target` media player or notify entity, as an agent's "Say
    it on" sends it (announce.py), in `language` (Home Assistant's by
    default); without a target (no satellite asked), in a notification.
    """
    followups = entry.runtime_data.followups
    if added and followups is not None and call.data[ATTR_ANNOUNCE_READY]:
        await followups.async_add(
            added,
            call.data.get(ATTR_LANGUAGE, call.hass.config.language),
            None,
            target=call.data.get(ATTR_TARGET),
        )


async def _request_media(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    """Add a movie or a series: through Seerr when one is configured."""
    stack = stack_of(entry.runtime_data)
    parsed = parse_request(call.data[ATTR_TITLE], kind=call.data.get(ATTR_KIND))
    request = MediaRequest(
        title=parsed.title,
        kind=parsed.kind,
        year=call.data.get(ATTR_YEAR, parsed.year),
        quality=call.data.get(ATTR_QUALITY, parsed.quality),
    )
    if stack.seerr and not call.data[ATTR_DIRECT]:
        with recording_adds() as requested:
            through = await request_through_seerr(
                stack, request, seasons=call.data.get(ATTR_SEASONS)
            )
        await _async_follow_up(call, entry, requested)
        if through.status == "rejected":
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="add_rejected",
                translation_placeholders={
                    "service": through.instance or "",
                    "title": (through.media or {}).get("title", request.title),
                    "message": through.message or "",
                },
            )
        if through.status == "requested":
            await _refresh_seerrs(entry)
        return through.as_dict()
    if not stack.arrs:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="no_arr_configured"
        )
    with recording_adds() as added:
        outcome = await operations.request_media(
            stack, request, search=call.data[ATTR_SEARCH]
        )
    await _async_follow_up(call, entry, added)
    if outcome.status in operations.ADD_FAILURES:
        # The service cannot add it: say which and why, as an error.
        chosen = outcome.chosen
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=f"add_{outcome.status}",
            translation_placeholders={
                "service": outcome.service or "",
                "title": chosen.label() if chosen else request.title,
                "message": outcome.message or "",
            },
        )
    if outcome.status == "added":
        async_refresh_soon(call.hass, entry)
    return outcome.as_dict()


async def _requests(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """List Seerr's requests of one status, newest first."""
    stack = stack_of(entry.runtime_data)
    _require_seerr(stack)
    listed = await list_requests(
        stack,
        call.data[ATTR_STATUS],
        call.data[ATTR_LIMIT],
        instance=call.data.get(ATTR_INSTANCE),
    )
    if listed.unavailable and not listed.items:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="services_unreachable",
            translation_placeholders={"names": ", ".join(listed.unavailable)},
        )
    return listed.as_dict()


async def _decide(
    call: ServiceCall, entry: AutoArrConfigEntry, *, approve: bool
) -> ServiceResponse:
    stack = stack_of(entry.runtime_data)
    _require_seerr(stack)
    title = call.data.get(ATTR_TITLE)
    request_id = call.data.get(ATTR_REQUEST_ID)
    if title is None and request_id is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="request_not_named"
        )
    decision = await decide_request(
        stack,
        approve=approve,
        title=title,
        request_id=request_id,
        instance=call.data.get(ATTR_INSTANCE),
    )
    if decision.status in ("approved", "declined"):
        await _refresh_seerrs(entry)
        return decision.as_dict()
    if decision.status == "unavailable":
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="services_unreachable",
            translation_placeholders={"names": ", ".join(decision.unavailable)},
        )
    if decision.status == "rejected" and decision.request is not None:
        # Seerr's rules said no (the key's user may not decide requests).
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="request_refused",
            translation_placeholders={
                "service": decision.request["instance"],
                "title": decision.request["title"],
                "message": decision.message or "",
            },
        )
    if decision.status == "ambiguous":
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="request_ambiguous",
            translation_placeholders={
                "query": decision.query,
                "titles": ", ".join(c["title"] for c in decision.candidates),
            },
        )
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="request_not_found",
        translation_placeholders={"query": decision.query},
    )


async def _approve(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Approve a waiting request: Seerr sends it to Radarr or Sonarr."""
    return await _decide(call, entry, approve=True)


async def _decline(call: ServiceCall, entry: AutoArrConfigEntry) -> ServiceResponse:
    """Decline a waiting request."""
    return await _decide(call, entry, approve=False)


_DECISION = {
    probatio.Optional(ATTR_TITLE): _text(),
    probatio.Optional(ATTR_REQUEST_ID): probatio.All(
        probatio.Coerce(int), probatio.Range(min=1)
    ),
    probatio.Optional(ATTR_INSTANCE): _text(),
}

REQUEST_ACTIONS: Final[dict[str, tuple[dict[Any, Any], Any]]] = {
    "request_media": (
        {
            probatio.Required(ATTR_TITLE): _text(),
            probatio.Optional(ATTR_KIND): probatio.In(["movie", "series"]),
            probatio.Optional(ATTR_YEAR): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1870, max=2100)
            ),
            probatio.Optional(ATTR_QUALITY): probatio.In(list(QUALITIES)),
            probatio.Optional(ATTR_SEARCH, default=True): cv.boolean,
            probatio.Optional(ATTR_SEASONS): probatio.All(
                cv.ensure_list,
                [probatio.All(probatio.Coerce(int), probatio.Range(min=0, max=500))],
                probatio.Length(min=1, max=100),
            ),
            probatio.Optional(ATTR_DIRECT, default=False): cv.boolean,
            probatio.Optional(ATTR_ANNOUNCE_READY, default=False): cv.boolean,
            probatio.Optional(ATTR_TARGET): cv.entity_domain(TARGET_DOMAINS),
            probatio.Optional(ATTR_LANGUAGE): cv.language,
        },
        _request_media,
    ),
    "requests": (
        {
            probatio.Optional(ATTR_STATUS, default="pending"): probatio.In(
                list(get_args(RequestFilter.__value__))
            ),
            probatio.Optional(ATTR_LIMIT, default=20): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1, max=MAX_TAKE)
            ),
            probatio.Optional(ATTR_INSTANCE): _text(),
        },
        _requests,
    ),
    "approve_request": (_DECISION, _approve),
    "decline_request": (_DECISION, _decline),
}
# `requests` only reads; deciding a request is for administrators.
REQUEST_READING: Final = frozenset({"requests"})
REQUEST_ADMIN: Final = frozenset({"approve_request", "decline_request"})
