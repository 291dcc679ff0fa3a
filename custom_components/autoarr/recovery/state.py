"""Attempt bookkeeping, persisted through a small storage protocol.

Home Assistant's `Store` fits the protocol as it is; the tests use an
in-memory store and reload from it to simulate a restart. Every attempt is
saved before it is carried out, so a restart in between never repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import probatio as vol

# 2: a download client's retries are "client_retries" and the action
# "client_retry" (SABnzbd's names in 1, which is still read).
STATE_VERSION = 2
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
    client_retries: int = 0
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
            "client_retries": self.client_retries,
            "last_attempt": _iso(self.last_attempt),
            "last_action": self.last_action,
            "last_error": self.last_error,
            "gave_up": self.gave_up,
            "updated": _iso(self.updated),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttemptRecord:
        """Build a record from saved data (checked by RecoveryState.from_dict)."""
        return cls(**data)


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
        """Build the state from saved data (None: a fresh state).

        Raises StateFormatError when the data is not a state this version
        wrote: another version, a wrong type, a missing key, a bad date.
        """
        if data is None:
            return cls()
        try:
            checked = _STATE_SCHEMA(_from_version_1(data))
        except vol.Invalid as err:
            raise StateFormatError(
                f"the saved recovery state is damaged: {err}"
            ) from err
        records = [AttemptRecord.from_dict(r) for r in checked["records"]]
        return cls(
            records={r.item_key: r for r in records},
            failing=checked["failing"],
            aliases=checked["aliases"],
            replaced=checked["replaced"],
            stalls={
                key: StallMark(mark["size_left"], mark["since"])
                for key, mark in checked["stalls"].items()
            },
        )


def _from_version_1(data: Any) -> Any:
    """Return a version 1 state as version 2 has it; other data as it is.

    Version 1 named a download client's retries after SABnzbd ("sab_retries",
    the action "sab_retry").
    """
    if not isinstance(data, dict) or data.get("version") != 1:
        return data
    migrated = {**data, "version": STATE_VERSION}
    if isinstance(records := data.get("records"), list):
        migrated["records"] = [_record_from_version_1(r) for r in records]
    return migrated


def _record_from_version_1(record: Any) -> Any:
    if not isinstance(record, dict):
        return record
    renamed = {k: v for k, v in record.items() if k != "sab_retries"}
    if "sab_retries" in record:
        renamed["client_retries"] = record["sab_retries"]
    if record.get("last_action") == "sab_retry":
        renamed["last_action"] = "client_retry"
    return renamed


class StateFormatError(ValueError):
    """Saved recovery state that this version cannot read."""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: Any) -> datetime:
    """Read a saved date: ISO 8601 with a time zone."""
    if not isinstance(value, str):
        raise vol.Invalid("expected a date")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as err:
        raise vol.Invalid(f"not a date: {value[:40]!r}") from err
    if parsed.tzinfo is None:
        raise vol.Invalid("a date without a time zone")
    return parsed


def _strict(kind: type) -> Any:
    """Accept only values of exactly this type (no bool for int)."""

    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise vol.Invalid(f"expected {kind.__name__}")
        return value

    return check


_COUNT = vol.All(_strict(int), vol.Range(min=0))
_TEXT = _strict(str)
_MAYBE_TEXT = vol.Any(None, _TEXT)
_MAYBE_WHEN = vol.Any(None, _when)
_RECORD = vol.Schema(
    {
        vol.Required("item_key"): vol.All(_TEXT, vol.Length(min=1)),
        vol.Optional("title", default=""): _TEXT,
        vol.Optional("attempts", default=0): _COUNT,
        vol.Optional("client_retries", default=0): _COUNT,
        vol.Optional("last_attempt", default=None): _MAYBE_WHEN,
        vol.Optional("last_action", default=None): _MAYBE_TEXT,
        vol.Optional("last_error", default=None): _MAYBE_TEXT,
        vol.Optional("gave_up", default=False): _strict(bool),
        vol.Optional("updated", default=None): _MAYBE_WHEN,
    }
)
_STATE_SCHEMA = vol.Schema(
    {
        vol.Required("version"): vol.All(_strict(int), vol.In([STATE_VERSION])),
        vol.Optional("records", default=list): [_RECORD],
        vol.Optional("failing", default=dict): {_TEXT: _when},
        vol.Optional("aliases", default=dict): {_TEXT: _TEXT},
        vol.Optional("replaced", default=list): [_TEXT],
        vol.Optional("stalls", default=dict): {
            _TEXT: vol.Schema(
                {vol.Required("size_left"): _COUNT, vol.Required("since"): _when}
            )
        },
    }
)
