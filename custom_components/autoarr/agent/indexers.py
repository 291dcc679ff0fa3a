"""Why searches find nothing: Prowlarr's indexers, answered without a model.

"Why can't it find anything?" is most often answered by the indexers: one
that keeps failing is held back by Prowlarr, and with none left the arrs'
searches come back empty. The answer names the failing indexers, or says
they all work (then the release is simply not out yet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from custom_components.autoarr.arr.errors import ArrError

from .languages import get
from .stack import Stack

type IndexerVerdict = Literal[
    "no_service", "unavailable", "none_enabled", "failing", "all_working"
]


@dataclass(frozen=True, slots=True)
class IndexerReport:
    """What the Prowlarrs say about their indexers."""

    verdict: IndexerVerdict
    enabled: int = 0
    failing: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {
            "verdict": self.verdict,
            "enabled_indexers": self.enabled,
            "failing_indexers": self.failing,
            "unavailable": self.unavailable,
        }


async def indexer_report(stack: Stack, now: datetime) -> IndexerReport:
    """Read every Prowlarr's indexers and which of them are held back."""
    if not stack.prowlarr:
        return IndexerReport("no_service")
    enabled = 0
    failing: list[str] = []
    down: list[str] = []
    for instance in stack.prowlarr:
        try:
            indexers = await instance.client.indexers()
            statuses = await instance.client.indexer_status()
        except ArrError:
            down.append(instance.name)
            continue
        held = {s.indexer_id for s in statuses if s.failing_at(now)}
        active = [indexer for indexer in indexers if indexer.enable]
        enabled += len(active)
        failing.extend(indexer.name for indexer in active if indexer.id in held)
    if len(down) == len(stack.prowlarr):
        return IndexerReport("unavailable", unavailable=down)
    if not enabled:
        verdict: IndexerVerdict = "none_enabled"
    else:
        verdict = "failing" if failing else "all_working"
    return IndexerReport(verdict, enabled, failing, down)


def indexer_speech(language: str, report: IndexerReport) -> str:
    """Return the spoken answer to "why can't it find anything?"."""
    return (
        get(language)
        .indexers[report.verdict]
        .format(
            enabled=report.enabled,
            failing=len(report.failing),
            names=", ".join(report.failing),
            services=", ".join(report.unavailable),
        )
    )
