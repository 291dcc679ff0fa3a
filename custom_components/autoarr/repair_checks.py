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

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

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


class ConfirmFirstFlow(RepairsFlow):
    """A repair flow that opens on its confirmation (its `confirm` step)."""

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask to confirm."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Ask, then act once confirmed."""
        raise NotImplementedError


class ServiceRepairFlow(RepairsFlow):
    """A repair flow of one service: a subentry of a hub entry."""

    def __init__(self, entry_id: str, subentry_id: str) -> None:
        """Repair the service subentry `subentry_id` of the entry `entry_id`."""
        self._entry_id = entry_id
        self._subentry_id = subentry_id


async def _refresh_queues(entry: AutoArrConfigEntry) -> None:
    """Read every queue now: recovery reads them as the coordinators last did."""
    for runtime in entry.runtime_data.services.values():
        if (queue := runtime.coordinators().get("queue")) is not None:
            await queue.async_refresh()


class HealthRecheckFlow(ServiceRepairFlow, ConfirmFirstFlow):
    """Reads an arr's health again once the user fixed what it reported."""

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


class IssueRecheckFlow(ConfirmFirstFlow):
    """Asks to confirm, acts once, and ends when the issue is gone.

    The action raises, updates or removes the issue itself (as its schedule
    does), so what is still wrong is read from the issue afterwards.
    """

    step_id = "confirm"
    # The abort when the entry or its part is gone, and when the issue stays.
    gone_reason: str
    still_reason: str

    def __init__(self, entry_id: str) -> None:
        """Check again for a hub entry."""
        self._entry_id = entry_id

    def _action(self, entry: AutoArrConfigEntry) -> Callable[[], Awaitable[Any]] | None:
        """Return what checks again, or None when there is nothing to check."""
        raise NotImplementedError

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Check again; done when the issue is gone."""
        registry = ir.async_get(self.hass)
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        placeholders = dict(issue.translation_placeholders or {}) if issue else {}
        entry = _loaded(self, self._entry_id)
        action = self._action(entry) if entry else None
        if action is None:
            return self.async_abort(reason=self.gone_reason)
        if user_input is None:
            return self.async_show_form(
                step_id=self.step_id, description_placeholders=placeholders
            )
        await action()
        issue = registry.async_get_issue(DOMAIN, self.issue_id)
        if issue is not None:
            return self.async_abort(
                reason=self.still_reason,
                description_placeholders=dict(issue.translation_placeholders or {}),
            )
        return self.async_create_entry(data={})


class ModelRecheckFlow(IssueRecheckFlow):
    """Checks the hub's model servers again once the user started one."""

    gone_reason = "model_removed"
    still_reason = "still_unreachable"

    def _action(self, entry: AutoArrConfigEntry) -> Callable[[], Awaitable[Any]] | None:
        # The check removes the issue of a server that answers, and updates
        # the issue of one that does not with its latest error.
        watch = entry.runtime_data.model_watch
        return watch.async_check if watch is not None else None


class AuditRecheckFlow(IssueRecheckFlow):
    """Runs the audit again once the user changed what a finding is about."""

    step_id = "recheck"
    gone_reason = "entry_not_loaded"
    still_reason = "still_found"
    async_step_recheck = IssueRecheckFlow.async_step_confirm

    def _action(self, entry: AutoArrConfigEntry) -> Callable[[], Awaitable[Any]] | None:
        manager = entry.runtime_data.recovery
        return manager.async_audit if manager is not None else None


class DiskFullRecheckFlow(IssueRecheckFlow):
    """Runs recovery again once the user freed space and retried."""

    gone_reason = "entry_not_loaded"
    still_reason = "still_full"

    def _action(self, entry: AutoArrConfigEntry) -> Callable[[], Awaitable[Any]] | None:
        manager = entry.runtime_data.recovery
        if manager is None:
            return None

        async def recover() -> None:
            # As the scheduled run, on the queues as they are now.
            await _refresh_queues(entry)
            await manager.async_recover()

        return recover


class DryRunActFlow(IssueRecheckFlow):
    """Carries out what recovery's dry run planned, once the user agrees."""

    gone_reason = "entry_not_loaded"
    still_reason = "still_planned"

    def _action(self, entry: AutoArrConfigEntry) -> Callable[[], Awaitable[Any]] | None:
        manager = entry.runtime_data.recovery
        if manager is None:
            return None

        async def act() -> None:
            # As `autoarr.recover` does; then the dry run plans again, and
            # the issue lists what is left, or goes.
            await manager.async_recover(force=True)
            await _refresh_queues(entry)
            await manager.async_recover()

        return act
