"""Recovery reads what it needs of a library manager from the registry."""

from __future__ import annotations

import pytest

from custom_components.autoarr.arr.kinds import SPECS, library_manager_spec
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import (
    ActionKind,
    ArrObservation,
    ArrQueueEntry,
    Observation,
)
from custom_components.autoarr.recovery.state import MemoryStorage

from .conftest import Clock, RecordingArr

# A library manager of no real application, with its own search command.
TESTARR = library_manager_spec(
    "testarr",
    "Testarr",
    api_version="v1",
    default_port=1234,
    item_noun="track",
    search_command="TrackSearch",
    search_ids_field="trackIds",
)


def _failed(kind: str) -> Observation:
    item = ArrQueueEntry(
        5,
        "Album.2024",
        "failed",
        "error",
        "failed",
        error_message="Download failed",
        download_id="abc",
        episode_ids=(3, 4),
    )
    return Observation(arrs=(ArrObservation("arr1", "Arr", kind, queue=(item,)),))


async def test_replacement_searched_with_the_kinds_command(
    monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    """A failed download of a new kind is searched with the command its spec names."""
    monkeypatch.setitem(SPECS, TESTARR.kind, TESTARR)
    arr = RecordingArr()
    engine = RecoveryEngine(MemoryStorage(), clock=clock)
    report = await engine.run(
        _failed(TESTARR.kind), RecoveryClients(arrs={"arr1": arr})
    )
    assert [o.action.kind for o in report.outcomes] == [ActionKind.REPLACE]
    assert arr.removed[0][1]["skip_redownload"] is True
    assert arr.commands == [("TrackSearch", {"trackIds": [3, 4]})]


async def test_no_search_for_a_kind_without_one(clock: Clock) -> None:
    """A kind without a search command leaves the search to the arr itself."""
    arr = RecordingArr()
    engine = RecoveryEngine(MemoryStorage(), clock=clock)
    await engine.run(_failed("unknown"), RecoveryClients(arrs={"arr1": arr}))
    assert arr.removed[0][1]["skip_redownload"] is False
    assert arr.commands == []
