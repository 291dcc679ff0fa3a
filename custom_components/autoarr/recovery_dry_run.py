"""Recovery's dry-run mode: decide and report, change nothing.

While the hub's "Recovery dry run" switch is on, the periodic recovery run
plans as automatic recovery would but never acts (nothing is retried,
removed, blocklisted or searched). What it would do is reported three ways:
a `recovery_planned` event on the recovery event entity (once per download
and action), a log line, and a repair issue listing every planned action,
which goes away when nothing is planned or the mode is switched off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, LOGGER
from .recovery.models import (
    ActionKind,
    EventType,
    PlannedAction,
    RecoveryEvent,
    RecoveryReport,
)

DRY_RUN_ISSUE: Final = "recovery_dry_run"
# Planned actions listed in the issue; more are counted.
MAX_LISTED: Final = 5
# What a dry run reports: the actions automatic recovery would carry out.
REPORTED: Final = frozenset(
    {ActionKind.CLIENT_RETRY, ActionKind.REPLACE, ActionKind.GIVE_UP}
)


def _key(action: PlannedAction) -> tuple[str, str]:
    return (action.failure.download_id.lower(), action.kind.value)


class DryRunReporter:
    """Reports what automatic recovery would do, for one entry."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Report for the entry `entry_id`."""
        self.hass = hass
        self.entry_id = entry_id
        self.issue_id = f"{DRY_RUN_ISSUE}_{entry_id}"
        # The planned actions already announced, so each is said once.
        self._announced: set[tuple[str, str]] = set()

    @callback
    def async_report(
        self, report: RecoveryReport, announce: Callable[[RecoveryEvent], None]
    ) -> None:
        """Announce the newly planned actions of a run; list them all in the issue."""
        planned = [
            outcome.action
            for outcome in report.outcomes
            if not outcome.executed and outcome.action.kind in REPORTED
        ]
        for action in planned:
            if _key(action) in self._announced:
                continue
            LOGGER.info(
                "Recovery (dry run) would %s %s: %s",
                action.kind.value,
                action.failure.title,
                action.reason,
            )
            announce(
                RecoveryEvent(
                    EventType.RECOVERY_PLANNED,
                    action.failure,
                    action=action.kind,
                    attempt=action.attempt,
                    reason=action.reason,
                )
            )
        self._announced = {_key(action) for action in planned}
        if not planned:
            self.async_clear()
            return
        listed = "\n".join(
            f"- {a.failure.title}: {a.kind.value} ({a.reason})"
            for a in planned[:MAX_LISTED]
        )
        if len(planned) > MAX_LISTED:
            listed += f"\n- (+{len(planned) - MAX_LISTED})"
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            self.issue_id,
            # Its fix flow carries the plan out (repair_checks.py).
            is_fixable=True,
            is_persistent=False,
            data={"entry_id": self.entry_id},
            severity=ir.IssueSeverity.WARNING,
            translation_key=DRY_RUN_ISSUE,
            translation_placeholders={"actions": listed},
        )

    @callback
    def async_clear(self) -> None:
        """Forget what was announced and remove the issue."""
        self._announced.clear()
        ir.async_delete_issue(self.hass, DOMAIN, self.issue_id)
