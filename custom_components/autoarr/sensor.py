"""Sensors for the arr stack: queues, library, disk space, SABnzbd speed and totals.

Sizes are reported in bytes and rates in bytes per second (what the servers
send), with suggested display units, so Home Assistant converts them and
long-term statistics stay comparable whatever unit the user picks.
"""

from __future__ import annotations

from typing import Any, override

from homeassistant.components.sensor import SensorEntity, SensorStateClass
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .audit.models import Severity
from .data import AutoArrConfigEntry
from .entity import RecoveryEntity
from .followup_sensor import FollowUpsSensor
from .recovery_manager import RecoveryManager
from .sensor_descriptions import MAX_LISTED_ITEMS
from .service_kinds import async_add_kind_entities
from .stack_sensor import StackDownloadsSensor

# Coordinators fetch the data; entities only read it.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AutoArrConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the sensors of every service subentry, and the hub's."""
    for runtime in entry.runtime_data.services.values():
        async_add_kind_entities(Platform.SENSOR, entry, runtime, async_add_entities)
    async_add_entities([StackDownloadsSensor(entry)])
    if (followups := entry.runtime_data.followups) is not None:
        async_add_entities([FollowUpsSensor(entry, followups)])
    if (recovery := entry.runtime_data.recovery) is not None:
        async_add_entities(
            [FailedDownloadsSensor(recovery), AuditScoreSensor(recovery)]
        )


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
