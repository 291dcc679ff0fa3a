"""SABnzbd entities against the real SABnzbd."""

from __future__ import annotations

import asyncio

from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest
from syrupy.assertion import SnapshotAssertion

from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import SabnzbdRuntime
from tests.support.sabnzbd import RealSabnzbd, make_nzb

from .conftest import SetupEntry, entity_summary, sabnzbd_subentry

pytestmark = pytest.mark.sabnzbd

VOLATILE = ("_free_disk", "_time_left")


async def test_entities(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sabnzbd: RealSabnzbd,
    snapshot: SnapshotAssertion,
) -> None:
    """An idle SABnzbd gets its device and every entity, with stable states."""
    entry = await setup_entry(sabnzbd_subentry(sabnzbd))
    assert entity_summary(hass, entry, volatile=VOLATILE) == snapshot

    (subentry_id,) = entry.subentries
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    assert device.name == "SABnzbd"
    assert device.sw_version == sabnzbd.api("version")["version"]
    assert device.configuration_url == sabnzbd.url_with_base
    assert device.entry_type is dr.DeviceEntryType.SERVICE


async def test_pause_switch(
    hass: HomeAssistant, setup_entry: SetupEntry, sabnzbd: RealSabnzbd
) -> None:
    """The switch pauses and resumes SABnzbd itself."""
    await setup_entry(sabnzbd_subentry(sabnzbd))
    entity_id = "switch.sabnzbd_pause_downloads"
    assert hass.states.get(entity_id).state == STATE_OFF

    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert sabnzbd.api("queue")["queue"]["paused"] is True
    assert hass.states.get(entity_id).state == STATE_ON
    assert hass.states.get("sensor.sabnzbd_status").state == "paused"

    await hass.services.async_call(
        "switch", "turn_off", {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    assert sabnzbd.api("queue")["queue"]["paused"] is False
    assert hass.states.get(entity_id).state == STATE_OFF


async def test_speed_limit(
    hass: HomeAssistant, setup_entry: SetupEntry, sabnzbd: RealSabnzbd
) -> None:
    """The number sets SABnzbd's speed limit; 100 % removes it."""
    await setup_entry(sabnzbd_subentry(sabnzbd))
    entity_id = "number.sabnzbd_speed_limit"
    assert hass.states.get(entity_id).state == "100"

    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: entity_id, "value": 40}, blocking=True
    )
    assert sabnzbd.api("queue")["queue"]["speedlimit"] == "40"
    assert hass.states.get(entity_id).state == "40"

    await hass.services.async_call(
        "number", "set_value", {ATTR_ENTITY_ID: entity_id, "value": 100}, blocking=True
    )
    assert hass.states.get(entity_id).state == "100"
    assert sabnzbd.api("queue")["queue"]["speedlimit"] in ("0", "100")


async def test_failed_download_fires_event(
    hass: HomeAssistant, setup_entry: SetupEntry, sabnzbd: RealSabnzbd
) -> None:
    """A job that fails after setup fires a "failed" event, once."""
    entry = await setup_entry(sabnzbd_subentry(sabnzbd))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, SabnzbdRuntime)
    entity_id = "event.sabnzbd_downloads"
    assert hass.states.get(entity_id).state == "unknown"

    await runtime.client.add_file("Broken.Job.nzb", make_nzb("Broken.Job"))
    for _ in range(120):
        await runtime.queue.async_refresh()
        await hass.async_block_till_done()
        if hass.states.get(entity_id).state != "unknown":
            break
        await asyncio.sleep(0.5)
    state = hass.states.get(entity_id)
    assert state.attributes["event_type"] == "failed"
    assert state.attributes["title"] == "Broken.Job"
    assert state.attributes["message"]
    assert (
        state.attributes["media_title"],
        state.attributes["service"],
        state.attributes["instance"],
    ) == ("Broken Job", "sabnzbd", "SABnzbd")
    fired_at = state.state

    # Further refreshes see the same history: nothing fires again.
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == fired_at


async def test_commands_rejected(
    hass: HomeAssistant, setup_entry: SetupEntry, sabnzbd: RealSabnzbd
) -> None:
    """A command SABnzbd refuses raises a translated error."""
    entry = await setup_entry(sabnzbd_subentry(sabnzbd))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, SabnzbdRuntime)
    # The same real SABnzbd, asked with a key it does not know.
    runtime.client = SabnzbdClient(
        async_get_clientsession(hass),
        ServiceConfig(
            url=sabnzbd.url_with_base, auth=ApiKey("wrong-key-0123456789abcdef")
        ),
    )
    with pytest.raises(HomeAssistantError, match="SABnzbd could not carry out"):
        await hass.services.async_call(
            "switch",
            "turn_on",
            {ATTR_ENTITY_ID: "switch.sabnzbd_pause_downloads"},
            blocking=True,
        )
    with pytest.raises(HomeAssistantError, match="SABnzbd could not carry out"):
        await hass.services.async_call(
            "number",
            "set_value",
            {ATTR_ENTITY_ID: "number.sabnzbd_speed_limit", "value": 30},
            blocking=True,
        )
    assert sabnzbd.api("queue")["queue"]["paused"] is False


def _slot(nzo_id: str, status: str, completed: int, **extra: str) -> SabHistorySlot:
    return SabHistorySlot.from_json(
        {
            "nzo_id": nzo_id,
            "name": f"Job {nzo_id}",
            "status": status,
            "completed": completed,
            **extra,
        }
    )


async def test_history_events_are_new_and_final_only(
    hass: HomeAssistant, setup_entry: SetupEntry, sabnzbd: RealSabnzbd
) -> None:
    """Completed and failed jobs fire once, oldest first; others never."""
    entry = await setup_entry(sabnzbd_subentry(sabnzbd))
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, SabnzbdRuntime)
    coordinator = runtime.queue

    done = _slot("a", "Completed", 1_700_000_200)
    failed = _slot("b", "Failed", 1_700_000_100, fail_message="Out of retention")
    running = _slot("c", "Extracting", 1_700_000_300)
    events = coordinator._new_events([done, failed, running])
    assert [(e.event_type, e.download_id) for e in events] == [
        ("failed", "b"),
        ("completed", "a"),
    ]
    assert events[0].message == "Out of retention"
    assert events[1].message is None

    assert coordinator._new_events([done, failed, running]) == ()
    # "a" dropped off the page and came back: it does not fire again.
    assert coordinator._new_events([failed]) == ()
    assert coordinator._new_events([done, failed]) == ()
    # "c" finished meanwhile.
    finished = _slot("c", "Completed", 1_700_000_400)
    assert [e.download_id for e in coordinator._new_events([finished, done])] == ["c"]
