"""Reading a list record by record: a malformed record is skipped, not the list.

A real library holds records no document foresaw (a series half imported, a
movie whose metadata never arrived). One of them must not fail the whole
answer, and with it every sensor and answer that reads the list: the parsers
raise ArrMalformedResponseError for the record, and `parse_records` skips it.
`SkippedRecords` warns once per record and service, naming both, so a record
that stays broken does not fill the log at every poll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import logging
from typing import Any

from .errors import ArrMalformedResponseError

_LOGGER = logging.getLogger(__name__)

# How many skipped records a client remembers having warned about.
MAX_REMEMBERED = 500
# Titles are cut to this length in a warning.
MAX_TITLE = 80

type Skip = Callable[[Any, ArrMalformedResponseError], None]

_ID_KEYS = ("id", "nzo_id")
_TITLE_KEYS = ("title", "filename", "name", "sourceTitle", "text")


def record_label(record: Any) -> str:
    """Name a record in a warning: its id and title when it has them."""
    if not isinstance(record, Mapping):
        return "a record that is not an object"
    parts: list[str] = []
    for key in _ID_KEYS:
        value = record.get(key)
        if isinstance(value, int | str) and not isinstance(value, bool):
            parts.append(f"{key} {value}")
            break
    for key in _TITLE_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value:
            title = value if len(value) <= MAX_TITLE else f"{value[:MAX_TITLE]}…"
            parts.append(repr(title))
            break
    return " ".join(parts) or "without id or title"


def parse_records[T](
    items: Iterable[Any], parse: Callable[[Any], T], skip: Skip | None = None
) -> list[T]:
    """Parse every item; with `skip`, a malformed item is handed to it instead."""
    if skip is None:
        return [parse(item) for item in items]
    records: list[T] = []
    for item in items:
        try:
            records.append(parse(item))
        except ArrMalformedResponseError as err:
            skip(item, err)
    return records


class SkippedRecords:
    """The records one service sent that could not be read, each warned once."""

    def __init__(self, service: Callable[[], str]) -> None:
        """Name the service in warnings with `service()` ("Sonarr at <URL>")."""
        self._service = service
        self._warned: set[tuple[str, str]] = set()

    def skip(self, what: str) -> Skip:
        """Return the skip callback for the records of one list ("series")."""

        def skip(record: Any, err: ArrMalformedResponseError) -> None:
            key = (what, record_label(record))
            if key in self._warned:
                return
            if len(self._warned) >= MAX_REMEMBERED:
                self._warned.clear()
            self._warned.add(key)
            _LOGGER.warning(
                "%s: left out a record of %s that AutoArr cannot read (%s): %s",
                self._service(),
                what,
                key[1],
                err,
            )

        return skip
