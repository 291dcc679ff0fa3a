"""Actions on one download of a queue: remove (and blocklist), retry, search.

Against the Sonarr, Radarr and Lidarr simulators (their queue API is checked
against the official OpenAPI documents by tests/arr/test_contract.py), the
real SABnzbd and the real NZBGet.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import shutil
import time
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest

from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import LidarrSimulator, RadarrSimulator, SonarrSimulator
from tests.support.nzbget import RealNzbget
from tests.support.sabnzbd import RealSabnzbd, make_nzb

from .conftest import (
    SetupEntry,
    lidarr_subentry,
    radarr_subentry,
    sabnzbd_subentry,
    sonarr_subentry,
)
from .test_download_clients import Daemon, subentry


async def _call(hass: HomeAssistant, action: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def _queue(hass: HomeAssistant, instance: str) -> list[dict[str, Any]]:
    (answer,) = (await _call(hass, "get_queue", instance=instance))["instances"]
    items: list[dict[str, Any]] = answer["items"]
    return items


def _searches(sim: SonarrSimulator | RadarrSimulator | LidarrSimulator) -> list[Any]:
    return [(c.name, c.body) for c in sim.state.commands.values() if "Search" in c.name]


async def test_remove_and_blocklist(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Remove one download; remove another blocklisting it, with a new search."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    first, second, third, *_ = await _queue(hass, "Radarr")
    removed = await _call(
        hass, "remove_download", instance="Radarr", queue_id=first["queue_ids"][0]
    )
    assert removed == {
        "instance": "Radarr",
        "service": "radarr",
        "name": first["name"],
        "queue_ids": first["queue_ids"],
        "removed": True,
        "removed_from_client": True,
        "blocklisted": False,
        "searching": False,
    }
    assert radarr.state.removed_queue_items[-1] | {"title": ""} == {
        "id": first["queue_ids"][0],
        "title": "",
        "blocklist": False,
        "removeFromClient": True,
        "skipRedownload": True,
    }
    assert radarr.state.blocklist == []

    queued = len(radarr.state.queue)
    blocked = await _call(
        hass,
        "remove_download",
        instance="radarr",
        queue_id=second["queue_ids"][0],
        blocklist=True,
    )
    assert blocked["blocklisted"] and blocked["searching"]
    assert len(radarr.state.blocklist) == 1
    # The service grabbed another release in its place.
    assert len(radarr.state.queue) == queued
    # Blocklisted without a search, and left in the download client.
    await _call(
        hass,
        "remove_download",
        instance="Radarr",
        queue_id=third["queue_ids"][0],
        blocklist=True,
        search=False,
        remove_from_client=False,
    )
    assert radarr.state.removed_queue_items[-1]["skipRedownload"] is True
    assert radarr.state.removed_queue_items[-1]["removeFromClient"] is False
    assert len(radarr.state.queue) == queued - 1
    await hass.async_block_till_done()
    names = [i["name"] for i in await _queue(hass, "Radarr")]
    assert first["name"] not in names
    # Sonarr's queue was not touched.
    assert sonarr.state.removed_queue_items == []


async def test_a_season_pack_is_removed_as_one(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """Any of a pack's queue ids removes the whole download."""
    episodes = sonarr.state.missing_episodes()[:2]
    for episode in episodes:
        sonarr.state.add_queue_item(
            "Pack.S01.1080p",
            sonarr.state.episode_media(episode),
            download_id="SABnzbd_nzo_pack",
        )
    await setup_entry(sonarr_subentry(sonarr))
    (pack,) = [i for i in await _queue(hass, "Sonarr") if i["records"] == 2]
    removed = await _call(hass, "remove_download", queue_id=pack["queue_ids"][1])
    assert removed["queue_ids"] == pack["queue_ids"]
    assert all(i not in sonarr.state.queue for i in pack["queue_ids"])
    assert [i["id"] for i in sonarr.state.removed_queue_items] == [pack["queue_ids"][0]]


async def test_which_download_and_instance(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Several instances need a name; an unknown queue id is refused; the
    service's refusal is an error naming it."""
    await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    for action in ("remove_download", "retry_download", "search_again"):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, action, queue_id=1)
        assert err.value.translation_key == "instance_required"
        assert err.value.translation_placeholders == {"names": "Sonarr, Radarr"}
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, action, instance="Sonarr", queue_id=99_999)
        assert err.value.translation_key == "unknown_download"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "remove_download", instance="Lidarr", queue_id=1)
    assert err.value.translation_key == "unknown_instance"
    sonarr.inject_fault("server_error", path="queue/", method="DELETE")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "remove_download", instance="Sonarr", queue_id=1)
    assert err.value.translation_key == "command_failed"
    sonarr.inject_fault("disconnect", path="queue")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "search_again", instance="Sonarr", queue_id=1)
    assert err.value.translation_key == "command_failed"
    assert err.value.translation_placeholders is not None
    assert err.value.translation_placeholders["name"] == "Sonarr"


async def test_search_again(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    lidarr: LidarrSimulator,
) -> None:
    """A download's episode, movie or album is searched for; or one by its id."""
    await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), lidarr_subentry(lidarr)
    )
    for sim, instance, command, field in (
        (sonarr, "Sonarr", "EpisodeSearch", "episodeIds"),
        (radarr, "Radarr", "MoviesSearch", "movieIds"),
        (lidarr, "Lidarr", "AlbumSearch", "albumIds"),
    ):
        first = (await _queue(hass, instance))[0]
        (record,) = [sim.state.queue[i] for i in first["queue_ids"]]
        media_id = record.media[field[:-1]]
        searched = await _call(
            hass, "search_again", instance=instance, queue_id=first["queue_ids"][0]
        )
        assert searched["name"] == first["name"]
        assert searched["media_ids"] == [media_id]
        assert _searches(sim)[-1] == (command, {field: [media_id]})
        assert searched["command_id"] in sim.state.commands
    by_id = await _call(hass, "search_again", instance="Radarr", media_id=3)
    assert by_id == {
        "instance": "Radarr",
        "service": "radarr",
        "media_ids": [3],
        "command_id": by_id["command_id"],
    }
    assert _searches(radarr)[-1] == ("MoviesSearch", {"movieIds": [3]})
    for ids in ({}, {"queue_id": 1, "media_id": 3}):
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "search_again", instance="Radarr", **ids)
        assert err.value.translation_key == "queue_or_media_id"
    # A download the service cannot match to anything: nothing to search.
    (unknown,) = [
        i for i in await _queue(hass, "Sonarr") if i["name"].startswith("Some.Random")
    ]
    with pytest.raises(ServiceValidationError) as err:
        await _call(
            hass, "search_again", instance="Sonarr", queue_id=unknown["queue_ids"][0]
        )
    assert err.value.translation_key == "nothing_to_search"


def _retryable(sab: RealSabnzbd) -> bool:
    """Wait until SABnzbd stored a failed job it can retry (a thread: the
    test's clock is frozen, and so is its event loop's)."""
    for _attempt in range(120):
        history = sab.api("history")
        if any(slot.get("retry") for slot in history["history"]["slots"]):
            return True
        time.sleep(0.25)
    return False


async def _failed_job(sab: RealSabnzbd, hass: HomeAssistant, entry: Any) -> str:
    """Return the id of a job the real SABnzbd failed and can retry."""
    (service,) = entry.runtime_data.sabnzbd_services()
    [nzo_id] = await service.client.add_file("Retry.Me.nzb", make_nzb("Retry.Me"))
    await sab.async_wait_for_failed_jobs(1)
    assert await asyncio.to_thread(_retryable, sab), "SABnzbd cannot retry the job"
    return str(nzo_id)


async def test_retry_in_the_download_client(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    sabnzbd: RealSabnzbd,
) -> None:
    """The job SABnzbd failed goes back into SABnzbd's queue; a download no
    client failed cannot be retried."""
    entry = await setup_entry(sonarr_subentry(sonarr), sabnzbd_subentry(sabnzbd))
    nzo_id = await _failed_job(sabnzbd, hass, entry)
    episode = sonarr.state.missing_episodes()[0]
    item = sonarr.state.add_queue_item(
        "Retry.Me",
        sonarr.state.episode_media(episode),
        download_id=nzo_id,
        status="failed",
        tracked_download_status="error",
        tracked_download_state="failed",
        error_message="Download failed - Not on your server(s)",
    )
    # Paused, SABnzbd keeps the retried job in its queue.
    await asyncio.to_thread(sabnzbd.api, "pause")
    retried = await _call(hass, "retry_download", queue_id=item.id)
    assert retried["download_client"] == "SABnzbd"
    assert retried["queue_ids"] == [item.id]
    queue = await asyncio.to_thread(sabnzbd.api, "queue")
    assert [slot["nzo_id"] for slot in queue["queue"]["slots"]] == [
        retried["download_id"]
    ]
    downloading = next(
        i for i in await _queue(hass, "Sonarr") if i["state"] == "downloading"
    )
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "retry_download", queue_id=downloading["queue_ids"][0])
    assert err.value.translation_key == "not_retriable"


async def test_a_refused_search_is_an_error(
    hass: HomeAssistant, setup_entry: SetupEntry, radarr: RadarrSimulator
) -> None:
    """A search the service refuses raises an error naming the service."""
    await setup_entry(radarr_subentry(radarr))
    radarr.inject_fault("server_error", path="command", method="POST")
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "search_again", media_id=3)
    assert err.value.translation_key == "command_failed"
    assert err.value.translation_placeholders is not None
    assert err.value.translation_placeholders["name"] == "Radarr"


def _failed_item(sonarr: SonarrSimulator, name: str, download_id: str) -> int:
    """Add a download Sonarr shows failed; return its queue id."""
    episode = sonarr.state.missing_episodes()[0]
    item = sonarr.state.add_queue_item(
        name,
        sonarr.state.episode_media(episode),
        download_id=download_id,
        status="failed",
        tracked_download_status="error",
        tracked_download_state="failed",
        error_message="Download failed - Not on your server(s)",
    )
    return item.id


async def test_retry_the_download_client_refuses(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    sabnzbd: RealSabnzbd,
) -> None:
    """SABnzbd cannot download the job again (its folder is gone), or cannot
    be read: an error naming SABnzbd and saying why, nothing retried."""
    entry = await setup_entry(sonarr_subentry(sonarr), sabnzbd_subentry(sabnzbd))
    nzo_id = await _failed_job(sabnzbd, hass, entry)
    queue_id = _failed_item(sonarr, "Retry.Me", nzo_id)
    # What SABnzbd had downloaded of it was deleted behind its back.
    [slot] = sabnzbd.api("history")["history"]["slots"]
    await asyncio.to_thread(shutil.rmtree, Path(slot["storage"]))

    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "retry_download", queue_id=queue_id)
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "command_failed"
    assert err.value.translation_placeholders is not None
    assert err.value.translation_placeholders["name"] == "SABnzbd"
    assert "item does not exist" in err.value.translation_placeholders["error"]
    assert str(err.value).startswith("SABnzbd could not carry out the command: ")
    assert sabnzbd.api("queue")["queue"]["slots"] == []
    [slot] = sabnzbd.api("history")["history"]["slots"]
    assert (slot["nzo_id"], slot["status"]) == (nzo_id, "Failed")

    # SABnzbd's history cannot be read (it no longer takes AutoArr's key):
    # whether it failed the download is unknown, and the error says so.
    (service,) = entry.runtime_data.sabnzbd_services()
    service.client = SabnzbdClient(
        async_get_clientsession(hass),
        ServiceConfig(
            url=sabnzbd.url_with_base, auth=ApiKey("wrong-key-0123456789abcdef")
        ),
    )
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "retry_download", queue_id=queue_id)
    assert err.value.translation_key == "command_failed"
    assert err.value.translation_placeholders is not None
    assert err.value.translation_placeholders["name"] == "SABnzbd"
    assert sabnzbd.api("queue")["queue"]["slots"] == []


async def test_retry_in_a_client_that_cannot(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    sabnzbd: RealSabnzbd,
    nzbget: RealNzbget,
) -> None:
    """NZBGet failed the download but does not download failed jobs again,
    and SABnzbd, which does, never had it: not retriable."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        sabnzbd_subentry(sabnzbd),
        subentry(Daemon("nzbget", "NZBGet", nzbget, alt_speed=False)),
    )
    assert {c.name for c in entry.runtime_data.download_services()} == {
        "SABnzbd",
        "NZBGet",
    }
    job = nzbget.add_nzb("Broken.Show.S01E01", make_nzb("Broken.Show.S01E01"))
    await asyncio.to_thread(_nzbget_failed, nzbget, job)
    queue_id = _failed_item(sonarr, "Broken.Show.S01E01", str(job))

    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "retry_download", queue_id=queue_id)
    assert err.value.translation_key == "not_retriable"
    [failed] = nzbget.call("history", False)
    assert (failed["NZBID"], failed["Status"].split("/")[0]) == (job, "FAILURE")
    assert nzbget.call("listgroups", 0) == []


def _nzbget_failed(nzbget: RealNzbget, job: int) -> None:
    """Wait until NZBGet failed the job (a thread: the clock is frozen)."""
    for _ in range(200):
        if any(item["NZBID"] == job for item in nzbget.call("history", False)):
            return
        time.sleep(0.1)
    raise AssertionError(nzbget.call("history", False))
