"""The follow-ups' actions: list what waits to be announced, cancel one.

`get_followups` lists the movies and shows an agent will announce when they
are imported (`followups.py`); `cancel_followup` drops those whose title
contains the words given, so nothing is said when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from homeassistant.core import ServiceCall, ServiceResponse
import probatio

from .agent.media import matches_name
from .data import AutoArrConfigEntry
from .followups import FollowUp, FollowUps

ATTR_TITLE = "title"
MAX_TITLE_LENGTH = 200


def _followups(entry: AutoArrConfigEntry) -> FollowUps:
    followups = entry.runtime_data.followups
    assert followups is not None  # set before the entry is loaded
    return followups


def described(entry: AutoArrConfigEntry, followup: FollowUp) -> dict[str, Any]:
    runtime = entry.runtime_data.services.get(followup.service_id)
    return {
        "title": followup.title,
        "artist": followup.artist,
        "instance": runtime.name if runtime is not None else None,
        "media_id": followup.media_id,
        "language": followup.language,
        "device_id": followup.device_id,
        "target": followup.target,
        "asked": followup.created,
        "expires": followup.expires_at.isoformat(),
    }


async def _get_followups(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    pending = _followups(entry).pending
    return cast(
        "ServiceResponse",
        {"followups": [described(entry, followup) for followup in pending]},
    )


async def _cancel_followup(
    call: ServiceCall, entry: AutoArrConfigEntry
) -> ServiceResponse:
    followups = _followups(entry)
    title = call.data[ATTR_TITLE]
    cancelled = await followups.async_cancel(lambda f: matches_name(title, f.title))
    return cast(
        "ServiceResponse",
        {"cancelled": [described(entry, followup) for followup in cancelled]},
    )


# Name: (fields, handler). get_followups only reads.
FOLLOWUP_ACTIONS: dict[str, tuple[dict[Any, Any], Callable[..., Any]]] = {
    "get_followups": ({}, _get_followups),
    "cancel_followup": (
        {
            probatio.Required(ATTR_TITLE): probatio.All(
                str, probatio.Length(min=1, max=MAX_TITLE_LENGTH)
            )
        },
        _cancel_followup,
    ),
}
