"""Sensors for the arr stack: queues, library, disk space, SABnzbd speed and totals.

Sizes are reported in bytes and rates in bytes per second (what the servers
send), with suggested display units, so Home Assistant converts them and
long-term statistics stay comparable whatever unit the user picks.
"""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .arr.models import RootFolder
from .audit.models import Severity
from .coordinator import ServiceCoordinator
from .data import ArrRuntime, AutoArrConfigEntry
from .entity import DATA_SIZE, AutoArrEntity, AutoArrSensor, RecoveryEntity
from .library_coordinator import ArrLibraryData
from .recovery_manager import RecoveryManager
from .sensor_descriptions import (
    MAX_LISTED_ITEMS,
    arr_library_descriptions,
    arr_queue_descriptions,
    library_size_description,
)
from .service_kinds import kind_entities
from .stack_sensor import StackDownloadsSensor

# Coordinators fetch the data; entities only read it.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the sensors of every service subentry."""
    for runtime in entry.runtime_data.services.values():
        entities: list[Entity] = []
        if isinstance(runtime, ArrRuntime):
            entities.extend(
                AutoArrSensor(runtime, runtime.queue, description)
                for description in arr_queue_descriptions(runtime.kind)
            )
            entities.extend(
                AutoArrSensor(runtime, runtime.library, description)
                for description in (
                    *arr_library_descriptions(runtime.kind),
                    library_size_description(runtime.kind),
                )
            )
            _async_add_root_folder_sensors(entry, runtime, async_add_entities)
        entities.extend(kind_entities(Platform.SENSOR, runtime))
        async_add_entities(entities, config_subentry_id=runtime.subentry_id)
    async_add_entities([StackDownloadsSensor(entry)])
    if (recovery := entry.runtime_data.recovery) is not None:
        async_add_entities(
            [FailedDownloadsSensor(recovery), AuditScoreSensor(recovery)]
        )


@callback
def _async_add_root_folder_sensors(
    entry: AutoArrConfigEntry,
    runtime: ArrRuntime,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a free space sensor per root folder, including ones added later."""
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


ROOT_FOLDER_DESCRIPTION = SensorEntityDescription(
    key="root_folder",
    translation_key="root_folder_free_space",
    entity_category=EntityCategory.DIAGNOSTIC,
    state_class=SensorStateClass.MEASUREMENT,
    **DATA_SIZE,
)


class RootFolderSensor(AutoArrEntity[ServiceCoordinator[ArrLibraryData]], SensorEntity):
    """Free space of one root folder of a Sonarr or Radarr library."""

    def __init__(self, runtime: ArrRuntime, folder: RootFolder) -> None:
        """Follow the root folder with this id."""
        super().__init__(runtime, runtime.library, ROOT_FOLDER_DESCRIPTION)
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


# Stack-wide sensors of the hub device, fed by the recovery manager.


class FailedDownloadsSensor(RecoveryEntity, SensorEntity):
    """How many downloads are failed or stuck across the stack."""

    _attr_state_class = SensorStateClass.MEASUREMENT

    def __init__(self, manager: RecoveryManager) -> None:
        """Count the failures the last recovery run found."""
        super().__init__(manager, "failed_downloads")

    @property
    @override
    def native_value(self) -> int:
        """Return the number of failed or stuck downloads."""
        return len(self.manager.failed_downloads)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """List the failures (title, cause, message)."""
        return {
            "downloads": [
                {"title": f.title, "cause": f.cause.value, "message": f.message}
                for f in self.manager.failed_downloads[:MAX_LISTED_ITEMS]
            ]
        }


class AuditScoreSensor(RecoveryEntity, SensorEntity):
    """The best-practice audit's score, 0-100 (unknown before the first audit)."""

    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    def __init__(self, manager: RecoveryManager) -> None:
        """Show the last audit's score."""
        super().__init__(manager, "audit_score")

    @property
    @override
    def native_value(self) -> int | None:
        """Return the score of the last audit."""
        report = self.manager.audit_report
        return report.score if report is not None else None

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any]:
        """Count the findings per severity and list the most severe."""
        report = self.manager.audit_report
        if report is None:
            return {}
        counts = {s.value: 0 for s in Severity}
        for finding in report.findings:
            counts[finding.severity.value] += 1
        order = list(Severity)
        findings = sorted(report.findings, key=lambda f: order.index(f.severity))
        return {
            **counts,
            "findings": [
                {"id": f.id, "title": f.title, "service": f.service_name}
                for f in findings[:MAX_LISTED_ITEMS]
            ],
        }
