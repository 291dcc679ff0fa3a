"""Edge cases of recovery's bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import (
    ArrRef,
    Cause,
    EventType,
    FailedDownload,
    Observation,
    RecoveryEvent,
)
from custom_components.autoarr.recovery.state import (
    MAX_REMEMBERED,
    AttemptRecord,
    MemoryStorage,
    RecoveryState,
    StateFormatError,
)


def test_key_without_download_id_and_alias_bound() -> None:
    """No download id: the item key; aliases stay bounded when pruned."""
    state = RecoveryState()
    assert state.key_for("", "sonarr:episodes:1", owned=False) == "sonarr:episodes:1"
    state.records["k"] = AttemptRecord(
        "k", "t", updated=datetime(2026, 1, 1, tzinfo=UTC)
    )
    state.aliases = {f"id{i}": "k" for i in range(MAX_REMEMBERED + 5)}
    state.prune(datetime(2025, 1, 1, tzinfo=UTC))
    assert len(state.aliases) == MAX_REMEMBERED
    # Another shape of `failing` is not a state this version wrote.
    with pytest.raises(StateFormatError, match="failing"):
        RecoveryState.from_dict({"version": 1, "failing": ["old", "format"]})


def test_event_carries_its_error() -> None:
    """A gave-up event says why."""
    failure = FailedDownload(
        "n1",
        "Show",
        Cause.ENCRYPTED,
        "password",
        arr=ArrRef("s", ServiceKind.SONARR, 1),
    )
    data = RecoveryEvent(
        EventType.RECOVERY_GAVE_UP, failure, error="no owner"
    ).as_dict()
    assert data["error"] == "no owner" and data["arr_kind"] == "sonarr"


async def test_default_clock_is_utc() -> None:
    """Without a clock the engine uses aware UTC time."""
    engine = RecoveryEngine(MemoryStorage())
    assert engine._clock().tzinfo is UTC
    report = await engine.run(Observation(), RecoveryClients())
    assert report.failures == []
