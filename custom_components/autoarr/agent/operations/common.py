"""What every job shares: running a call on each instance, and labels."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from custom_components.autoarr.agent.stack import Instance
from custom_components.autoarr.agent.vocabulary import episode_label, episodes_label
from custom_components.autoarr.arr.errors import ArrError

type Json = dict[str, Any]

__all__ = ["Json", "each", "episode_label", "episodes_label", "seconds"]


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
