"""Seerr in Home Assistant: its device, request sensors, request events, diagnostics."""

from __future__ import annotations

import json

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_API_KEY,
    CONF_NAME,
    CONF_URL,
    CONF_VERIFY_SSL,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.event import async_track_state_change_event
import pytest

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import SeerrRuntime
from custom_components.autoarr.diagnostics import async_get_config_entry_diagnostics
from tests.support.seerr_fixtures import seerr
from tests.support.seerr_sim import APPROVED, SeerrSimulator

from .conftest import SetupEntry, service_subentry

pytestmark = pytest.mark.clock

__all__ = ["seerr"]


async def test_seerr_added_in_the_config_flow_gets_its_entities(
    hass: HomeAssistant, setup_entry: SetupEntry, seerr: SeerrSimulator
) -> None:
    """A Seerr added to a running hub gets its device and request sensors."""
    entry = await setup_entry()
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "seerr"), context={"source": "user"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Requests",
            CONF_URL: seerr.url,
            CONF_API_KEY: seerr.api_key,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    values = {
        key: hass.states.get(f"sensor.requests_{key}").state
        for key in (
            "pending_requests",
            "approved_requests",
            "processing_requests",
            "available_requests",
            "total_requests",
            "open_issues",
        )
    }
    assert values == {
        "pending_requests": "2",
        "approved_requests": "1",
        "processing_requests": "1",
        "available_requests": "0",
        "total_requests": "3",
        "open_issues": "1",
    }
    pending = hass.states.get("sensor.requests_pending_requests")
    assert pending.attributes["unit_of_measurement"] == "requests"
    assert [
        (item["title"], item["requested_by"], item["seasons"])
        for item in pending.attributes["items"]
    ] == [("Severance", "Sam", [2]), ("Dune: Part Two", "Sam", [])]
    event = hass.states.get("event.requests_requests")
    assert event is not None
    assert event.attributes["event_types"] == [
        "new_request",
        "approved",
        "declined",
        "failed",
        "available",
    ]
    (subentry_id,) = entry.subentries
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    assert (device.manufacturer, device.model, device.sw_version) == (
        "Seerr Team",
        "Seerr",
        seerr.state.version,
    )


async def test_request_events_follow_seerr(
    hass: HomeAssistant, setup_entry: SetupEntry, seerr: SeerrSimulator
) -> None:
    """A new request, an approval and media becoming available fire events."""
    entry = await setup_entry(
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key)
    )
    (runtime,) = entry.runtime_data.services.values()
    assert isinstance(runtime, SeerrRuntime)
    fired: list[tuple[str, str]] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if (
            new is not None
            and "event_type" in new.attributes
            and new.state != STATE_UNKNOWN
        ):
            fired.append((new.attributes["event_type"], new.attributes["title"]))

    async_track_state_change_event(hass, "event.seerr_requests", record)
    # Nothing fires for what was there before.
    await runtime.requests.async_refresh()
    await hass.async_block_till_done()
    assert fired == []

    state = seerr.state
    made = state.add_request(126308, requested_by=2, seasons=[2])
    state.set_status(state.requests[1], APPROVED)
    await runtime.requests.async_refresh()
    await hass.async_block_till_done()
    assert fired == [("approved", "Dune: Part Two"), ("new_request", "Shōgun")]
    event = hass.states.get("event.seerr_requests")
    assert event.attributes["id"] == made.id
    assert event.attributes["requested_by"] == "Sam"
    assert event.attributes["status"] == "pending"
    assert event.attributes["instance"] == "Seerr"
    assert hass.states.get("sensor.seerr_pending_requests").state == "2"

    fired.clear()
    state.titles[693134].status = 5
    await runtime.requests.async_refresh()
    await hass.async_block_till_done()
    assert fired == [("available", "Dune: Part Two")]
    assert hass.states.get("sensor.seerr_available_requests").state == "1"


async def test_diagnostics_redact_the_key(
    hass: HomeAssistant, setup_entry: SetupEntry, seerr: SeerrSimulator
) -> None:
    """Seerr's part of the diagnostics has its data and never its key."""
    entry = await setup_entry(
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key)
    )
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = json.dumps(diagnostics)
    assert seerr.api_key not in text
    (service,) = diagnostics["services"].values()
    assert service["kind"] == "seerr"
    assert "requests" in json.dumps(service)


async def test_outage_and_issue_counts_failing(
    hass: HomeAssistant, setup_entry: SetupEntry, seerr: SeerrSimulator
) -> None:
    """Issue counts that fail blank only their sensor; an outage blanks all."""
    entry = await setup_entry(
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key)
    )
    (runtime,) = entry.runtime_data.services.values()
    assert isinstance(runtime, SeerrRuntime)
    seerr.inject_fault("server_error", path="issue/count")
    await runtime.requests.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.seerr_open_issues").state == "unavailable"
    assert hass.states.get("sensor.seerr_total_requests").state == "3"
    seerr.clear_faults()
    seerr.inject_fault("disconnect")
    await runtime.requests.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get("sensor.seerr_total_requests").state == "unavailable"
