"""What every job shares: running a call on each instance, and labels."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from custom_components.autoarr.agent.stack import Instance
from custom_components.autoarr.arr.errors import ArrError

type Json = dict[str, Any]


async def each[C, R](
    instances: Sequence[Instance[C]],
    call: Callable[[C], Awaitable[R]],
) -> tuple[list[tuple[Instance[C], R]], list[str]]:
    """Run call on every instance in parallel; split answers from failures."""
    results = await asyncio.gather(
        *(call(instance.client) for instance in instances), return_exceptions=True
    )
    answers: list[tuple[Instance[C], R]] = []
    unavailable: list[str] = []
    for instance, result in zip(instances, results, strict=True):
        if isinstance(result, ArrError):
            unavailable.append(instance.name)
        elif isinstance(result, BaseException):
            raise result
        else:
            answers.append((instance, result))
    return answers, unavailable


def seconds(value: timedelta | None) -> int | None:
    """Return a duration as whole seconds, never below zero."""
    return None if value is None else max(0, int(value.total_seconds()))


def episodes_label(
    title: str, episodes: Sequence[tuple[int | None, int | None]]
) -> str:
    """Return "Title S02E01" for an episode, "Title S02E01-E24" for a pack."""
    known = sorted({(s, e) for s, e in episodes if s is not None and e is not None})
    if not known or any(s is None or e is None for s, e in episodes):
        return title
    (first_season, first), (last_season, last) = known[0], known[-1]
    if len(known) == 1:
        return episode_label(title, first_season, first)
    if first_season == last_season:
        return f"{title} S{first_season:02d}E{first:02d}-E{last:02d}"
    return f"{title} S{first_season:02d}E{first:02d}-S{last_season:02d}E{last:02d}"


def episode_label(title: str, season: int | None, episode: int | None) -> str:
    """Return "Title S01E02" for an episode, the title alone otherwise."""
    if season is None or episode is None:
        return title
    return f"{title} S{season:02d}E{episode:02d}"
