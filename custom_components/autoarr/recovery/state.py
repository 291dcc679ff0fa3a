"""Attempt bookkeeping, persisted through a small storage protocol.

Home Assistant's `Store` fits the protocol as it is; the tests use an
in-memory store and reload from it to simulate a restart. Every attempt is
saved before it is carried out, so a restart in between never repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

STATE_VERSION = 1
# Bound on the replaced download ids and aliases kept.
MAX_REMEMBERED = 1000


class AttemptStorage(Protocol):
    """Where recovery keeps its state (Home Assistant's Store fits)."""

    async def async_load(self) -> dict[str, Any] | None:
        """Return the saved state, or None when nothing was saved."""

    async def async_save(self, data: dict[str, Any]) -> None:
        """Save the state."""


class MemoryStorage:
    """An AttemptStorage in memory, kept as JSON-ready data like a Store."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        """Start with the given saved data, if any."""
        self.data = data
        self.saves = 0

    async def async_load(self) -> dict[str, Any] | None:
        """Return the saved data."""
        return self.data

    async def async_save(self, data: dict[str, Any]) -> None:
        """Keep a copy of the data."""
        self.data = _json_copy(data)
        self.saves += 1


def _json_copy(data: dict[str, Any]) -> dict[str, Any]:
    import json

    copied: dict[str, Any] = json.loads(json.dumps(data))
    return copied


@dataclass(slots=True)
class AttemptRecord:
    """The recovery history of one media item (or one download)."""

    item_key: str
    title: str
    attempts: int = 0
    sab_retries: int = 0
    last_attempt: datetime | None = None
    last_action: str | None = None
    last_error: str | None = None
    gave_up: bool = False
    updated: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data."""
        return {
            "item_key": self.item_key,
            "title": self.title,
            "attempts": self.attempts,
            "sab_retries": self.sab_retries,
            "last_attempt": _iso(self.last_attempt),
            "last_action": self.last_action,
            "last_error": self.last_error,
            "gave_up": self.gave_up,
            "updated": _iso(self.updated),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttemptRecord:
        """Build a record from saved data."""
        return cls(
            item_key=str(data["item_key"]),
            title=str(data.get("title", "")),
            attempts=int(data.get("attempts", 0)),
            sab_retries=int(data.get("sab_retries", 0)),
            last_attempt=_parse(data.get("last_attempt")),
            last_action=data.get("last_action"),
            last_error=data.get("last_error"),
            gave_up=bool(data.get("gave_up", False)),
            updated=_parse(data.get("updated")),
        )


@dataclass(slots=True)
class StallMark:
    """When a downloading item's remaining size last changed."""

    size_left: int
    since: datetime


@dataclass(slots=True)
class RecoveryState:
    """Everything recovery remembers between runs and restarts."""

    records: dict[str, AttemptRecord] = field(default_factory=dict)
    # Downloads failing in the last run, and since when: a failure is
    # announced when it appears, not again while it stays visible.
    failing: dict[str, datetime] = field(default_factory=dict)
    stalls: dict[str, StallMark] = field(default_factory=dict)
    # Download id (lower-case) -> the item key its attempts count under, so
    # a retried job's new id, or a job the arr no longer lists, keeps its
    # item's history.
    aliases: dict[str, str] = field(default_factory=dict)
    # Download ids replaced through an arr: what is left of them in
    # SABnzbd's history is already dealt with.
    replaced: list[str] = field(default_factory=list)

    def key_for(self, download_id: str, item_key: str, *, owned: bool) -> str:
        """Return the key a failure's attempts count under."""
        alias = download_id.lower()
        if not alias:
            return item_key
        if owned:
            self.aliases[alias] = item_key
            return item_key
        return self.aliases.get(alias, item_key)

    def mark_replaced(self, download_id: str) -> None:
        """Remember a download replaced through its arr."""
        if download_id and download_id.lower() not in self.replaced:
            self.replaced.append(download_id.lower())
            del self.replaced[:-MAX_REMEMBERED]

    def record_for(self, item_key: str, title: str) -> AttemptRecord:
        """Return the item's record, creating an empty one."""
        record = self.records.get(item_key)
        if record is None:
            record = self.records[item_key] = AttemptRecord(item_key, title)
        return record

    def update_failing(self, keys: set[str], now: datetime) -> set[str]:
        """Record the downloads failing now; return those that are new."""
        new = keys - self.failing.keys()
        self.failing = {key: self.failing.get(key, now) for key in keys}
        return new

    def prune(self, older_than: datetime) -> None:
        """Forget records with no activity since `older_than`."""
        self.records = {
            key: record
            for key, record in self.records.items()
            if record.updated is None or record.updated >= older_than
        }
        self.aliases = {
            alias: key for alias, key in self.aliases.items() if key in self.records
        }
        if len(self.aliases) > MAX_REMEMBERED:
            self.aliases = dict(list(self.aliases.items())[-MAX_REMEMBERED:])

    def to_dict(self) -> dict[str, Any]:
        """Return the state as JSON-ready data."""
        return {
            "version": STATE_VERSION,
            "records": [r.to_dict() for r in self.records.values()],
            "failing": {key: since.isoformat() for key, since in self.failing.items()},
            "aliases": dict(self.aliases),
            "replaced": list(self.replaced),
            "stalls": {
                key: {"size_left": mark.size_left, "since": mark.since.isoformat()}
                for key, mark in self.stalls.items()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RecoveryState:
        """Build the state from saved data (None: a fresh state)."""
        if not data:
            return cls()
        records = [AttemptRecord.from_dict(r) for r in data.get("records", [])]
        stalls: dict[str, StallMark] = {}
        for key, mark in data.get("stalls", {}).items():
            since = _parse(mark.get("since"))
            if since is not None:
                stalls[key] = StallMark(int(mark.get("size_left", 0)), since)
        return cls(
            records={r.item_key: r for r in records},
            failing=_failing(data.get("failing")),
            aliases={str(k): str(v) for k, v in data.get("aliases", {}).items()},
            replaced=[str(r) for r in data.get("replaced", [])],
            stalls=stalls,
        )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return datetime.fromisoformat(value)


def _failing(data: Any) -> dict[str, datetime]:
    if not isinstance(data, dict):
        return {}
    return {
        str(key): since
        for key, value in data.items()
        if (since := _parse(value)) is not None
    }
