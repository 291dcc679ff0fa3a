"""The indexer report behind "why can't it find anything?"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from custom_components.autoarr.agent.indexers import indexer_report, indexer_speech
from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.arr.errors import ArrConnectionError
from custom_components.autoarr.arr.indexer_models import Indexer, IndexerStatus

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


@dataclass
class FakeProwlarr:
    """A Prowlarr stand-in."""

    indexers_list: list[Indexer] = field(default_factory=list)
    statuses: list[IndexerStatus] = field(default_factory=list)
    down: bool = False

    async def indexers(self) -> list[Indexer]:
        """Return the indexers."""
        if self.down:
            raise ArrConnectionError("cannot connect")
        return self.indexers_list

    async def indexer_status(self) -> list[IndexerStatus]:
        """Return the statuses."""
        return self.statuses


def _stack(*prowlarrs: FakeProwlarr) -> Stack:
    return Stack(
        prowlarr=tuple(Instance(f"Prowlarr {i}", p) for i, p in enumerate(prowlarrs))
    )


async def test_verdicts() -> None:
    """No Prowlarr, none answering, none enabled, failing and all working."""
    assert (await indexer_report(_stack(), NOW)).verdict == "no_service"

    down = FakeProwlarr(down=True)
    report = await indexer_report(_stack(down), NOW)
    assert report.as_dict() == {
        "verdict": "unavailable",
        "enabled_indexers": 0,
        "failing_indexers": [],
        "unavailable": ["Prowlarr 0"],
    }
    assert indexer_speech("de", report) == (
        "Das kann ich nicht sagen: Prowlarr antwortet nicht (Prowlarr 0)."
    )

    off = FakeProwlarr([Indexer(1, "1337x", False, "torrent")])
    report = await indexer_report(_stack(off), NOW)
    assert indexer_speech("en", report) == (
        "Prowlarr has no enabled indexer, so searches cannot find anything."
    )

    # A status whose hold has run out is no failure any more.
    over = FakeProwlarr(
        [Indexer(1, "NZBgeek", True, "usenet")],
        [IndexerStatus(1, disabled_till=NOW - timedelta(minutes=1))],
    )
    report = await indexer_report(_stack(over, down), NOW)
    assert (report.verdict, report.unavailable) == ("all_working", ["Prowlarr 1"])
    assert indexer_speech("de", report).startswith("Alle 1 Indexer in Prowlarr")
