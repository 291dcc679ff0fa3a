"""Repair issues: a service unreachable for long, an arr with health errors
(and their fix flows: a new address or key, reading the health again)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import (
    CONF_API_KEY,
    CONF_URL,
    CONF_VERIFY_SSL,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import ArrRuntime
from custom_components.autoarr.issues import (
    MAX_LISTED_PROBLEMS,
    UNREACHABLE_ISSUE_AFTER,
    health_issue_id,
    unreachable_issue_id,
)
from custom_components.autoarr.model_runtime import model_issue_id
from custom_components.autoarr.repair_checks import (
    AuditRecheckFlow,
    DiskFullRecheckFlow,
    DryRunActFlow,
)
from custom_components.autoarr.repairs import async_create_fix_flow
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator

from .conftest import SetupEntry, radarr_subentry, service_subentry, sonarr_subentry


def _runtime(entry: Any) -> ArrRuntime:
    runtime = next(iter(entry.runtime_data.services.values()))
    assert isinstance(runtime, ArrRuntime)
    return runtime


async def test_unreachable_for_long(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    freezer: Any,
) -> None:
    """Only an outage longer than the threshold raises the issue; it clears."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = _runtime(entry)
    issue_id = unreachable_issue_id(runtime.subentry_id)
    issues = ir.async_get(hass)

    sonarr.inject_fault("disconnect")
    await runtime.queue.async_refresh()
    freezer.tick(UNREACHABLE_ISSUE_AFTER - timedelta(minutes=1))
    await runtime.queue.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None

    freezer.tick(timedelta(minutes=2))
    await runtime.library.async_refresh()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "service_unreachable"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["name"] == "Sonarr"
    assert issue.translation_placeholders["minutes"] == "31"
    assert sonarr.api_key not in str(issue.translation_placeholders)
    # Named by the hub's title, "AutoArr (127.0.0.1)", once.
    translations = await async_get_translations(hass, "en", "issues", [DOMAIN])
    description = translations[
        f"component.{DOMAIN}.issues.service_unreachable.description"
    ].format(**issue.translation_placeholders)
    assert description.startswith(
        "AutoArr (127.0.0.1) has not been able to reach Sonarr for 31 minutes."
    )

    sonarr.clear_faults()
    await runtime.queue.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_health_errors(
    hass: HomeAssistant, setup_entry: SetupEntry, radarr: RadarrSimulator
) -> None:
    """Health errors (not warnings) raise an error issue titled by the problem
    and the service, listing them; it clears."""
    entry = await setup_entry(radarr_subentry(radarr))
    runtime = _runtime(entry)
    issues = ir.async_get(hass)
    issue_id = health_issue_id(runtime.subentry_id)

    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "health_error"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders == {
        "name": "Radarr",
        "problem": "Missing root folder: /mnt/archive/movies/",
        "count": "1",
        "problems": "- Missing root folder: /mnt/archive/movies/",
    }
    assert issue.learn_more_url == (
        "https://wiki.servarr.com/radarr/system#missing-root-folder"
    )

    many = [
        {"source": "Check", "type": "error", "message": f"Problem {n}", "wikiUrl": None}
        for n in range(MAX_LISTED_PROBLEMS + 2)
    ]
    radarr.state.health[:] = many
    await runtime.library.async_refresh()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "health_errors"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["count"] == str(MAX_LISTED_PROBLEMS + 2)
    assert issue.translation_placeholders["problems"].endswith("- (+2)")
    assert issue.learn_more_url is None

    # Warnings alone are for the health sensor, not for repairs.
    radarr.state.health[:] = [dict(many[0], type="warning")]
    await runtime.library.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_health_repair_checks_again(
    hass: HomeAssistant, setup_entry: SetupEntry, radarr: RadarrSimulator
) -> None:
    """The health repair reads the health again: it stays while Radarr still
    reports the error (or cannot be asked), and goes once Radarr does not."""
    entry = await setup_entry(radarr_subentry(radarr))
    runtime = _runtime(entry)
    issues = ir.async_get(hass)
    issue_id = health_issue_id(runtime.subentry_id)
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None

    async def check() -> Any:
        result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "confirm"
        assert result["description_placeholders"] == {"name": "Radarr"}
        return await manager.async_configure(result["flow_id"], {})

    # Nothing fixed yet: still reported, listed; the repair stays.
    result = await check()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_reported"
    assert result["description_placeholders"] == {
        "name": "Radarr",
        "problems": "- Missing root folder: /mnt/archive/movies/",
    }
    assert issues.async_get_issue(DOMAIN, issue_id) is not None

    # Radarr cannot be asked: said, the repair stays.
    radarr.inject_fault("server_error", path="health")
    result = await check()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "check_failed"
    assert result["description_placeholders"]["name"] == "Radarr"
    assert result["description_placeholders"]["error"]
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    radarr.clear_faults()

    # The folder is back (Radarr no longer reports it): the repair goes, at
    # once, and Radarr's health sensor follows.
    radarr.state.health.clear()
    result = await check()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    assert runtime.library.data.health == ()


async def test_audit_repair_without_a_safe_fix_audits_again(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A finding AutoArr cannot change (a root folder Sonarr cannot reach)
    is fixed in Sonarr; its repair runs the audit again: it stays while the
    audit still finds it, and goes once it does not."""
    # Sonarr's health leaves the folder unreported: the audit's repair is
    # the one for it.
    sonarr.state.health[:] = [
        h for h in sonarr.state.health if h["source"] != "RootFolderCheck"
    ]
    entry = await setup_entry(sonarr_subentry(sonarr))
    manager = entry.runtime_data.recovery
    assert manager is not None
    report = await manager.async_audit()
    [finding] = [
        f
        for f in report.findings
        if f.rule_id == "arr.root_folders" and f.subject == "/mnt/archive/tv/"
    ]
    assert finding.fix is None
    issues = ir.async_get(hass)
    [issue] = [
        i
        for (domain, _), i in issues.issues.items()
        if domain == DOMAIN
        and i.translation_key == "audit_finding"
        and (i.translation_placeholders or {}).get("subject") == "/mnt/archive/tv/"
    ]
    assert issue.is_fixable
    assert await async_setup_component(hass, "repairs", {})
    repairs = repairs_flow_manager(hass)
    assert repairs is not None

    async def audit_again() -> Any:
        result = await repairs.async_init(DOMAIN, data={"issue_id": issue.issue_id})
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "recheck"
        assert result["description_placeholders"]["service"] == "Sonarr"
        return await repairs.async_configure(result["flow_id"], {})

    result = await audit_again()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_found"
    assert result["description_placeholders"]["subject"] == "/mnt/archive/tv/"
    assert issues.async_get_issue(DOMAIN, issue.issue_id) is not None

    # Mounted again in Sonarr: the audit no longer finds it.
    sonarr.state.root_folders[1].update(accessible=True, freeSpace=900 * 2**30)
    result = await audit_again()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert issues.async_get_issue(DOMAIN, issue.issue_id) is None


async def test_disk_full_repair_checks_again(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """The disk-full repair reads the queues and runs recovery as scheduled:
    it stays while a download still failed for lack of space (nothing is
    removed: automatic recovery is off), and goes once none does."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    manager = entry.runtime_data.recovery
    assert manager is not None
    await manager.async_recover()
    issue_id = f"disk_full_{entry.entry_id}"
    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    assert await async_setup_component(hass, "repairs", {})
    repairs = repairs_flow_manager(hass)
    assert repairs is not None

    async def check() -> Any:
        result = await repairs.async_init(DOMAIN, data={"issue_id": issue_id})
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "confirm"
        assert result["description_placeholders"]["services"] == "Sonarr"
        return await repairs.async_configure(result["flow_id"], {})

    result = await check()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "still_full"
    assert "disk is full" in result["description_placeholders"]["downloads"]
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    assert sonarr.state.removed_queue_items == []

    # Space freed and the download retried: its failure left the queue.
    sonarr.state.queue.clear()
    result = await check()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_fix_unreachable_service(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    freezer: Any,
) -> None:
    """The unreachable issue's flow checks a new address and key, then reloads."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        service_subentry(
            "radarr", "Radarr", "http://127.0.0.1:9", "old-key-0123456789"
        ),
    )
    runtime = next(
        s for s in entry.runtime_data.services.values() if s.kind == "radarr"
    )
    assert isinstance(runtime, ArrRuntime)
    freezer.tick(UNREACHABLE_ISSUE_AFTER + timedelta(minutes=1))
    await runtime.queue.async_refresh()
    issue_id = unreachable_issue_id(runtime.subentry_id)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable

    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    flow_id = result["flow_id"]

    for url, api_key, error in (
        ("not a url", "", "invalid_url"),
        ("http://127.0.0.1:9", "", "cannot_connect"),
        (radarr.url, "", "invalid_auth"),
        (sonarr.url, radarr.api_key, "wrong_app"),
    ):
        result = await manager.async_configure(
            flow_id, {CONF_URL: url, CONF_API_KEY: api_key, CONF_VERIFY_SSL: True}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"base": error}, url

    result = await manager.async_configure(
        flow_id,
        {CONF_URL: radarr.url, CONF_API_KEY: radarr.api_key, CONF_VERIFY_SSL: True},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    subentry = entry.subentries[runtime.subentry_id]
    assert subentry.data[CONF_URL] == radarr.url
    assert subentry.data[CONF_API_KEY] == radarr.api_key
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert hass.states.get("sensor.radarr_queue").state != STATE_UNAVAILABLE


async def test_fix_flow_for_a_removed_service(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A fix flow of a service removed meanwhile aborts."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    flow = await async_create_fix_flow(
        hass,
        unreachable_issue_id("gone"),
        {"entry_id": entry.entry_id, "subentry_id": "gone"},
    )
    flow.hass = hass
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "service_removed"

    # Checking the health of a service removed meanwhile, or of an entry no
    # longer loaded, and the model of an entry no longer loaded: the same.
    for entry_id in (entry.entry_id, "gone-entry"):
        flow = await async_create_fix_flow(
            hass,
            health_issue_id("gone"),
            {"entry_id": entry_id, "subentry_id": "gone"},
        )
        flow.hass = hass
        result = await flow.async_step_init()
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "service_removed"
    flow = await async_create_fix_flow(
        hass, model_issue_id("ollama"), {"entry_id": "gone-entry"}
    )
    flow.hass = hass
    flow.handler = DOMAIN
    flow.issue_id = model_issue_id("ollama")
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "model_removed"
    flow = DiskFullRecheckFlow("gone-entry")
    flow.hass = hass
    flow.handler = DOMAIN
    flow.issue_id = "disk_full_gone"
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"
    flow = DryRunActFlow("gone-entry")
    flow.hass = hass
    flow.handler = DOMAIN
    flow.issue_id = "recovery_dry_run_gone"
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"
    flow = AuditRecheckFlow("gone-entry")
    flow.hass = hass
    flow.handler = DOMAIN
    flow.issue_id = "audit_gone"
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_not_loaded"


async def test_fix_with_same_settings_retries_now(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    freezer: Any,
) -> None:
    """Confirming unchanged settings of a service that is back reloads at once."""
    entry = await setup_entry(sonarr_subentry(sonarr))
    runtime = _runtime(entry)
    sonarr.inject_fault("disconnect")
    await runtime.queue.async_refresh()
    freezer.tick(UNREACHABLE_ISSUE_AFTER + timedelta(minutes=1))
    await runtime.queue.async_refresh()
    await hass.async_block_till_done()
    issue_id = unreachable_issue_id(runtime.subentry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    assert hass.states.get("sensor.sonarr_queue").state == STATE_UNAVAILABLE

    sonarr.clear_faults()
    assert await async_setup_component(hass, "repairs", {})
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    result = await manager.async_configure(
        result["flow_id"], {CONF_URL: sonarr.url, CONF_VERIFY_SSL: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.runtime_data.services[runtime.subentry_id] is not runtime
    assert hass.states.get("sensor.sonarr_queue").state != STATE_UNAVAILABLE
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
