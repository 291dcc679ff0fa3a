"""Prowlarr's entities: its indexers, their failures, its health and a test.

An indexer count (the enabled ones, listing those failing), a problem sensor
for the enabled indexers Prowlarr holds back because they keep failing, one
for its health checks, and a button that tests every indexer. Prowlarr's
`KindSupport` lists these by platform.
"""

from __future__ import annotations

from typing import override

from homeassistant.components.binary_sensor.const import BinarySensorDeviceClass
from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.sensor import SensorStateClass
from homeassistant.const import EntityCategory, Platform
from homeassistant.helpers.entity import Entity

from .data import ProwlarrRuntime
from .entity import (
    AutoArrBinarySensor,
    AutoArrBinarySensorDescription,
    AutoArrEntity,
    AutoArrSensor,
    AutoArrSensorDescription,
)
from .indexer_coordinator import ProwlarrCoordinator, ProwlarrData

INDEXERS = AutoArrSensorDescription[ProwlarrData](
    key="indexers",
    translation_key="indexers",
    state_class=SensorStateClass.MEASUREMENT,
    value_fn=lambda data: len(data.enabled),
    attributes_fn=lambda data: {"failing": [i.name for i in data.failing]},
)

FAILING_INDEXERS = AutoArrBinarySensorDescription[ProwlarrData](
    key="failing_indexers",
    translation_key="failing_indexers",
    device_class=BinarySensorDeviceClass.PROBLEM,
    is_on_fn=lambda data: bool(data.failing),
    attributes_fn=lambda data: {
        "indexers": [indexer.as_attributes() for indexer in data.failing]
    },
)
HEALTH = AutoArrBinarySensorDescription[ProwlarrData](
    key="health",
    translation_key="health",
    device_class=BinarySensorDeviceClass.PROBLEM,
    entity_category=EntityCategory.DIAGNOSTIC,
    is_on_fn=lambda data: bool(data.health),
    attributes_fn=lambda data: {
        "problems": [
            {"source": check.source, "type": check.type, "message": check.message}
            for check in data.health or ()
        ]
    },
    available_fn=lambda data: data.health is not None,
)

TEST_INDEXERS = ButtonEntityDescription(
    key="test_indexers", translation_key="test_indexers"
)


class TestIndexersButton(AutoArrEntity[ProwlarrCoordinator], ButtonEntity):
    """Tests every enabled indexer of a Prowlarr, then reads their status."""

    runtime: ProwlarrRuntime

    @override
    async def async_press(self) -> None:
        """Run the test; Prowlarr holds back the indexers that fail it."""
        await self._async_run(self.runtime.client.test_all_indexers())


def prowlarr_entities(platform: Platform, runtime: ProwlarrRuntime) -> list[Entity]:
    """Return Prowlarr's entities of one platform."""
    match platform:
        case Platform.SENSOR:
            return [AutoArrSensor(runtime, runtime.indexers, INDEXERS)]
        case Platform.BINARY_SENSOR:
            return [
                AutoArrBinarySensor(runtime, runtime.indexers, description)
                for description in (FAILING_INDEXERS, HEALTH)
            ]
        case Platform.BUTTON:
            return [TestIndexersButton(runtime, runtime.indexers, TEST_INDEXERS)]
    return []
