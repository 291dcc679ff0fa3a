"""Entities of the library managers (Sonarr, Radarr, Lidarr and their kin).

Read from a library manager's queue and library coordinators: the queue,
upcoming, missing, next-up and library size sensors (what they read is in
`sensor_descriptions.py`), a free space sensor per root folder (added as
folders appear), the health problem sensor, the downloads event entity,
the search-missing button and the posters (`poster_entities.py`).
`service_kinds.library_manager` gives every library manager these as its
`KindSupport.entities`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.event import EventEntityDescription
from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .arr.models import RootFolder
from .coordinator import (
    EVENT_COMPLETED,
    EVENT_FAILED,
    EVENT_IMPORTED,
    ServiceCoordinator,
)
from .data import ArrRuntime, AutoArrConfigEntry
from .entity import (
    DATA_SIZE,
    AutoArrBinarySensor,
    AutoArrBinarySensorDescription,
    AutoArrEntity,
    AutoArrSensor,
    DownloadEventEntity,
)
from .library_coordinator import ArrLibraryCoordinator, ArrLibraryData
from .poster_entities import poster_images
from .sensor_descriptions import (
    arr_library_descriptions,
    arr_queue_descriptions,
    library_size_description,
)

HEALTH = AutoArrBinarySensorDescription[ArrLibraryData](
    key="health",
    translation_key="health",
    device_class=BinarySensorDeviceClass.PROBLEM,
    entity_category=EntityCategory.DIAGNOSTIC,
    is_on_fn=lambda data: bool(data.problems),
    attributes_fn=lambda data: {
        "problems": [
            {"source": check.source, "type": check.type, "message": check.message}
            for check in data.problems
        ]
    },
    available_fn=lambda data: data.health is not None,
)

DOWNLOADS = EventEntityDescription(
    key="downloads",
    translation_key="downloads",
    event_types=[EVENT_COMPLETED, EVENT_FAILED, EVENT_IMPORTED],
)

SEARCH_MISSING = ButtonEntityDescription(
    key="search_missing", translation_key="search_missing"
)

ROOT_FOLDER = SensorEntityDescription(
    key="root_folder",
    translation_key="root_folder_free_space",
    entity_category=EntityCategory.DIAGNOSTIC,
    state_class=SensorStateClass.MEASUREMENT,
    **DATA_SIZE,
)


@dataclass(frozen=True, slots=True)
class LibraryEntities:
    """The entities of one kind of library manager (its `KindSupport.entities`)."""

    # Translation key of its library size sensor ("series", "movies").
    library_translation_key: str
    # What its queue, calendar and missing list count ("episodes"); None:
    # the generic keys.
    media_unit: str | None

    def __call__(self, platform: Platform, runtime: ArrRuntime) -> list[Entity]:
        """Return a library manager's entities of one platform."""
        match platform:
            case Platform.SENSOR:
                return [
                    *(
                        AutoArrSensor(runtime, runtime.queue, description)
                        for description in arr_queue_descriptions(self.media_unit)
                    ),
                    *(
                        AutoArrSensor(runtime, runtime.library, description)
                        for description in (
                            *arr_library_descriptions(self.media_unit),
                            library_size_description(self.library_translation_key),
                        )
                    ),
                ]
            case Platform.BINARY_SENSOR:
                return [AutoArrBinarySensor(runtime, runtime.library, HEALTH)]
            case Platform.EVENT:
                return [DownloadEventEntity(runtime, runtime.queue, DOWNLOADS)]
            case Platform.BUTTON:
                return [SearchMissingButton(runtime, runtime.library, SEARCH_MISSING)]
            case Platform.IMAGE:
                return list(poster_images(runtime))
        return []


@callback
def async_add_root_folder_sensors(
    platform: Platform,
    entry: AutoArrConfigEntry,
    runtime: ArrRuntime,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a free space sensor per root folder, including ones added later."""
    if platform is not Platform.SENSOR:
        return
    known: set[int] = set()

    @callback
    def add_new_folders() -> None:
        # None until the first successful refresh (typed as always set).
        data: ArrLibraryData | None = runtime.library.data
        if data is None:
            return
        new = [f for f in data.root_folders or () if f.id not in known]
        if not new:
            return
        known.update(folder.id for folder in new)
        async_add_entities(
            [RootFolderSensor(runtime, folder) for folder in new],
            config_subentry_id=runtime.subentry_id,
        )

    add_new_folders()
    entry.async_on_unload(runtime.library.async_add_listener(add_new_folders))


class RootFolderSensor(AutoArrEntity[ServiceCoordinator[ArrLibraryData]], SensorEntity):
    """Free space of one root folder of a library manager."""

    def __init__(self, runtime: ArrRuntime, folder: RootFolder) -> None:
        """Follow the root folder with this id."""
        super().__init__(runtime, runtime.library, ROOT_FOLDER)
        self.folder_id = folder.id
        self._attr_unique_id = f"{runtime.subentry_id}_root_folder_{folder.id}"
        self._attr_translation_placeholders = {"path": folder.path}

    def _folder(self) -> RootFolder | None:
        return next(
            (
                f
                for f in self.coordinator.data.root_folders or ()
                if f.id == self.folder_id
            ),
            None,
        )

    @property
    @override
    def available(self) -> bool:
        """Return False once the folder is removed, or while it is unreachable.

        A folder the server cannot reach has no free space to tell: the
        sensor is unavailable, and the service's health repair says why.
        """
        folder = self._folder()
        return super().available and folder is not None and folder.accessible

    @property
    @override
    def native_value(self) -> int | None:
        """Return the folder's free space in bytes."""
        folder = self._folder()
        return folder.free_space if folder is not None else None

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the folder's path and whether the server can reach it."""
        folder = self._folder()
        if folder is None:
            return None
        return {"path": folder.path, "accessible": folder.accessible}


class SearchMissingButton(AutoArrEntity[ArrLibraryCoordinator], ButtonEntity):
    """Starts a search for every missing monitored item of the library."""

    runtime: ArrRuntime

    @override
    async def async_press(self) -> None:
        """Start the search; the service runs it in the background."""
        await self._async_run(self.runtime.client.search_missing())
