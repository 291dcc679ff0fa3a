"""Run recovery: detect, plan, act, remember.

`RecoveryEngine.run` is the whole cycle. Every attempt is written to storage
before the service is asked to act, so a restart (or a crash) between the two
never repeats it; the outcome is written after.

"Succeeded" means the service accepted the recovery action: SABnzbd queued
the job again, or the arr blocklisted the release and queued a search for a
replacement. Whether the new download then completes is seen on later runs
(a new failure of the same item counts against the same attempt cap).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from custom_components.autoarr.arr.errors import ArrError
from custom_components.autoarr.arr.kinds import SPECS

from .detect import detect_failures
from .models import (
    ActionKind,
    ActionOutcome,
    EventType,
    FailedDownload,
    Observation,
    PlannedAction,
    RecoveryEvent,
    RecoveryReport,
)
from .policy import RecoveryPolicy
from .state import AttemptRecord, AttemptStorage, RecoveryState, StallMark
from .strategy import choose_action


class RetryClient(Protocol):
    """The part of a download client recovery uses (`RetriesFailed`)."""

    async def retry(self, job_id: str, /) -> object:
        """Download a failed job again."""


class ArrRecoveryClient(Protocol):
    """The part of the Sonarr/Radarr clients recovery uses."""

    async def remove_queue_item(
        self,
        queue_id: int,
        /,
        *,
        blocklist: bool,
        remove_from_client: bool = True,
        skip_redownload: bool = False,
    ) -> None:
        """Remove a queue item, optionally blocklisting its release."""

    async def command(self, name: str, **body: Any) -> object:
        """Start an arr command."""


@dataclass(frozen=True, slots=True)
class RecoveryClients:
    """The clients recovery may act through, keyed by service id."""

    # The download clients that can download a failed job again.
    download_clients: Mapping[str, RetryClient] = field(default_factory=dict)
    arrs: Mapping[str, ArrRecoveryClient] = field(default_factory=dict)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _already_handled(
    failure: FailedDownload, state: RecoveryState, observation: Observation
) -> bool:
    download_id = failure.download_id.lower()
    if not download_id:
        return False
    if download_id in state.replaced:
        return True
    # The arr failed it itself and no longer lists it.
    return failure.arr is None and download_id in observation.handled_by_arr


def _key(failure: FailedDownload) -> str:
    return (failure.download_id or failure.item_key).lower()


class RecoveryEngine:
    """Detects failed downloads and recovers them within a policy."""

    def __init__(
        self,
        storage: AttemptStorage,
        policy: RecoveryPolicy | None = None,
        *,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        """Bind the engine to its storage, policy and clock."""
        self._storage = storage
        self.policy = policy or RecoveryPolicy()
        self._clock = clock
        self._state = RecoveryState()
        self._loaded = False
        self._lock = asyncio.Lock()
        self.failed_downloads: list[FailedDownload] = []

    @property
    def records(self) -> Mapping[str, AttemptRecord]:
        """Return the attempt records, keyed by item."""
        return self._state.records

    async def async_load(self) -> None:
        """Load the saved state (once)."""
        if not self._loaded:
            self._state = RecoveryState.from_dict(await self._storage.async_load())
            self._loaded = True

    async def _save(self) -> None:
        await self._storage.async_save(self._state.to_dict())

    async def run(
        self,
        observation: Observation,
        clients: RecoveryClients,
        *,
        dry_run: bool = False,
        act: bool = True,
    ) -> RecoveryReport:
        """Detect failures in an observation and recover them.

        dry_run: plan only; nothing is changed, saved or announced.
        act: False detects and announces failures without acting (automatic
        recovery switched off).
        """
        async with self._lock:
            await self.async_load()
            return await self._run(observation, clients, dry_run=dry_run, act=act)

    async def _run(
        self,
        observation: Observation,
        clients: RecoveryClients,
        *,
        dry_run: bool,
        act: bool,
    ) -> RecoveryReport:
        now = self._clock()
        state = self._state
        stalls = (
            {k: StallMark(m.size_left, m.since) for k, m in state.stalls.items()}
            if dry_run
            else state.stalls
        )
        failures = [
            f
            for f in detect_failures(observation, stalls, now, self.policy)
            # Already replaced (by us or by the arr itself): the leftover job
            # in SABnzbd's history is the arr's to clean up, not a new failure.
            if not _already_handled(f, state, observation)
        ]
        report = RecoveryReport(dry_run=dry_run, failures=failures)
        if not dry_run:
            self.failed_downloads = failures

        new_keys = (
            set() if dry_run else state.update_failing({_key(f) for f in failures}, now)
        )
        for failure in failures:
            item_key = self._item_key(failure, remember=not dry_run)
            record = state.records.get(item_key)
            if _key(failure) in new_keys:
                report.events.append(
                    RecoveryEvent(
                        EventType.DOWNLOAD_FAILED,
                        failure,
                        attempt=record.attempts if record else 0,
                    )
                )
            action = choose_action(
                failure,
                record,
                self.policy,
                now,
                failing_since=state.failing.get(_key(failure), now),
            )
            if action is None:
                continue
            if (
                dry_run
                or not act
                or action.kind in (ActionKind.WAIT, ActionKind.REPORT_DISK_FULL)
            ):
                report.outcomes.append(ActionOutcome(action, executed=False))
                continue
            report.outcomes.append(
                await self._carry_out(action, item_key, clients, report, now)
            )

        if not dry_run:
            state.prune(now - self.policy.retention)
            await self._save()
        return report

    def _item_key(self, failure: FailedDownload, *, remember: bool) -> str:
        state = self._state
        if not remember:
            alias = state.aliases.get(failure.download_id.lower())
            return failure.item_key if failure.arr or not alias else alias
        return state.key_for(
            failure.download_id, failure.item_key, owned=failure.arr is not None
        )

    async def _carry_out(
        self,
        action: PlannedAction,
        item_key: str,
        clients: RecoveryClients,
        report: RecoveryReport,
        now: datetime,
    ) -> ActionOutcome:
        failure = action.failure
        record = self._state.record_for(item_key, failure.title)
        record.updated = now
        if action.kind is ActionKind.GIVE_UP:
            record.gave_up = True
            report.events.append(
                RecoveryEvent(
                    EventType.RECOVERY_GAVE_UP,
                    failure,
                    action=action.kind,
                    attempt=record.attempts,
                    error=action.reason,
                )
            )
            await self._save()
            return ActionOutcome(action, executed=True)

        # Write ahead: the attempt counts from here, even if we never learn
        # how it ended.
        record.attempts += 1
        if action.kind is ActionKind.CLIENT_RETRY:
            record.client_retries += 1
        record.last_attempt = now
        record.last_action = action.kind.value
        record.last_error = None
        await self._save()
        report.events.append(
            RecoveryEvent(
                EventType.RECOVERY_STARTED,
                failure,
                action=action.kind,
                attempt=record.attempts,
            )
        )
        try:
            new_id = await self._act(action, clients)
        except (ArrError, LookupError) as err:
            record.last_error = str(err) or type(err).__name__
            await self._save()
            return ActionOutcome(action, executed=False, error=record.last_error)
        if action.kind is ActionKind.REPLACE:
            self._state.mark_replaced(failure.download_id)
        elif new_id:
            # SABnzbd may give the retried job a new id: keep counting there.
            self._state.aliases[new_id.lower()] = item_key
        report.events.append(
            RecoveryEvent(
                EventType.RECOVERY_SUCCEEDED,
                failure,
                action=action.kind,
                attempt=record.attempts,
            )
        )
        await self._save()
        return ActionOutcome(action, executed=True)

    async def _act(self, action: PlannedAction, clients: RecoveryClients) -> str | None:
        """Carry out an action; return a retried job's new id, if known."""
        failure = action.failure
        if action.kind is ActionKind.CLIENT_RETRY:
            assert failure.client is not None
            client = clients.download_clients.get(failure.client.service_id)
            if client is None:
                raise LookupError(
                    f"download client {failure.client.service_id} is not loaded"
                )
            new_id = await client.retry(failure.client.job_id)
            return new_id if isinstance(new_id, str) and new_id else None
        assert action.kind is ActionKind.REPLACE and failure.arr is not None
        ref = failure.arr
        arr = clients.arrs.get(ref.service_id)
        if arr is None:
            raise LookupError(f"{ref.kind} {ref.service_id} is not loaded")
        # Search explicitly rather than relying on the arr's own "redownload
        # failed" setting, which may be off: with the command its kind names.
        search: tuple[str, dict[str, list[int]]] | None = None
        spec = SPECS.get(ref.kind)
        if spec is not None and spec.search_command and spec.search_ids_field:
            ids = ref.item_ids
            if ids:
                search = (spec.search_command, {spec.search_ids_field: list(ids)})
        await arr.remove_queue_item(
            ref.queue_id,
            blocklist=True,
            remove_from_client=True,
            skip_redownload=search is not None,
        )
        if search is not None:
            await arr.command(search[0], **search[1])
        return None
