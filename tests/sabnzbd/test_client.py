"""Fast unit tests of SabnzbdClient against FakeSabnzbd (recorded answers).

They check what the client sends for every call, how it reads what the real
SABnzbd answered, and every way a server can fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
import pytest

from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrConnectionError,
    ArrError,
    ArrMalformedResponseError,
    ArrNotFoundError,
    ArrTimeoutError,
    ArrTLSError,
    ArrWrongAppError,
)
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_models import GIB, MIB, SabPriority
from tests.arr_http.servers import closed_port, raw_http_server, running_app
from tests.support.tls import make_self_signed_certificate

from .conftest import RunningFake
from .fake_sab import RECORDED_API_KEY, RECORDED_NZB_KEY, FakeSabnzbd, fixture

type MakeClient = Callable[..., SabnzbdClient]


@pytest.fixture
def client(fake_sab: RunningFake, make_client: MakeClient) -> SabnzbdClient:
    """Return a client of the fake with the right key."""
    return make_client(fake_sab.url)


def sent(fake: FakeSabnzbd, mode: str | None = None) -> dict[str, str]:
    """Return the query of the last request, without the constant parts."""
    request = fake.last(mode)
    query = dict(request.query)
    assert query.pop("apikey") == RECORDED_API_KEY
    assert query.pop("output") == "json"
    return query


# --- Reading recorded answers ---------------------------------------------------


async def test_version(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """mode=version gives the version string."""
    assert await client.version() == "5.1.3"
    assert sent(fake_sab.fake) == {"mode": "version"}


async def test_verify_checks_the_key_with_an_authenticated_call(
    client: SabnzbdClient, fake_sab: RunningFake
) -> None:
    """verify() asks for the version, then for the queue (which needs the key)."""
    assert await client.verify() == "5.1.3"
    assert [r.mode for r in fake_sab.fake.requests] == ["version", "queue"]
    assert sent(fake_sab.fake, "queue") == {"mode": "queue", "limit": "1"}


async def test_queue(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """The recorded queue: three jobs, a timed pause and a speed limit."""
    queue = await client.queue()
    assert sent(fake_sab.fake) == {"mode": "queue"}
    assert queue.version == "5.1.3"
    assert queue.status == "Paused"
    assert queue.paused and not queue.paused_all
    assert queue.pause_remaining == timedelta(minutes=29, seconds=59)
    assert queue.speed_limit_percent == 50
    assert queue.speed_limit_abs == 5 * MIB
    assert queue.speed_bytes_per_s == 0
    # Totals leave out the paused job (0.98 MB), as SABnzbd counts them.
    assert queue.size_bytes == round(12.70 * MIB)
    assert queue.size_left_bytes == round(12.70 * MIB)
    assert queue.active_slots == 2
    # Paused with 12.7 MB left: SABnzbd's 0:00:00 means "cannot tell".
    assert queue.time_left is None
    assert all(slot.time_left is None for slot in queue.slots)
    assert queue.total_slots == 3
    recorded = fixture("queue_items")["queue"]
    assert queue.disk_free_bytes == round(float(recorded["diskspace1"]) * GIB)
    assert queue.disk_total_bytes == round(float(recorded["diskspacetotal1"]) * GIB)
    assert queue.complete_disk_free_bytes == round(float(recorded["diskspace2"]) * GIB)
    assert queue.warning_count == 0
    assert queue.finish_action is None
    assert queue.quota_left_bytes is None

    show, movie, other = queue.slots
    assert show.filename == "Show.Name.S01E01.1080p.WEB.h264-GRP"
    assert show.priority is SabPriority.HIGH and show.priority_name == "High"
    assert show.category == "tv"
    assert show.index == 0
    assert movie.filename == "Movie.Title.2024.2160p.UHD.BluRay.x265-GRP"
    assert movie.priority is SabPriority.HIGH and movie.category == "movies"
    # 5 files of 4 segments of 512,000 bytes, as SABnzbd rounds them.
    assert movie.size_bytes == round(9.77 * MIB)
    assert movie.status == "Queued" and not movie.paused
    assert other.category is None  # "*", the default category
    assert other.priority is SabPriority.LOW
    assert other.paused
    assert other.script is None and other.labels == ()
    assert not other.has_password
    assert other.average_age == recorded["slots"][2]["avg_age"]
    assert other.time_added == datetime.fromtimestamp(
        recorded["slots"][2]["time_added"], UTC
    )
    assert other.percentage == other.progress == 0
    assert other.missing_bytes == 0


async def test_queue_paging(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """start and limit are passed on."""
    await client.queue(start=10, limit=5)
    assert sent(fake_sab.fake) == {"mode": "queue", "start": "10", "limit": "5"}


async def test_empty_queue(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """A fresh SABnzbd's queue."""
    fake_sab.fake.answer("queue", json_body=fixture("queue_empty"))
    queue = await client.queue()
    assert queue.slots == () and queue.total_slots == 0
    assert queue.pause_remaining is None
    assert queue.speed_limit_percent is None and queue.speed_limit_abs is None


async def test_history(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """The recorded history: three jobs failed on the stub news server."""
    history = await client.history()
    assert sent(fake_sab.fake) == {"mode": "history", "limit": "50", "start": "0"}
    assert history.total_slots == 3
    assert history.post_processing_count == 0
    assert (
        history.total_bytes
        == history.day_bytes
        == int(fixture("history_failed")["history"]["total_size"])
    )
    assert len(history.failed) == 3
    by_name = {slot.name: slot for slot in history.slots}
    show = by_name["Show.Name.S01E01.1080p.WEB.h264-GRP"]
    assert show.nzb_name == "Show.Name.S01E01.1080p.WEB.h264-GRP.nzb"
    assert show.failed and show.retry
    assert show.fail_message.startswith("Aborted, cannot be completed")
    assert show.category == "tv"
    assert show.completed is not None and show.completed.tzinfo is UTC
    assert show.storage is not None and show.storage.startswith("/data/sabnzbd/")
    assert show.download_time == timedelta(0)
    assert [stage.name for stage in show.stages] == ["Source", "Download"]
    assert any("missing" in action for action in show.stages[1].actions)
    assert not show.post_processing and not show.archived
    other = by_name["Some.Other.Download"]
    assert other.category is None
    assert other.fail_message.startswith("Download failed - Not on your server(s)")


async def test_history_filters(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """failed_only, category, paging and job ids reach SABnzbd."""
    await client.history(
        limit=10, failed_only=True, start=20, category="tv", nzo_ids=["a", " b "]
    )
    assert sent(fake_sab.fake) == {
        "mode": "history",
        "limit": "10",
        "start": "20",
        "failed_only": "1",
        "category": "tv",
        "nzo_ids": "a,b",
    }


async def test_history_marks_jobs_in_post_processing(
    client: SabnzbdClient, fake_sab: RunningFake
) -> None:
    """The first `ppslots` jobs are still being post-processed."""
    answer = fixture("history_failed")
    answer["history"]["ppslots"] = 2
    fake_sab.fake.answer("history", json_body=answer)
    history = await client.history()
    assert [slot.post_processing for slot in history.slots] == [True, True, False]
    history = await client.history(start=1)
    assert [slot.post_processing for slot in history.slots] == [True, False, False]


async def test_server_stats(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """Totals and the stub server's article counts."""
    stats = await client.server_stats()
    assert sent(fake_sab.fake) == {"mode": "server_stats"}
    total = fixture("server_stats")["total"]
    assert total > 0
    assert (stats.total, stats.month, stats.week, stats.day) == (total,) * 4
    server = stats.servers["missing-articles"]
    assert server.total == total
    assert server.articles_tried_today == 14
    assert server.articles_success_today == 14


async def test_warnings(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """The recorded warning of a rejected key."""
    warnings = await client.warnings()
    assert sent(fake_sab.fake) == {"mode": "warnings"}
    assert len(warnings) == 1
    assert warnings[0].type == "WARNING"
    assert warnings[0].text.startswith("API key incorrect")
    assert warnings[0].origin == "interface.py444"
    assert warnings[0].time is not None and warnings[0].time.year == 2026


async def test_old_style_warnings(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """Before 3.x warnings were "time\\nTYPE\\ntext" strings."""
    fake_sab.fake.answer(
        "warnings",
        json_body={"warnings": ["2020-01-01 10:00:00,000\nERROR\nDisk full", "plain"]},
    )
    first, second = await client.warnings()
    assert (first.type, first.text, first.time) == ("ERROR", "Disk full", None)
    assert (second.type, second.text) == ("WARNING", "plain")


async def test_clear_warnings(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """warnings&name=clear."""
    await client.clear_warnings()
    assert sent(fake_sab.fake) == {"mode": "warnings", "name": "clear"}


async def test_full_status(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """The full status, without the dashboard and without the key."""
    status = await client.full_status()
    assert sent(fake_sab.fake) == {"mode": "fullstatus", "skip_dashboard": "1"}
    assert status.version == "5.1.3"
    assert not status.paused and status.pause_remaining is None
    assert status.uptime == "0m"
    assert status.download_dir == "/data/sabnzbd/incomplete"
    assert status.complete_dir == "/data/sabnzbd/complete"
    assert status.disk_free_bytes == round(11.77 * GIB)
    assert status.orphaned_folders == ()
    (server,) = status.servers
    assert server.name == "Stub news server without articles"
    assert server.active and not server.ssl and not server.optional
    recorded = fixture("fullstatus")["status"]["servers"][0]
    assert server.connections_active == recorded["serveractiveconn"]
    assert server.connections_total == 1
    assert server.error is None and server.warning is None
    assert len(status.warnings) == 1
    assert status.raw["apikey"] == "**REDACTED**"
    assert RECORDED_API_KEY not in repr(status)


async def test_categories(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """get_cats."""
    assert await client.categories() == ["*", "movies", "tv", "audio", "software"]


async def test_get_config(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """Sections and keywords are passed on; keys are blanked."""
    config = await client.get_config("misc")
    assert sent(fake_sab.fake) == {"mode": "get_config", "section": "misc"}
    misc = config["misc"]
    assert misc["api_key"] == "**REDACTED**"
    assert misc["nzb_key"] == "**REDACTED**"
    assert misc["password"] == ""  # empty secrets stay empty (nothing to hide)
    assert misc["max_art_tries"] == 3
    assert RECORDED_API_KEY not in repr(config) and RECORDED_NZB_KEY not in repr(config)
    await client.get_config("misc", "max_art_tries")
    assert sent(fake_sab.fake) == {
        "mode": "get_config",
        "section": "misc",
        "keyword": "max_art_tries",
    }
    await client.get_config()
    assert sent(fake_sab.fake) == {"mode": "get_config"}


async def test_set_config(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """One setting; booleans are sent as 0/1."""
    written = await client.set_config(
        "misc", "history_retention_option", "days-archive"
    )
    assert written == {"misc": {"history_retention_option": "days-archive"}}
    assert sent(fake_sab.fake) == {
        "mode": "set_config",
        "section": "misc",
        "keyword": "history_retention_option",
        "value": "days-archive",
    }
    await client.set_config("misc", "pre_check", True)
    assert sent(fake_sab.fake)["value"] == "1"
    await client.set_config("misc", "pre_check", False)
    assert sent(fake_sab.fake)["value"] == "0"


# --- Actions: what is sent -------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda c: c.pause(), {"mode": "pause"}),
        (
            lambda c: c.pause(duration_minutes=30),
            {"mode": "config", "name": "set_pause", "value": "30"},
        ),
        (lambda c: c.resume(), {"mode": "resume"}),
        (
            lambda c: c.set_speed_limit(),
            {"mode": "config", "name": "speedlimit", "value": "0"},
        ),
        (
            lambda c: c.set_speed_limit(40),
            {"mode": "config", "name": "speedlimit", "value": "40%"},
        ),
        (
            lambda c: c.set_speed_limit(100),
            {"mode": "config", "name": "speedlimit", "value": "100%"},
        ),
        (
            lambda c: c.set_speed_limit(bytes_per_second=2 * MIB),
            {"mode": "config", "name": "speedlimit", "value": "2048.0K"},
        ),
        (
            lambda c: c.set_speed_limit(bytes_per_second=50),
            {"mode": "config", "name": "speedlimit", "value": "0.2K"},
        ),
        (
            lambda c: c.pause_item("SABnzbd_nzo_1"),
            {"mode": "queue", "name": "pause", "value": "SABnzbd_nzo_1"},
        ),
        (
            lambda c: c.resume_item("SABnzbd_nzo_1"),
            {"mode": "queue", "name": "resume", "value": "SABnzbd_nzo_1"},
        ),
        (
            lambda c: c.delete_items(["a", "b"]),
            {"mode": "queue", "name": "delete", "value": "a,b"},
        ),
        (
            lambda c: c.delete_items("a", delete_files=True),
            {"mode": "queue", "name": "delete", "value": "a", "del_files": "1"},
        ),
        (
            lambda c: c.set_priority("a", SabPriority.HIGH),
            {"mode": "queue", "name": "priority", "value": "a", "value2": "1"},
        ),
        (
            lambda c: c.set_priority("a", "paused"),
            {"mode": "queue", "name": "priority", "value": "a", "value2": "-2"},
        ),
        (
            lambda c: c.set_priority("a", -100),
            {"mode": "queue", "name": "priority", "value": "a", "value2": "-100"},
        ),
        (lambda c: c.retry("a"), {"mode": "retry", "value": "a"}),
        (
            lambda c: c.queue(nzo_ids=["a", "b"]),
            {"mode": "queue", "nzo_ids": "a,b"},
        ),
        (
            lambda c: c.clear_history("failed"),
            {"mode": "history", "name": "delete", "value": "failed"},
        ),
        (
            lambda c: c.clear_history("all", delete_files=True, permanent=True),
            {
                "mode": "history",
                "name": "delete",
                "value": "all",
                "del_files": "1",
                "archive": "0",
            },
        ),
        (lambda c: c.retry_all(), {"mode": "retry_all"}),
        (
            lambda c: c.delete_history(["a", "b"]),
            {"mode": "history", "name": "delete", "value": "a,b"},
        ),
        (
            lambda c: c.delete_history(["a"], delete_files=True, permanent=True),
            {
                "mode": "history",
                "name": "delete",
                "value": "a",
                "del_files": "1",
                "archive": "0",
            },
        ),
        (
            lambda c: c.add_url("http://indexer.example/get?id=1"),
            {"mode": "addurl", "name": "http://indexer.example/get?id=1"},
        ),
        (
            lambda c: c.add_url(
                "http://indexer.example/get?id=1",
                name="Nice Name",
                category="tv",
                priority="high",
                password="secret",
            ),
            {
                "mode": "addurl",
                "name": "http://indexer.example/get?id=1",
                "nzbname": "Nice Name",
                "cat": "tv",
                "priority": "1",
                "password": "secret",
            },
        ),
    ],
)
async def test_actions_send(
    client: SabnzbdClient,
    fake_sab: RunningFake,
    call: Callable[[SabnzbdClient], Any],
    expected: dict[str, str],
) -> None:
    """Each action sends exactly SABnzbd's parameters."""
    await call(client)
    assert sent(fake_sab.fake) == expected


@pytest.mark.parametrize(
    "config",
    [
        {"misc": {"bandwidth_max": ""}},
        {"misc": {"bandwidth_max": "0"}},
        {"misc": {"bandwidth_max": None}},
        {"misc": {"bandwidth_max": 0}},
        {"misc": {}},
        {},
    ],
)
async def test_percent_limit_needs_a_line_speed(
    client: SabnzbdClient, fake_sab: RunningFake, config: dict[str, Any]
) -> None:
    """Without a maximum line speed a percentage would do nothing: refused."""
    fake_sab.fake.answer("get_config", json_body={"config": config})
    with pytest.raises(ArrApiError, match="no maximum line speed"):
        await client.set_speed_limit(50)
    assert [r.mode for r in fake_sab.fake.requests] == ["get_config"]
    assert sent(fake_sab.fake) == {
        "mode": "get_config",
        "section": "misc",
        "keyword": "bandwidth_max",
    }
    # 100 % (no limit) and absolute limits need no line speed.
    await client.set_speed_limit(100)
    await client.set_speed_limit(bytes_per_second=MIB)
    assert [r.mode for r in fake_sab.fake.requests][-2:] == ["config", "config"]


async def test_action_results(client: SabnzbdClient) -> None:
    """What the actions return from the recorded answers."""
    assert await client.set_priority("a", 2) == fixture("queue_priority")["position"]
    assert await client.retry("a") == fixture("retry")["nzo_id"]
    assert await client.retry_all() == fixture("retry_all")["status"]
    assert await client.delete_items(["a"]) == fixture("queue_delete")["nzo_ids"]
    assert (
        await client.add_url("http://indexer.example/x")
        == fixture("addfile")["nzo_ids"]
    )


async def test_add_file_uploads_the_nzb(
    client: SabnzbdClient, fake_sab: RunningFake
) -> None:
    """addfile is a multipart POST with the NZB as the "name" field."""
    ids = await client.add_file(
        "My.Show.S01E01.nzb",
        b"<nzb>content</nzb>",
        name="My Show",
        category="tv",
        priority=0,
    )
    assert ids == fixture("addfile")["nzo_ids"]
    request = fake_sab.fake.last("addfile")
    assert request.method == "POST"
    assert request.form["name"] == (
        "My.Show.S01E01.nzb",
        b"<nzb>content</nzb>",
        "application/x-nzb",
    )
    assert sent(fake_sab.fake) == {
        "mode": "addfile",
        "nzbname": "My Show",
        "cat": "tv",
        "priority": "0",
    }


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.pause(duration_minutes=0),
        lambda c: c.pause(duration_minutes=-5),
        lambda c: c.set_speed_limit(0),
        lambda c: c.set_speed_limit(101),
        lambda c: c.set_speed_limit(10, bytes_per_second=100),
        lambda c: c.set_speed_limit(bytes_per_second=0),
        lambda c: c.set_priority("a", "urgent"),
        lambda c: c.set_priority("a", 7),
        lambda c: c.add_url("http://x", priority="urgent"),
        lambda c: c.delete_items([]),
        lambda c: c.delete_items(["", "  "]),
        lambda c: c.delete_history([]),
        lambda c: c.history(nzo_ids=[]),
        lambda c: c.delete_items(["all"]),
        lambda c: c.delete_items(["SABnzbd_nzo_1", "All"]),
        lambda c: c.delete_history(["failed"]),
        lambda c: c.delete_history("completed"),
        lambda c: c.queue(nzo_ids=["all"]),
        lambda c: c.clear_history("everything"),
    ],
)
async def test_invalid_arguments(
    client: SabnzbdClient, fake_sab: RunningFake, call: Callable[[SabnzbdClient], Any]
) -> None:
    """Arguments SABnzbd would misread are refused before any request."""
    with pytest.raises(ValueError):
        await call(client)
    assert fake_sab.fake.requests == []


# --- SABnzbd saying no -----------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "name", "answer", "call"),
    [
        ("retry", None, "error_no_item", lambda c: c.retry("SABnzbd_nzo_nope")),
        (
            "set_config",
            None,
            "error_no_config",
            lambda c: c.set_config("misc", "nope", 1),
        ),
        (
            "queue",
            "priority",
            "queue_priority_unknown",
            lambda c: c.set_priority("nope", 1),
        ),
        ("queue", "delete", "queue_delete_unknown", lambda c: c.delete_items(["nope"])),
        (
            "queue",
            "pause",
            {"status": False, "nzo_ids": []},
            lambda c: c.pause_item("nope"),
        ),
        (
            "queue",
            "resume",
            {"status": True, "nzo_ids": []},
            lambda c: c.resume_item("nope"),
        ),
    ],
)
async def test_not_found(
    client: SabnzbdClient,
    fake_sab: RunningFake,
    mode: str,
    name: str | None,
    answer: str | dict[str, Any],
    call: Callable[[SabnzbdClient], Any],
) -> None:
    """SABnzbd's ways of saying "no such job/setting" become ArrNotFoundError."""
    fake_sab.fake.answer(
        mode, name, json_body=fixture(answer) if isinstance(answer, str) else answer
    )
    with pytest.raises(ArrNotFoundError):
        await call(client)


async def test_api_error_message(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """{"status": false, "error": ...} carries SABnzbd's words."""
    with pytest.raises(
        ArrApiError, match="answered with an error: not implemented"
    ) as err:
        await client.call("no_such_mode")
    assert not isinstance(err.value, ArrNotFoundError)
    fake_sab.fake.answer("queue", json_body={"status": False})
    with pytest.raises(ArrApiError, match="refused the request"):
        await client.queue()


async def test_add_refused(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """An NZB SABnzbd could not add is an ArrApiError naming the file, not the URL."""
    fake_sab.fake.answer("addfile", json_body={"status": False, "nzo_ids": []})
    with pytest.raises(ArrApiError, match=r"did not add broken\.nzb"):
        await client.add_file("broken.nzb", b"garbage")
    fake_sab.fake.answer("addurl", json_body={"status": True, "nzo_ids": []})
    with pytest.raises(ArrApiError) as err:
        await client.add_url("http://indexer.example/get?apikey=indexer-secret")
    assert "indexer-secret" not in str(err.value)


@pytest.mark.parametrize(
    ("mode", "body", "call"),
    [
        ("queue", {"nothing": 1}, lambda c: c.queue()),
        ("queue", [], lambda c: c.queue()),
        ("queue", {"queue": []}, lambda c: c.queue()),
        ("queue", {"queue": {"slots": "many"}}, lambda c: c.queue()),
        ("queue", {"queue": {"mb": "lots"}}, lambda c: c.queue()),
        ("queue", {"queue": {"pause_int": "soon"}}, lambda c: c.queue()),
        ("queue", {"queue": {"timeleft": "1:99:00"}}, lambda c: c.queue()),
        ("queue", {"queue": {"paused": "maybe"}}, lambda c: c.queue()),
        ("history", {"history": {"total_size": "many"}}, lambda c: c.history()),
        ("warnings", {"warnings": {"text": "x"}}, lambda c: c.warnings()),
        ("server_stats", {"total": "x"}, lambda c: c.server_stats()),
        ("fullstatus", {"status": {"servers": [1]}}, lambda c: c.full_status()),
        ("get_cats", {"categories": [1, 2]}, lambda c: c.categories()),
        ("get_config", {"config": []}, lambda c: c.get_config()),
        ("set_config", {"config": "x"}, lambda c: c.set_config("misc", "a", 1)),
        ("retry", {"status": True}, lambda c: c.retry("a")),
        ("pause", {"paused": True}, lambda c: c.pause()),
        ("pause", {"status": "yes"}, lambda c: c.pause()),
        ("queue", {"position": "first"}, lambda c: c.set_priority("a", 1)),
        ("queue", {"position": True}, lambda c: c.set_priority("a", 1)),
        ("addurl", {"status": True, "nzo_ids": "x"}, lambda c: c.add_url("http://x")),
    ],
)
async def test_malformed_answers(
    client: SabnzbdClient,
    fake_sab: RunningFake,
    mode: str,
    body: Any,
    call: Callable[[SabnzbdClient], Any],
) -> None:
    """JSON of the wrong shape is ArrMalformedResponseError, never a crash."""
    fake_sab.fake.answer(mode, json_body=body)
    fake_sab.fake.answer(mode, "priority", json_body=body)
    with pytest.raises(ArrMalformedResponseError):
        await call(client)


@pytest.mark.parametrize(
    ("mode", "body", "call"),
    [
        (
            "queue",
            {"queue": {"slots": [{"nzo_id": ""}, {"nzo_id": "good", "mb": "1"}]}},
            lambda c: c.queue(),
        ),
        (
            "history",
            {
                "history": {
                    "slots": [{"nzo_id": 5, "completed": 1e300}, {"nzo_id": "good"}]
                }
            },
            lambda c: c.history(),
        ),
        (
            "history",
            {
                "history": {
                    "slots": [{"nzo_id": "x", "stage_log": [3]}, {"nzo_id": "good"}]
                }
            },
            lambda c: c.history(),
        ),
        (
            "warnings",
            {"warnings": [[1], {"text": "disk full", "type": "ERROR"}]},
            lambda c: c.warnings(),
        ),
    ],
)
async def test_malformed_records_are_left_out_with_one_warning(
    client: SabnzbdClient,
    fake_sab: RunningFake,
    caplog: pytest.LogCaptureFixture,
    mode: str,
    body: Any,
    call: Callable[[SabnzbdClient], Any],
) -> None:
    """A slot SABnzbd sent that cannot be read is left out, not the whole list."""
    fake_sab.fake.answer(mode, json_body=body)
    for _ in range(2):
        result = await call(client)
        kept = result if isinstance(result, list) else result.slots
        assert len(kept) == 1
        assert getattr(kept[0], "nzo_id", "good") == "good"
    warned = [r for r in caplog.records if "left out a record of" in r.message]
    assert len(warned) == 1
    assert warned[0].message.startswith(f"SABnzbd at {client.base_url}")


async def test_retry_all_before_ids_were_reported(
    client: SabnzbdClient, fake_sab: RunningFake
) -> None:
    """Older SABnzbd answered retry_all with {"status": true}: no ids."""
    fake_sab.fake.answer("retry_all", json_body={"status": True})
    assert await client.retry_all() == []
    fake_sab.fake.answer("retry_all", json_body={"status": ["a", None, 3, ""]})
    assert await client.retry_all() == ["a"]


# --- Keys, apps and pages ---------------------------------------------------------


@pytest.mark.parametrize("key", ["test-api-key-wrong-0123456789", ""])
async def test_rejected_key(
    fake_sab: RunningFake, make_client: MakeClient, key: str
) -> None:
    """SABnzbd 5's 403 "API Key Incorrect/Required" is ArrAuthError."""
    client = make_client(fake_sab.url, key)
    with pytest.raises(ArrAuthError, match="rejected the API key") as err:
        await client.queue()
    assert "API Key" in str(err.value)
    if key:
        assert key not in str(err.value)
    # The version needs no key, like on the real SABnzbd.
    assert await client.version() == "5.1.3"


async def test_nzb_key_cannot_verify(
    fake_sab: RunningFake, make_client: MakeClient
) -> None:
    """The NZB key is not enough for verify()."""
    client = make_client(fake_sab.url, RECORDED_NZB_KEY)
    with pytest.raises(ArrAuthError):
        await client.verify()


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error", "match"),
    [
        (
            200,
            b'{"status": false, "error": "API Key Incorrect"}',
            "application/json",
            ArrAuthError,
            "API Key Incorrect",
        ),
        (
            200,
            b'{"status": false, "error": "API Key Required"}',
            "application/json",
            ArrAuthError,
            "API Key Required",
        ),
        (
            403,
            b"External internet access denied - https://sabnzbd.org/access-denied",
            "text/html",
            ArrApiError,
            "refused the request: External internet access denied",
        ),
        (
            403,
            b"Access denied - Hostname verification failed: https://sabnzbd.org/hostname-check",
            "text/html",
            ArrApiError,
            "Hostname verification failed",
        ),
        (
            403,
            b"Access denied - Configuration locked",
            "text/html",
            ArrApiError,
            "Configuration locked",
        ),
        (
            403,
            b"<html><body>Forbidden by the proxy</body></html>",
            "text/html",
            ArrAuthError,
            r"HTTP 403",
        ),
        (401, b"", "text/plain", ArrAuthError, r"HTTP 401"),
        (404, b"<html>Not Found</html>", "text/html", ArrWrongAppError, "URL base"),
        (
            500,
            b'{"message": "boom"}',
            "application/json",
            ArrApiError,
            "HTTP 500: boom",
        ),
        (
            200,
            b"<!DOCTYPE html><html><title>Plex</title></html>",
            "text/html",
            ArrWrongAppError,
            "web page",
        ),
        (200, b"  <html>", "application/json", ArrWrongAppError, "web page"),
        (
            200,
            b'{"queue": {"slots": [',
            "application/json",
            ArrMalformedResponseError,
            "valid JSON",
        ),
        (
            200,
            b"\xff\xfe garbage",
            "application/octet-stream",
            ArrMalformedResponseError,
            "valid JSON",
        ),
    ],
)
async def test_failure_answers(
    client: SabnzbdClient,
    fake_sab: RunningFake,
    status: int,
    body: bytes,
    content_type: str,
    error: type[ArrError],
    match: str,
) -> None:
    """Every way SABnzbd (or something else) says no maps to its ArrError."""
    fake_sab.fake.answer("queue", body=body, status=status, content_type=content_type)
    with pytest.raises(error, match=match) as err:
        await client.queue()
    assert type(err.value) is error
    assert RECORDED_API_KEY not in str(err.value)
    assert "apikey" not in str(err.value)


async def test_another_app_at_the_url(
    http_session: Any, make_client: MakeClient
) -> None:
    """A Sonarr answering /api with its own JSON is not SABnzbd."""
    app = web.Application()

    async def sonarr_api(request: web.Request) -> web.Response:
        return web.json_response({"current": "v3", "deprecated": []})

    app.router.add_get("/api", sonarr_api)
    async with running_app(app) as url:
        client = make_client(url)
        with pytest.raises(ArrWrongAppError, match="is not SABnzbd"):
            await client.version()
        with pytest.raises(ArrMalformedResponseError, match="without 'queue'"):
            await client.queue()


async def test_error_messages_never_echo_the_key(
    client: SabnzbdClient, fake_sab: RunningFake
) -> None:
    """A server that echoes the key in its error text gets it blanked."""
    fake_sab.fake.answer(
        "queue",
        json_body={"status": False, "error": f"bad request apikey={RECORDED_API_KEY}"},
    )
    with pytest.raises(ArrApiError) as err:
        await client.queue()
    assert RECORDED_API_KEY not in str(err.value)
    fake_sab.fake.answer(
        "queue",
        body=f"Denied {RECORDED_API_KEY}".encode(),
        status=403,
        content_type="text/plain",
    )
    with pytest.raises(ArrApiError) as err:
        await client.queue()
    assert RECORDED_API_KEY not in str(err.value)
    # A key straddling the point where long messages are cut: not half shown.
    for answer in (
        {"body": ("x" * 190 + RECORDED_API_KEY).encode(), "status": 403},
        {"json_body": {"status": False, "error": "x" * 190 + RECORDED_API_KEY}},
    ):
        fake_sab.fake.answer("queue", content_type="text/plain", **answer)
        with pytest.raises(ArrApiError) as err:
            await client.queue()
        assert RECORDED_API_KEY[:8] not in str(err.value)


# --- URLs and transport failures --------------------------------------------------


@pytest.mark.parametrize("base", ["", "/", "/sabnzbd", "/sabnzbd/"])
async def test_url_base(
    fake_sab: RunningFake, make_client: MakeClient, base: str
) -> None:
    """SABnzbd answers with and without its URL base."""
    client = make_client(fake_sab.url + base)
    assert (await client.queue()).version == "5.1.3"
    assert fake_sab.fake.last().path == (
        "/sabnzbd/api" if "sabnzbd" in base else "/api"
    )
    assert client.base_url.rstrip("/") == (fake_sab.url + base).rstrip("/")


async def test_password_in_url_stays_out_of_messages(
    fake_sab: RunningFake, make_client: MakeClient
) -> None:
    """http://user:password@host works but the password is never shown."""
    url = fake_sab.url.replace("http://", "http://admin:hunter2-secret@")
    client = make_client(url)
    assert (await client.version()) == "5.1.3"
    assert "hunter2-secret" not in client.base_url
    fake_sab.fake.answer("retry", json_body={"status": True})
    with pytest.raises(ArrMalformedResponseError) as err:
        await client.retry("x")
    fake_sab.fake.answer("queue", "priority", json_body={"position": -1})
    with pytest.raises(ArrNotFoundError) as not_found:
        await client.set_priority("x", 1)
    for error in (err.value, not_found.value):
        assert "hunter2-secret" not in str(error)


async def test_reverse_proxy_sub_path(make_client: MakeClient) -> None:
    """Behind a proxy that only forwards /downloads/sab/api."""
    fake = FakeSabnzbd(url_base="/downloads/sab", serve_root_api=False)
    async with running_app(fake.app()) as url:
        assert await make_client(f"{url}/downloads/sab").version() == "5.1.3"
        with pytest.raises(ArrWrongAppError, match="URL base"):
            await make_client(url).version()


async def test_timeout(fake_sab: RunningFake, make_client: MakeClient) -> None:
    """A SABnzbd that does not answer in time."""
    fake_sab.fake.answer("queue", json_body=fixture("queue_empty"), delay=30)
    client = make_client(fake_sab.url, timeout=0.3)
    with pytest.raises(ArrTimeoutError):
        await client.queue()


async def test_refused(make_client: MakeClient) -> None:
    """Nothing listens on the port."""
    with pytest.raises(ArrConnectionError, match="cannot connect") as err:
        await make_client(f"http://127.0.0.1:{closed_port()}").queue()
    assert RECORDED_API_KEY not in str(err.value)


async def test_dns_failure(make_client: MakeClient) -> None:
    """A host name that does not resolve."""
    with pytest.raises(ArrConnectionError, match="cannot resolve"):
        await make_client("http://sabnzbd.invalid:8080").queue()


async def test_truncated_answer(make_client: MakeClient) -> None:
    """A body cut short of its Content-Length."""
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n"
        b'{"queue": {"version": "5.1.3", "slots": ['  # and no more
    )
    async with raw_http_server(answer) as url:
        with pytest.raises(ArrMalformedResponseError, match="incomplete"):
            await make_client(url).queue()


async def test_tls(
    fake_sab: RunningFake, make_client: MakeClient, tmp_path: Path
) -> None:
    """SABnzbd's own self-signed HTTPS: refused when verified, fine when not."""
    cert = make_self_signed_certificate(tmp_path)
    fake = FakeSabnzbd()
    async with running_app(fake.app(), ssl_context=cert.server_context()) as url:
        with pytest.raises(ArrTLSError):
            await make_client(url).queue()
        queue = await make_client(url, verify_ssl=False).queue()
    assert queue.version == "5.1.3"
    assert fake.requests[-1].query["apikey"] == RECORDED_API_KEY


async def test_concurrent_calls(client: SabnzbdClient, fake_sab: RunningFake) -> None:
    """One client serves concurrent calls (coordinators poll in parallel)."""
    queue, history, stats = await asyncio.gather(
        client.queue(), client.history(), client.server_stats()
    )
    assert queue.total_slots == 3 and history.total_slots == 3
    assert stats.total == fixture("server_stats")["total"]
