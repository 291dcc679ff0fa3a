"""Seerr's webhook through Home Assistant's webhook endpoint.

A notification posted to `/api/webhook/<id>` (as Seerr posts it, its
default JSON payload) is fired on the bus and refreshes that Seerr's
requests at once: the sensors and the request event entity follow without
waiting for the next poll (the clock is frozen: no poll happens).
"""

from __future__ import annotations

import json
from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigSubentryData
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_VERIFY_SSL, CONF_WEBHOOK_ID
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.autoarr.seerr_webhook import EVENT_SEERR_NOTIFICATION
from tests.real.corpus import load
from tests.support.seerr_fixtures import seerr
from tests.support.seerr_sim import SeerrSimulator

from .conftest import SetupEntry

pytestmark = pytest.mark.clock

WEBHOOK_ID = "seerr-webhook-test-0123456789abcdef"

__all__ = ["seerr"]


def seerr_subentry(sim: SeerrSimulator) -> ConfigSubentryData:
    """Return a Seerr subentry with its webhook id, as the flow stores it."""
    return ConfigSubentryData(
        data={
            CONF_URL: sim.url,
            CONF_API_KEY: sim.api_key,
            CONF_VERIFY_SSL: True,
            CONF_WEBHOOK_ID: WEBHOOK_ID,
        },
        subentry_type="seerr",
        title="Seerr",
        unique_id=None,
    )


async def test_notification_updates_the_entities_at_once(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    seerr: SeerrSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """A new request's notification: sensors, event entity and bus follow."""
    # Home Assistant's webhook integration (default_config sets it up).
    assert await async_setup_component(hass, "webhook", {})
    entry = await setup_entry(seerr_subentry(seerr))
    notifications: list[dict[str, Any]] = []

    @callback
    def record(event: Event) -> None:
        notifications.append(dict(event.data))

    hass.bus.async_listen(EVENT_SEERR_NOTIFICATION, record)
    assert hass.states.get("sensor.seerr_pending_requests").state == "2"
    made = seerr.state.add_request(126308, requested_by=2, seasons=[1])
    before = len(seerr.requests)

    client = await hass_client_no_auth()
    payload = load("seerr", "overseerr", "webhook_auto-approved")
    payload["notification_type"] = "MEDIA_PENDING"
    payload["request"]["request_id"] = str(made.id)
    response = await client.post(f"/api/webhook/{WEBHOOK_ID}", json=payload)
    assert response.status == 200
    assert await response.json() == {"message": "ok"}
    await hass.async_block_till_done(wait_background_tasks=True)

    assert len(seerr.requests) > before
    assert hass.states.get("sensor.seerr_pending_requests").state == "3"
    event = hass.states.get("event.seerr_requests")
    assert event.attributes["event_type"] == "new_request"
    assert event.attributes["title"] == "Shōgun"
    assert event.attributes["id"] == made.id
    (notification,) = notifications
    assert notification["notification_type"] == "MEDIA_PENDING"
    assert notification["request_id"] == made.id
    assert notification["requested_by"] == "henk"
    assert notification["instance"] == "Seerr"
    assert "my@email.com" not in json.dumps(notification)

    # Seerr's test notification is fired, and asks nothing of Seerr.
    before = len(seerr.requests)
    test = load("seerr", "overseerr", "webhook_test")
    response = await client.post(f"/api/webhook/{WEBHOOK_ID}", json=test)
    assert response.status == 200
    await hass.async_block_till_done(wait_background_tasks=True)
    assert notifications[-1]["notification_type"] == "TEST_NOTIFICATION"
    assert len(seerr.requests) == before

    # A body that is not a JSON object, nests without end or is far larger
    # than any notification is refused.
    for body in (b"not json", b"[1, 2]", b"[" * 50_000):
        response = await client.post(f"/api/webhook/{WEBHOOK_ID}", data=body)
        assert response.status == 400
    response = await client.post(
        f"/api/webhook/{WEBHOOK_ID}", data=b" " * (65 * 1024) + b"{}"
    )
    assert response.status == 413
    assert len(notifications) == 2

    # Unloaded, the webhook is gone (Home Assistant answers 200 to anything).
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    response = await client.post(f"/api/webhook/{WEBHOOK_ID}", json=payload)
    assert response.status == 200
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(notifications) == 2


async def test_the_flow_makes_the_webhook_and_shows_its_url(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    seerr: SeerrSimulator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Adding a Seerr makes its secret webhook; reconfigure shows the same URL."""
    hass.config.internal_url = "http://homeassistant.local:8123"
    assert await async_setup_component(hass, "webhook", {})
    entry = await setup_entry()
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "seerr"), context={"source": "user"}
    )
    shown = result["description_placeholders"]["webhook_url"]
    assert shown.startswith("http://homeassistant.local:8123/api/webhook/")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Seerr",
            CONF_URL: seerr.url,
            CONF_API_KEY: seerr.api_key,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    webhook_id = result["data"][CONF_WEBHOOK_ID]
    assert len(webhook_id) == 64
    assert shown.endswith(f"/api/webhook/{webhook_id}")
    await hass.async_block_till_done()
    (subentry,) = entry.subentries.values()

    result = await entry.start_subentry_reconfigure_flow(hass, subentry.subentry_id)
    assert result["description_placeholders"]["webhook_url"] == shown
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Requests",
            CONF_URL: seerr.url,
            CONF_API_KEY: "",
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.subentries[subentry.subentry_id].data[CONF_WEBHOOK_ID] == webhook_id
    await hass.async_block_till_done()

    # The webhook answers for the reloaded entry.
    notified: list[Event] = []
    hass.bus.async_listen(EVENT_SEERR_NOTIFICATION, notified.append)
    client = await hass_client_no_auth()
    test = load("seerr", "overseerr", "webhook_test")
    response = await client.post(f"/api/webhook/{webhook_id}", json=test)
    assert response.status == 200
    await hass.async_block_till_done()
    assert [e.data["instance"] for e in notified] == ["Requests"]
