"""A Sonarr + Radarr + qBittorrent stack (no SABnzbd), through Home Assistant.

The simulators of Sonarr and Radarr and the real qBittorrent, on 127.0.0.1:
AutoArr is set up with them, answers "what's downloading?" with the
torrents, pauses and resumes qBittorrent by voice, and shows the torrents on
its entities.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from homeassistant.core import Context, HomeAssistant

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
from tests.support.qbittorrent import RealQbittorrent
from tests.support.torrents import make_torrent

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]


def qbittorrent_subentry(qbt: RealQbittorrent) -> ConfigSubentryData:
    return ConfigSubentryData(
        data={
            CONF_URL: qbt.url,
            CONF_USERNAME: qbt.username,
            CONF_PASSWORD: qbt.password,
            CONF_VERIFY_SSL: True,
        },
        subentry_type="qbittorrent",
        title="qBittorrent",
        unique_id=None,
    )


async def say(hass: HomeAssistant, text: str) -> str:
    result = await conversation.async_converse(
        hass, text, None, Context(), language="en"
    )
    return str(result.response.speech["plain"]["speech"])


async def states(qbt: RealQbittorrent, wanted: set[str]) -> None:
    """Wait until every torrent of qBittorrent is in one of `wanted`."""
    for _ in range(50):
        if {item["state"] for item in qbt.torrents()} <= wanted:
            return
        # The clock is frozen (the simulators' present): wait in a thread.
        await asyncio.to_thread(time.sleep, 0.1)
    raise AssertionError(f"qBittorrent states {qbt.torrents()}")


async def test_torrent_stack_by_voice_and_entities(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    qbittorrent: RealQbittorrent,
    freezer: FrozenDateTimeFactory,
) -> None:
    hass = hass_core
    torrent = make_torrent("Stalled.Show.S02E03.1080p")
    qbittorrent.add_torrent(torrent)
    # qBittorrent checks a new torrent for a moment before it stalls.
    await states(qbittorrent, {"stalledDL"})
    # Sonarr grabbed it and reports it stalled, as it does for qBittorrent;
    # nothing else is downloading.
    sonarr.state.queue.clear()
    radarr.state.queue.clear()
    episode = next(iter(sonarr.state.episodes.values()))
    stalled = sonarr.state.add_queue_item(
        "Stalled.Show.S02E03.1080p",
        sonarr.state.episode_media(episode),
        size=torrent.size,
        download_id=torrent.info_hash.upper(),
        download_client="qBittorrent",
        protocol="torrent",
        status="warning",
        tracked_download_status="warning",
        tracked_download_state="downloading",
        status_messages=[
            (
                "Stalled.Show.S02E03.1080p",
                ["The download is stalled with no connections"],
            )
        ],
    )
    await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        qbittorrent_subentry(qbittorrent),
    )

    queue = hass.states.get("sensor.qbittorrent_queue")
    assert queue is not None
    assert queue.state == "1"
    assert queue.attributes["items"][0]["name"] == "Stalled.Show.S02E03.1080p.mkv"
    assert queue.attributes["items"][0]["seeds"] == 0

    # The torrent is listed once, from qBittorrent with the name Sonarr
    # gives it (Sonarr names it by the hash qBittorrent knows it by), first.
    # (qBittorrent may re-check a new torrent for a moment: ask until it
    # reports it stalled.)
    for _ in range(50):
        report = await hass.services.async_call(
            DOMAIN, "get_downloads", {}, blocking=True, return_response=True
        )
        assert report is not None
        from_client = [d for d in report["downloads"] if d["service"] == "qBittorrent"]
        [download] = from_client
        if download["state"] == "stalled":
            break
        await asyncio.to_thread(time.sleep, 0.1)
    assert download["state"] == "stalled", qbittorrent.torrents()
    assert download["progress"] == 0.0
    said = await say(hass, "what's downloading")
    assert download["name"] == "Breaking Bad S01E01"
    assert "1 needs attention: Breaking Bad season 1 episode 1, stalled" in said

    paused = await say(hass, "pause the downloads")
    await states(qbittorrent, {"stoppedDL", "pausedDL"})
    resumed = await say(hass, "resume the downloads")
    await states(qbittorrent, {"stalledDL", "downloading", "metaDL"})
    assert (paused, resumed) == ("Downloads paused.", "Downloads resumed.")

    # Stalled past the timeout: a dry run says so, then it is replaced
    # (removed from the client and the queue with blocklist, searched again).
    await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    freezer.tick(timedelta(hours=2))
    plan = await hass.services.async_call(
        DOMAIN, "recover", {"dry_run": True}, blocking=True, return_response=True
    )
    assert stalled.id not in [r["id"] for r in sonarr.state.removed_queue_items]
    assert "stalled with no connections" in str(plan)
    await hass.services.async_call(
        DOMAIN, "recover", {}, blocking=True, return_response=True
    )
    [removed] = [r for r in sonarr.state.removed_queue_items if r["id"] == stalled.id]
    assert removed["blocklist"] is True
    assert removed["removeFromClient"] is True
    assert any(
        command.name == "EpisodeSearch"
        and command.body.get("episodeIds") == [episode.id]
        for command in sonarr.state.commands.values()
    )
