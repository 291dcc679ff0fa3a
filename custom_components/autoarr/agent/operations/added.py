"""What a request added to the library, for whoever asked to be told.

A conversation turn that may add media (the instant path, a confirmation,
the model's tools) runs inside `recording_adds()`; each add that succeeds
(and each request Seerr takes) appends what it added, with the service's own id of it, so the turn's
caller can follow it up (say when it is ready) without every path handing
the outcome back. Outside a recording, adding records nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final

from custom_components.autoarr.arr.models import MediaKind


@dataclass(frozen=True, slots=True)
class AddedMedia:
    """One item added: on which instance (by name), its id there, its title.

    A request made through Seerr is recorded with `request` set: the instance
    is the Seerr's and the id is its request's. An album is recorded with its
    `artist` (the id is Lidarr's of the album).
    """

    instance: str
    kind: MediaKind | str
    media_id: int
    title: str
    request: bool = False
    artist: str | None = None


_recording: Final[ContextVar[list[AddedMedia] | None]] = ContextVar(
    "autoarr_added_media", default=None
)


@contextmanager
def recording_adds() -> Iterator[list[AddedMedia]]:
    """Collect what is added in this block (tasks started in it included)."""
    added: list[AddedMedia] = []
    token = _recording.set(added)
    try:
        yield added
    finally:
        _recording.reset(token)


def record_add(added: AddedMedia) -> None:
    """Note an add, when a caller is recording."""
    if (recording := _recording.get()) is not None:
        recording.append(added)
