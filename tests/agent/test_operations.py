"""Tests of the agent's jobs on the stack, with in-memory services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.autoarr.agent import operations
from custom_components.autoarr.agent.media import MediaRequest
from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.arr.errors import ArrApiError

from . import fakes
from .fakes import (
    FakeStack,
    calendar_item,
    history_slot,
    queue_item,
    sab_slot,
    wanted_episode,
)

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


async def test_downloads_merges_sab_and_arr_queues(fake: FakeStack) -> None:
    """A download listed by both SABnzbd and an arr appears once, named well."""
    fake.sab.slots = [
        sab_slot(
            "SABnzbd_nzo_1", "The.Bear.S03E01.1080p.WEB", 40.0, timedelta(minutes=12)
        ),
        sab_slot("SABnzbd_nzo_2", "Some.Other.Thing", 90.0, timedelta(seconds=30)),
    ]
    fake.sonarr.queue = [
        queue_item(
            7,
            "The.Bear.S03E01.1080p.WEB",
            download_id="SABnzbd_nzo_1",
            media_title="The Bear",
            season=3,
            episode=1,
        ),
    ]
    fake.radarr.queue = [
        queue_item(9, "Dune.1984.720p", size=100, size_left=0, state="importPending"),
        queue_item(10, "Bad.Movie.2020", state="failed", error="No files found"),
    ]
    report = await operations.downloads(fake.stack)
    # By what matters: downloading (furthest along first), failed, importing.
    assert [d.as_dict() for d in report.downloads] == [
        {
            "name": "Some.Other.Thing",
            "service": "SABnzbd",
            "progress": 90.0,
            "eta_seconds": 30,
            "state": "downloading",
        },
        {
            "name": "The Bear S03E01",
            "service": "SABnzbd",
            "progress": 40.0,
            "eta_seconds": 720,
            "state": "downloading",
        },
        {
            "name": "Bad.Movie.2020",
            "service": "Radarr",
            "progress": 50.0,
            "eta_seconds": None,
            "state": "failed",
            "reason": "No files found",
        },
        {
            "name": "Dune.1984.720p",
            "service": "Radarr",
            "progress": 100.0,
            "eta_seconds": None,
            "state": "importing",
        },
    ]
    assert [d.name for d in report.active] == ["Some.Other.Thing", "The Bear S03E01"]
    assert report.speed_bytes_per_s == 12_500_000.0
    assert report.paused is False
    assert report.unavailable == []

    named = await operations.downloads(fake.stack, name="the bear")
    assert [d.name for d in named.downloads] == ["The Bear S03E01"]


async def test_downloads_reports_services_that_are_down(fake: FakeStack) -> None:
    """A service that fails is named; the others still answer."""
    fake.sab.down = True
    fake.radarr.queue = [queue_item(1, "Dune.2021")]
    report = await operations.downloads(fake.stack)
    assert report.unavailable == ["SABnzbd"]
    assert [d.name for d in report.downloads] == ["Dune.2021"]
    assert report.speed_bytes_per_s is None
    assert report.paused is None


async def test_pause_resume_retry_and_search(fake: FakeStack) -> None:
    """Control jobs reach every service and say which ones they reached."""
    result = await operations.pause(fake.stack, 30)
    assert result.as_dict() == {"done": ["SABnzbd"], "unavailable": [], "count": 0}
    assert fake.sab.paused_for == [30]
    assert (await operations.resume(fake.stack)).done == ["SABnzbd"]
    assert fake.sab.paused is False

    fake.sab.failed = [
        history_slot("nzo_a", "A", retry=True),
        history_slot("nzo_b", "B", retry=False),
    ]
    retried = await operations.retry_failed(fake.stack)
    assert retried.count == 1
    assert fake.sab.retried == ["nzo_a"]

    fake.radarr.down = True
    searched = await operations.search_missing(fake.stack)
    assert searched.done == ["Sonarr"]
    assert searched.unavailable == ["Radarr"]
    assert fake.sonarr.searched == 1


async def test_upcoming_sorted_and_labelled(fake: FakeStack) -> None:
    """Episodes get SxxEyy labels; items come in time order."""
    fake.sonarr.calendar_items = [
        calendar_item(
            "episode",
            "The Bear",
            NOW + timedelta(days=2),
            title="Tonnato",
            season=3,
            episode=2,
        ),
    ]
    fake.radarr.calendar_items = [
        calendar_item("movie", "Dune: Part Three", NOW + timedelta(days=1))
    ]
    report = await operations.upcoming(fake.stack, NOW, NOW + timedelta(days=7))
    assert report.as_dict()["items"] == [
        {
            "kind": "movie",
            "title": "Dune: Part Three",
            "start": (NOW + timedelta(days=1)).isoformat(),
            "has_file": False,
        },
        {
            "kind": "episode",
            "title": "The Bear",
            "start": (NOW + timedelta(days=2)).isoformat(),
            "has_file": False,
            "episode": "S03E02",
            "episode_title": "Tonnato",
        },
    ]
    assert fake.sonarr.calendar_calls == [(NOW, NOW + timedelta(days=7))]


async def test_missing_counts_and_examples(fake: FakeStack) -> None:
    """Missing totals per service, with readable examples."""
    fake.sonarr.wanted = [
        wanted_episode("The Bear", 1, 2),
        wanted_episode("Dark", 3, 8),
    ]
    report = await operations.missing(fake.stack)
    assert report.as_dict() == {
        "total": 2,
        "by_service": {"Sonarr": 2, "Radarr": 0},
        "examples": ["The Bear S01E02", "Dark S03E08"],
        "unavailable": [],
        "unsupported": [],
    }


async def test_in_library(fake: FakeStack) -> None:
    """Library questions find movies and series by spoken title."""
    report = await operations.in_library(fake.stack, MediaRequest("severance"))
    assert [m.as_dict() for m in report.matches] == [
        {
            "kind": "series",
            "title": "Severance",
            "year": 2022,
            "service": "Sonarr",
            "has_file": None,
        }
    ]
    report = await operations.in_library(
        fake.stack, MediaRequest("Oppenheimer", "movie")
    )
    assert report.matches[0].has_file is False
    assert (await operations.in_library(fake.stack, MediaRequest("Dark"))).matches == []


async def test_request_adds_a_clear_match_with_defaults(fake: FakeStack) -> None:
    """A clear match is added with the 1080p profile and the roomiest folder."""
    outcome = await operations.request_media(
        fake.stack, MediaRequest("Dune Part Two", "movie")
    )
    assert outcome.status == "added"
    assert outcome.as_dict() == {
        "status": "added",
        "query": "Dune Part Two",
        "media": {
            "kind": "movie",
            "title": "Dune: Part Two",
            "year": 2024,
            "id": "tmdb:693134",
            "in_library": False,
        },
        "quality_profile": "HD-1080p",
        "root_folder": "/media/big",
        "searching": True,
    }
    assert fake.radarr.added == [
        {
            "title": "Dune: Part Two",
            "quality_profile_id": 4,
            "root_folder_path": "/media/big",
            "monitored": True,
            "search": True,
        }
    ]


async def test_request_quality_hint_and_instance_defaults(fake: FakeStack) -> None:
    """A 4K hint picks the UHD profile; configured defaults are honoured."""
    outcome = await operations.request_media(
        fake.stack, MediaRequest("The Bear", "series", quality="2160p"), search=False
    )
    assert outcome.status == "added"
    assert fake.sonarr.added[0]["quality_profile_id"] == 5
    assert fake.sonarr.added[0]["search"] is False

    stack = Stack(
        radarr=(
            Instance(
                "Radarr",
                fake.radarr,
                quality_profile_id=1,
                root_folder_path="/media/small",
            ),
        )
    )
    await operations.request_media(stack, MediaRequest("The Matrix", "movie"))
    assert fake.radarr.added[-1]["quality_profile_id"] == 1
    assert fake.radarr.added[-1]["root_folder_path"] == "/media/small"


async def test_request_ambiguous_already_and_not_found(fake: FakeStack) -> None:
    """Several plausible matches are returned; library items are not re-added."""
    outcome = await operations.request_media(fake.stack, MediaRequest("Dune"))
    assert outcome.status == "ambiguous"
    assert [c.label() for c in outcome.candidates] == ["Dune (2021)", "Dune (1984)"]
    assert outcome.candidates[0].in_library is True

    outcome = await operations.request_media(
        fake.stack, MediaRequest("Dune", year=2021)
    )
    assert outcome.status == "already_in_library"
    assert fake.radarr.added == []

    outcome = await operations.request_media(
        fake.stack, MediaRequest("Nothing Like It")
    )
    assert outcome.status == "not_found"
    assert outcome.as_dict() == {"status": "not_found", "query": "Nothing Like It"}


async def test_request_by_id_and_chosen(fake: FakeStack) -> None:
    """An id from a candidate list names the exact item."""
    outcome = await operations.request_media(
        fake.stack, MediaRequest("Dune"), external_id="tmdb:841"
    )
    assert outcome.status == "added"
    assert fake.radarr.added[0]["title"] == "Dune"
    outcome = await operations.request_media(
        fake.stack, MediaRequest("Dune"), external_id="tvdb:1"
    )
    assert outcome.status == "not_found"


async def test_request_without_services_or_when_down(fake: FakeStack) -> None:
    """Missing or failing services give a plain status, not an exception."""
    outcome = await operations.request_media(Stack(), MediaRequest("Dune", "movie"))
    assert outcome.status == "no_service"

    fake.radarr.down = True
    outcome = await operations.request_media(
        fake.stack, MediaRequest("Matrix", "movie")
    )
    assert outcome.status == "unavailable"
    assert outcome.unavailable == ["Radarr"]


async def test_add_failures_are_reported(
    fake: FakeStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each way an add fails has its own status; only a failure is "unavailable"."""
    monkeypatch.setattr(fakes, "FOLDERS", [fakes.FOLDERS[2]])
    outcome = await operations.request_media(
        fake.stack, MediaRequest("The Matrix", "movie")
    )
    assert outcome.status == "no_root_folder"
    assert outcome.service == "Radarr"
    assert outcome.as_dict()["service"] == "Radarr"
    monkeypatch.undo()

    async def already(*_args: object, **_kwargs: object) -> None:
        raise ArrApiError(
            "Radarr answered HTTP 400: This movie has already been added", status=400
        )

    monkeypatch.setattr(fake.radarr, "add_movie", already)
    outcome = await operations.request_media(
        fake.stack, MediaRequest("The Matrix", "movie")
    )
    assert outcome.status == "already_in_library"

    async def refuse(*_args: object, **_kwargs: object) -> None:
        raise ArrApiError("Radarr answered HTTP 400: Path is not valid", status=400)

    monkeypatch.setattr(fake.radarr, "add_movie", refuse)
    outcome = await operations.request_media(
        fake.stack, MediaRequest("The Matrix", "movie")
    )
    assert (outcome.status, outcome.message) == ("rejected", "Path is not valid")

    async def fail(*_args: object, **_kwargs: object) -> None:
        raise ArrApiError("Radarr answered HTTP 500: boom", status=500)

    monkeypatch.setattr(fake.radarr, "add_movie", fail)
    outcome = await operations.request_media(
        fake.stack, MediaRequest("The Matrix", "movie")
    )
    assert outcome.status == "unavailable"
    assert outcome.unavailable == ["Radarr"]


def test_choose_profile_and_folder_edge_cases() -> None:
    """No profiles, no 1080p profile, no usable folder."""
    assert operations.choose_quality_profile([], None) is None
    only_any = [fakes.PROFILES[0]]
    assert operations.choose_quality_profile(only_any, "2160p") is fakes.PROFILES[0]
    assert operations.choose_root_folder([fakes.FOLDERS[2]]) is None


async def test_unexpected_errors_are_not_swallowed(fake: FakeStack) -> None:
    """Only service errors are tolerated; a bug still raises."""

    async def broken() -> None:
        raise ZeroDivisionError

    fake.sab.queue = broken  # type: ignore[method-assign]
    with pytest.raises(ZeroDivisionError):
        await operations.downloads(fake.stack)


async def test_a_4k_instance_gets_the_4k_requests(fake: FakeStack) -> None:
    """With "Radarr" and "Radarr 4K", quality decides where a movie goes."""
    uhd = fakes.FakeRadarr(catalogue=list(fake.radarr.catalogue))
    stack = Stack(
        radarr=(Instance("Radarr 4K", uhd), Instance("Radarr", fake.radarr)),
    )
    outcome = await operations.request_media(
        stack, MediaRequest("The Matrix", "movie", quality="2160p")
    )
    assert outcome.chosen is not None
    assert outcome.chosen.instance == "Radarr 4K"
    assert [m["title"] for m in uhd.added] == ["The Matrix"]
    assert uhd.added[0]["quality_profile_id"] == 5
    outcome = await operations.request_media(
        stack, MediaRequest("Dune Part Two", "movie")
    )
    assert outcome.chosen is not None
    assert outcome.chosen.instance == "Radarr"
    assert [m["title"] for m in fake.radarr.added] == ["Dune: Part Two"]
