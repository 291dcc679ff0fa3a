"""The NZBGet client against a real NZBGet, whose news server has no articles."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from custom_components.autoarr.arr.downloads import DownloadItem, DownloadState
from custom_components.autoarr.arr.errors import ArrApiError, ArrAuthError
from custom_components.autoarr.arr.http import ServiceConfig, UserPassword
from custom_components.autoarr.arr.nzbget import NzbgetClient, job_ids
from tests.support.nzbget import RealNzbget
from tests.support.sabnzbd import make_nzb


def client_of(
    session: aiohttp.ClientSession, nzbget: RealNzbget, *, password: str | None = None
) -> NzbgetClient:
    return NzbgetClient(
        session,
        ServiceConfig(
            url=nzbget.url,
            auth=UserPassword(
                nzbget.username, nzbget.password if password is None else password
            ),
        ),
    )


async def wait_for_history(client: NzbgetClient, count: int) -> list[DownloadItem]:
    history: list[DownloadItem] = []
    for _ in range(200):
        history = await client.history()
        if len(history) >= count:
            return history
        await asyncio.sleep(0.1)
    raise AssertionError(f"history {history}")


async def test_verify_and_status(
    http_session: aiohttp.ClientSession, nzbget: RealNzbget
) -> None:
    client = client_of(http_session, nzbget)
    assert await client.verify() == nzbget.call("version")
    status = await client.status()
    assert status.paused is False
    assert status.download_limit is None
    assert status.upload_limit is None
    assert status.alt_speed is None
    assert status.upload_speed == 0
    assert await client.free_space() == status.free_space


async def test_paused_job_in_queue_and_failed_job_in_history(
    http_session: aiohttp.ClientSession, nzbget: RealNzbget
) -> None:
    """A job fails on the article-less news server; a paused one waits."""
    paused = nzbget.add_nzb(
        "Paused.Show.S01E01", make_nzb("Paused.Show.S01E01"), paused=True, category="tv"
    )
    failing = nzbget.add_nzb("Failing.Show.S01E02", make_nzb("Failing.Show.S01E02"))
    client = client_of(http_session, nzbget)
    history = await wait_for_history(client, 1)
    failed = history[0]
    assert failed.id == str(failing)
    assert failed.name == "Failing.Show.S01E02"
    assert failed.state is DownloadState.FAILED
    assert failed.client_state.startswith(("FAILURE/", "DELETED/"))
    assert failed.message == failed.client_state
    assert failed.completed is not None
    queue = await client.queue()
    assert [item.id for item in queue] == [str(paused)]
    job = queue[0]
    assert job.state is DownloadState.PAUSED
    assert job.client_state == "PAUSED"
    assert job.size == job.size_left > 0
    assert job.progress == 0.0
    assert job.category == "tv"


async def test_pause_resume_and_remove(
    http_session: aiohttp.ClientSession, nzbget: RealNzbget
) -> None:
    client = client_of(http_session, nzbget)
    await client.pause_all()
    assert (await client.status()).paused is True
    first = nzbget.add_nzb("First.Job", make_nzb("First.Job"))
    second = nzbget.add_nzb("Second.Job", make_nzb("Second.Job"))
    await client.pause([str(first)])
    states = {item.id: item.state for item in await client.queue()}
    assert states == {
        str(first): DownloadState.PAUSED,
        str(second): DownloadState.QUEUED,
    }
    await client.resume([str(first)])
    assert {item.state for item in await client.queue()} == {DownloadState.QUEUED}
    await client.remove([str(first)], delete_data=True)
    assert [item.id for item in await client.queue()] == [str(second)]
    await client.remove([str(second)])
    assert await client.queue() == []
    # Deleted (not final) to the history, then out of it.
    history = await client.history()
    assert [item.id for item in history] == [str(second)]
    assert history[0].state is DownloadState.FAILED  # DELETED/MANUAL
    await client.remove([str(second)])
    assert await client.history() == []
    await client.resume_all()
    assert (await client.status()).paused is False


async def test_speed_limit(
    http_session: aiohttp.ClientSession, nzbget: RealNzbget
) -> None:
    client = client_of(http_session, nzbget)
    await client.set_speed_limits(download=2_048_000)
    assert (await client.status()).download_limit == 2_048_000
    await client.set_speed_limits()
    assert (await client.status()).download_limit is None
    with pytest.raises(ArrApiError, match="does not upload"):
        await client.set_speed_limits(upload=1000)
    with pytest.raises(ArrApiError, match="no alternative speed mode"):
        await client.set_alt_speed(True)


async def test_wrong_password(
    http_session: aiohttp.ClientSession, nzbget: RealNzbget
) -> None:
    client = client_of(http_session, nzbget, password="not-the-password")
    with pytest.raises(ArrAuthError, match="rejected the user name or password") as err:
        await client.verify()
    assert "not-the-password" not in str(err.value)


async def test_refused_call(
    http_session: aiohttp.ClientSession, nzbget: RealNzbget
) -> None:
    with pytest.raises(ArrApiError, match="refused nosuchmethod: Invalid procedure"):
        await client_of(http_session, nzbget).call("nosuchmethod")


def test_job_ids() -> None:
    assert job_ids(["1", " 22 "]) == [1, 22]
    assert job_ids("7") == [7]
    with pytest.raises(ValueError, match="not an NZBGet job id"):
        job_ids(["abc"])
    with pytest.raises(ValueError, match="no download ids"):
        job_ids([])
