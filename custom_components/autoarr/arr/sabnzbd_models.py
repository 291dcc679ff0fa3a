"""Typed models of SABnzbd's API answers (4.x and 5.x) and their parsers.

This module holds the field reader, the shared parsers and the queue; the
history is in `sabnzbd_history.py`, statistics, warnings and the full status
in `sabnzbd_status.py`.

SABnzbd's JSON is loosely typed: sizes come as strings in MB ("0.98") or with
units ("1.2 G"), booleans sometimes as "True"/"0", numbers as strings, times
as "H:MM:SS" or "D:HH:MM:SS". The readers here accept every shape the real
SABnzbd sends (the fixtures under tests/sabnzbd/fixtures are captured from
it) and raise only ArrMalformedResponseError for anything else, so a broken or
hostile server can never crash a caller with a KeyError or ValueError.

Secrets: SABnzbd puts its API key in `fullstatus` and `get_config` answers;
`redact_secrets` blanks them before anything is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
import re
from typing import Any

from .errors import ArrMalformedResponseError
from .fields import Fields
from .records import Skip

KIB = 1024
MIB = 1024**2
GIB = 1024**3

# Units of SABnzbd's to_units(): powers of 1024.
_UNIT_POWERS = {"": 0, "B": 0, "K": 1, "M": 2, "G": 3, "T": 4, "P": 5}
_SIZE_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([KMGTP]?)B?\s*$", re.IGNORECASE)
_TIME_LEFT_RE = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d{1,2}):(\d{1,2})\s*$")
_PAUSE_INT_RE = re.compile(r"^\s*(-?)(\d+):(\d{1,2})\s*$")
# A timestamp after this is taken as milliseconds (no SABnzbd sends those,
# but a garbage value must not overflow datetime).
_MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z

# Keys whose values are secrets wherever they appear in an answer.
SECRET_KEYS = frozenset(
    {"apikey", "api_key", "nzb_key", "password", "username", "email_pwd"}
)
REDACTED = "**REDACTED**"


class SabPriority(IntEnum):
    """A job's priority, as SABnzbd numbers it."""

    DEFAULT = -100  # the category's priority
    PAUSED = -2
    LOW = -1
    NORMAL = 0
    HIGH = 1
    FORCE = 2

    @classmethod
    def parse(cls, value: Any) -> SabPriority | None:
        """Return the priority for a name ("High") or number, None if unknown."""
        if isinstance(value, cls):
            return value
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            try:
                return cls(value)
            except ValueError:
                return None
        if isinstance(value, str):
            text = value.strip()
            if text.lstrip("-").isdigit():
                return cls.parse(int(text))
            return cls.__members__.get(text.upper())
        return None


# --- Field reader -------------------------------------------------------------


class SabFields(Fields):
    """Checked, lenient access to one JSON object of a SABnzbd answer.

    SABnzbd-specific on top of `Fields`: an empty string counts as absent
    for numbers and flags, numbers may come as strings, flags as 0/1 or
    "True"/"False", texts as numbers, and "None" as no text. It adds SABnzbd's
    sizes, times and Unix timestamps.
    """

    __slots__ = ()

    server = "SABnzbd"

    def _value(self, key: str) -> Any:
        value = self._data.get(key)
        return None if value == "" else value

    def _to_number(self, key: str, value: Any) -> float:
        if isinstance(value, str):
            try:
                return self._finite(key, float(value.strip()), value)
            except ValueError:
                raise self.wrong(key, "a number", value) from None
        return super()._to_number(key, value)

    def _to_int(self, key: str, value: Any) -> int:
        return int(self._to_number(key, value))

    def _to_flag(self, key: str, value: Any) -> bool:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value != 0
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
        return super()._to_flag(key, value)

    def _to_text(self, key: str, value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return super()._to_text(key, value)

    def opt_text(self, key: str) -> str | None:
        """Return a string field, or None when absent, empty or SABnzbd's "None"."""
        value = self.text(key).strip()
        if not value or value == "None":
            return None
        return value

    def megabytes(self, key: str) -> int:
        """Return a size in MiB ("0.98") as bytes."""
        return round(self.number(key) * MIB)

    def gigabytes(self, key: str) -> int:
        """Return a size in GiB ("11.77") as bytes."""
        return round(self.number(key) * GIB)

    def size_with_unit(self, key: str) -> int:
        """Return a size like "1000 KB", "1.2 G" or a plain number, in bytes."""
        value = self._value(key)
        if value is None:
            return 0
        if isinstance(value, str):
            try:
                return parse_size(value)
            except ValueError:
                raise self.wrong(key, "a size like 1.2 G", value) from None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._to_int(key, value)
        raise self.wrong(key, "a size like 1.2 G", value)

    def time_left(self, key: str) -> timedelta | None:
        """Return a time like "1:02:03" or "2:01:02:03" (days first)."""
        value = self.opt_text(key)
        if value is None:
            return None
        try:
            return parse_time_left(value)
        except ValueError:
            raise self.wrong(key, "a time like 1:02:03", value) from None

    def timestamp(self, key: str) -> datetime | None:
        """Return a Unix timestamp field as an aware UTC datetime, or None."""
        seconds = self.opt_integer(key)
        if seconds is None or seconds <= 0:
            return None
        if seconds > _MAX_TIMESTAMP:
            raise self.wrong(key, "a Unix time", self._data.get(key))
        return datetime.fromtimestamp(seconds, UTC)


def parse_size(text: str) -> int:
    """Parse SABnzbd's to_units() output ("1000 KB", "1.2 G", "92") into bytes."""
    match = _SIZE_RE.match(text)
    if match is None:
        raise ValueError(f"not a size: {text!r}")
    number = float(match[1])
    power: int = _UNIT_POWERS[match[2].upper()]
    return round(number * float(KIB**power))


def parse_time_left(text: str) -> timedelta:
    """Parse "H:MM:SS" or "D:HH:MM:SS" into a timedelta."""
    match = _TIME_LEFT_RE.match(text)
    if match is None:
        raise ValueError(f"not a time left: {text!r}")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"not a time left: {text!r}")
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def parse_pause_remaining(value: Any) -> timedelta | None:
    """Parse `pause_int` ("0" or "M:SS", minutes may exceed 59) into a timedelta."""
    if value is None:
        return None
    text = str(value).strip()
    if text in ("", "0"):
        return None
    match = _PAUSE_INT_RE.match(text)
    if match is None:
        raise ArrMalformedResponseError(
            f"SABnzbd queue: field 'pause_int' should be like 4:59, got {text[:40]!r}"
        )
    sign, minutes, seconds = match.groups()
    if sign:
        # The timed pause has just run out; SABnzbd resumes on its next tick.
        return timedelta(0)
    return timedelta(minutes=int(minutes), seconds=int(seconds))


def redact_secrets(value: Any) -> Any:
    """Return a copy of a decoded JSON value with every secret-keyed value blanked."""
    if isinstance(value, Mapping):
        return {
            str(key): (
                REDACTED
                if str(key).lower() in SECRET_KEYS and item not in (None, "")
                else redact_secrets(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_secrets(item) for item in value]
    return value


# --- Queue --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SabQueueSlot:
    """One job in SABnzbd's download queue.

    `time_left` is None when SABnzbd cannot tell (the job is paused, queued
    behind others while paused, or the downloader is idle).
    """

    nzo_id: str
    filename: str
    status: str
    index: int
    percentage: float
    size_bytes: int
    size_left_bytes: int
    missing_bytes: int
    time_left: timedelta | None
    category: str | None
    priority: SabPriority | None
    priority_name: str
    labels: tuple[str, ...]
    script: str | None
    average_age: str | None
    time_added: datetime | None
    has_password: bool

    @property
    def paused(self) -> bool:
        """Return whether this job is paused on its own."""
        return self.status == "Paused"

    @property
    def progress(self) -> float:
        """Return the progress from 0 to 100 (as QueueItem.progress does)."""
        return self.percentage

    @classmethod
    def from_json(cls, data: Any) -> SabQueueSlot:
        """Build a queue slot from one item of queue.slots."""
        f = SabFields(data, "queue slot")
        nzo_id = f.text("nzo_id")
        if not nzo_id:
            raise ArrMalformedResponseError("SABnzbd queue slot: no nzo_id")
        priority_name = f.text("priority")
        size_left = f.megabytes("mbleft")
        return cls(
            nzo_id=nzo_id,
            filename=f.text("filename"),
            status=f.text("status"),
            index=f.integer("index"),
            percentage=min(max(f.number("percentage"), 0.0), 100.0),
            size_bytes=f.megabytes("mb"),
            size_left_bytes=size_left,
            missing_bytes=f.megabytes("mbmissing"),
            time_left=_known_time_left(f.time_left("timeleft"), size_left),
            category=category_or_none(f.opt_text("cat")),
            priority=SabPriority.parse(priority_name),
            priority_name=priority_name,
            labels=f.texts("labels"),
            script=f.opt_text("script"),
            average_age=None if f.text("avg_age") in ("", "-") else f.text("avg_age"),
            time_added=f.timestamp("time_added"),
            has_password=bool(f.text("password")),
        )


@dataclass(frozen=True, slots=True)
class SabQueue:
    """SABnzbd's download queue and the downloader's state.

    `total_slots` counts every job (also beyond a `limit`); `active_slots`,
    `size_bytes`, `size_left_bytes` and `time_left` leave out paused jobs, as
    SABnzbd computes them. `time_left` is None when SABnzbd cannot tell
    (paused or idle with bytes left).
    """

    version: str
    status: str
    paused: bool
    paused_all: bool
    pause_remaining: timedelta | None
    speed_bytes_per_s: float
    size_bytes: int
    size_left_bytes: int
    time_left: timedelta | None
    slots: tuple[SabQueueSlot, ...]
    total_slots: int
    active_slots: int
    speed_limit_percent: int | None
    speed_limit_abs: int | None
    disk_free_bytes: int
    disk_total_bytes: int
    complete_disk_free_bytes: int
    complete_disk_total_bytes: int
    warning_count: int
    finish_action: str | None
    quota_left_bytes: int | None

    @classmethod
    def from_json(cls, data: Any, skip: Skip | None = None) -> SabQueue:
        """Build the queue from the `queue` object of mode=queue.

        With `skip`, a slot that cannot be read goes to it and is left out.
        """
        f = SabFields(data, "queue")
        slots = f.parsed_items("slots", SabQueueSlot.from_json, skip)
        limit_percent = f.integer("speedlimit")
        limit_abs = f.integer("speedlimit_abs")
        has_quota = f.flag("have_quota")
        size_left = f.megabytes("mbleft")
        return cls(
            version=f.text("version"),
            status=f.text("status"),
            paused=f.flag("paused"),
            paused_all=f.flag("paused_all"),
            pause_remaining=parse_pause_remaining(f.data.get("pause_int")),
            speed_bytes_per_s=f.number("kbpersec") * KIB,
            size_bytes=f.megabytes("mb"),
            size_left_bytes=size_left,
            time_left=_known_time_left(f.time_left("timeleft"), size_left),
            slots=slots,
            total_slots=f.integer("noofslots", len(slots)),
            active_slots=f.integer("noofslots_total", len(slots)),
            # 0 and 100 both mean "no limit" depending on the version.
            speed_limit_percent=limit_percent if 0 < limit_percent < 100 else None,
            speed_limit_abs=limit_abs if limit_abs > 0 else None,
            disk_free_bytes=f.gigabytes("diskspace1"),
            disk_total_bytes=f.gigabytes("diskspacetotal1"),
            complete_disk_free_bytes=f.gigabytes("diskspace2"),
            complete_disk_total_bytes=f.gigabytes("diskspacetotal2"),
            warning_count=f.integer("have_warnings"),
            finish_action=f.opt_text("finishaction"),
            quota_left_bytes=f.size_with_unit("left_quota") if has_quota else None,
        )


def _known_time_left(time_left: timedelta | None, size_left: int) -> timedelta | None:
    """Return the time left, or None where SABnzbd's "0:00:00" means unknown.

    SABnzbd prints 0:00:00 both when nothing is left and when it cannot
    tell (paused, idle, a job not downloading): with bytes left it is the
    latter, and a caller must not announce "done in 0 seconds".
    """
    if time_left is not None and not time_left and size_left > 0:
        return None
    return time_left


def category_or_none(value: str | None) -> str | None:
    """Return a job's category; "*" (the default category) gives None."""
    if value is None or value == "*":
        return None
    return value
