"""Prowlarr 1.0, the oldest supported: its answers, as Home Assistant shows them.

The simulator answers as Prowlarr 1.0.0 does (`PROWLARR_1_0`: an indexer's
status says only until when it is held back; its first and latest failure
came in 1.3.2). Through Home Assistant's public interfaces: the failing
indexer shows in the binary sensor (without a start), the spoken answer, and
a repair once AutoArr has seen it failing for as long as it waits for one; the test button and the audit work, and the audit cannot tell
an indexer failing for days, so it says nothing of it rather than guess.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import ProwlarrRuntime
from custom_components.autoarr.issues import INDEXER_ISSUE_AFTER, indexers_issue_id
from tests.support.arr_sim import PROWLARR_1_0, ProwlarrSimulator, start_simulator
from tests.test_instant_phrasings import _agents, _say

from .conftest import SetupEntry, prowlarr_subentry

pytestmark = pytest.mark.clock


@pytest.fixture
async def prowlarr_1_0(frozen_now: datetime) -> AsyncIterator[ProwlarrSimulator]:
    """Serve a Prowlarr 1.0 simulator (NZBplanet failing for three days)."""
    async with start_simulator("prowlarr", now=frozen_now, version=PROWLARR_1_0) as sim:
        yield sim
    assert not sim.contract_violations, sim.contract_violations


async def test_prowlarr_1_0_in_home_assistant(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    prowlarr_1_0: ProwlarrSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Sensor, repair, spoken answer, test button and audit on Prowlarr 1.0."""
    hass, sim = hass_core, prowlarr_1_0
    # Failing again and again, Prowlarr holds it back longer each time.
    sim.state.indexers_by_id[2].disabled_till = sim.state.now + timedelta(hours=12)
    [_autoarr, builtin] = await _agents(hass, setup_entry, prowlarr_subentry(sim))
    [entry] = hass.config_entries.async_entries(DOMAIN)
    [subentry_id] = [
        s.subentry_id
        for s in entry.subentries.values()
        if s.subentry_type == "prowlarr"
    ]
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None and device.sw_version == PROWLARR_1_0

    failing = hass.states.get("binary_sensor.prowlarr_failing_indexers")
    assert failing is not None and failing.state == STATE_ON
    [indexer] = failing.attributes["indexers"]
    assert indexer["name"] == "NZBplanet"
    # Prowlarr 1.0 does not say when the failures began.
    assert indexer["failing_since"] is None
    # The repair counts from when AutoArr first saw it failing.
    runtime = entry.runtime_data.services[subentry_id]
    assert isinstance(runtime, ProwlarrRuntime)
    issue_id = indexers_issue_id(subentry_id)
    freezer.tick(INDEXER_ISSUE_AFTER - timedelta(minutes=1))
    await runtime.indexers.async_refresh()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    freezer.tick(timedelta(minutes=2))
    await runtime.indexers.async_refresh()
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "name": "Prowlarr",
        "indexers": "NZBplanet",
    }
    assert await _say(hass, builtin, "Why can't it find anything?", "en") == (
        "1 of 3 indexers in Prowlarr are failing: NZBplanet. "
        "Searches run without them until they work again."
    )

    report: Any = await hass.services.async_call(
        DOMAIN, "audit", {}, blocking=True, return_response=True
    )
    assert "prowlarr" not in report.get("errors", {})
    rules = {f["rule_id"] for f in report["findings"]}
    assert "prowlarr.indexer_failing" not in rules

    # The test button: the indexer works again, Prowlarr clears its status.
    sim.state.broken.discard(2)
    await hass.services.async_call(
        "button",
        "press",
        {ATTR_ENTITY_ID: "button.prowlarr_test_indexers"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert sim.state.tests_run == 1
    failing = hass.states.get("binary_sensor.prowlarr_failing_indexers")
    assert failing is not None and failing.state == STATE_OFF
