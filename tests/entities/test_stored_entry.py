"""An entry stored by this version loads unchanged, with the same entities.

The entry below is written the way the config flow of entry version 2.1
stores one (hub data, no options, a subentry per service and agent) with
fixed ids. Loading it must leave its data, options and subentries as they
are and give every entity the entity id and unique id it had when the
layout was recorded, so no install loses an entity, a history or an
automation when the code beneath moves.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigSubentryData
from homeassistant.const import (
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_URL,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.const import (
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    DOMAIN,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.sabnzbd import RealSabnzbd

from .conftest import OLLAMA_URL

ENTRY_ID = "01JSTOREDENTRY000000000000"
HUB_DATA = {CONF_OLLAMA_URL: OLLAMA_URL, CONF_OLLAMA_MODEL: "qwen2.5:7b"}


# (entity id, unique id) of every entity of the entry above, as recorded from
# the code before the service kinds moved into one registry.
RECORDED = [
    ("ai_task.autoarr_ai_task", "sub_ai_task"),
    ("binary_sensor.radarr_health_problems", "sub_radarr_health"),
    ("binary_sensor.sabnzbd_warnings", "sub_sabnzbd_warnings"),
    ("binary_sensor.sonarr_health_problems", "sub_sonarr_health"),
    ("button.radarr_search_missing", "sub_radarr_search_missing"),
    ("button.sonarr_search_missing", "sub_sonarr_search_missing"),
    ("calendar.autoarr_upcoming", "01JSTOREDENTRY000000000000_upcoming"),
    ("conversation.autoarr", "sub_agent"),
    ("event.autoarr_recovery", "01JSTOREDENTRY000000000000_recovery"),
    ("event.radarr_downloads", "sub_radarr_downloads"),
    ("event.sabnzbd_downloads", "sub_sabnzbd_downloads"),
    ("event.sonarr_downloads", "sub_sonarr_downloads"),
    ("image.radarr_downloading_poster", "sub_radarr_downloading_poster"),
    ("image.radarr_latest_import_poster", "sub_radarr_latest_import_poster"),
    ("image.radarr_next_release_poster", "sub_radarr_next_release_poster"),
    ("image.sonarr_downloading_poster", "sub_sonarr_downloading_poster"),
    ("image.sonarr_latest_import_poster", "sub_sonarr_latest_import_poster"),
    ("image.sonarr_next_release_poster", "sub_sonarr_next_release_poster"),
    (
        "number.autoarr_recovery_attempts",
        "01JSTOREDENTRY000000000000_recovery_attempts",
    ),
    (
        "number.autoarr_stalled_download_timeout",
        "01JSTOREDENTRY000000000000_stall_timeout",
    ),
    ("number.sabnzbd_speed_limit", "sub_sabnzbd_speed_limit"),
    ("sensor.autoarr_audit_score", "01JSTOREDENTRY000000000000_audit_score"),
    ("sensor.autoarr_downloads", "01JSTOREDENTRY000000000000_downloads"),
    ("sensor.autoarr_failed_downloads", "01JSTOREDENTRY000000000000_failed_downloads"),
    ("sensor.autoarr_follow_ups", "01JSTOREDENTRY000000000000_followups"),
    ("sensor.radarr_free_space_mnt_archive_movies", "sub_radarr_root_folder_2"),
    ("sensor.radarr_free_space_movies", "sub_radarr_root_folder_1"),
    ("sensor.radarr_missing", "sub_radarr_missing"),
    ("sensor.radarr_movies", "sub_radarr_library"),
    ("sensor.radarr_next_release", "sub_radarr_next_release"),
    ("sensor.radarr_next_up", "sub_radarr_next_up"),
    ("sensor.radarr_queue", "sub_radarr_queue"),
    ("sensor.radarr_upcoming", "sub_radarr_upcoming"),
    ("sensor.sabnzbd_downloaded_in_total", "sub_sabnzbd_total"),
    ("sensor.sabnzbd_downloaded_this_month", "sub_sabnzbd_monthly_total"),
    ("sensor.sabnzbd_downloaded_this_week", "sub_sabnzbd_weekly_total"),
    ("sensor.sabnzbd_downloaded_today", "sub_sabnzbd_daily_total"),
    ("sensor.sabnzbd_free_disk_space", "sub_sabnzbd_free_disk"),
    ("sensor.sabnzbd_queue", "sub_sabnzbd_queue_count"),
    ("sensor.sabnzbd_size_left", "sub_sabnzbd_size_left"),
    ("sensor.sabnzbd_speed", "sub_sabnzbd_speed"),
    ("sensor.sabnzbd_status", "sub_sabnzbd_status"),
    ("sensor.sabnzbd_time_left", "sub_sabnzbd_time_left"),
    ("sensor.sonarr_free_space_mnt_archive_tv", "sub_sonarr_root_folder_2"),
    ("sensor.sonarr_free_space_tv", "sub_sonarr_root_folder_1"),
    ("sensor.sonarr_missing", "sub_sonarr_missing"),
    ("sensor.sonarr_next_release", "sub_sonarr_next_release"),
    ("sensor.sonarr_next_up", "sub_sonarr_next_up"),
    ("sensor.sonarr_queue", "sub_sonarr_queue"),
    ("sensor.sonarr_series", "sub_sonarr_library"),
    ("sensor.sonarr_upcoming", "sub_sonarr_upcoming"),
    (
        "switch.autoarr_automatic_recovery",
        "01JSTOREDENTRY000000000000_automatic_recovery",
    ),
    (
        "switch.autoarr_recovery_dry_run",
        "01JSTOREDENTRY000000000000_recovery_dry_run",
    ),
    ("switch.sabnzbd_pause_downloads", "sub_sabnzbd_pause"),
]


def _service(
    subentry_id: str, kind: str, title: str, url: str, key: str
) -> ConfigSubentryData:
    return ConfigSubentryData(
        subentry_id=subentry_id,
        subentry_type=kind,
        title=title,
        unique_id=f"{kind}:{url}",
        data={CONF_URL: url, CONF_API_KEY: key, CONF_VERIFY_SSL: True},
    )


def stored_entry(
    sonarr: SonarrSimulator, radarr: RadarrSimulator, sab: RealSabnzbd
) -> MockConfigEntry:
    """Return the entry as version 2.1 stores it."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id=ENTRY_ID,
        title="AutoArr",
        data=HUB_DATA,
        options={},
        version=2,
        minor_version=1,
        unique_id=DOMAIN,
        subentries_data=[
            _service("sub_sonarr", "sonarr", "Sonarr", sonarr.url, sonarr.api_key),
            _service("sub_radarr", "radarr", "Radarr", radarr.url, radarr.api_key),
            _service(
                "sub_sabnzbd", "sabnzbd", "SABnzbd", sab.url_with_base, sab.api_key
            ),
            ConfigSubentryData(
                subentry_id="sub_agent",
                subentry_type="conversation",
                title="AutoArr",
                unique_id=None,
                data={
                    CONF_PROVIDER: "auto",
                    CONF_MAX_TOOL_ITERATIONS: 5,
                    CONF_INSTANT_ANSWERS: True,
                    CONF_LLM_HASS_API: [],
                },
            ),
            ConfigSubentryData(
                subentry_id="sub_ai_task",
                subentry_type="ai_task_data",
                title="AutoArr AI Task",
                unique_id=None,
                data={CONF_PROVIDER: "auto", CONF_MAX_TOOL_ITERATIONS: 5},
            ),
        ],
    )


def _stored(entry: MockConfigEntry) -> dict[str, Any]:
    return {
        "version": (entry.version, entry.minor_version),
        "data": dict(entry.data),
        "options": dict(entry.options),
        "subentries": {
            sid: (sub.subentry_type, sub.title, sub.unique_id, dict(sub.data))
            for sid, sub in entry.subentries.items()
        },
    }


async def test_stored_entry_keeps_its_entities(
    hass_core: HomeAssistant,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
) -> None:
    """Data, options, subentries, entity ids and unique ids stay as recorded."""
    entry = stored_entry(sonarr, radarr, sabnzbd)
    before = _stored(entry)
    hass = hass_core
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert _stored(entry) == before

    registry = er.async_get(hass)
    found = sorted(
        (reg.entity_id, reg.unique_id)
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
    )
    assert found == RECORDED
