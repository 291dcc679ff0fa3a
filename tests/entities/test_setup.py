"""Setting up, reloading and unloading an AutoArr entry with its services."""

from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState, ConfigSubentry
from homeassistant.const import CONF_API_KEY, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.autoarr import async_remove_config_entry_device
from custom_components.autoarr.const import DOMAIN, REAUTH_SUBENTRY_ID
from custom_components.autoarr.data import ArrRuntime
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, radarr_subentry, service_subentry, sonarr_subentry

# A loopback port nothing listens on.
DEAD_URL = "http://127.0.0.1:9"


def _entity_ids(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    registry = er.async_get(hass)
    return {
        reg.entity_id
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
    }


async def test_unload_and_reload_leave_nothing_behind(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Unloading stops every poll and issue; reloading restores the same set."""
    entry = await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    runtime = entry.runtime_data
    entity_ids = _entity_ids(hass, entry)
    assert len(entity_ids) > 10
    # Radarr's simulator reports a health error: an issue is open.
    issues = ir.async_get(hass).issues
    assert any(domain == DOMAIN for domain, _ in issues)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    for entity_id in entity_ids:
        state = hass.states.get(entity_id)
        assert state is None or state.state == STATE_UNAVAILABLE
    assert not [key for key in ir.async_get(hass).issues if key[0] == DOMAIN]

    # Nothing polls any more, however long we wait.
    requests = len(sonarr.requests) + len(radarr.requests)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=2))
    await hass.async_block_till_done()
    assert len(sonarr.requests) + len(radarr.requests) == requests
    for service in runtime.services.values():
        assert isinstance(service, ArrRuntime)
        assert service.queue._unsub_refresh is None
        assert service.library._unsub_refresh is None

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert _entity_ids(hass, entry) == entity_ids
    assert hass.states.get("sensor.sonarr_queue").state != STATE_UNAVAILABLE


async def test_one_service_down_does_not_stop_the_others(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A dead Radarr leaves its entities unavailable; Sonarr's work."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        service_subentry("radarr", "Radarr", DEAD_URL, "k" * 32),
    )
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.sonarr_queue").state != STATE_UNAVAILABLE
    assert hass.states.get("sensor.radarr_queue").state == STATE_UNAVAILABLE
    assert hass.states.get("calendar.autoarr_upcoming").state != STATE_UNAVAILABLE


async def test_retry_when_no_service_answers(
    hass: HomeAssistant, setup_entry: SetupEntry
) -> None:
    """With every service down the entry is retried later."""
    entry = await setup_entry(
        service_subentry("sonarr", "Sonarr", DEAD_URL, "k" * 32),
        expect=ConfigEntryState.SETUP_RETRY,
    )
    assert entry.reason is not None
    assert "None of the services answered (Sonarr)" in entry.reason


async def test_rejected_key_starts_reauth_for_that_service(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """A wrong key starts reauth naming the subentry; the new key fixes it."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        service_subentry("radarr", "Radarr", radarr.url, "wrong-key-0123456789abcdef"),
    )
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.radarr_queue").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.sonarr_queue").state != STATE_UNAVAILABLE

    radarr_id = next(
        sid for sid, sub in entry.subentries.items() if sub.subentry_type == "radarr"
    )
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["context"]["source"] == SOURCE_REAUTH
    assert flow["context"]["entry_id"] == entry.entry_id
    init_data = hass.config_entries.flow._progress[flow["flow_id"]].init_data
    assert init_data[REAUTH_SUBENTRY_ID] == radarr_id

    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_API_KEY: radarr.api_key}
    )
    assert result["type"] is FlowResultType.ABORT
    await hass.async_block_till_done()
    assert entry.subentries[radarr_id].data[CONF_API_KEY] == radarr.api_key
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.radarr_queue").state != STATE_UNAVAILABLE


async def test_every_key_rejected_fails_setup_with_reauth(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """When every service rejects its key the entry waits for reauth."""
    entry = await setup_entry(
        service_subentry("sonarr", "Sonarr", sonarr.url, "wrong-key-0123456789abcdef"),
        expect=ConfigEntryState.SETUP_ERROR,
    )
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == entry.entry_id


async def test_add_and_remove_subentry_at_run_time(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """A new subentry brings its device and entities; removing it takes them."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    devices = dr.async_get(hass)
    before = _entity_ids(hass, entry)
    assert hass.states.get("sensor.radarr_queue") is None

    subentry = ConfigSubentry(
        data=MappingProxyType(dict(radarr_subentry(radarr)["data"])),
        subentry_type="radarr",
        title="Radarr 4K",
        unique_id=None,
    )
    hass.config_entries.async_add_subentry(entry, subentry)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert subentry.subentry_id in entry.runtime_data.services
    assert hass.states.get("sensor.radarr_4k_queue").state != STATE_UNAVAILABLE
    device = devices.async_get_device_by_identifier(
        (DOMAIN, subentry.subentry_id), entry.entry_id
    )
    assert device is not None
    assert device.name == "Radarr 4K"

    hass.config_entries.async_remove_subentry(entry, subentry.subentry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert subentry.subentry_id not in entry.runtime_data.services
    assert _entity_ids(hass, entry) == before
    assert hass.states.get("sensor.radarr_4k_queue") is None
    assert (
        devices.async_get_device_by_identifier(
            (DOMAIN, subentry.subentry_id), entry.entry_id
        )
        is None
    )
    # Nobody polls the removed Radarr any more.
    requests = len(radarr.requests)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(hours=1))
    await hass.async_block_till_done()
    assert len(radarr.requests) == requests


async def test_hub_title_follows_its_services(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """The hub entry is titled by where its services run, apart from its
    device "AutoArr", as services come and go; a title the user gave stays."""
    entry = await setup_entry()
    assert entry.title == "AutoArr (no services)"
    hub = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    assert hub is not None
    assert hub.name == "AutoArr"

    subentry = ConfigSubentry(
        data=MappingProxyType(dict(sonarr_subentry(sonarr)["data"])),
        subentry_type="sonarr",
        title="Sonarr",
        unique_id=None,
    )
    hass.config_entries.async_add_subentry(entry, subentry)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.title == "AutoArr (127.0.0.1)"

    hass.config_entries.async_remove_subentry(entry, subentry.subentry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.title == "AutoArr (no services)"

    hass.config_entries.async_update_entry(entry, title="Media stack")
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data=MappingProxyType(dict(sonarr_subentry(sonarr)["data"])),
            subentry_type="sonarr",
            title="Sonarr",
            unique_id=None,
        ),
    )
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert "sensor.sonarr_queue" in _entity_ids(hass, entry)
    assert entry.title == "Media stack"


async def test_stale_device_removed_on_setup(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A device of a subentry that no longer exists is removed at setup."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    devices = dr.async_get(hass)
    stale = devices.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "gone-subentry")}
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert devices.async_get(stale.id) is None
    (subentry_id,) = entry.subentries
    assert devices.async_get_device_by_identifier((DOMAIN, subentry_id), entry.entry_id)


async def test_only_stale_devices_can_be_deleted(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """The UI may delete a leftover device, not one a subentry still backs."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    devices = dr.async_get(hass)
    (subentry_id,) = entry.subentries
    service = devices.async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    hub = devices.async_get_device_by_identifier(
        (DOMAIN, entry.entry_id), entry.entry_id
    )
    stale = devices.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "gone-subentry")}
    )
    assert service is not None
    assert hub is not None
    assert not await async_remove_config_entry_device(hass, entry, service)
    assert not await async_remove_config_entry_device(hass, entry, hub)
    assert await async_remove_config_entry_device(hass, entry, stale)


async def test_url_password_never_logged(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A proxy password in a service URL stays out of logs and errors."""
    password = "proxy-pass-0123456789"
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        service_subentry(
            "radarr", "Radarr", f"http://proxy:{password}@127.0.0.1:9", "k" * 32
        ),
    )
    runtime = next(
        s for s in entry.runtime_data.services.values() if s.kind == "radarr"
    )
    assert isinstance(runtime, ArrRuntime)
    assert runtime.availability.last_error
    assert password not in runtime.availability.last_error
    assert password not in str(runtime.queue.last_exception)
    assert password not in caplog.text
