"""AutoArr: run a Sonarr, Radarr and SABnzbd stack from Home Assistant."""

from __future__ import annotations

import asyncio
from functools import partial
from types import MappingProxyType

from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from .agent.instant import load_number_words
from .assist import async_setup_assist
from .const import DOMAIN, LOGGER
from .data import AutoArrConfigEntry, AutoArrData, ServiceRuntime
from .followups import FollowUps
from .issues import async_delete_service_issues
from .media_servers import HomeMediaServers
from .migrations import (
    ENTRY_MINOR_VERSION,
    ENTRY_VERSION,
    async_update_hub_title,
    migrate_v1,
)
from .model_runtime import ModelWatch, async_create_models
from .posters import async_setup_posters
from .recovery_manager import RecoveryManager, async_remove_recovery_store
from .service_kinds import KINDS, support_of
from .services import async_setup_services

PLATFORMS: list[Platform] = [
    Platform.AI_TASK,
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.CONVERSATION,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.NUMBER,
    Platform.SENSOR,
    Platform.SWITCH,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register AutoArr's actions and its pictures' view once, for every entry."""
    async_setup_services(hass)
    async_setup_posters(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: AutoArrConfigEntry) -> bool:
    """Set up AutoArr from a config entry.

    One service that is down or rejects its key does not stop the others:
    its entities are unavailable (and a reauth flow names it), while the
    rest of the stack and the agents keep working. The entry is retried
    later only when no configured service answers at all.
    """
    # Services added, moved or removed since (each reloads the entry).
    async_update_hub_title(hass, entry)
    llm = await async_create_models(hass, entry)
    services = {
        subentry.subentry_id: _create_runtime(hass, entry, subentry)
        for subentry in entry.subentries.values()
        if subentry.subentry_type in KINDS
    }
    entry.runtime_data = AutoArrData(llm=llm, services=services)
    if llm is not None:
        entry.async_on_unload(llm.close)
    for runtime in services.values():
        entry.async_on_unload(
            partial(async_delete_service_issues, hass, runtime.subentry_id)
        )

    coordinators = [
        c for runtime in services.values() for c in runtime.coordinators().values()
    ]
    await asyncio.gather(*(c.async_refresh() for c in coordinators))
    if coordinators and not any(c.last_update_success for c in coordinators):
        auth_failed = [
            c
            for c in coordinators
            if isinstance(c.last_exception, ConfigEntryAuthFailed)
        ]
        if len(auth_failed) == len(coordinators):
            # Every key rejected: a reauth flow is running; nothing to retry.
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="all_services_auth_failed"
            )
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="no_service_available",
            translation_placeholders={
                "names": ", ".join(runtime.name for runtime in services.values())
            },
        )

    recovery = RecoveryManager(hass, entry)
    await recovery.async_setup()
    entry.runtime_data.recovery = recovery
    followups = FollowUps(hass, entry)
    await followups.async_setup()
    entry.runtime_data.followups = followups
    entry.runtime_data.media_servers = HomeMediaServers(hass)

    _async_remove_stale_devices(hass, entry)
    # Before the first sentence is matched: reading the number words blocks.
    await hass.async_add_executor_job(load_number_words)
    async_setup_assist(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    recovery.async_start()
    if llm is not None:
        # A model server that is down becomes a repair issue, never a failed
        # setup: the entities, actions and instant answers need no model.
        watch = ModelWatch(hass, entry, llm)
        entry.runtime_data.model_watch = watch
        watch.async_start()
    # Adding, changing or removing a subentry (or the hub's settings) reloads
    # the entry, so devices, entities and coordinators follow at once.
    entry.async_on_unload(entry.add_update_listener(_async_reload_entry))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: AutoArrConfigEntry) -> bool:
    """Unload an AutoArr config entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_migrate_entry(hass: HomeAssistant, entry: AutoArrConfigEntry) -> bool:
    """Bring an entry stored by an older AutoArr to the current layout.

    Version 1 kept the services as lists inside entry.data; version 2 makes
    each service and agent a config subentry (see migrations.migrate_v1).
    """
    if entry.version > ENTRY_VERSION:
        # A newer AutoArr wrote it: leave it alone rather than lose data.
        return False
    if entry.version == 1:
        data, subentries = migrate_v1(entry.data, entry.options)
        for subentry in subentries:
            hass.config_entries.async_add_subentry(
                entry,
                ConfigSubentry(
                    data=MappingProxyType(subentry["data"]),
                    subentry_type=subentry["subentry_type"],
                    title=subentry["title"],
                    unique_id=subentry["unique_id"],
                ),
            )
        hass.config_entries.async_update_entry(
            entry,
            data=data,
            options={},
            version=2,
            minor_version=ENTRY_MINOR_VERSION,
        )
        LOGGER.info(
            "Migrated the AutoArr entry to version 2 (%d subentries)", len(subentries)
        )
    return True


async def async_remove_entry(hass: HomeAssistant, entry: AutoArrConfigEntry) -> None:
    """Delete what the entry stored: recovery's attempt records."""
    await async_remove_recovery_store(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: AutoArrConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a device only when nothing of the entry backs it.

    A service's device goes with its subentry (delete the subentry instead);
    the hub's device lives as long as the entry.
    """
    current = {entry.entry_id, *entry.subentries}
    return not any(
        domain == DOMAIN and value in current for domain, value in device.identifiers
    )


async def _async_reload_entry(hass: HomeAssistant, entry: AutoArrConfigEntry) -> None:
    """Reload the entry after its data or subentries changed."""
    hass.config_entries.async_schedule_reload(entry.entry_id)


def _create_runtime(
    hass: HomeAssistant, entry: AutoArrConfigEntry, subentry: ConfigSubentry
) -> ServiceRuntime:
    """Build the client and coordinators of one service subentry."""
    # verify_ssl is applied per request, so the shared session serves all.
    return support_of(subentry.subentry_type).runtime(
        hass, entry, subentry, async_get_clientsession(hass)
    )


def _async_remove_stale_devices(hass: HomeAssistant, entry: AutoArrConfigEntry) -> None:
    """Remove devices of this entry that belong to no subentry any more.

    Home Assistant removes a subentry's devices with the subentry; this
    catches what an older version or a failed removal left behind.
    """
    registry = dr.async_get(hass)
    keep = {entry.entry_id, *entry.subentries}
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        identifiers = {
            value for domain, value in device.identifiers if domain == DOMAIN
        }
        if identifiers and not identifiers & keep:
            LOGGER.debug("Removing stale device %s", device.name)
            registry.async_remove_device(device.id)
