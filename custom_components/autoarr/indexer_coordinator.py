"""The coordinator of an indexer manager (Prowlarr): its indexers, their
status, the applications it syncs to, and its health, polled slowly."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, override

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .arr.indexer_models import Application, Indexer, IndexerStatus
from .arr.models import HealthCheck
from .arr.prowlarr import ProwlarrClient
from .availability import ServiceAvailability
from .coordinator import SLOW_INTERVAL, ServiceCoordinator
from .issues import async_update_indexers_issue

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry


@dataclass(frozen=True, slots=True)
class FailingIndexer:
    """An enabled indexer Prowlarr holds back because it keeps failing."""

    id: int
    name: str
    disabled_till: datetime | None
    # When its failures began, as Prowlarr says (from 1.3.2 on).
    failing_since: datetime | None
    # When AutoArr first saw it held back (what a Prowlarr before 1.3.2,
    # which does not say when failures began, leaves to go by).
    seen_since: datetime | None = None

    @property
    def failing_from(self) -> datetime | None:
        """Return since when it has been failing, as well as it is known."""
        return self.failing_since or self.seen_since

    def as_attributes(self) -> dict[str, str | int | None]:
        """Return the indexer as entity attributes."""
        return {
            "id": self.id,
            "name": self.name,
            "disabled_till": self.disabled_till.isoformat()
            if self.disabled_till
            else None,
            "failing_since": self.failing_since.isoformat()
            if self.failing_since
            else None,
        }


@dataclass(frozen=True, slots=True)
class ProwlarrData:
    """What one Prowlarr showed at its last refresh."""

    version: str
    indexers: tuple[Indexer, ...]
    statuses: tuple[IndexerStatus, ...]
    # None when that endpoint could not be read.
    applications: tuple[Application, ...] | None
    health: tuple[HealthCheck, ...] | None
    read_at: datetime
    # When AutoArr first saw each indexer held back, by indexer id.
    seen_failing: Mapping[int, datetime] = field(default_factory=dict)

    @property
    def enabled(self) -> tuple[Indexer, ...]:
        """Return the enabled indexers."""
        return tuple(indexer for indexer in self.indexers if indexer.enable)

    @property
    def failing(self) -> tuple[FailingIndexer, ...]:
        """Return the enabled indexers held back at the time of reading."""
        statuses = {status.indexer_id: status for status in self.statuses}
        return tuple(
            FailingIndexer(
                indexer.id,
                indexer.name,
                status.disabled_till,
                status.initial_failure,
                self.seen_failing.get(indexer.id),
            )
            for indexer in self.enabled
            if (status := statuses.get(indexer.id)) is not None
            and status.failing_at(self.read_at)
        )


class ProwlarrCoordinator(ServiceCoordinator[ProwlarrData]):
    """Indexers, their status, applications and health of one Prowlarr."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AutoArrConfigEntry,
        subentry: ConfigSubentry,
        availability: ServiceAvailability,
        client: ProwlarrClient,
    ) -> None:
        """Poll one Prowlarr at the slow interval."""
        super().__init__(
            hass,
            entry,
            subentry,
            availability,
            role="indexers",
            update_interval=SLOW_INTERVAL,
        )
        self.client = client
        self._seen_failing: dict[int, datetime] = {}

    @override
    async def _async_fetch(self) -> ProwlarrData:
        status, indexers, statuses, applications, health = await asyncio.gather(
            self.client.system_status(),
            self.client.indexers(),
            self.client.indexer_status(),
            self._part("applications", self.client.applications),
            self._part("health checks", self.client.health),
        )
        self._async_update_sw_version(status.version)
        read_at = dt_util.utcnow()
        held = {s.indexer_id for s in statuses if s.failing_at(read_at)}
        self._seen_failing = {
            indexer_id: self._seen_failing.get(indexer_id, read_at)
            for indexer_id in held
        }
        data = ProwlarrData(
            version=status.version,
            indexers=tuple(indexers),
            statuses=tuple(statuses),
            applications=None if applications is None else tuple(applications),
            health=None if health is None else tuple(health),
            read_at=read_at,
            seen_failing=dict(self._seen_failing),
        )
        async_update_indexers_issue(
            self.hass,
            self.config_entry,
            self.subentry_id,
            self.service_name,
            data.failing,
            data.read_at,
        )
        return data
