"""The audit's checks of Prowlarr, and of the arrs it should feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .rule_base import Issue
from .snapshot import ArrSnapshot, ProwlarrSnapshot, StackSnapshot

# An indexer whose failures span this long has been failing for days.
FAILING_FOR_DAYS: Final = timedelta(days=2)
# Prowlarr names the indexers it syncs to an application "<name> (Prowlarr)".
SYNCED_SUFFIX: Final = "(Prowlarr)"


def indexers_failing_for_days(
    prowlarr: ProwlarrSnapshot, stack: StackSnapshot
) -> list[Issue]:
    """An enabled indexer whose failures have lasted days (none succeeded)."""
    names = {
        indexer.id: indexer.name for indexer in prowlarr.indexers if indexer.enable
    }
    issues = []
    for status in prowlarr.statuses:
        first, last = status.initial_failure, status.most_recent_failure
        if status.indexer_id not in names or first is None or last is None:
            continue
        if last - first >= FAILING_FOR_DAYS:
            issues.append(
                Issue(
                    current=f"failing for {(last - first).days} days",
                    recommended="working, or disabled",
                    subject=names[status.indexer_id],
                )
            )
    return issues


def synced_from_prowlarr(arr: ArrSnapshot, stack: StackSnapshot) -> list[Issue]:
    """With a Prowlarr in the stack, every arr gets its indexers from it."""
    if not stack.prowlarr:
        return []
    synced = [
        indexer
        for indexer in arr.indexers
        if str(indexer.get("name") or "").endswith(SYNCED_SUFFIX)
    ]
    if synced:
        return []
    return [
        Issue(
            current="no indexer from Prowlarr",
            recommended=f"added as an application in {stack.prowlarr[0].name}",
        )
    ]
