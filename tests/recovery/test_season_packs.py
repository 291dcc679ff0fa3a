"""Recovery of a season pack: one download the arr lists once per episode.

The queue is a real Sonarr v4's (tests/fixtures/real/sonarr/v4/queue.json):
two torrent season packs, each listed once per episode with one downloadId,
stuck at 0 % for weeks.
"""

from __future__ import annotations

from datetime import timedelta

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.arr.models import Page, QueueItem
from custom_components.autoarr.recovery.adapters import arr_observation
from custom_components.autoarr.recovery.engine import RecoveryClients, RecoveryEngine
from custom_components.autoarr.recovery.models import ActionKind, Cause, Observation
from custom_components.autoarr.recovery.policy import RecoveryPolicy
from custom_components.autoarr.recovery.state import MemoryStorage
from tests.real.corpus import load

from .conftest import Clock, RecordingArr

POLICY = RecoveryPolicy(stall_timeout=timedelta(minutes=30))


def _real_queue() -> list[QueueItem]:
    return Page.parse(
        load("sonarr", "v4", "queue"), "queue", QueueItem.from_json
    ).records


async def test_stalled_season_pack_is_searched_again_for_every_episode(
    clock: Clock,
) -> None:
    """Each stuck pack is replaced once, and Sonarr is asked to search for
    every episode the pack was for, not only the one its last record names;
    its attempts are counted for all of them."""
    queue = _real_queue()
    observation = Observation(
        arrs=(arr_observation("sonarr1", "Sonarr", ServiceKind.SONARR, queue),)
    )
    sonarr = RecordingArr()
    engine = RecoveryEngine(MemoryStorage(), POLICY, clock=clock)
    clients = RecoveryClients(arrs={"sonarr1": sonarr})

    first = await engine.run(observation, clients)
    assert first.failures == []
    clock.advance(timedelta(minutes=31))
    report = await engine.run(observation, clients)

    packs: dict[str, set[int]] = {}
    for item in queue:
        if item.status == "downloading" and item.download_id:
            packs.setdefault(item.download_id, set()).add(item.episode_id or 0)
    assert {f.download_id: f.cause for f in report.failures} == dict.fromkeys(
        packs, Cause.STALLED
    )
    assert [(o.action.kind, o.executed) for o in report.outcomes] == [
        (ActionKind.REPLACE, True)
    ] * len(packs)
    assert len(sonarr.removed) == len(packs)
    searched = sorted(
        tuple(body["episodeIds"])
        for name, body in sonarr.commands
        if name == "EpisodeSearch"
    )
    assert searched == sorted(tuple(sorted(ids)) for ids in packs.values())
    assert all(len(ids) == 6 for ids in packs.values())
    assert {f.item_key for f in report.failures} == {
        "sonarr1:episodes:" + ",".join(str(i) for i in sorted(ids))
        for ids in packs.values()
    }
