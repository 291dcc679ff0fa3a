"""Checked reading of decoded JSON: the one field reader of every arr client.

`Fields` wraps one JSON object of an answer and reads its fields with the
types the caller asks for, raising only ArrMalformedResponseError when a value
has the wrong shape, so a broken or hostile server can never crash a caller
with a KeyError, TypeError or ValueError. It reads strictly, as Sonarr and
Radarr type their JSON; SABnzbd's reader (`SabFields` in sabnzbd_models.py)
extends it with SABnzbd's looser types by overriding `_value` (what counts as
absent) and the `_to_*` converters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
import math
import re
from typing import Any, ClassVar, Self

from .errors import ArrMalformedResponseError
from .records import Skip, parse_records

# .NET TimeSpan as the arr APIs print it: [-][d.]hh:mm:ss[.fffffff]
_TIMESPAN = re.compile(
    r"^(?P<sign>-)?(?:(?P<days>\d+)\.)?(?P<h>\d{1,2}):(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:\.(?P<frac>\d{1,7}))?$"
)


def type_name(value: Any) -> str:
    """Name a decoded JSON value's type for an error message ("a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


class Fields:
    """Typed, checked access to one JSON object of a response.

    `what` names the object in error messages (e.g. "queue record"), so a
    malformed response says which part of it was wrong; a nested object is
    named "<what>.<key>".
    """

    __slots__ = ("_data", "_what")

    # Put before `what` in error messages: the server, when the name of the
    # object alone does not say it.
    server: ClassVar[str] = ""

    def __init__(self, data: Any, what: str) -> None:
        """Wrap a decoded JSON value that must be an object."""
        self._what = what
        if not isinstance(data, Mapping):
            raise ArrMalformedResponseError(
                f"{self._label}: expected a JSON object, got {type_name(data)}"
            )
        self._data: Mapping[str, Any] = data

    @property
    def _label(self) -> str:
        return f"{self.server} {self._what}" if self.server else self._what

    @property
    def data(self) -> Mapping[str, Any]:
        """Return the wrapped object."""
        return self._data

    def wrong(self, key: str, expected: str, value: Any) -> ArrMalformedResponseError:
        """Return the error for a field of the wrong shape."""
        return ArrMalformedResponseError(
            f"{self._label}: field {key!r} should be {expected}, got {type_name(value)}"
        )

    def raw(self, key: str) -> Any:
        """Return a field's value as decoded, None when absent."""
        return self._data.get(key)

    def has(self, key: str) -> bool:
        """Return whether the field is present and not null."""
        return self._data.get(key) is not None

    # What counts as absent and how a present value converts are the points
    # where servers differ; the readers below are the same for all of them.

    def _value(self, key: str) -> Any:
        """Return a field's value for the typed readers; None when absent."""
        return self._data.get(key)

    def _to_int(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong(key, "an integer", value)
        if isinstance(value, float):
            # Sizes may come as JSON numbers with an exponent, e.g. 1.5e9.
            if not math.isfinite(value):
                raise self.wrong(key, "a finite integer", value)
            return int(value)
        return value

    def _to_number(self, key: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.wrong(key, "a number", value)
        return self._finite(key, float(value), value)

    def _finite(self, key: str, number: float, value: Any) -> float:
        if not math.isfinite(number):
            raise self.wrong(key, "a finite number", value)
        return number

    def _to_flag(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.wrong(key, "true or false", value)
        return value

    def _to_text(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.wrong(key, "a string", value)
        return value

    def integer(self, key: str, default: int = 0) -> int:
        """Return an integer field; absent or null gives the default."""
        value = self._value(key)
        return default if value is None else self._to_int(key, value)

    def opt_integer(self, key: str) -> int | None:
        """Return an integer field, or None when absent or null."""
        value = self._value(key)
        return None if value is None else self._to_int(key, value)

    def number(self, key: str, default: float = 0.0) -> float:
        """Return a number field; absent or null gives the default."""
        value = self._value(key)
        return default if value is None else self._to_number(key, value)

    def flag(self, key: str, default: bool = False) -> bool:
        """Return a boolean field; absent or null gives the default."""
        value = self._value(key)
        return default if value is None else self._to_flag(key, value)

    def text(self, key: str, default: str = "") -> str:
        """Return a string field; absent or null gives the default."""
        # Not _value(): an empty string is a string, whatever the server.
        value = self._data.get(key)
        return default if value is None else self._to_text(key, value)

    def opt_text(self, key: str) -> str | None:
        """Return a string field, or None when absent, null or empty."""
        return self.text(key) or None

    def date_time(self, key: str) -> datetime | None:
        """Return an ISO 8601 date-time field as an aware datetime, or None."""
        value = self.opt_text(key)
        if value is None:
            return None
        try:
            return parse_datetime(value)
        except ValueError as err:
            raise self.wrong(key, "an ISO 8601 date-time", value) from err

    def timespan(self, key: str) -> timedelta | None:
        """Return a .NET TimeSpan field ("1.02:03:04") as a timedelta, or None."""
        value = self.opt_text(key)
        if value is None:
            return None
        try:
            return parse_timespan(value)
        except (ValueError, OverflowError) as err:
            raise self.wrong(key, "a time span like 01:02:03", value) from err

    def child(self, key: str) -> Self | None:
        """Return a nested object field, or None when absent or null."""
        value = self._data.get(key)
        if value is None:
            return None
        return type(self)(value, f"{self._what}.{key}")

    def section(self, key: str) -> Self:
        """Return a nested object field; absent or null reads as an empty one."""
        return self.child(key) or type(self)({}, f"{self._what}.{key}")

    def items(self, key: str) -> list[Any]:
        """Return a list field; absent or null gives an empty list."""
        value = self._data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.wrong(key, "a list", value)
        return value

    def parsed_items[T](
        self, key: str, parse: Callable[[Any], T], skip: Skip | None = None
    ) -> tuple[T, ...]:
        """Return a list field parsed with one parser per item; absent gives ().

        With `skip`, an item that cannot be read goes to it and is left out.
        """
        return tuple(parse_records(self.items(key), parse, skip))

    def texts(self, key: str) -> tuple[str, ...]:
        """Return a list of strings; null entries are skipped."""
        result = []
        for item in self.items(key):
            if item is None:
                continue
            if not isinstance(item, str):
                raise self.wrong(key, "a list of strings", item)
            result.append(item)
        return tuple(result)

    def text_map(self, key: str) -> dict[str, str | None]:
        """Return an object of strings (e.g. a history record's data)."""
        value = self._data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise self.wrong(key, "an object", value)
        result: dict[str, str | None] = {}
        for item_key, item in value.items():
            if item is None or isinstance(item, str):
                result[str(item_key)] = item
            elif isinstance(item, int | float | bool):
                result[str(item_key)] = str(item)
            else:
                raise self.wrong(key, "an object of strings", item)
        return result


def parse_list[T](
    data: Any, what: str, parse: Callable[[Any], T], skip: Skip | None = None
) -> list[T]:
    """Parse a JSON list with one parser per item.

    With `skip`, an item that cannot be read goes to it and is left out.
    """
    if not isinstance(data, list):
        raise ArrMalformedResponseError(
            f"expected a JSON list of {what}, got {type_name(data)}"
        )
    return parse_records(data, parse, skip)


def parse_datetime(value: str) -> datetime:
    """Parse an ISO 8601 date-time; a time without a zone is taken as UTC."""
    text = value.strip()
    # .NET prints up to 7 fractional digits; Python accepts at most 6.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def parse_timespan(value: str) -> timedelta:
    """Parse a .NET TimeSpan ("[-][d.]hh:mm:ss[.fffffff]") into a timedelta."""
    match = _TIMESPAN.match(value.strip())
    if match is None:
        raise ValueError(f"not a time span: {value!r}")
    frac = match["frac"] or "0"
    span = timedelta(
        days=int(match["days"] or 0),
        hours=int(match["h"]),
        minutes=int(match["m"]),
        seconds=int(match["s"]),
        microseconds=int(frac.ljust(6, "0")[:6]),
    )
    return -span if match["sign"] else span


def format_datetime(value: datetime) -> str:
    """Format a datetime the way the arr APIs expect it in queries (UTC, Z)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
