"""Prowlarr in Home Assistant: failing indexers in a binary sensor, a repair
that tests them again, the indexer count and the test button."""

from __future__ import annotations

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_API_KEY,
    CONF_NAME,
    CONF_URL,
    CONF_VERIFY_SSL,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.setup import async_setup_component

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import ProwlarrRuntime
from custom_components.autoarr.diagnostics import async_get_config_entry_diagnostics
from custom_components.autoarr.issues import indexers_issue_id
from tests.support.arr_sim import ProwlarrSimulator

from .conftest import SetupEntry, prowlarr_subentry


async def test_prowlarr_added_in_the_config_flow(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """A Prowlarr added to a running hub shows its failing indexer."""
    entry = await setup_entry()
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "prowlarr"), context={"source": "user"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Indexers",
            CONF_URL: prowlarr.url,
            CONF_API_KEY: prowlarr.api_key,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    failing = hass.states.get("binary_sensor.indexers_failing_indexers")
    assert failing.state == STATE_ON
    [indexer] = failing.attributes["indexers"]
    assert indexer["name"] == "NZBplanet"
    assert indexer["failing_since"] is not None
    count = hass.states.get("sensor.indexers_indexers")
    assert count.state == "3"
    assert count.attributes["failing"] == ["NZBplanet"]
    assert hass.states.get("binary_sensor.indexers_health_problems").state == STATE_ON
    [subentry_id] = entry.subentries
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    assert (device.manufacturer, device.model) == ("Servarr", "Prowlarr")
    assert device.sw_version == "2.0.5.5160"


async def test_failing_indexer_repair_tests_again(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """The repair tests the indexers: refused while one fails, gone once it works."""
    entry = await setup_entry(prowlarr_subentry(prowlarr))
    subentry_id = next(iter(entry.subentries))
    issue_id = indexers_issue_id(subentry_id)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None and issue.is_fixable
    assert issue.translation_placeholders == {
        "name": "Prowlarr",
        "indexers": "NZBplanet",
    }
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None

    result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm"
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_failing"
    assert result["description_placeholders"]["indexers"] == "NZBplanet"
    assert prowlarr.state.tests_run == 1

    prowlarr.state.recover_indexer(2)
    result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert hass.states.get("binary_sensor.prowlarr_failing_indexers").state == STATE_OFF


async def test_test_indexers_button(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """The button runs Prowlarr's test and the sensors follow its outcome."""
    entry = await setup_entry(prowlarr_subentry(prowlarr))
    prowlarr.state.recover_indexer(2)
    prowlarr.state.broken.add(4)
    await hass.services.async_call(
        "button",
        "press",
        {ATTR_ENTITY_ID: "button.prowlarr_test_indexers"},
        blocking=True,
    )
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ProwlarrRuntime)
    await runtime.indexers.async_refresh()
    await hass.async_block_till_done()
    assert prowlarr.requests_to("/api/v1/indexer/testall", "POST")
    failing = hass.states.get("binary_sensor.prowlarr_failing_indexers")
    assert [i["name"] for i in failing.attributes["indexers"]] == ["Nyaa.si"]
    # Failing since just now: too short for a repair issue.
    assert (
        ir.async_get(hass).async_get_issue(
            DOMAIN, indexers_issue_id(runtime.subentry_id)
        )
        is None
    )


async def test_prowlarr_in_the_diagnostics(
    hass: HomeAssistant, setup_entry: SetupEntry, prowlarr: ProwlarrSimulator
) -> None:
    """The diagnostics show Prowlarr's coordinator, without its key."""
    entry = await setup_entry(prowlarr_subentry(prowlarr))
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = str(diagnostics)
    assert prowlarr.api_key not in text
    [service] = diagnostics["services"].values()
    assert service["kind"] == "prowlarr"
    assert set(service["coordinators"]) == {"indexers"}
    assert service["coordinators"]["indexers"]["last_update_success"] is True
