"""SABnzbd's server statistics, warnings and full status, as AutoArr reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .sabnzbd_models import SabFields, parse_pause_remaining, redact_secrets


@dataclass(frozen=True, slots=True)
class SabServerTotals:
    """Bytes downloaded from one news server."""

    total: int
    month: int
    week: int
    day: int
    articles_tried_today: int | None
    articles_success_today: int | None

    @classmethod
    def from_json(cls, data: Any) -> SabServerTotals:
        """Build one server's totals from server_stats.servers."""
        f = SabFields(data, "server statistics")
        tried = f.section("articles_tried")
        success = f.section("articles_success")
        return cls(
            total=f.integer("total"),
            month=f.integer("month"),
            week=f.integer("week"),
            day=f.integer("day"),
            articles_tried_today=_latest_day(tried),
            articles_success_today=_latest_day(success),
        )


def _latest_day(days: SabFields) -> int | None:
    """Return the count of the latest day of a {"2026-11-25": 12} object."""
    keys = sorted(str(key) for key in days.data)
    if not keys:
        return None
    return days.integer(keys[-1])


@dataclass(frozen=True, slots=True)
class SabServerStats:
    """Bytes downloaded in total, this month, week and day."""

    total: int
    month: int
    week: int
    day: int
    servers: Mapping[str, SabServerTotals]

    @classmethod
    def from_json(cls, data: Any) -> SabServerStats:
        """Build the statistics from mode=server_stats."""
        f = SabFields(data, "server statistics")
        servers = f.section("servers")
        return cls(
            total=f.integer("total"),
            month=f.integer("month"),
            week=f.integer("week"),
            day=f.integer("day"),
            servers={
                str(name): SabServerTotals.from_json(value)
                for name, value in servers.data.items()
            },
        )


@dataclass(frozen=True, slots=True)
class SabWarning:
    """One warning or error SABnzbd shows in its interface."""

    text: str
    type: str
    time: datetime | None
    origin: str | None

    @classmethod
    def from_json(cls, data: Any) -> SabWarning:
        """Build a warning (an object, or "time\\nTYPE\\ntext" before 3.x)."""
        if isinstance(data, str):
            parts = data.split("\n", 2)
            if len(parts) == 3:
                return cls(text=parts[2], type=parts[1], time=None, origin=None)
            return cls(text=data, type="WARNING", time=None, origin=None)
        f = SabFields(data, "warning")
        return cls(
            text=f.text("text"),
            type=f.text("type", "WARNING"),
            time=f.timestamp("time"),
            origin=f.opt_text("origin"),
        )


@dataclass(frozen=True, slots=True)
class SabServerStatus:
    """The live state of one configured news server."""

    name: str
    active: bool
    connections_active: int
    connections_total: int
    ssl: bool
    priority: int
    optional: bool
    error: str | None
    warning: str | None

    @classmethod
    def from_json(cls, data: Any) -> SabServerStatus:
        """Build a server's state from fullstatus.servers."""
        f = SabFields(data, "server status")
        return cls(
            name=f.text("servername"),
            active=f.flag("serveractive"),
            connections_active=f.integer("serveractiveconn"),
            connections_total=f.integer("servertotalconn"),
            ssl=f.flag("serverssl"),
            priority=f.integer("serverpriority"),
            optional=f.flag("serveroptional"),
            error=f.opt_text("servererror"),
            warning=f.opt_text("serverwarning"),
        )


@dataclass(frozen=True, slots=True)
class SabStatus:
    """SABnzbd's full status (mode=fullstatus), secrets removed.

    `raw` keeps the whole answer for diagnostics, with the API key and any
    other secret blanked.
    """

    version: str
    paused: bool
    pause_remaining: timedelta | None
    uptime: str | None
    download_dir: str | None
    complete_dir: str | None
    disk_free_bytes: int
    complete_disk_free_bytes: int
    servers: tuple[SabServerStatus, ...]
    warnings: tuple[SabWarning, ...]
    orphaned_folders: tuple[str, ...]
    raw: Mapping[str, Any]

    @classmethod
    def from_json(cls, data: Any) -> SabStatus:
        """Build the status from the `status` object of mode=fullstatus."""
        f = SabFields(data, "full status")
        return cls(
            version=f.text("version"),
            paused=f.flag("paused"),
            pause_remaining=parse_pause_remaining(f.data.get("pause_int")),
            uptime=f.opt_text("uptime"),
            download_dir=f.opt_text("downloaddir"),
            complete_dir=f.opt_text("completedir"),
            disk_free_bytes=f.gigabytes("diskspace1"),
            complete_disk_free_bytes=f.gigabytes("diskspace2"),
            servers=f.parsed_items("servers", SabServerStatus.from_json),
            warnings=f.parsed_items("warnings", SabWarning.from_json),
            orphaned_folders=f.texts("folders"),
            raw=redact_secrets(f.data),
        )
