"""Recovery and the audit inside Home Assistant: entities, actions, repairs, restarts.

Sonarr is the simulator and SABnzbd the real program; the entry talks HTTP
to both on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import SabnzbdRuntime
from custom_components.autoarr.recovery_manager import (
    RECOVERY_INTERVAL,
    RecoveryManager,
)
from tests.entities.conftest import make_entry, service_subentry
from tests.support.agent_fixtures import hub_data
from tests.support.arr_sim import SonarrSimulator, start_simulator
from tests.support.llm_servers import OllamaServer, Reply
from tests.support.sabnzbd import RealSabnzbd, make_nzb

type Setup = Callable[..., Awaitable[MockConfigEntry]]


@pytest.fixture
async def sonarr(
    freezer: FrozenDateTimeFactory, socket_enabled: None
) -> AsyncIterator[SonarrSimulator]:
    """Serve the Sonarr simulator, Home Assistant's clock frozen at its present."""
    async with start_simulator("sonarr") as sim:
        freezer.move_to(sim.state.now)
        yield sim
    assert not sim.contract_violations


@pytest.fixture
async def sonarr_live(socket_enabled: None) -> AsyncIterator[SonarrSimulator]:
    """Serve the Sonarr simulator with Home Assistant's clock running.

    For tests that wait on the real SABnzbd: a frozen clock stops waiting.
    """
    async with start_simulator("sonarr") as sim:
        yield sim
    assert not sim.contract_violations


@pytest.fixture
async def setup(hass_core: HomeAssistant) -> Setup:
    """Return a function setting up an entry with the given subentries."""

    async def setup(*subentries: ConfigSubentryData) -> MockConfigEntry:
        entry = make_entry(*subentries)
        entry.add_to_hass(hass_core)
        assert await hass_core.config_entries.async_setup(entry.entry_id)
        await hass_core.async_block_till_done()
        return entry

    return setup


def _sonarr(sim: SonarrSimulator) -> ConfigSubentryData:
    return service_subentry("sonarr", "Sonarr", sim.url, sim.api_key)


def _sab(sab: RealSabnzbd) -> ConfigSubentryData:
    return service_subentry("sabnzbd", "SABnzbd", sab.url_with_base, sab.api_key)


def _entity(hass: HomeAssistant, domain: str, key: str, entry: MockConfigEntry) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        domain, DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


def _manager(entry: MockConfigEntry) -> RecoveryManager:
    manager = entry.runtime_data.recovery
    assert isinstance(manager, RecoveryManager)
    return manager


async def _tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta
) -> None:
    freezer.tick(delta)
    async_fire_time_changed(hass)
    # Interval jobs run as background tasks.
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_recovery_in_home_assistant_across_restart(
    hass: HomeAssistant,
    setup: Setup,
    sonarr: SonarrSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Off: failures are counted and announced only; on: recovered; a reload repeats nothing."""
    entry = await setup(_sonarr(sonarr))
    switch = _entity(hass, "switch", "automatic_recovery", entry)
    failed = _entity(hass, "sensor", "failed_downloads", entry)
    event = _entity(hass, "event", "recovery", entry)
    score = _entity(hass, "sensor", "audit_score", entry)
    assert hass.states.get(switch).state == STATE_OFF
    assert hass.states.get(score).state == STATE_UNKNOWN

    await _tick(hass, freezer, RECOVERY_INTERVAL)
    # Import blocked, disk full and missing articles in the seeded queue.
    assert hass.states.get(failed).state == "3"
    causes = {d["cause"] for d in hass.states.get(failed).attributes["downloads"]}
    assert causes == {"import_blocked", "disk_full", "missing_articles"}
    assert hass.states.get(event).attributes["event_type"] == "download_failed"
    # Named as the queue names it, with the service and instance.
    fired = hass.states.get(event).attributes
    assert (fired["service"], fired["instance"]) == ("sonarr", "Sonarr")
    assert fired["media_title"] and "." not in fired["media_title"]
    assert fired["media_title"] != fired["title"]
    assert sonarr.state.removed_queue_items == []
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"disk_full_{entry.entry_id}")
    assert issue is not None and issue.translation_key == "disk_full"
    assert "disk is full" in issue.translation_placeholders["downloads"]
    # Titled by the service whose download failed for want of space.
    assert issue.translation_placeholders["services"] == "Sonarr"
    # The first audit ran too.
    assert 0 <= int(hass.states.get(score).state) < 100

    plan = await hass.services.async_call(
        DOMAIN, "recover", {"dry_run": True}, blocking=True, return_response=True
    )
    assert plan["dry_run"] is True
    assert sorted(a["action"] for a in plan["actions"]) == [
        "replace",
        "replace",
        "report_disk_full",
    ]
    assert sonarr.state.removed_queue_items == []

    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": switch}, blocking=True
    )
    assert hass.states.get(switch).state == STATE_ON
    # Switching on runs recovery at once.
    await hass.async_block_till_done(wait_background_tasks=True)
    removed = sorted(r["id"] for r in sonarr.state.removed_queue_items)
    assert len(removed) == 2 and all(
        r["blocklist"] for r in sonarr.state.removed_queue_items
    )
    assert hass.states.get(event).attributes["event_type"] == "recovery_succeeded"
    assert hass.states.get(failed).state == "1"

    # Restart the entry: the switch and the attempts are remembered.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(switch).state == STATE_ON
    records = _manager(entry).engine.records
    assert sum(r.attempts for r in records.values()) == 2
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    assert sorted(r["id"] for r in sonarr.state.removed_queue_items) == removed

    # Space freed: the disk-full item goes, and with it the issue.
    sonarr.state.queue.clear()
    # Recovery reads the queue coordinators' data: refresh it.
    for runtime in entry.runtime_data.services.values():
        await runtime.queue.async_refresh()
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    assert hass.states.get(failed).state == "0"
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"disk_full_{entry.entry_id}")
        is None
    )

    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": switch}, blocking=True
    )
    assert not _manager(entry).automatic


async def test_audit_actions_and_repairs(
    hass: HomeAssistant, setup: Setup, sonarr: SonarrSimulator, sabnzbd: RealSabnzbd
) -> None:
    """autoarr.audit, autoarr.apply_recommendation (dry run and real) and a repair fix flow."""
    entry = await setup(_sonarr(sonarr), _sab(sabnzbd))
    sab_runtime = next(
        s for s in entry.runtime_data.services.values() if isinstance(s, SabnzbdRuntime)
    )
    sab_id = sab_runtime.subentry_id
    client: SabnzbdClient = sab_runtime.client
    await client.set_config("misc", "direct_unpack", 0)
    try:
        report = await hass.services.async_call(
            DOMAIN, "audit", {"explain": True}, blocking=True, return_response=True
        )
        ids = {f["id"] for f in report["findings"]}
        assert f"sabnzbd.direct_unpack:{sab_id}" in ids
        # The language model is unreachable here: no explanation, no failure.
        assert all(f["explanation"] is None for f in report["findings"])
        score = _entity(hass, "sensor", "audit_score", entry)
        assert int(hass.states.get(score).state) == report["score"]

        finding_id = f"sabnzbd.direct_unpack:{sab_id}"
        planned = await hass.services.async_call(
            DOMAIN,
            "apply_recommendation",
            {"finding_id": finding_id, "dry_run": True},
            blocking=True,
            return_response=True,
        )
        assert (
            planned["applied"] is False and planned["change"]["key"] == "direct_unpack"
        )
        assert (await client.get_config("misc"))["misc"]["direct_unpack"] == 0
        applied = await hass.services.async_call(
            DOMAIN,
            "apply_recommendation",
            {"finding_id": finding_id},
            blocking=True,
            return_response=True,
        )
        assert applied["applied"] and applied["resolved"] and applied["after"] == 1
        assert (await client.get_config("misc"))["misc"]["direct_unpack"] == 1

        with pytest.raises(ServiceValidationError):
            await hass.services.async_call(
                DOMAIN,
                "apply_recommendation",
                {"finding_id": "nope"},
                blocking=True,
                return_response=True,
            )

        # High-severity findings are repair issues, titled by the problem
        # and the service; a missing category can be fixed from Home
        # Assistant. The inaccessible root folder is Sonarr's own health
        # error: one repair for it (the health one), not a second one.
        issues = ir.async_get(hass)
        ours = [
            i
            for (domain, _), i in issues.issues.items()
            if domain == DOMAIN and i.translation_key == "audit_finding"
        ]
        root_folder_repairs = [
            i
            for (domain, _), i in issues.issues.items()
            if domain == DOMAIN and "/mnt/archive/" in str(i.translation_placeholders)
        ]
        assert [i.translation_key for i in root_folder_repairs] == ["health_error"]
        assert {i.translation_placeholders["problem"] for i in ours} >= {  # type: ignore[index]
            "A category Sonarr or Radarr sends to is missing"
        }
        categories = {
            c["name"]
            for c in (await client.get_config("categories")).get("categories", [])
        }
        assert "tv" not in categories
        [fixable] = [i for i in ours if i.is_fixable]
        assert fixable.translation_placeholders is not None
        assert fixable.translation_placeholders["recommended"] == "tv"
        assert await async_setup_component(hass, "repairs", {})
        manager = repairs_flow_manager(hass)
        assert manager is not None
        result = await manager.async_init(DOMAIN, data={"issue_id": fixable.issue_id})
        assert result["type"] == "form" and result["step_id"] == "confirm"
        result = await manager.async_configure(result["flow_id"], {})
        assert result["type"] == "create_entry"
        categories = {
            c["name"]
            for c in (await client.get_config("categories")).get("categories", [])
        }
        assert "tv" in categories
        assert issues.async_get_issue(DOMAIN, fixable.issue_id) is None
    finally:
        await client.set_config("misc", "direct_unpack", 0)


@pytest.mark.timeout(300)
async def test_recover_action_on_a_real_sabnzbd_failure(
    hass: HomeAssistant,
    setup: Setup,
    sonarr_live: SonarrSimulator,
    sabnzbd: RealSabnzbd,
) -> None:
    """autoarr.recover acts even while automatic recovery is off: a real
    SABnzbd failure owned by Sonarr is blocklisted and searched again."""
    sonarr_live.state.queue.clear()
    entry = await setup(_sonarr(sonarr_live), _sab(sabnzbd))
    sab_runtime = next(
        s for s in entry.runtime_data.services.values() if isinstance(s, SabnzbdRuntime)
    )
    client: SabnzbdClient = sab_runtime.client
    title = "Manager.Show.S01E01.1080p.WEB-GRP"
    [nzo_id] = await client.add_file(f"{title}.nzb", make_nzb(title))
    async with asyncio.timeout(120):
        while not any(
            s.nzo_id == nzo_id for s in (await client.history(failed_only=True)).slots
        ):
            await asyncio.sleep(0.5)
    episode = sonarr_live.state.missing_episodes()[0]
    item = sonarr_live.state.add_queue_item(
        title,
        sonarr_live.state.episode_media(episode),
        download_id=nzo_id,
        status="failed",
        tracked_download_status="error",
        tracked_download_state="failed",
    )
    for runtime in entry.runtime_data.services.values():
        await runtime.queue.async_refresh()

    response = await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    [action] = response["actions"]
    assert action["download_id"] == nzo_id and action["cause"] == "missing_articles"
    assert action["action"] == "replace" and action["executed"] is True
    assert [r["id"] for r in sonarr_live.state.removed_queue_items] == [item.id]
    assert [
        c.body for c in sonarr_live.state.commands.values() if c.name == "EpisodeSearch"
    ] == [{"episodeIds": [episode.id]}]

    # Again: the leftover SABnzbd job is not a new failure.
    response = await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    assert response["actions"] == [] and response["failed_downloads"] == []

    # A job Sonarr failed (and dropped) itself is Sonarr's: nothing to do.
    title = "Manager.Show.S01E02.1080p.WEB-GRP"
    [nzo_id] = await client.add_file(f"{title}.nzb", make_nzb(title))
    async with asyncio.timeout(120):
        while not any(
            s.nzo_id == nzo_id for s in (await client.history(failed_only=True)).slots
        ):
            await asyncio.sleep(0.5)
    sonarr_live.state.add_history(
        "downloadFailed",
        title,
        sonarr_live.state.episode_media(episode),
        download_id=nzo_id,
        data={"message": "Aborted, cannot be completed"},
    )
    response = await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    assert response["actions"] == [] and response["failed_downloads"] == []


async def test_fix_flow_aborts_when_the_finding_is_gone(
    hass: HomeAssistant,
    setup: Setup,
    sonarr_live: SonarrSimulator,
    sabnzbd: RealSabnzbd,
) -> None:
    """Fixed elsewhere in the meantime: the flow aborts and changes nothing."""
    entry = await setup(_sonarr(sonarr_live), _sab(sabnzbd))
    await _manager(entry).async_audit()
    issues = ir.async_get(hass)
    [fixable] = [
        i
        for (domain, _), i in issues.issues.items()
        if domain == DOMAIN and i.translation_key == "audit_finding" and i.is_fixable
    ]
    # The user creates the category in SABnzbd themselves.
    await asyncio.to_thread(
        sabnzbd.api, "set_config", section="categories", keyword="tv"
    )
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": fixable.issue_id})
    assert result["description_placeholders"]["recommended"] == "tv"
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] == "abort" and result["reason"] == "not_fixable"


async def test_audit_explained_by_the_language_model(
    hass_core: HomeAssistant, sonarr_live: SonarrSimulator
) -> None:
    """explain=True asks the model about each finding, in plain words."""
    hass = hass_core
    async with OllamaServer(
        responder=lambda request: Reply("Your setup can lose files; turn this on.")
    ) as ollama:
        entry = make_entry(
            _sonarr(sonarr_live),
            data=hub_data(ollama.url),
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        report = await hass.services.async_call(
            DOMAIN, "audit", {"explain": True}, blocking=True, return_response=True
        )
        assert report["findings"]
        assert {f["explanation"] for f in report["findings"]} == {
            "Your setup can lose files; turn this on."
        }
        prompts = [str(body) for body in ollama.chat_requests()]
        assert len(prompts) == len(report["findings"])
        assert any("Recycle bin" in p for p in prompts)
        assert await hass.config_entries.async_unload(entry.entry_id)


async def test_outages_keep_issues_and_fail_cleanly(
    hass: HomeAssistant, setup: Setup, sonarr_live: SonarrSimulator
) -> None:
    """An unreadable service keeps its audit issues; a failed change is a clear error."""
    dead_sab = service_subentry(
        "sabnzbd", "Old SABnzbd", "http://127.0.0.1:9", "test-api-key-0123456789abcdef"
    )
    # Sonarr's health leaves its unreachable root folder unreported, so the
    # audit's finding is the repair for it.
    sonarr_live.state.health[:] = [
        h for h in sonarr_live.state.health if h["source"] != "RootFolderCheck"
    ]
    entry = await setup(_sonarr(sonarr_live), dead_sab)
    manager = _manager(entry)
    report = await manager.async_audit()
    assert set(report.errors) == {
        s.subentry_id for s in entry.runtime_data.sabnzbd_services()
    }
    issues = ir.async_get(hass)

    def audit_issue_ids() -> set[str]:
        return {
            issue_id
            for (domain, issue_id), issue in issues.issues.items()
            if domain == DOMAIN and issue.translation_key == "audit_finding"
        }

    raised = audit_issue_ids()
    assert raised  # the inaccessible root folder at least

    # Sonarr cannot be read now: its issues stay until it can.
    sonarr_live.inject_fault("disconnect", path="config")
    report = await manager.async_audit()
    assert len(report.errors) == 2
    assert audit_issue_ids() == raised

    # Nor can its settings be changed: a translated error, no traceback.
    sonarr_live.clear_faults()
    sonarr_live.inject_fault(
        "server_error", path="config/mediamanagement", method="PUT"
    )
    finding_id = next(
        f.id
        for f in (await manager.async_audit()).findings
        if f.rule_id == "arr.minimum_free_space"
    )
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            "apply_recommendation",
            {"finding_id": finding_id},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "fix_failed"

    # Recovery skips what it cannot see and still runs for the rest.
    report = await manager.async_recover(force=True)
    assert len(report.failures) == 3
    assert all(f.client is None for f in report.failures)
    assert len(sonarr_live.state.removed_queue_items) == 2

    # Unloading removes the issues.
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert audit_issue_ids() == set()


async def test_recovery_limits_are_numbers_restored_after_restart(
    hass: HomeAssistant, setup: Setup, sonarr_live: SonarrSimulator
) -> None:
    """The stall timeout and the attempt cap are set from Home Assistant and kept."""
    entry = await setup(_sonarr(sonarr_live))
    timeout = _entity(hass, "number", "stall_timeout", entry)
    attempts = _entity(hass, "number", "recovery_attempts", entry)
    assert hass.states.get(timeout).state == "60"
    assert hass.states.get(attempts).state == "3"

    await hass.services.async_call(
        "number", "set_value", {"entity_id": timeout, "value": 30}, blocking=True
    )
    await hass.services.async_call(
        "number", "set_value", {"entity_id": attempts, "value": 5}, blocking=True
    )
    policy = _manager(entry).engine.policy
    assert policy.stall_timeout == timedelta(minutes=30) and policy.max_attempts == 5

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    policy = _manager(entry).engine.policy
    assert policy.stall_timeout == timedelta(minutes=30) and policy.max_attempts == 5
    assert hass.states.get(timeout).state == "30"


async def test_removing_the_entry_deletes_its_records(
    hass: HomeAssistant,
    setup: Setup,
    sonarr_live: SonarrSimulator,
    hass_storage: dict[str, Any],
) -> None:
    """Attempt records are stored per entry and removed with it."""
    entry = await setup(_sonarr(sonarr_live))
    await _manager(entry).async_recover(force=True)
    key = f"{DOMAIN}.recovery.{entry.entry_id}"
    assert hass_storage[key]["data"]["records"]
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


async def test_diagnostics_of_recovery_and_audit(
    hass: HomeAssistant, setup: Setup, sonarr_live: SonarrSimulator
) -> None:
    """The manager describes its state without any secret."""
    entry = await setup(_sonarr(sonarr_live))
    manager = _manager(entry)
    await manager.async_recover(force=True)
    await manager.async_audit()
    data = manager.diagnostics()
    assert data["automatic"] is False
    assert data["policy"]["max_attempts"] == 3
    assert len(data["attempts"]) == 2 and len(data["failed_downloads"]) == 1
    assert data["audit"]["score"] == manager.audit_report.score
    assert sonarr_live.api_key not in str(data) and sonarr_live.url not in str(data)
