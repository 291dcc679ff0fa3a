"""What's downloading, said in the vocabulary of the queue sensors.

States, order, plurals (English and German), reasons, and what is counted
rather than named.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.autoarr.agent.instant import InstantMatch, answer
from custom_components.autoarr.agent.sentences import InstantIntent
from custom_components.autoarr.agent.vocabulary import (
    QueueState,
    QueueStatus,
    arr_status,
    client_status,
    combined,
    sab_status,
)
from custom_components.autoarr.arr.downloads import DownloadState

from .fakes import FakeStack, queue_item

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


async def _say(fake: FakeStack, language: str) -> str:
    reply = await answer(
        fake.stack, InstantMatch(InstantIntent.DOWNLOADS, language), NOW
    )
    return reply.speech


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "en",
            (
                "1 downloading: Dark season 1 episode 1, about 5 minutes left. "
                "1 waiting, 1 paused. Speed 12.5 MB/s."
            ),
            (
                "2 downloading: Dark season 1 episode 1, about 5 minutes left; "
                "Dune, about 10 minutes. 2 waiting, 2 paused, 2 importing. "
                "Speed 12.5 MB/s."
            ),
        ),
        (
            "de",
            (
                "1 lädt herunter: Dark Staffel 1 Folge 1, noch etwa 5 Minuten. "
                "1 wartet, 1 pausiert. Geschwindigkeit 12.5 MB/s."
            ),
            (
                "2 laden herunter: Dark Staffel 1 Folge 1, noch etwa 5 Minuten; "
                "Dune, etwa 10 Minuten. 2 warten, 2 pausiert, 2 werden importiert. "
                "Geschwindigkeit 12.5 MB/s."
            ),
        ),
    ],
)
async def test_counts_take_their_plural(
    fake: FakeStack, language: str, one: str, two: str
) -> None:
    """One of a kind is said in the singular, more in the plural."""
    fake.sonarr.queue = [
        queue_item(
            1,
            "Dark.S01E01",
            media_title="Dark",
            season=1,
            episode=1,
            size_left=100,
            time_left=timedelta(minutes=5),
        ),
        queue_item(2, "Waits.S01E01", status="queued", size_left=1000),
        queue_item(3, "Paused.S01E01", status="paused"),
    ]
    assert await _say(fake, language) == one
    fake.radarr.queue = [
        queue_item(4, "Dune.2021", media_title="Dune", time_left=timedelta(minutes=10)),
        queue_item(5, "Waits.Too", status="queued"),
        queue_item(6, "Paused.Too", status="paused"),
        queue_item(7, "Done.1", size_left=0, state="importPending"),
        queue_item(8, "Done.2", size_left=0, state="importing"),
    ]
    assert await _say(fake, language) == two


async def test_a_paused_download_is_never_read_as_downloading(
    fake: FakeStack,
) -> None:
    """A paused item is counted as paused, even when it is furthest along."""
    fake.sonarr.queue = [queue_item(1, "Paused.Show", status="paused", size_left=10)]
    assert await _say(fake, "en") == "Nothing is downloading. 1 paused."


async def test_warnings_and_stalls_say_why(fake: FakeStack) -> None:
    """What needs a look is named with its state and reason (equally urgent:
    furthest along first, then by name)."""
    fake.radarr.queue = [
        queue_item(1, "Stuck.Movie", state="importBlocked", error="Manual import."),
        queue_item(2, "Failed.Movie", state="failed", error="Unpacking failed"),
    ]
    assert await _say(fake, "en") == (
        "Nothing is downloading. 2 need attention: Failed Movie, failed: "
        "Unpacking failed; Stuck Movie, warning: Manual import."
    )


@pytest.mark.parametrize(
    ("status", "tracked_state", "tracked_status", "problem", "expected"),
    [
        ("downloading", "downloading", "ok", None, QueueStatus(QueueState.DOWNLOADING)),
        ("queued", "downloading", "ok", None, QueueStatus(QueueState.QUEUED)),
        ("delay", "downloading", "ok", None, QueueStatus(QueueState.QUEUED)),
        ("paused", "downloading", "ok", None, QueueStatus(QueueState.PAUSED)),
        ("completed", "downloading", "ok", None, QueueStatus(QueueState.IMPORTING)),
        ("completed", "importPending", "ok", None, QueueStatus(QueueState.IMPORTING)),
        ("completed", "imported", "ok", None, QueueStatus(QueueState.COMPLETED)),
        ("completed", "ignored", "ok", None, QueueStatus(QueueState.COMPLETED)),
        (
            "completed",
            "importBlocked",
            "warning",
            None,
            QueueStatus(QueueState.WARNING, "Import blocked"),
        ),
        (
            "completed",
            "importPending",
            "warning",
            "Manual Import required.",
            QueueStatus(QueueState.WARNING, "Manual Import required."),
        ),
        (
            "warning",
            "downloading",
            "warning",
            "The download is stalled with no connections",
            QueueStatus(
                QueueState.STALLED, "The download is stalled with no connections"
            ),
        ),
        (
            "downloadClientUnavailable",
            "downloading",
            "warning",
            None,
            QueueStatus(QueueState.WARNING, "Download client unavailable"),
        ),
        (
            "failed",
            "failed",
            "error",
            None,
            QueueStatus(QueueState.FAILED, "No reason given"),
        ),
    ],
)
def test_arr_states_map_onto_one_vocabulary(
    status: str,
    tracked_state: str,
    tracked_status: str,
    problem: str | None,
    expected: QueueStatus,
) -> None:
    """Every arr status and tracked state becomes one of AutoArr's states."""
    assert arr_status(status, tracked_state, tracked_status, problem) == expected


def test_the_client_knows_best_while_the_arr_waits() -> None:
    """While the arr waits for a download, its client's state stands; once
    the arr is further along, the arr's does."""
    downloading = QueueStatus(QueueState.DOWNLOADING)
    paused = sab_status("Downloading", queue_paused=True)
    assert paused == QueueStatus(QueueState.PAUSED)
    assert combined(downloading, paused) == paused
    stalled = client_status(DownloadState.STALLED)
    assert combined(QueueStatus(QueueState.QUEUED), stalled).state is QueueState.STALLED
    done = client_status(DownloadState.SEEDING)
    assert combined(downloading, done) == QueueStatus(QueueState.IMPORTING)
    failed = QueueStatus(QueueState.FAILED, "Unpacking failed")
    assert combined(failed, sab_status("Downloading", queue_paused=False)) == failed
    assert client_status(DownloadState.FAILED, "disk full") == QueueStatus(
        QueueState.FAILED, "disk full"
    )
    assert sab_status("Grabbing", queue_paused=False).state is QueueState.QUEUED
