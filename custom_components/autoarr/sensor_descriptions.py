"""What the library managers' sensors read and list in their attributes.

The queue sensors list downloads as the spoken answers name them: one
vocabulary of states (`agent/vocabulary.py`), in its order of what matters.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.util import dt as dt_util

from .agent.vocabulary import (
    QueueEntry,
    album_label,
    episode_label,
    ordered,
    queue_entries,
)
from .arr.activity_models import CalendarItem
from .entity import AutoArrSensorDescription
from .library_coordinator import ArrLibraryData, ArrQueueData

# Items listed in a count sensor's attributes (the state is the full count).
MAX_LISTED_ITEMS = 10
# Downloads listed in a queue sensor's attributes, after sorting, beside
# their true total. The list is not recorded (`_unrecorded_attributes`), yet
# with this cap a queue's whole state stays under the 16 KiB the recorder
# accepts for attributes (a test checks it at the cap, with long names).
MAX_QUEUE_LISTED = 40


def _queue_attributes(data: ArrQueueData) -> dict[str, Any]:
    """List the queue's downloads by what matters, with their true number.

    The cap applies after sorting: what is downloading or needs a look is
    never the part left out.
    """
    entries = ordered(queue_entries(data.items))
    return {
        "items": [_queue_entry(entry) for entry in entries[:MAX_QUEUE_LISTED]],
        "total": len(entries),
    }


def _queue_entry(entry: QueueEntry) -> dict[str, Any]:
    """Describe one download as the spoken answers do (see `vocabulary`)."""
    return {
        "name": entry.name,
        "state": str(entry.state),
        "reason": entry.status.reason,
        "progress": entry.progress,
        # A duration in seconds, and when it should be done (a timestamp).
        "time_left": entry.eta_seconds,
        "finishes": entry.finishes,
        "records": entry.records,
    }


def _upcoming_attributes(data: ArrLibraryData) -> dict[str, Any]:
    upcoming = data.upcoming or ()
    return {"items": [_calendar_item(item) for item in upcoming[:MAX_LISTED_ITEMS]]}


def _calendar_item(item: CalendarItem) -> dict[str, Any]:
    listed: dict[str, Any] = {
        "title": item.title,
        "media_title": item.media_title,
        "start": item.start.isoformat() if item.start else None,
        "has_file": item.has_file,
    }
    if item.kind == "episode":
        listed["season"] = item.season_number
        listed["episode"] = item.episode_number
    elif item.kind == "movie":
        listed["release_type"] = item.release_type
    return listed


def _unit_key(key: str, unit: str | None) -> str:
    """Return a sensor's translation key with the kind's unit ("queue_episodes")."""
    return f"{key}_{unit}" if unit else key


def arr_queue_descriptions(
    unit: str | None,
) -> tuple[AutoArrSensorDescription[ArrQueueData], ...]:
    """Return the queue sensor of a kind, counting its `unit` ("episodes")."""
    return (
        AutoArrSensorDescription[ArrQueueData](
            key="queue",
            translation_key=_unit_key("queue", unit),
            state_class=SensorStateClass.MEASUREMENT,
            value_fn=lambda data: len(data.items),
            attributes_fn=_queue_attributes,
        ),
    )


def arr_library_descriptions(
    unit: str | None,
) -> tuple[AutoArrSensorDescription[ArrLibraryData], ...]:
    """Return the calendar, missing and next-up sensors of a kind."""
    return (
        AutoArrSensorDescription[ArrLibraryData](
            key="upcoming",
            translation_key=_unit_key("upcoming", unit),
            state_class=SensorStateClass.MEASUREMENT,
            value_fn=lambda data: len(data.upcoming or ()),
            attributes_fn=_upcoming_attributes,
            available_fn=lambda data: data.upcoming is not None,
        ),
        AutoArrSensorDescription[ArrLibraryData](
            key="missing",
            translation_key=_unit_key("missing", unit),
            state_class=SensorStateClass.MEASUREMENT,
            value_fn=lambda data: data.missing,
            available_fn=lambda data: data.missing is not None,
        ),
        AutoArrSensorDescription[ArrLibraryData](
            key="next_up",
            translation_key="next_up",
            device_class=SensorDeviceClass.TIMESTAMP,
            value_fn=lambda data: item.start if (item := next_up(data)) else None,
            attributes_fn=_next_up_attributes,
            available_fn=lambda data: data.upcoming is not None,
        ),
        # What that is, as the state: "Shōgun S02E06" (next up says when).
        AutoArrSensorDescription[ArrLibraryData](
            key="next_release",
            translation_key="next_release",
            value_fn=lambda data: (
                next_up_name(item) if (item := next_up(data)) else None
            ),
            attributes_fn=_next_release_attributes,
            available_fn=lambda data: data.upcoming is not None,
        ),
    )


def _next_up_attributes(data: ArrLibraryData) -> dict[str, Any]:
    """Name what is next (the state is when): "Shōgun S02E06"."""
    item = next_up(data)
    if item is None:
        return {}
    return {"name": next_up_name(item), **_calendar_item(item)}


def _next_release_attributes(data: ArrLibraryData) -> dict[str, Any]:
    """Say when what is next comes out (the state is what)."""
    item = next_up(data)
    return {"start": item.start} if item is not None else {}


def next_up_name(item: CalendarItem) -> str:
    """Return what a release is called: "Shōgun S02E06", "Artist - Album"."""
    if item.kind == "episode":
        return episode_label(item.media_title, item.season_number, item.episode_number)
    if item.kind == "album":
        return album_label(item.media_title, item.title)
    return item.media_title or item.title


def next_up(data: ArrLibraryData) -> CalendarItem | None:
    """Return the next episode airing or movie released, from now on."""
    now = dt_util.utcnow()
    return next(
        (item for item in data.upcoming or () if item.start and item.start >= now),
        None,
    )


def library_size_description(
    translation_key: str,
) -> AutoArrSensorDescription[ArrLibraryData]:
    """Return the library size sensor of a kind ("series" in Sonarr...)."""
    return AutoArrSensorDescription[ArrLibraryData](
        key="library",
        translation_key=translation_key,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.library_size,
        available_fn=lambda data: data.library_size is not None,
    )
