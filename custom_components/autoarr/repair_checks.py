"""Repair flows that check again: for problems fixed outside AutoArr.

A health error is fixed on the arr itself, a model server is started again
by hand: the repair goes away at the next poll, which can be a while. These
flows let the user check now. Each asks to confirm, checks once, and ends
with the repair gone, or says what is still wrong (the issue stays, with
what the check found).

- `health_error(s)` (`issues.py`): reads the arr's health again.
- `model_unreachable` (`model_runtime.py`): checks the hub's model servers.
- `disk_full` (`recovery_manager.py`): runs recovery as its schedule does
  (acting only as automatic recovery would), once space was freed.
- `recovery_dry_run` (`recovery_dry_run.py`): carries out what the dry run
  planned, once, as the `autoarr.recover` action does, then plans again.
- `audit_finding` without a safe fix (`recovery_manager.py`): runs the
  audit again (one with a safe fix applies it: `repairs.AuditFixFlow`).

Home Assistant's repairs API runs fix flows for administrators only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.helpers import issue_registry as ir

from .arr.errors import ArrError
from .const import DOMAIN
from .data import ArrRuntime
from .issues import async_update_health_issue, health_errors, listed_problems

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry


def _loaded(flow: RepairsFlow, entry_id: str) -> AutoArrConfigEntry | None:
    """Return the entry, when it is loaded."""
    entry: AutoArrConfigEntry | None = flow.hass.config_entries.async_get_entry(
        entry_id
    )
    if entry is None or getattr(entry, "runtime_data", None) is None:
        return None
    return entry


async def _refresh_queues(entry: AutoArrConfigEntry) -> None:
    """Read every queue now: recovery reads them as the coordinators last did."""
    for runtime in entry.runtime_data.services.values():
        if (queue := runtime.coordinators().get("queue")) is not None:
            await queue.async_refresh()


class HealthRecheckFlow(RepairsFlow):
    """Reads an arr's health again once the user fixed what it reported."""

    def __init__(self, entry_id: str, subentry_id: str) -> None:
        """Check the health of one arr subentry."""
        self._entry_id = entry_id
        self._subentry_id = subentry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask to confirm the check."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Read the health; done when the arr reports no error any more."""
        entry = _loaded(self, self._entry_id)
        runtime = entry.runtime_data.services.get(self._subentry_id) if entry else None
        if not isinstance(runtime, ArrRuntime):
            return self.async_abort(reason="service_removed")
        name = runtime.name
        if user_input is None:
            return self.async_show_form(
                step_id="confirm", description_placeholders={"name": name}
            )
        try:
            health = await runtime.client.health()
        except ArrError as err:
            return self.async_abort(
                reason="check_failed",
                description_placeholders={"name": name, "error": str(err)},
            )
        async_update_health_issue(
            self.hass, self._entry_id, self._subentry_id, name, health
        )
        # Its entities follow at once too.
        await runtime.library.async_refresh()
        if errors := health_errors(health):
            return self.async_abort(
                reason="still_reported",
                description_placeholders={
                    "name": name,
                    "problems": listed_problems(errors),
                },
            )
        return self.async_create_entry(data={})


class ModelRecheckFlow(RepairsFlow):
    """Checks the hub's model servers again once the user started one."""

    def __init__(self, entry_id: str) -> None:
        """Check the model servers of a hub entry."""
        self._entry_id = entry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask to confirm the check."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Check every model server; done when this one answers."""
        registry = ir.async_get(self.hass)
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        placeholders = dict(issue.translation_placeholders or {}) if issue else {}
        entry = _loaded(self, self._entry_id)
        watch = entry.runtime_data.model_watch if entry else None
        if watch is None:
            return self.async_abort(reason="model_removed")
        if user_input is None:
            return self.async_show_form(
                step_id="confirm", description_placeholders=placeholders
            )
        # The check removes the issue of a server that answers, and updates
        # the issue of one that does not with its latest error.
        await watch.async_check()
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        if issue is not None:
            return self.async_abort(
                reason="still_unreachable",
                description_placeholders=dict(issue.translation_placeholders or {}),
            )
        return self.async_create_entry(data={})


class AuditRecheckFlow(RepairsFlow):
    """Runs the audit again once the user changed what a finding is about."""

    def __init__(self, entry_id: str) -> None:
        """Audit the services of a hub entry again."""
        self._entry_id = entry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask to confirm the audit."""
        return await self.async_step_recheck()

    async def async_step_recheck(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Audit again; done when the finding is gone."""
        registry = ir.async_get(self.hass)
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        placeholders = dict(issue.translation_placeholders or {}) if issue else {}
        entry = _loaded(self, self._entry_id)
        manager = entry.runtime_data.recovery if entry else None
        if manager is None:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is None:
            return self.async_show_form(
                step_id="recheck", description_placeholders=placeholders
            )
        # The audit raises, updates or removes every finding's issue.
        await manager.async_audit()
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        if issue is not None:
            return self.async_abort(
                reason="still_found",
                description_placeholders=dict(issue.translation_placeholders or {}),
            )
        return self.async_create_entry(data={})


class DiskFullRecheckFlow(RepairsFlow):
    """Runs recovery again once the user freed space and retried."""

    def __init__(self, entry_id: str) -> None:
        """Check the downloads of a hub entry again."""
        self._entry_id = entry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask to confirm the check."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Read the queues and run recovery; done when no download lacks space."""
        registry = ir.async_get(self.hass)
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        placeholders = dict(issue.translation_placeholders or {}) if issue else {}
        entry = _loaded(self, self._entry_id)
        manager = entry.runtime_data.recovery if entry else None
        if entry is None or manager is None:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is None:
            return self.async_show_form(
                step_id="confirm", description_placeholders=placeholders
            )
        await _refresh_queues(entry)
        # As the scheduled run: it raises, updates or removes the issue.
        await manager.async_recover()
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        if issue is not None:
            return self.async_abort(
                reason="still_full",
                description_placeholders=dict(issue.translation_placeholders or {}),
            )
        return self.async_create_entry(data={})


class DryRunActFlow(RepairsFlow):
    """Carries out what recovery's dry run planned, once the user agrees."""

    def __init__(self, entry_id: str) -> None:
        """Act for the recovery of a hub entry."""
        self._entry_id = entry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask to confirm the actions."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Act as `autoarr.recover` does; done when nothing is left planned."""
        registry = ir.async_get(self.hass)
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        placeholders = dict(issue.translation_placeholders or {}) if issue else {}
        entry = _loaded(self, self._entry_id)
        manager = entry.runtime_data.recovery if entry else None
        if entry is None or manager is None:
            return self.async_abort(reason="entry_not_loaded")
        if user_input is None:
            return self.async_show_form(
                step_id="confirm", description_placeholders=placeholders
            )
        await manager.async_recover(force=True)
        # The dry run plans again: the issue lists what is left, or goes.
        await _refresh_queues(entry)
        await manager.async_recover()
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        if issue is not None:
            return self.async_abort(
                reason="still_planned",
                description_placeholders=dict(issue.translation_placeholders or {}),
            )
        return self.async_create_entry(data={})
