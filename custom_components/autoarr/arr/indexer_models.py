"""Typed models of Prowlarr: its indexers, their status and the applications
it syncs them to (see `models.py` for the conventions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from .fields import Fields


@dataclass(frozen=True, slots=True)
class IndexerStatus:
    """Why an indexer is held back: its failures and until when it is off."""

    indexer_id: int
    disabled_till: datetime | None = None
    initial_failure: datetime | None = None
    most_recent_failure: datetime | None = None

    def failing_at(self, now: datetime) -> bool:
        """Return whether the indexer is held back at `now`."""
        return self.disabled_till is not None and self.disabled_till > now

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an IndexerStatusResource."""
        f = Fields(data, "indexer status")
        return cls(
            indexer_id=f.integer("indexerId"),
            disabled_till=f.date_time("disabledTill"),
            initial_failure=f.date_time("initialFailure"),
            most_recent_failure=f.date_time("mostRecentFailure"),
        )


@dataclass(frozen=True, slots=True)
class Indexer:
    """An indexer Prowlarr searches."""

    id: int
    name: str
    enable: bool
    protocol: str
    priority: int = 25
    privacy: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an IndexerResource."""
        f = Fields(data, "indexer")
        return cls(
            id=f.integer("id"),
            name=f.text("name"),
            enable=f.flag("enable"),
            protocol=f.text("protocol", "unknown"),
            priority=f.integer("priority", 25),
            privacy=f.opt_text("privacy"),
        )


@dataclass(frozen=True, slots=True)
class Application:
    """An application (Sonarr, Radarr, Lidarr...) Prowlarr syncs indexers to."""

    id: int
    name: str
    implementation: str
    sync_level: str
    # The application's address as Prowlarr reaches it, and Prowlarr's own
    # as the application reaches it back.
    base_url: str | None = None
    prowlarr_url: str | None = None

    @property
    def syncing(self) -> bool:
        """Return whether Prowlarr keeps the application's indexers."""
        return self.sync_level != "disabled"

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse an ApplicationResource (its settings are a field list)."""
        f = Fields(data, "application")
        settings = {
            field.text("name"): field.raw("value")
            for field in (
                Fields(item, "application field") for item in f.items("fields")
            )
        }
        base_url = settings.get("baseUrl")
        prowlarr_url = settings.get("prowlarrUrl")
        return cls(
            id=f.integer("id"),
            name=f.text("name"),
            implementation=f.text("implementation"),
            sync_level=f.text("syncLevel", "disabled"),
            base_url=base_url if isinstance(base_url, str) and base_url else None,
            prowlarr_url=prowlarr_url
            if isinstance(prowlarr_url, str) and prowlarr_url
            else None,
        )


@dataclass(frozen=True, slots=True)
class IndexerTestResult:
    """The outcome of testing one indexer."""

    id: int
    is_valid: bool
    failures: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """Parse one result of POST /indexer/testall."""
        f = Fields(data, "indexer test result")
        failures = tuple(
            Fields(item, "validation failure").text("errorMessage")
            for item in f.items("validationFailures")
        )
        return cls(id=f.integer("id"), is_valid=f.flag("isValid"), failures=failures)
