"""Integration tests of SabnzbdClient against a real SABnzbd on 127.0.0.1.

Every job added here fails for real: SABnzbd's only news server is the stub
of tests/support/sabnzbd.py, which has no articles. Waiting for that is a
bounded poll, never a fixed sleep.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime, timedelta
import gzip
import time
from typing import Any

from aiohttp import web
import pytest

from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrConnectionError,
    ArrNotFoundError,
    ArrTLSError,
    ArrWrongAppError,
)
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_history import SabHistorySlot
from custom_components.autoarr.arr.sabnzbd_models import (
    SabPriority,
    SabQueue,
    SabQueueSlot,
)
from tests.support.sabnzbd import SKIP_REASON, RealSabnzbd, make_nzb, sabnzbd_available

from .fake_sab import fixture

pytestmark = pytest.mark.sabnzbd

# Jobs fail within a second or two; the bound only ends a broken run.
DEADLINE = 60.0
MIB = 1024**2


async def wait_for_failed(
    client: SabnzbdClient, nzo_ids: Iterable[str]
) -> dict[str, SabHistorySlot]:
    """Poll the history until every job has failed; return their slots."""
    wanted = set(nzo_ids)
    deadline = time.monotonic() + DEADLINE
    while True:
        history = await client.history(limit=200)
        failed = {
            slot.nzo_id: slot
            for slot in history.slots
            if slot.failed and not slot.post_processing
        }
        if wanted <= failed.keys():
            return {nzo_id: failed[nzo_id] for nzo_id in wanted}
        assert time.monotonic() < deadline, (
            f"jobs {sorted(wanted - failed.keys())} never failed; history: {history.slots}"
        )
        # SABnzbd 5.1 can leave a finished job waiting for its post-processor
        # (see RealSabnzbd.nudge_postprocessor): wake it.
        await client.call("resume_pp")
        await asyncio.sleep(0.2)


async def add_paused_job(client: SabnzbdClient, name: str, **options: Any) -> str:
    """Add a generated NZB while downloading is paused; return its nzo_id."""
    ids = await client.add_file(f"{name}.nzb", make_nzb(name), **options)
    assert len(ids) == 1
    return ids[0]


def slot_of(queue: SabQueue, nzo_id: str) -> SabQueueSlot:
    """Return the queue slot of a job."""
    matches = [slot for slot in queue.slots if slot.nzo_id == nzo_id]
    assert matches, f"{nzo_id} not in the queue: {queue.slots}"
    return matches[0]


# --- Identity, keys and URLs ---------------------------------------------------


async def test_version_and_verify(
    sab_client: SabnzbdClient, sabnzbd: RealSabnzbd
) -> None:
    """The client reads the version and verifies the full API key."""
    expected = sabnzbd.api("version")["version"]
    assert await sab_client.version() == expected
    assert await sab_client.verify() == expected
    assert expected.split(".")[0] in {"4", "5"}


async def test_nzb_key_is_not_enough(
    sabnzbd: RealSabnzbd, make_client: Callable[..., SabnzbdClient]
) -> None:
    """The NZB key answers mode=version but verify() rejects it."""
    client = make_client(sabnzbd.url, sabnzbd.nzb_key)
    assert await client.version()
    with pytest.raises(ArrAuthError) as err:
        await client.verify()
    assert sabnzbd.nzb_key not in str(err.value)


@pytest.mark.parametrize("key", ["test-api-key-0123456789abcdef", ""])
async def test_wrong_or_missing_key(
    sabnzbd: RealSabnzbd, make_client: Callable[..., SabnzbdClient], key: str
) -> None:
    """SABnzbd's 403 "API Key Incorrect/Required" becomes ArrAuthError."""
    client = make_client(sabnzbd.url, key)
    with pytest.raises(ArrAuthError, match="rejected the API key") as err:
        await client.queue()
    message = str(err.value)
    assert "apikey" not in message and "?" not in message
    if key:
        assert key not in message


@pytest.mark.parametrize("suffix", ["", "/", "/sabnzbd", "/sabnzbd/"])
async def test_url_forms(
    sabnzbd: RealSabnzbd, make_client: Callable[..., SabnzbdClient], suffix: str
) -> None:
    """The API answers with and without SABnzbd's URL base, slash or not."""
    client = make_client(sabnzbd.url + suffix, sabnzbd.api_key)
    queue = await client.queue()
    assert queue.version == sabnzbd.api("version")["version"]


async def test_wrong_url_base(
    sabnzbd: RealSabnzbd, make_client: Callable[..., SabnzbdClient]
) -> None:
    """A URL base SABnzbd does not serve is reported as the wrong place."""
    client = make_client(f"{sabnzbd.url}/not-sabnzbd", sabnzbd.api_key)
    with pytest.raises(ArrWrongAppError, match="URL base") as err:
        await client.version()
    assert sabnzbd.api_key not in str(err.value)


async def test_unknown_mode_is_an_api_error(sab_client: SabnzbdClient) -> None:
    """SABnzbd's {"status": false, "error": ...} carries its message."""
    with pytest.raises(ArrApiError, match="not implemented"):
        await sab_client.call("no_such_mode")


# --- Queue ---------------------------------------------------------------------


async def test_queue_item_lifecycle(sab_client: SabnzbdClient) -> None:
    """Add, inspect, pause, resume, reprioritise and delete queue items."""
    await sab_client.pause()
    empty = await sab_client.queue()
    assert empty.slots == () and empty.paused and empty.status == "Paused"

    show = await add_paused_job(
        sab_client, "Show.Name.S02E03.720p", category="tv", priority=SabPriority.HIGH
    )
    movie = await add_paused_job(sab_client, "Movie.Name.2023.1080p", category="movies")

    queue = await sab_client.queue()
    assert {slot.nzo_id for slot in queue.slots} == {show, movie}
    assert queue.total_slots == 2
    show_slot = slot_of(queue, show)
    assert show_slot.filename == "Show.Name.S02E03.720p"
    assert show_slot.category == "tv"
    assert show_slot.priority is SabPriority.HIGH
    assert show_slot.percentage == 0
    # make_nzb's default: 1 file of 2 segments of 512,000 bytes.
    assert abs(show_slot.size_bytes - 1_024_000) < 0.01 * MIB
    assert show_slot.size_left_bytes == show_slot.size_bytes
    assert show_slot.time_added is not None
    assert abs(show_slot.time_added - datetime.now(UTC)) < timedelta(minutes=5)
    assert queue.size_bytes == pytest.approx(2 * 1_024_000, abs=0.02 * MIB)

    await sab_client.pause_item(movie)
    assert slot_of(await sab_client.queue(), movie).paused
    await sab_client.resume_item(movie)
    assert not slot_of(await sab_client.queue(), movie).paused

    # (Not "force": a forced job downloads even while paused, and fails.)
    position = await sab_client.set_priority(show, "low")
    assert position == 1
    queue = await sab_client.queue()
    assert [slot.nzo_id for slot in queue.slots] == [movie, show]
    assert queue.slots[1].priority is SabPriority.LOW

    limited = await sab_client.queue(limit=1)
    assert len(limited.slots) == 1 and limited.total_slots == 2

    assert await sab_client.delete_items([show]) == [show]
    assert [slot.nzo_id for slot in (await sab_client.queue()).slots] == [movie]
    with pytest.raises(ArrNotFoundError):
        await sab_client.delete_items([show])
    with pytest.raises(ArrNotFoundError):
        await sab_client.set_priority(show, SabPriority.LOW)
    await sab_client.delete_items([movie], delete_files=True)
    assert (await sab_client.queue()).slots == ()


async def test_pause_with_duration_and_resume(sab_client: SabnzbdClient) -> None:
    """A timed pause shows its remaining time; resume ends it."""
    await sab_client.pause(duration_minutes=5)
    queue = await sab_client.queue()
    assert queue.paused
    assert queue.pause_remaining is not None
    assert timedelta(minutes=4) < queue.pause_remaining <= timedelta(minutes=5)

    await sab_client.resume()
    queue = await sab_client.queue()
    assert not queue.paused and queue.pause_remaining is None

    await sab_client.pause()
    queue = await sab_client.queue()
    assert queue.paused and queue.pause_remaining is None
    await sab_client.resume()
    assert not (await sab_client.queue()).paused


async def test_speed_limit(sab_client: SabnzbdClient) -> None:
    """Percent (of the maximum line speed) and absolute limits, then none."""
    with pytest.raises(ArrApiError, match="no maximum line speed"):
        await sab_client.set_speed_limit(50)
    assert (await sab_client.queue()).speed_limit_percent is None
    await sab_client.set_config("misc", "bandwidth_max", "10M")
    await sab_client.set_speed_limit(50)
    queue = await sab_client.queue()
    assert queue.speed_limit_percent == 50
    assert queue.speed_limit_abs == 5 * MIB

    await sab_client.set_speed_limit(bytes_per_second=2 * MIB)
    queue = await sab_client.queue()
    assert queue.speed_limit_abs == 2 * MIB
    assert queue.speed_limit_percent == 20

    await sab_client.set_speed_limit()
    queue = await sab_client.queue()
    assert queue.speed_limit_percent is None and queue.speed_limit_abs is None


# --- Failed jobs, retry, history -------------------------------------------------


async def test_failed_job_retry_and_delete(sab_client: SabnzbdClient) -> None:
    """A job fails on the stub server, is retried, fails again and is deleted."""
    ids = await sab_client.add_file(
        "Failing.Show.S01E01.nzb", make_nzb("Failing.Show.S01E01"), category="tv"
    )
    failed = (await wait_for_failed(sab_client, ids))[ids[0]]
    assert failed.name == "Failing.Show.S01E01"
    assert failed.nzb_name == "Failing.Show.S01E01.nzb"
    assert failed.category == "tv"
    assert failed.retry is True
    assert "not on your server" in failed.fail_message.lower() or (
        "cannot be completed" in failed.fail_message.lower()
    )
    assert failed.completed is not None
    assert any(stage.name == "Download" for stage in failed.stages)

    history = await sab_client.history(failed_only=True)
    assert [slot.nzo_id for slot in history.slots] == ids
    assert history.failed == history.slots
    assert history.total_slots == 1

    new_id = await sab_client.retry(ids[0])
    await wait_for_failed(sab_client, [new_id])
    history = await sab_client.history(nzo_ids=[new_id])
    assert [slot.nzo_id for slot in history.slots] == [new_id]

    await sab_client.delete_history([new_id], delete_files=True, permanent=True)
    assert (await sab_client.history()).slots == ()
    with pytest.raises(ArrNotFoundError):
        await sab_client.retry(new_id)


async def test_retry_all(sab_client: SabnzbdClient) -> None:
    """retry_all puts every retryable failed job back; they fail again."""
    first = await sab_client.add_file("One.nzb", make_nzb("One"))
    second = await sab_client.add_file("Two.nzb", make_nzb("Two"))
    await wait_for_failed(sab_client, first + second)

    new_ids = await sab_client.retry_all()
    assert len(new_ids) == 2
    failed = await wait_for_failed(sab_client, new_ids)
    assert {slot.name for slot in failed.values()} == {"One", "Two"}
    assert await sab_client.retry_all() != []  # they are retryable again


async def test_clear_failed_history(sab_client: SabnzbdClient) -> None:
    """clear_history("failed") removes every failed job at once."""
    first = await sab_client.add_file("Clear.One.nzb", make_nzb("Clear.One"))
    second = await sab_client.add_file("Clear.Two.nzb", make_nzb("Clear.Two"))
    await wait_for_failed(sab_client, first + second)
    await sab_client.clear_history("failed", delete_files=True, permanent=True)
    assert (await sab_client.history()).slots == ()
    archived = await sab_client.call("history", params={"archive": 1})
    assert not {first[0], second[0]} & {
        slot["nzo_id"] for slot in archived["history"]["slots"]
    }


async def test_queue_filtered_by_job(sab_client: SabnzbdClient) -> None:
    """queue(nzo_ids=...) shows only those jobs."""
    await sab_client.pause()
    one = await add_paused_job(sab_client, "Filter.One")
    await add_paused_job(sab_client, "Filter.Two")
    queue = await sab_client.queue(nzo_ids=[one])
    assert [slot.nzo_id for slot in queue.slots] == [one]


async def test_delete_history_archives_by_default(sab_client: SabnzbdClient) -> None:
    """SABnzbd 5 archives deleted history jobs unless asked not to."""
    ids = await sab_client.add_file("Archived.nzb", make_nzb("Archived"))
    await wait_for_failed(sab_client, ids)
    await sab_client.delete_history(ids)
    assert (await sab_client.history()).slots == ()
    archived = await sab_client.call("history", params={"archive": 1})
    assert ids[0] in {slot["nzo_id"] for slot in archived["history"]["slots"]}


@pytest.fixture
async def nzb_server() -> AsyncIterator[str]:
    """Serve a generated NZB over HTTP on 127.0.0.1; return its URL."""

    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            body=make_nzb("Grabbed.From.Url"),
            content_type="application/x-nzb",
            headers={
                "Content-Disposition": 'attachment; filename="Grabbed.From.Url.nzb"'
            },
        )

    app = web.Application()
    app.router.add_get("/getnzb", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/getnzb?id=42&apikey=indexer-key-0123456789"
    await runner.cleanup()


async def test_add_url(sab_client: SabnzbdClient, nzb_server: str) -> None:
    """SABnzbd fetches the NZB from the URL; the job then fails for real."""
    ids = await sab_client.add_url(
        nzb_server, name="Grabbed.From.Url", category="movies", priority="low"
    )
    assert len(ids) == 1
    failed = await wait_for_failed(sab_client, ids)
    slot = failed[ids[0]]
    assert slot.name == "Grabbed.From.Url"
    assert slot.category == "movies"


async def test_add_compressed_nzb(sab_client: SabnzbdClient) -> None:
    """A gzipped NZB (as indexers often serve) is unpacked by SABnzbd."""
    await sab_client.pause()
    ids = await sab_client.add_file(
        "Packed.Job.nzb.gz", gzip.compress(make_nzb("Packed.Job")), category="tv"
    )
    (slot,) = (await sab_client.queue(nzo_ids=ids)).slots
    assert slot.filename == "Packed.Job"
    assert slot.category == "tv"


async def test_add_file_rejects_garbage(sab_client: SabnzbdClient) -> None:
    """A file that is no NZB is refused with an ArrApiError."""
    with pytest.raises(ArrApiError, match="did not add"):
        await sab_client.add_file("broken.nzb", b"this is not an nzb")


# --- Configuration, statistics, warnings, status -----------------------------


async def test_set_config_round_trip(sab_client: SabnzbdClient) -> None:
    """A setting written with set_config reads back with get_config."""
    before = await sab_client.get_config("misc", "max_art_tries")
    assert before == {"misc": {"max_art_tries": 3}}
    try:
        written = await sab_client.set_config("misc", "max_art_tries", 5)
        assert written == {"misc": {"max_art_tries": 5}}
        assert await sab_client.get_config("misc", "max_art_tries") == written

        await sab_client.set_config("misc", "pause_on_post_processing", True)
        misc = (await sab_client.get_config("misc"))["misc"]
        assert misc["pause_on_post_processing"] == 1
        assert misc["max_art_tries"] == 5

        await sab_client.set_config("misc", "history_retention_option", "days-archive")
        misc = (await sab_client.get_config("misc"))["misc"]
        assert misc["history_retention_option"] == "days-archive"
    finally:
        await sab_client.set_config("misc", "max_art_tries", 3)
        await sab_client.set_config("misc", "pause_on_post_processing", False)
        await sab_client.set_config("misc", "history_retention_option", "all")

    with pytest.raises(ArrNotFoundError, match="does not exist"):
        await sab_client.set_config("misc", "no_such_setting", 1)


async def test_get_config_hides_secrets(
    sab_client: SabnzbdClient, sabnzbd: RealSabnzbd
) -> None:
    """The API and NZB keys never leave get_config or full_status."""
    config = await sab_client.get_config()
    assert config["misc"]["api_key"] == "**REDACTED**"
    assert config["misc"]["nzb_key"] == "**REDACTED**"
    assert sabnzbd.api_key not in str(config)
    assert sabnzbd.nzb_key not in str(config)
    servers = config["servers"]
    assert [server["name"] for server in servers] == ["missing-articles"]

    status = await sab_client.full_status()
    assert sabnzbd.api_key not in str(status)


async def test_server_stats_count_tried_articles(sab_client: SabnzbdClient) -> None:
    """After a failed job the stub server shows the articles it was asked for."""
    ids = await sab_client.add_file("Stats.nzb", make_nzb("Stats", segments=3))
    await wait_for_failed(sab_client, ids)
    stats = await sab_client.server_stats()
    server = stats.servers["missing-articles"]
    assert server.articles_tried_today is not None
    assert server.articles_tried_today >= 3
    assert stats.total >= 0 and stats.day <= stats.total


async def test_warnings(
    sab_client: SabnzbdClient,
    sabnzbd: RealSabnzbd,
    make_client: Callable[..., SabnzbdClient],
) -> None:
    """A rejected key shows up as a warning; clearing empties the list."""
    assert await sab_client.warnings() == []
    with pytest.raises(ArrAuthError):
        await make_client(sabnzbd.url, "not-the-key-0123456789").queue()
    warnings = await sab_client.warnings()
    assert len(warnings) == 1
    assert "api key incorrect" in warnings[0].text.lower()
    assert warnings[0].type == "WARNING"
    assert warnings[0].time is not None
    assert (await sab_client.queue()).warning_count == 1
    await sab_client.clear_warnings()
    assert await sab_client.warnings() == []


async def test_full_status(sab_client: SabnzbdClient, sabnzbd: RealSabnzbd) -> None:
    """The full status names the news server and the folders."""
    status = await sab_client.full_status()
    assert status.version == await sab_client.version()
    assert [server.name for server in status.servers] == [
        "Stub news server without articles"
    ]
    assert status.servers[0].connections_total == 1
    assert status.download_dir == str(sabnzbd.download_dir)
    assert status.complete_dir == str(sabnzbd.complete_dir)
    assert status.disk_free_bytes > 0
    assert status.raw["apikey"] == "**REDACTED**"
    assert not status.paused


async def test_categories(sab_client: SabnzbdClient) -> None:
    """The default categories of a fresh SABnzbd."""
    categories = await sab_client.categories()
    assert categories[0] == "*"
    assert {"tv", "movies"} <= set(categories)


# --- The recorded fixtures still look like this SABnzbd's answers -------------


def shape(value: Any) -> Any:
    """Return the structure of a JSON value: keys and value types, not values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if value is None:
        return "null"
    return type(value).__name__


def keys_of(value: Any) -> set[str]:
    """Return an object's keys."""
    assert isinstance(value, dict)
    return set(value)


async def test_recorded_fixtures_match_this_sabnzbd(
    sab_client: SabnzbdClient, sabnzbd: RealSabnzbd
) -> None:
    """The fast tests' recorded answers have the shape the real SABnzbd sends.

    When this fails after a SABnzbd upgrade, refresh them with
    `python -m tests.sabnzbd.capture_fixtures`.
    """
    assert shape(sabnzbd.api("version")) == shape(fixture("version"))
    assert shape(sabnzbd.api("queue")) == shape(fixture("queue_empty"))
    assert shape(sabnzbd.api("history")) == shape(fixture("history_empty"))
    assert keys_of(sabnzbd.api("server_stats")) == keys_of(fixture("server_stats"))
    assert shape(sabnzbd.api("get_cats")) == shape(fixture("get_cats"))
    assert keys_of(
        sabnzbd.api("get_config", section="misc")["config"]["misc"]
    ) == keys_of(fixture("get_config_misc")["config"]["misc"])
    status = sabnzbd.api("fullstatus", skip_dashboard="1")["status"]
    recorded_status = fixture("fullstatus")["status"]
    assert keys_of(status) == keys_of(recorded_status)
    assert keys_of(status["servers"][0]) == keys_of(recorded_status["servers"][0])

    await sab_client.pause()
    ids = await sab_client.add_file("Shape.nzb", make_nzb("Shape"))
    queue = sabnzbd.api("queue")["queue"]
    recorded_queue = fixture("queue_items")["queue"]
    assert keys_of(queue) == keys_of(recorded_queue)
    assert shape(queue["slots"][0]) == shape(recorded_queue["slots"][0])
    await sab_client.resume()
    await wait_for_failed(sab_client, ids)
    slot = sabnzbd.api("history")["history"]["slots"][0]
    recorded_slot = fixture("history_failed")["history"]["slots"][0]
    assert keys_of(slot) == keys_of(recorded_slot)


async def test_https_with_sabnzbds_own_certificate(
    make_client: Callable[..., SabnzbdClient],
) -> None:
    """SABnzbd's self-signed HTTPS: refused with verify_ssl, fine without."""
    if not sabnzbd_available():
        pytest.skip(SKIP_REASON)
    async with RealSabnzbd(https=True) as sab:
        assert sab.https_url.startswith("https://")
        verified = make_client(sab.https_url, sab.api_key)
        with pytest.raises(ArrTLSError) as err:
            await verified.verify()
        assert sab.api_key not in str(err.value)
        unverified = make_client(sab.https_url, sab.api_key, verify_ssl=False)
        assert (
            await unverified.verify()
            == await make_client(sab.url, sab.api_key).version()
        )
        # Speaking plain HTTP to the HTTPS port is a connection error, not a crash.
        plain = make_client(sab.https_url.replace("https://", "http://"), sab.api_key)
        with pytest.raises(ArrConnectionError):
            await plain.version()
