"""The coordinator of a request manager (Seerr, Overseerr, Jellyseerr).

One refresh reads Seerr's version, its request and issue counts, the
requests waiting for approval (with their titles) and the newest requests;
comparing the newest with the last refresh's gives the request events (a new
request, one approved, declined, failed or made available) that the event
entity fires. It is polled every minute, and at once when Seerr's webhook
says something changed (`seerr_webhook.py`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ClassVar, Final, override

from .arr.seerr import SeerrClient, TitledRequest
from .arr.seerr_models import (
    AVAILABLE_STATUSES,
    IssueCounts,
    RequestCounts,
    RequestStatus,
)
from .coordinator import PolledCoordinator

# How many waiting and newest requests one refresh reads.
LISTED_REQUESTS: Final = 20
SEERR_INTERVAL: Final = timedelta(minutes=1)

EVENT_NEW_REQUEST: Final = "new_request"
EVENT_APPROVED: Final = "approved"
EVENT_DECLINED: Final = "declined"
EVENT_FAILED: Final = "failed"
EVENT_AVAILABLE: Final = "available"
REQUEST_EVENT_TYPES: Final = [
    EVENT_NEW_REQUEST,
    EVENT_APPROVED,
    EVENT_DECLINED,
    EVENT_FAILED,
    EVENT_AVAILABLE,
]
_STATUS_EVENTS: Final = {
    RequestStatus.APPROVED: EVENT_APPROVED,
    RequestStatus.DECLINED: EVENT_DECLINED,
    RequestStatus.FAILED: EVENT_FAILED,
}


@dataclass(frozen=True, slots=True)
class RequestEvent:
    """Something that happened to a request between two refreshes."""

    event_type: str
    request: TitledRequest
    service: str
    instance: str

    def as_attributes(self) -> dict[str, Any]:
        """Return the event's data: the request, and which Seerr saw it."""
        return {
            **self.request.as_dict(),
            "service": self.service,
            "instance": self.instance,
        }


@dataclass(frozen=True, slots=True)
class SeerrData:
    """What a Seerr showed in one refresh."""

    version: str
    counts: RequestCounts
    # None when the issue counts could not be read.
    issues: IssueCounts | None
    # The requests waiting for approval (the newest LISTED_REQUESTS).
    pending: tuple[TitledRequest, ...]
    # The newest requests, whatever their status.
    recent: tuple[TitledRequest, ...]
    events: tuple[RequestEvent, ...] = field(default=())


def request_events(
    before: tuple[TitledRequest, ...] | None,
    after: tuple[TitledRequest, ...],
    service: str,
    instance: str,
) -> tuple[RequestEvent, ...]:
    """Return what happened between two readings of the newest requests.

    The first reading has no events: its requests are old news.
    """
    if before is None:
        return ()
    known = {titled.request.id: titled.request for titled in before}
    oldest_known = min(known, default=0)
    events: list[RequestEvent] = []
    for titled in reversed(after):
        request = titled.request
        old = known.get(request.id)
        event_type: str | None = None
        if old is None:
            # A request older than the last reading's oldest dropped out of
            # it or was never in it; only newer ones are new.
            if request.id > oldest_known:
                event_type = EVENT_NEW_REQUEST
        elif old.status is not request.status:
            event_type = _STATUS_EVENTS.get(request.status)
        if (
            event_type is None
            and old is not None
            and request.media is not None
            and request.media.status in AVAILABLE_STATUSES
            and (old.media is None or old.media.status not in AVAILABLE_STATUSES)
        ):
            event_type = EVENT_AVAILABLE
        if event_type is not None:
            events.append(RequestEvent(event_type, titled, service, instance))
    return tuple(events)


class SeerrCoordinator(PolledCoordinator[SeerrClient, SeerrData]):
    """Requests, their counts and the issue counts of one Seerr."""

    role: ClassVar[str] = "requests"
    interval: ClassVar[timedelta] = SEERR_INTERVAL
    # The follow-ups of requests older than those read ask Seerr for them
    # at every poll (followups.py), also when the newest did not change.
    every_refresh: ClassVar[bool] = True

    @override
    async def _async_fetch(self) -> SeerrData:
        status, counts, issues, pending, recent = await asyncio.gather(
            self.client.status(),
            self.client.request_counts(),
            self._part("issue counts", self.client.issue_counts),
            self.client.requests("pending", take=LISTED_REQUESTS),
            self.client.requests("all", take=LISTED_REQUESTS),
        )
        self._async_update_sw_version(status.version)
        titled = await self.client.titled((*pending.requests, *recent.requests))
        waiting = tuple(titled[: len(pending.requests)])
        newest = tuple(titled[len(pending.requests) :])
        previous = self.data.recent if self.data is not None else None
        return SeerrData(
            version=status.version,
            counts=counts,
            issues=issues,
            pending=waiting,
            recent=newest,
            events=request_events(
                previous, newest, self.service_kind, self.service_name
            ),
        )
