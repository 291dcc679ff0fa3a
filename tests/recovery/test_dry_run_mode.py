"""Recovery's dry-run mode in Home Assistant: it decides and reports, changes nothing.

Sonarr is the simulator, its seeded queue holding an import-blocked, a
disk-full and a missing-articles download; the entry talks HTTP to it on
127.0.0.1.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.const import EVENT_STATE_CHANGED, STATE_OFF, STATE_ON
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.recovery_manager import RECOVERY_INTERVAL
from tests.recovery.test_manager import (
    Setup,
    _entity,
    _manager,
    _sonarr,
    _tick,
    setup,
    sonarr,
)
from tests.support.arr_sim import SonarrSimulator

__all__ = ["setup", "sonarr"]


async def _switch(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    await hass.services.async_call(
        "switch", "turn_on" if on else "turn_off", {"entity_id": entity_id}, True
    )
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_dry_run_mode_reports_and_changes_nothing(
    hass: HomeAssistant,
    setup: Setup,
    sonarr: SonarrSimulator,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    entry = await setup(_sonarr(sonarr))
    dry_run = _entity(hass, "switch", "recovery_dry_run", entry)
    automatic = _entity(hass, "switch", "automatic_recovery", entry)
    event = _entity(hass, "event", "recovery", entry)
    issue_id = f"recovery_dry_run_{entry.entry_id}"
    assert hass.states.get(dry_run).state == STATE_OFF
    fired: list[dict[str, Any]] = []

    @callback
    def _fired(changed: Event) -> None:
        if changed.data["entity_id"] == event and changed.data["new_state"]:
            fired.append(dict(changed.data["new_state"].attributes))

    hass.bus.async_listen(EVENT_STATE_CHANGED, _fired)

    # Dry run on, then automatic recovery on: the run it starts only plans.
    await _switch(hass, dry_run, True)
    await _switch(hass, automatic, True)
    assert hass.states.get(dry_run).state == STATE_ON
    assert sonarr.state.removed_queue_items == []
    assert all(c.name != "EpisodeSearch" for c in sonarr.state.commands.values())
    planned = [f for f in fired if f["event_type"] == "recovery_planned"]
    # The two downloads it would replace, each announced with its reason;
    # the disk-full one is its own repair issue.
    assert sorted(f["action"] for f in planned) == ["replace", "replace"]
    assert all("blocklisting this release" in f["reason"] for f in planned)
    assert {f["cause"] for f in planned} == {"import_blocked", "missing_articles"}
    assert caplog.text.count("Recovery (dry run) would replace") == 2
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None and issue.translation_key == "recovery_dry_run"
    assert issue.translation_placeholders["actions"].count(": replace (") == 2
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"disk_full_{entry.entry_id}")
        is not None
    )

    # Later runs change nothing and say nothing new; the issue stays.
    fired.clear()
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    assert [f for f in fired if f["event_type"] == "recovery_planned"] == []
    assert sonarr.state.removed_queue_items == []
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None

    # Kept across a restart.
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(dry_run).state == STATE_ON
    assert _manager(entry).dry_run and _manager(entry).automatic
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    assert sonarr.state.removed_queue_items == []
    assert _manager(entry).diagnostics()["dry_run"] is True

    # Off: the report goes, and automatic recovery acts.
    await _switch(hass, dry_run, False)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    assert len(sonarr.state.removed_queue_items) == 2
    assert all(r["blocklist"] for r in sonarr.state.removed_queue_items)


async def test_dry_run_issue_goes_when_nothing_is_planned(
    hass: HomeAssistant,
    setup: Setup,
    sonarr: SonarrSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Automatic recovery off: the dry run still reports; an empty queue clears it."""
    entry = await setup(_sonarr(sonarr))
    issue_id = f"recovery_dry_run_{entry.entry_id}"
    await _switch(hass, _entity(hass, "switch", "recovery_dry_run", entry), True)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert sonarr.state.removed_queue_items == []

    # The `autoarr.recover` action is asked for: it acts.
    report = await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    assert report is not None
    assert [a["executed"] for a in report["actions"] if a["action"] == "replace"] == [
        True,
        True,
    ]

    sonarr.state.queue.clear()
    for runtime in entry.runtime_data.services.values():
        await runtime.queue.async_refresh()
    await _tick(hass, freezer, RECOVERY_INTERVAL)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_dry_run_repair_carries_the_plan_out(
    hass: HomeAssistant, setup: Setup, sonarr: SonarrSimulator
) -> None:
    """The dry run's repair carries out what it lists, once, as `recover`
    does: the releases are replaced, the dry run stays on, the repair goes."""
    entry = await setup(_sonarr(sonarr))
    dry_run = _entity(hass, "switch", "recovery_dry_run", entry)
    issue_id = f"recovery_dry_run_{entry.entry_id}"
    await _switch(hass, dry_run, True)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None and issue.is_fixable
    assert sonarr.state.removed_queue_items == []
    assert await async_setup_component(hass, "repairs", {})
    repairs = repairs_flow_manager(hass)
    assert repairs is not None

    result = await repairs.async_init(DOMAIN, data={"issue_id": issue_id})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "confirm"
    assert result["description_placeholders"]["actions"].count(": replace (") == 2
    result = await repairs.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(sonarr.state.removed_queue_items) == 2
    assert all(r["blocklist"] for r in sonarr.state.removed_queue_items)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert hass.states.get(dry_run).state == STATE_ON
    # The disk-full download is its own repair: still there.
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"disk_full_{entry.entry_id}")
        is not None
    )
