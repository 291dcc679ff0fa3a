"""Fixtures for the recovery tests: a clock to move by hand, recording clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.sabnzbd import RealSabnzbd

START = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = START

    def __call__(self) -> datetime:
        """Return the current time."""
        return self.now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.now += delta


@dataclass
class RecordingSab:
    """A SABnzbd stand-in for engine unit tests: records retries."""

    retried: list[str] = field(default_factory=list)
    fail_with: BaseException | None = None
    # Ids SABnzbd gives retried jobs, in order (the real one may renumber).
    new_ids: list[str] = field(default_factory=list)

    async def retry(self, nzo_id: str, /) -> object:
        """Record the retry, or fail as told."""
        if self.fail_with is not None:
            raise self.fail_with
        self.retried.append(nzo_id)
        return self.new_ids.pop(0) if self.new_ids else nzo_id


@dataclass
class RecordingArr:
    """An arr stand-in for engine unit tests: records removals and commands."""

    removed: list[tuple[int, dict[str, bool]]] = field(default_factory=list)
    commands: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def remove_queue_item(
        self,
        queue_id: int,
        /,
        *,
        blocklist: bool,
        remove_from_client: bool = True,
        skip_redownload: bool = False,
    ) -> None:
        """Record the removal."""
        self.removed.append(
            (
                queue_id,
                {
                    "blocklist": blocklist,
                    "remove_from_client": remove_from_client,
                    "skip_redownload": skip_redownload,
                },
            )
        )

    async def command(self, name: str, **body: Any) -> object:
        """Record the command."""
        self.commands.append((name, body))
        return {"name": name}


@pytest.fixture
def clock() -> Clock:
    """Return a clock starting at a fixed time."""
    return Clock()


class FileStorage:
    """An AttemptStorage in a JSON file: a new instance reads what the last saved.

    Stands in for Home Assistant's Store across a simulated restart.
    """

    def __init__(self, path: Path) -> None:
        """Keep state in `path`."""
        self.path = path

    async def async_load(self) -> dict[str, Any] | None:
        """Return the saved state, if any."""
        if not self.path.exists():
            return None
        data: dict[str, Any] = json.loads(self.path.read_text())
        return data

    async def async_save(self, data: dict[str, Any]) -> None:
        """Write the state."""
        self.path.write_text(json.dumps(data))


@pytest.fixture
def sabnzbd(sabnzbd: RealSabnzbd) -> RealSabnzbd:
    """Return the session's SABnzbd, reset, without its default categories.

    The audit here must find the categories Sonarr and Radarr send to missing.
    """
    for category in ("tv", "movies", "audio", "software"):
        sabnzbd.api("del_config", section="categories", keyword=category)
    return sabnzbd
