"""A Sonarr + Radarr + NZBGet stack (no SABnzbd), through Home Assistant.

The simulators of Sonarr and Radarr and the real NZBGet on 127.0.0.1, whose
only news server has no articles: AutoArr is set up with them, answers
"what's downloading?" with NZBGet's job, pauses and resumes NZBGet by
voice, shows the job on its entities, and replaces the release whose
download NZBGet failed (removed from Radarr's queue with blocklist, searched
again), with a dry run first. A job whose articles the news server never
sends stays downloading with no progress: AutoArr finds it stalled from
NZBGet's own state after the stall timeout and replaces it.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import (
    SetupEntry,
    loopback_sockets,
    radarr,
    radarr_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.nzbget import RealNzbget
from tests.support.sabnzbd import make_nzb
from tests.test_torrent_stack import say

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]


def nzbget_subentry(nzbget: RealNzbget) -> ConfigSubentryData:
    return ConfigSubentryData(
        data={
            CONF_URL: nzbget.url,
            CONF_USERNAME: nzbget.username,
            CONF_PASSWORD: nzbget.password,
            CONF_VERIFY_SSL: True,
        },
        subentry_type="nzbget",
        title="NZBGet",
        unique_id=None,
    )


def wait_for_failure(nzbget: RealNzbget, job: int) -> None:
    """Wait until NZBGet moved the job to its history, failed."""
    for _ in range(200):
        history = nzbget.call("history", False)
        if any(item["NZBID"] == job for item in history):
            return
        time.sleep(0.1)
    raise AssertionError(nzbget.call("history", False))


def wait_for_download(nzbget: RealNzbget, job: int) -> None:
    """Wait until NZBGet is downloading the job (an article requested)."""
    for _ in range(200):
        groups = nzbget.call("listgroups", 0)
        if any(
            item["NZBID"] == job
            and item["Status"] == "DOWNLOADING"
            and item["ActiveDownloads"]
            for item in groups
        ):
            return
        time.sleep(0.1)
    raise AssertionError(groups)


async def _recover(hass: HomeAssistant, *, dry_run: bool = False) -> dict[str, Any]:
    report = await hass.services.async_call(
        DOMAIN, "recover", {"dry_run": dry_run}, blocking=True, return_response=True
    )
    assert report is not None
    return dict(report)


async def shows(
    hass: HomeAssistant, entry: MockConfigEntry, entity_id: str, state: str
) -> None:
    """Refresh the coordinators until the entity shows `state`."""
    for _ in range(50):
        if hass.states.get(entity_id).state == state:
            return
        # The clock is frozen (the simulators' present): wait in a thread.
        await asyncio.to_thread(time.sleep, 0.1)
        for runtime in entry.runtime_data.services.values():
            await runtime.queue.async_refresh()
        await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == state


async def test_nzbget_stack_by_voice_and_entities(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    nzbget: RealNzbget,
) -> None:
    hass = hass_core
    # NZBGet holds an episode's job (paused, so it stays in the queue) and
    # fails a movie's on its article-less news server.
    queued = nzbget.add_nzb(
        "Queued.Show.S01E01.1080p", make_nzb("Queued.Show.S01E01.1080p"), paused=True
    )
    broken = nzbget.add_nzb("Broken.Movie.2024.1080p", make_nzb("Broken.Movie.2024"))
    await asyncio.to_thread(wait_for_failure, nzbget, broken)
    sonarr.state.queue.clear()
    radarr.state.queue.clear()
    episode = next(iter(sonarr.state.episodes.values()))
    sonarr.state.add_queue_item(
        "Queued.Show.S01E01.1080p",
        sonarr.state.episode_media(episode),
        download_id=str(queued),
        download_client="NZBGet",
        protocol="usenet",
        status="paused",
        tracked_download_status="ok",
        tracked_download_state="downloading",
    )
    movie = next(iter(radarr.state.movies.values()))
    failed = radarr.state.add_queue_item(
        "Broken.Movie.2024.1080p",
        {"movieId": movie.id},
        download_id=str(broken),
        download_client="NZBGet",
        protocol="usenet",
        # As Radarr shows a download its client reports failed.
        status="warning",
        tracked_download_status="warning",
        tracked_download_state="downloading",
        status_messages=[
            ("Broken.Movie.2024.1080p", ["Download client reported a failure"])
        ],
    )
    entry = await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), nzbget_subentry(nzbget)
    )

    # The dashboard: NZBGet's device lists the job.
    queue = hass.states.get("sensor.nzbget_queue")
    assert queue is not None
    assert queue.state == "1"
    [item] = queue.attributes["items"]
    assert item["name"] == "Queued.Show.S01E01.1080p"
    assert item["state"] == "paused"
    assert float(hass.states.get("sensor.nzbget_size_left").state) > 0
    assert hass.states.get("sensor.nzbget_status").state in ("idle", "paused")

    # "What's downloading?": the job, named as Sonarr names it; the failed
    # movie needs attention.
    report = await hass.services.async_call(
        DOMAIN, "get_downloads", {}, blocking=True, return_response=True
    )
    assert report is not None
    [download] = [d for d in report["downloads"] if d["service"] == "NZBGet"]
    assert download["name"] == "Breaking Bad S01E01"
    said = await say(hass, "what's downloading")
    assert said == (
        "Nothing is downloading. 1 needs attention: Inception, warning:"
        " Download client reported a failure. 1 paused."
    )

    pause_switch = "switch.nzbget_pause_downloads"
    assert hass.states.get(pause_switch).state == STATE_OFF
    paused = await say(hass, "pause the downloads")
    await shows(hass, entry, pause_switch, STATE_ON)
    assert nzbget.call("status")["DownloadPaused"] is True
    resumed = await say(hass, "resume the downloads")
    await shows(hass, entry, pause_switch, STATE_OFF)
    assert nzbget.call("status")["DownloadPaused"] is False
    assert (paused, resumed) == ("Downloads paused.", "Downloads resumed.")

    # The failed download: a dry run says what it would do, then Radarr
    # replaces it (NZBGet cannot download a failed job again).
    plan = await hass.services.async_call(
        DOMAIN, "recover", {"dry_run": True}, blocking=True, return_response=True
    )
    assert plan is not None
    [action] = [a for a in plan["actions"] if a["download_id"] == str(broken)]
    assert (action["action"], action["executed"]) == ("replace", False)
    assert (
        action["download_client"]
        == entry.runtime_data.download_services()[0].subentry_id
    )
    assert radarr.state.removed_queue_items == []
    report = await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    assert report is not None
    [action] = [a for a in report["actions"] if a["download_id"] == str(broken)]
    assert (action["action"], action["executed"]) == ("replace", True)
    [removed] = radarr.state.removed_queue_items
    assert removed["id"] == failed.id
    assert removed["blocklist"] is True
    assert removed["removeFromClient"] is True
    # The paused episode is left alone.
    assert sonarr.state.removed_queue_items == []


async def test_stalled_nzbget_job_found_from_its_state_and_replaced(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    nzbget: RealNzbget,
    freezer: FrozenDateTimeFactory,
) -> None:
    hass = hass_core
    # The news server never answers for this job's articles: NZBGet keeps
    # it downloading, with nothing downloaded, for as long as it waits.
    name = "Quiet.Show.S01E02.1080p"
    job = nzbget.add_nzb(name, make_nzb(name, stalled=True))
    await asyncio.to_thread(wait_for_download, nzbget, job)
    # Sonarr sees a plain download: only NZBGet's state tells it is stuck.
    sonarr.state.queue.clear()
    radarr.state.queue.clear()
    episode = next(iter(sonarr.state.episodes.values()))
    grabbed = sonarr.state.add_queue_item(
        name,
        sonarr.state.episode_media(episode),
        download_id=str(job),
        download_client="NZBGet",
        protocol="usenet",
        status="downloading",
        tracked_download_status="ok",
        tracked_download_state="downloading",
    )
    entry = await setup_entry(
        sonarr_subentry(sonarr), radarr_subentry(radarr), nzbget_subentry(nzbget)
    )
    timeout = er.async_get(hass).async_get_entity_id(
        NUMBER_DOMAIN, DOMAIN, f"{entry.entry_id}_stall_timeout"
    )
    assert timeout is not None
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: timeout, ATTR_VALUE: 45},
        blocking=True,
    )

    # NZBGet's device shows the job downloading, at 0%, at no speed.
    [item] = hass.states.get("sensor.nzbget_queue").attributes["items"]
    assert (item["name"], item["state"], item["progress"]) == (name, "downloading", 0)
    assert hass.states.get("sensor.nzbget_status").state == "downloading"
    assert float(hass.states.get("sensor.nzbget_speed").state) == 0

    # Seen now; not stuck until the timeout has passed.
    assert (await _recover(hass, dry_run=True))["failed_downloads"] == []
    await _recover(hass)
    freezer.tick(timedelta(minutes=44))
    assert (await _recover(hass, dry_run=True))["failed_downloads"] == []
    freezer.tick(timedelta(minutes=1))
    plan = await _recover(hass, dry_run=True)
    [failure] = plan["failed_downloads"]
    assert (failure["cause"], failure["download_id"]) == ("stalled", str(job))
    assert failure["message"] == "No progress for 45 minutes at 0%"
    [action] = plan["actions"]
    assert (action["action"], action["executed"]) == ("replace", False)
    assert sonarr.state.removed_queue_items == []

    # Replaced: removed from NZBGet and Sonarr's queue with blocklist, and
    # the episode searched again.
    report = await _recover(hass)
    [action] = report["actions"]
    assert (action["action"], action["executed"]) == ("replace", True)
    [removed] = sonarr.state.removed_queue_items
    assert removed["id"] == grabbed.id
    assert (removed["blocklist"], removed["removeFromClient"]) == (True, True)
    assert any(
        command.name == "EpisodeSearch"
        and command.body.get("episodeIds") == [episode.id]
        for command in sonarr.state.commands.values()
    )
