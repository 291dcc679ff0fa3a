"""What's downloading, answered over queues real servers sent.

The queues come from the corpus (tests/fixtures/real), parsed by AutoArr's
own parsers; the answers are the instant answers a user hears and the data
the agent's tools and actions return.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.autoarr.agent import operations
from custom_components.autoarr.agent.instant import InstantMatch, answer
from custom_components.autoarr.agent.sentences import InstantIntent
from custom_components.autoarr.arr.activity_models import CalendarItem, WantedItem
from custom_components.autoarr.arr.fields import parse_list
from custom_components.autoarr.arr.models import Page, QueueItem
from tests.agent.fakes import FakeStack, sab_slot

from .corpus import Payload, load, payloads

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
DOWNLOADS = InstantMatch(InstantIntent.DOWNLOADS, "en")


def queue(app: str, version: str, endpoint: str = "queue") -> list[QueueItem]:
    """Return the records of a corpus queue, as AutoArr parses them."""
    return Page.parse(
        load(app, version, endpoint), "queue", QueueItem.from_json
    ).records


async def test_sonarr_v3_download_is_named_with_its_season_and_episode() -> None:
    """Sonarr v3 names the season only in the embedded episode: S01E01."""
    fake = FakeStack()
    fake.sonarr.queue = queue("sonarr", "v3")
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    assert spoken.data["downloads"][0]["name"] == "The Andy Griffith Show S01E01"
    assert "The Andy Griffith Show season 1 episode 1" in spoken.speech


async def test_season_pack_is_one_download_with_its_episode_range() -> None:
    """Sonarr lists a season pack once per episode: it is read out once."""
    fake = FakeStack()
    fake.sonarr.queue = queue("sonarr", "v4", "queue_season_pack")
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    assert [d["name"] for d in spoken.data["downloads"]] == ["House S02E01-E24"]
    # Sonarr has it paused: it is counted as paused, not read as downloading.
    assert spoken.data["downloads"][0]["state"] == "paused"
    assert spoken.speech == "Nothing is downloading. 1 paused."


async def test_season_pack_that_sabnzbd_also_lists_is_answered() -> None:
    """A season pack SABnzbd downloads is one download, named by Sonarr.

    It used to fail the whole answer (ValueError) from the second episode on.
    """
    fake = FakeStack()
    nzo_id = "SABnzbd_nzo_house_s02"
    fake.sonarr.queue = [
        dataclasses.replace(item, download_id=nzo_id)
        for item in queue("sonarr", "v4", "queue_season_pack")
    ]
    fake.sab.slots = [
        sab_slot(nzo_id, "House.S02.1080p.BluRay.x264", 12.0, timedelta(minutes=40)),
        sab_slot("SABnzbd_nzo_other", "Other.Thing", 50.0, timedelta(minutes=5)),
    ]
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    assert [
        (d["name"], d["service"], d["eta_seconds"]) for d in spoken.data["downloads"]
    ] == [
        ("Other.Thing", "SABnzbd", 300),
        ("House S02E01-E24", "SABnzbd", 2400),
    ]
    # Sonarr lists it paused, SABnzbd downloads it: SABnzbd knows best.
    assert spoken.speech.startswith(
        "2 downloading: Other Thing, about 5 minutes left; "
        "House S02E01-E24, about 40 minutes. "
    )


async def test_paused_download_with_bytes_left_has_no_eta() -> None:
    """A paused download's "00:00:00" is no estimate, not "done now"."""
    fake = FakeStack()
    fake.sonarr.queue = queue("sonarr", "v4", "queue_season_pack")
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    (download,) = spoken.data["downloads"]
    assert download["eta_seconds"] is None
    assert "left" not in spoken.speech


async def test_stalled_season_packs_of_sonarr_v4_are_each_read_once() -> None:
    """A real Sonarr v4 queue: two torrent season packs it lists once per
    episode, stalled at 0 % with no estimate, and an import it holds back.
    "What's downloading?" names each pack once, gives no time left, and says
    why the held-back one needs attention."""
    fake = FakeStack()
    fake.sonarr.queue = queue("sonarr", "v4")
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    assert [
        (d["name"], d["state"], d["progress"], d["eta_seconds"])
        for d in spoken.data["downloads"]
    ] == [
        ("Hard.2020.S01.1080p.WEB-DL.DD2.0.H264-RK", "downloading", 0.0, None),
        ("The.Hour.UK.2011.S01.1080p.BluRay.x264-BTN", "downloading", 0.0, None),
        ("Jamie.Cooks.Spring.S01E02.XviD-AFG[EZTVx.to]", "warning", 100.0, None),
    ]
    assert spoken.speech.startswith(
        "2 downloading: Hard at 0 percent; The Hour UK at 0 percent. "
        "1 needs attention: Jamie Cooks Spring season 1 episode 2, warning: "
        "Not an upgrade for existing episode file(s). "
    )
    assert "left" not in spoken.speech


ARR_QUEUES = [*payloads("sonarr", "queue"), *payloads("radarr", "queue")]


@pytest.mark.parametrize("payload", ARR_QUEUES, ids=lambda p: p.id)
async def test_downloads_answer_over_every_real_queue(payload: Payload) -> None:
    """Every real queue is answered: one download per downloadId, each named."""
    fake = FakeStack()
    records = queue(payload.app, payload.version, payload.endpoint)
    arr = fake.sonarr if payload.app == "sonarr" else fake.radarr
    arr.queue = records
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    downloads = spoken.data["downloads"]
    assert len(downloads) == len({r.download_id or r.id for r in records})
    assert all(d["name"] for d in downloads)
    assert spoken.speech


async def test_missing_answer_over_sonarr_v3() -> None:
    """Missing episodes are named with their series, season and episode."""
    fake = FakeStack()
    fake.sonarr.wanted = Page.parse(
        load("sonarr", "v3", "wanted-missing"), "missing", WantedItem.from_episode
    ).records
    report = await operations.missing(fake.stack)
    assert report.as_dict()["examples"] == [
        "Bob's Burgers S04E11",
        "The Andy Griffith Show S01E01",
    ]


async def test_upcoming_answer_over_sonarr_v3() -> None:
    """What airs is named with its series, season and episode."""
    fake = FakeStack()
    fake.sonarr.calendar_items = parse_list(
        load("sonarr", "v3", "calendar"), "calendar", CalendarItem.from_episode
    )
    start = datetime(2014, 1, 26, tzinfo=UTC)
    report = await operations.upcoming(fake.stack, start, start + timedelta(days=7))
    assert [
        (item["title"], item["episode"], item["episode_title"])
        for item in report.as_dict()["items"]
    ] == [("Bob's Burgers", "S04E11", "Easy Com-mercial, Easy Go-mercial")]


async def test_upcoming_answer_over_sonarr_v4() -> None:
    """What airs in three hours of a real Sonarr v4 calendar, each episode
    named with its series, in the order it airs."""
    fake = FakeStack()
    fake.sonarr.calendar_items = parse_list(
        load("sonarr", "v4", "calendar"), "calendar", CalendarItem.from_episode
    )
    start = datetime(2026, 1, 30, tzinfo=UTC)
    report = await operations.upcoming(fake.stack, start, start + timedelta(hours=3))
    assert [
        (item["title"], item["episode"], item["episode_title"], item["has_file"])
        for item in report.as_dict()["items"]
    ] == [
        (
            "The Real Housewives of Beverly Hills",
            "S15E07",
            "Headlines and Heartbreak",
            False,
        ),
        ("The Pitt", "S02E04", "10:00 A.M.", True),
        ("The Traitors (US)", "S04E07", "The Black Banquet", True),
    ]


async def test_download_radarr_cannot_import_says_why() -> None:
    """Radarr 5 lists a finished download it cannot import with a warning:
    the answer calls it a warning and carries the reason, not "completed"."""
    fake = FakeStack()
    fake.radarr.queue = queue("radarr", "v5")
    spoken = await answer(fake.stack, DOWNLOADS, NOW)
    reason = (
        "Found matching movie via grab history, but release was matched to "
        "movie by ID. Manual Import required."
    )
    assert {(d["state"], d.get("reason")) for d in spoken.data["downloads"]} == {
        ("warning", reason)
    }
    assert spoken.speech.startswith("Nothing is downloading. 1 needs attention: ")
    assert f"warning: {reason.rstrip('.')}" in spoken.speech
