"""Image entities of a library manager: the posters of what matters now.

Three per Sonarr, Radarr or Lidarr: the next release's poster (what the
next-release sensor names), the poster of the download furthest along (what
the queue lists first) and the poster of the latest import. Each follows one
coordinator, names its item in attributes, and changes its state (the time
its picture changed) when the item changes. The picture comes through
`posters.async_get_cover`: the shared cache, with the API key only in the
request to the service; Home Assistant serves it to the browser at its
`entity_picture` (the image platform's tokened address).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.core import callback
from homeassistant.util import dt as dt_util

from .agent.vocabulary import ordered, queue_entries
from .arr.errors import ArrError
from .const import LOGGER
from .coordinator import EVENT_IMPORTED, ServiceCoordinator
from .data import ArrRuntime
from .entity import AutoArrEntity
from .library_coordinator import ArrLibraryData, ArrQueueData
from .posters import async_get_cover
from .sensor_descriptions import next_up, next_up_name

# An item with a poster: the arr's id of its series, movie or artist, and
# what it is, as said ("Shōgun S02E06").
type PosterItem = tuple[int, str]


@dataclass(frozen=True, kw_only=True)
class PosterDescription(ImageEntityDescription):
    """An image entity showing the poster of one item a coordinator names."""

    # Which coordinator: "queue" or "library".
    source: str
    # The item now, from the coordinator's data and the item before.
    item_fn: Callable[[Any, PosterItem | None], PosterItem | None]


def _next_release(data: ArrLibraryData, _: PosterItem | None) -> PosterItem | None:
    item = next_up(data)
    media_id = item and (item.series_id or item.movie_id or item.artist_id)
    return (media_id, next_up_name(item)) if item and media_id else None


def _downloading(data: ArrQueueData, _: PosterItem | None) -> PosterItem | None:
    """The download listed first (furthest along) that is of a known item."""
    by_id = {item.download_id or f"#{item.id}": item for item in data.items}
    for entry in ordered(queue_entries(data.items)):
        item = by_id.get(entry.download_id or f"#{entry.ids[0]}")
        if item is not None and item.media_id:
            return item.media_id, entry.name
    return None


def _latest_import(data: ArrQueueData, before: PosterItem | None) -> PosterItem | None:
    """The newest import of a known item; the one before until there is another."""
    for event in reversed(data.events):
        if event.event_type == EVENT_IMPORTED and event.media_id:
            return event.media_id, event.media_title or event.title
    return before


POSTERS: tuple[PosterDescription, ...] = (
    PosterDescription(
        key="next_release_poster",
        translation_key="next_release_poster",
        source="library",
        item_fn=_next_release,
    ),
    PosterDescription(
        key="downloading_poster",
        translation_key="downloading_poster",
        source="queue",
        item_fn=_downloading,
    ),
    PosterDescription(
        key="latest_import_poster",
        translation_key="latest_import_poster",
        source="queue",
        item_fn=_latest_import,
    ),
)


class PosterImage(AutoArrEntity[ServiceCoordinator[Any]], ImageEntity):
    """The poster of the item one coordinator names now."""

    runtime: ArrRuntime
    entity_description: PosterDescription
    _attr_content_type = "image/jpeg"

    def __init__(self, runtime: ArrRuntime, description: PosterDescription) -> None:
        """Follow the coordinator the description names."""
        coordinator = (
            runtime.queue if description.source == "queue" else runtime.library
        )
        super().__init__(runtime, coordinator, description)
        ImageEntity.__init__(self, coordinator.hass)
        self._item: PosterItem | None = None
        self._follow()

    def _follow(self) -> None:
        """Take the coordinator's item; a new one is a new picture."""
        if self.coordinator.data is None:
            return
        item = self.entity_description.item_fn(self.coordinator.data, self._item)
        if item != self._item:
            self._item = item
            self._attr_image_last_updated = dt_util.utcnow() if item else None

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        self._follow()
        super()._handle_coordinator_update()

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """Name the item whose poster it is."""
        if self._item is None:
            return {"media_id": None, "media_title": None}
        return {"media_id": self._item[0], "media_title": self._item[1]}

    @override
    async def async_image(self) -> bytes | None:
        """Return the poster (None when there is no item or no poster)."""
        if self._item is None:
            return None
        try:
            cover = await async_get_cover(self.hass, self.runtime, self._item[0])
        except ArrError as err:
            LOGGER.debug("No poster from %s: %s", self.runtime.name, err)
            return None
        self._attr_content_type = cover.content_type
        return cover.content


def poster_images(runtime: ArrRuntime) -> list[PosterImage]:
    """Return a library manager's poster image entities."""
    return [PosterImage(runtime, description) for description in POSTERS]
