"""Home Assistant side of recovery and the audit.

`RecoveryManager` (one per entry, `entry.runtime_data.recovery`) runs the
plain-logic `recovery` engine on the queue coordinators' data every
`RECOVERY_INTERVAL`, keeps its attempts in a `Store` (so a restart neither
repeats nor forgets one), raises a repair issue while a disk is full, and
hands events to the recovery event entity. It also runs the `audit` every
`AUDIT_INTERVAL`, raises a repair issue per high-severity finding (fixable
from the issue when a safe fix exists) and applies recommendations.

The entities (failed downloads and audit score sensors, automatic recovery
switch, recovery event entity) belong to the hub's device and derive from
`entity.RecoveryEntity`; the actions (recover, audit, apply_recommendation)
are in `services.py` with the others; the audit issues' fix flow is in
`repairs.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
import re
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util

from .arr.download_client import RetriesFailed
from .arr.errors import ArrError
from .audit.models import AuditReport, Finding, Severity
from .audit.runner import ArrTarget, Auditor, FixResult, ProwlarrTarget, SabTarget
from .const import DOMAIN, LOGGER
from .issues import audit_problem, covered_by_health
from .llm_providers.errors import LLMError
from .llm_providers.models import Message
from .recovery.adapters import arr_observation, download_observation, finished_jobs
from .recovery.engine import RecoveryClients, RecoveryEngine
from .recovery.models import (
    ActionKind,
    ArrObservation,
    ClientObservation,
    EventType,
    FailedDownload,
    Observation,
    RecoveryEvent,
    RecoveryReport,
)
from .recovery.state import RecoveryState
from .recovery_dry_run import DryRunReporter
from .storage import CheckedStore

if TYPE_CHECKING:
    from .data import AutoArrConfigEntry

STORAGE_VERSION: Final = 1
RECOVERY_INTERVAL: Final = timedelta(minutes=2)
AUDIT_INTERVAL: Final = timedelta(hours=6)
FIRST_AUDIT_DELAY: Final = timedelta(minutes=1)
# Failures the arrs recorded themselves, read per run (newest first).
ARR_FAILED_HISTORY: Final = 50
# Titles listed in the disk-full issue; more are counted.
MAX_LISTED: Final = 5

DISK_FULL_ISSUE: Final = "disk_full"
AUDIT_ISSUE_PREFIX: Final = "audit_"

EVENT_TYPES: Final = [t.value for t in EventType]


def audit_issue_id(finding: Finding) -> str:
    """Return the repair issue id of a finding (letters, digits, underscores)."""
    return AUDIT_ISSUE_PREFIX + re.sub(r"[^a-z0-9]+", "_", finding.id.lower()).strip(
        "_"
    )


def _store(hass: HomeAssistant, entry_id: str) -> CheckedStore:
    return CheckedStore(
        hass,
        STORAGE_VERSION,
        f"{DOMAIN}.recovery.{entry_id}",
        check=RecoveryState.from_dict,
        what="recovery records",
    )


async def async_remove_recovery_store(hass: HomeAssistant, entry_id: str) -> None:
    """Delete an entry's recovery records (the entry is being removed)."""
    await _store(hass, entry_id).async_remove()


class RecoveryManager:
    """Runs recovery and the audit for one AutoArr entry."""

    def __init__(self, hass: HomeAssistant, entry: AutoArrConfigEntry) -> None:
        """Prepare the engine and its storage (load with async_setup)."""
        self.hass = hass
        self.entry = entry
        self.store = _store(hass, entry.entry_id)
        # Home Assistant's clock, so backoff follows it (and tests can move it).
        self.engine = RecoveryEngine(self.store, clock=dt_util.utcnow)
        # Automatic recovery removes and blocklists releases, so it waits for
        # the user to switch it on; the switch restores their choice.
        self.automatic = False
        # Dry-run mode: plan and report, never act (recovery_dry_run.py).
        self._dry_run = False
        self.dry_run_reports = DryRunReporter(hass, entry.entry_id)
        self.last_report: RecoveryReport | None = None
        self.audit_report: AuditReport | None = None
        self._listeners: list[Callable[[], None]] = []
        self._event_listeners: list[Callable[[RecoveryEvent], None]] = []
        # Raised audit issue ids -> the service each is about.
        self._audit_issues: dict[str, str] = {}

    # --- Lifecycle ------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load the saved attempts."""
        await self.engine.async_load()

    @callback
    def async_start(self) -> None:
        """Run recovery and the audit periodically (the first audit soon)."""
        self.entry.async_on_unload(
            async_track_time_interval(
                self.hass,
                self._async_recovery_tick,
                RECOVERY_INTERVAL,
                name="AutoArr recovery",
            )
        )
        self.entry.async_on_unload(
            async_track_time_interval(
                self.hass, self._async_audit_tick, AUDIT_INTERVAL, name="AutoArr audit"
            )
        )
        self.entry.async_on_unload(self._async_clear_issues)
        # The first audit a little after start, once the coordinators have
        # settled; recovery starts with its first interval.
        self.entry.async_on_unload(
            async_call_later(self.hass, FIRST_AUDIT_DELAY, self._async_audit_tick)
        )

    async def _async_recovery_tick(self, now: datetime) -> None:
        await self.async_recover()

    async def _async_audit_tick(self, now: datetime) -> None:
        await self.async_audit()

    @callback
    def _async_clear_issues(self) -> None:
        ir.async_delete_issue(self.hass, DOMAIN, self._disk_full_issue_id)
        self.dry_run_reports.async_clear()
        for issue_id in self._audit_issues:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id)
        self._audit_issues.clear()

    def diagnostics(self) -> dict[str, Any]:
        """Return recovery's and the audit's state for diagnostics.

        Titles and messages only: URLs and keys never reach the engine.
        """
        policy = self.engine.policy
        return {
            "automatic": self.automatic,
            "dry_run": self.dry_run,
            "policy": {
                "max_attempts": policy.max_attempts,
                "stall_timeout_minutes": self.stall_timeout_minutes,
                "backoff_base_seconds": policy.backoff_base.total_seconds(),
            },
            "failed_downloads": [f.as_dict() for f in self.failed_downloads],
            "attempts": [r.to_dict() for r in self.engine.records.values()],
            "audit": self.audit_report.as_dict() if self.audit_report else None,
        }

    # --- Settings (the hub's number entities) -----------------------------------

    @property
    def stall_timeout_minutes(self) -> int:
        """Return after how many minutes without progress a download is stuck."""
        return int(self.engine.policy.stall_timeout.total_seconds() // 60)

    @stall_timeout_minutes.setter
    def stall_timeout_minutes(self, minutes: int) -> None:
        self.engine.policy = replace(
            self.engine.policy, stall_timeout=timedelta(minutes=minutes)
        )

    @property
    def dry_run(self) -> bool:
        """Return whether recovery only reports what it would do."""
        return self._dry_run

    @dry_run.setter
    def dry_run(self, on: bool) -> None:
        self._dry_run = on
        if not on:
            self.dry_run_reports.async_clear()

    @property
    def max_attempts(self) -> int:
        """Return how many recovery attempts an item gets."""
        return self.engine.policy.max_attempts

    @max_attempts.setter
    def max_attempts(self, attempts: int) -> None:
        self.engine.policy = replace(self.engine.policy, max_attempts=attempts)

    @callback
    def async_schedule_recovery(self) -> None:
        """Run recovery soon, in the background (e.g. when switched on)."""
        self.entry.async_create_background_task(
            self.hass, self.async_recover(), "AutoArr recovery"
        )

    # --- Listeners ------------------------------------------------------------

    @callback
    def async_add_listener(self, update: Callable[[], None]) -> Callable[[], None]:
        """Call `update` after each run; return a function removing it."""
        self._listeners.append(update)
        return lambda: self._listeners.remove(update)

    @callback
    def async_add_event_listener(
        self, handle: Callable[[RecoveryEvent], None]
    ) -> Callable[[], None]:
        """Call `handle` with each recovery event; return a remover."""
        self._event_listeners.append(handle)
        return lambda: self._event_listeners.remove(handle)

    @callback
    def _async_announce(self, event: RecoveryEvent) -> None:
        for handle in list(self._event_listeners):
            handle(event)

    @callback
    def _async_notify(self) -> None:
        for update in list(self._listeners):
            update()

    # --- Recovery -------------------------------------------------------------

    @property
    def failed_downloads(self) -> list[FailedDownload]:
        """Return the downloads failed or stuck after the last run.

        Those the run retried or replaced are no longer failed.
        """
        report = self.last_report
        if report is None:
            return []
        recovered = {
            o.action.failure.download_id
            for o in report.outcomes
            if o.executed
            and o.action.kind in (ActionKind.CLIENT_RETRY, ActionKind.REPLACE)
        }
        return [f for f in report.failures if f.download_id not in recovered]

    async def async_recover(
        self, *, dry_run: bool = False, force: bool = False
    ) -> RecoveryReport:
        """Run recovery once.

        Acts only while automatic recovery is on and not in dry-run mode
        (which reports what it would do instead), unless `force` (the
        `autoarr.recover` action); `dry_run` only plans.
        """
        observation = await self._async_observe()
        report = await self.engine.run(
            observation,
            self._clients(),
            dry_run=dry_run,
            act=force or (self.automatic and not self.dry_run),
        )
        if dry_run:
            return report
        self.last_report = report
        for event in report.events:
            LOGGER.info(
                "Recovery: %s %s (%s)",
                event.type.value,
                event.failure.title,
                event.failure.cause.value,
            )
            self._async_announce(event)
        if self.dry_run and not force:
            self.dry_run_reports.async_report(report, self._async_announce)
        self._async_update_disk_full_issue(report)
        if any(o.executed for o in report.outcomes):
            data = self.entry.runtime_data
            for runtime in (*data.arr_services(), *data.download_services()):
                await runtime.queue.async_request_refresh()
        self._async_notify()
        return report

    async def _async_observe(self) -> Observation:
        data = self.entry.runtime_data
        clients: list[ClientObservation] = []
        # Every download client through the seam: its queue as the queue
        # coordinator last read it, its history read now.
        for client in data.download_services():
            view = client.queue.data if client.queue.last_update_success else None
            if view is None:
                continue
            downloads = client.downloads
            try:
                history = await finished_jobs(downloads)
            except ArrError as err:
                LOGGER.debug("Recovery cannot read %s's history: %s", client.name, err)
                continue
            clients.append(
                download_observation(
                    client.subentry_id,
                    client.name,
                    queue=view.items,
                    paused=view.transfer.paused,
                    history=history,
                    retries=isinstance(downloads, RetriesFailed),
                )
            )
        arrs: list[ArrObservation] = []
        handled: set[str] = set()
        for arr in data.arr_services():
            arr_data = arr.queue.data if arr.queue.last_update_success else None
            if arr_data is None:
                continue
            try:
                failed = await arr.client.history(
                    page_size=ARR_FAILED_HISTORY, event_type="downloadFailed"
                )
            except ArrError as err:
                LOGGER.debug("Recovery cannot read %s's history: %s", arr.name, err)
            else:
                handled.update(
                    r.download_id.lower() for r in failed.records if r.download_id
                )
            arrs.append(
                arr_observation(arr.subentry_id, arr.name, arr.kind, arr_data.items)
            )
        return Observation(
            clients=tuple(clients), arrs=tuple(arrs), handled_by_arr=frozenset(handled)
        )

    def _clients(self) -> RecoveryClients:
        data = self.entry.runtime_data
        downloads = {c.subentry_id: c.downloads for c in data.download_services()}
        return RecoveryClients(
            download_clients={
                service_id: client
                for service_id, client in downloads.items()
                if isinstance(client, RetriesFailed)
            },
            arrs={a.subentry_id: a.client for a in data.arr_services()},
        )

    @property
    def _disk_full_issue_id(self) -> str:
        return f"{DISK_FULL_ISSUE}_{self.entry.entry_id}"

    @callback
    def _async_update_disk_full_issue(self, report: RecoveryReport) -> None:
        full = report.disk_full
        if not full:
            ir.async_delete_issue(self.hass, DOMAIN, self._disk_full_issue_id)
            return
        listed = "\n".join(f"- {f.title}: {f.message}" for f in full[:MAX_LISTED])
        if len(full) > MAX_LISTED:
            listed += f"\n- (+{len(full) - MAX_LISTED})"
        # The download clients whose disk is full: where the space is needed.
        services = self.entry.runtime_data.services
        names = sorted(
            {
                services[ref.service_id].name
                for f in full
                for ref in (f.client, f.arr)
                if ref is not None and ref.service_id in services
            }
        )
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            self._disk_full_issue_id,
            is_fixable=True,  # checks again (repair_checks.py)
            is_persistent=False,  # re-detected after a restart
            data={"entry_id": self.entry.entry_id},
            severity=ir.IssueSeverity.ERROR,
            translation_key=DISK_FULL_ISSUE,
            translation_placeholders={
                "downloads": listed,
                "services": ", ".join(names) or "?",
            },
        )

    # --- Audit ----------------------------------------------------------------

    def auditor(self) -> Auditor:
        """Return an auditor over the entry's services."""
        data = self.entry.runtime_data
        return Auditor(
            [
                SabTarget(s.subentry_id, s.name, s.url, s.client)
                for s in data.sabnzbd_services()
            ],
            [
                ArrTarget(a.subentry_id, a.name, a.kind, a.url, a.client)
                for a in data.arr_services()
            ],
            [
                ProwlarrTarget(p.subentry_id, p.name, p.url, p.client)
                for p in data.prowlarr_services()
            ],
        )

    async def async_audit(self) -> AuditReport:
        """Audit every service; update the score and the repair issues."""
        report = await self.auditor().audit()
        self._async_audited(report)
        return report

    @callback
    def _async_audited(self, report: AuditReport) -> None:
        self.audit_report = report
        self._async_update_audit_issues(report)
        self._async_notify()

    async def async_apply(self, finding_id: str, *, dry_run: bool) -> FixResult:
        """Apply a finding's safe fix (or plan it); the re-audit updates all."""
        result = await self.auditor().apply(finding_id, dry_run=dry_run)
        if result.report is not None:
            self._async_audited(result.report)
        return result

    async def async_explain(self, finding: Finding) -> str | None:
        """Return the language model's plain explanation of a finding, if any."""
        from .audit.runner import explain_prompt

        llm = self.entry.runtime_data.llm
        if llm is None:
            return None
        try:
            response = await llm.complete([Message.user(explain_prompt(finding))])
        except LLMError as err:
            LOGGER.debug("No explanation for %s: %s", finding.id, err)
            return None
        return response.content or None

    @callback
    def _async_update_audit_issues(self, report: AuditReport) -> None:
        raised: dict[str, str] = {}
        health = {
            arr.subentry_id: arr.library.data.health or ()
            for arr in self.entry.runtime_data.arr_services()
            if arr.library.data is not None
        }
        for finding in report.findings:
            if finding.severity is not Severity.HIGH:
                continue
            if covered_by_health(finding, health.get(finding.service_id, ())):
                # The service's health issue is this problem's repair.
                continue
            issue_id = audit_issue_id(finding)
            raised[issue_id] = finding.service_id
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id,
                is_fixable=True,  # a safe fix, or the audit run again
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                learn_more_url=finding.link,
                translation_key="audit_finding",
                translation_placeholders={
                    "title": finding.title,
                    "problem": audit_problem(finding),
                    "service": finding.service_name,
                    "subject": finding.subject or "-",
                    "current": str(finding.current),
                    "recommended": str(finding.recommended),
                    "why": finding.why,
                },
                data={"entry_id": self.entry.entry_id, "finding_id": finding.id},
            )
        for issue_id, service_id in self._audit_issues.items():
            if issue_id in raised:
                continue
            if service_id in report.errors:
                # Could not be read this time: keep the issue until it can.
                raised[issue_id] = service_id
            else:
                ir.async_delete_issue(self.hass, DOMAIN, issue_id)
        self._audit_issues = raised
