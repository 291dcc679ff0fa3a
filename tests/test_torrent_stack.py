"""A Sonarr + Radarr + torrent client stack (no SABnzbd), through Home Assistant.

The simulators of Sonarr and Radarr and a real qBittorrent, Transmission or
Deluge, on 127.0.0.1: AutoArr is set up with them, answers "what's
downloading?" with the torrent, pauses and resumes the client by voice,
shows the torrent on its entities, and replaces it once it has stalled past
the timeout.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import (
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import Context, HomeAssistant
import pytest
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
from tests.support.deluge import RealDeluge
from tests.support.qbittorrent import RealQbittorrent
from tests.support.torrents import make_torrent
from tests.support.transmission import RealTransmission

__all__ = ["loopback_sockets", "radarr", "setup_entry", "sonarr"]


type TorrentDaemon = RealQbittorrent | RealTransmission | RealDeluge

# The kinds of torrent client, with the name AutoArr and the arrs give each.
TORRENT_KINDS = {
    "qbittorrent": "qBittorrent",
    "transmission": "Transmission",
    "deluge": "Deluge",
}


@pytest.fixture(params=list(TORRENT_KINDS))
def torrent_kind(request: pytest.FixtureRequest) -> str:
    """Each real torrent client in turn."""
    return str(request.param)


@pytest.fixture
def torrent_daemon(request: pytest.FixtureRequest, torrent_kind: str) -> TorrentDaemon:
    """The real daemon of the kind, reset for the test."""
    daemon: TorrentDaemon = request.getfixturevalue(torrent_kind)
    return daemon


def client_subentry(kind: str, daemon: TorrentDaemon) -> ConfigSubentryData:
    data = {CONF_URL: daemon.url, CONF_PASSWORD: daemon.password, CONF_VERIFY_SSL: True}
    if kind != "deluge":  # Deluge's Web UI asks for its password only
        data[CONF_USERNAME] = daemon.username
    return ConfigSubentryData(
        data=data, subentry_type=kind, title=TORRENT_KINDS[kind], unique_id=None
    )


async def say(hass: HomeAssistant, text: str) -> str:
    result = await conversation.async_converse(
        hass, text, None, Context(), language="en"
    )
    return str(result.response.speech["plain"]["speech"])


async def switch_shows(
    hass: HomeAssistant, entry: MockConfigEntry, entity_id: str, state: str
) -> None:
    """Refresh the clients' coordinators until the switch shows `state`.

    Torrent clients stop and start their torrents a moment after being asked.
    """
    for _ in range(50):
        if hass.states.get(entity_id).state == state:
            return
        # The clock is frozen (the simulators' present): wait in a thread.
        await asyncio.to_thread(time.sleep, 0.1)
        for runtime in entry.runtime_data.services.values():
            await runtime.queue.async_refresh()
        await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == state


async def test_torrent_stack_by_voice_and_entities(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    torrent_kind: str,
    torrent_daemon: TorrentDaemon,
    freezer: FrozenDateTimeFactory,
) -> None:
    hass = hass_core
    name = TORRENT_KINDS[torrent_kind]
    torrent = make_torrent("Stalled.Show.S02E03.1080p")
    torrent_daemon.add_torrent(torrent)
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
        download_client=name,
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
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        client_subentry(torrent_kind, torrent_daemon),
    )

    queue = hass.states.get(f"sensor.{torrent_kind}_queue")
    assert queue is not None
    assert queue.state == "1"
    [item] = queue.attributes["items"]
    assert item["name"].startswith("Stalled.Show.S02E03.1080p")
    assert item["seeds"] in (0, None)

    # The torrent is listed once, from the client with the name Sonarr
    # gives it (Sonarr names it by the hash the client knows it by), first.
    # (A client may check a new torrent for a moment: ask until it reports
    # it stalled.)
    for _ in range(50):
        report = await hass.services.async_call(
            DOMAIN, "get_downloads", {}, blocking=True, return_response=True
        )
        assert report is not None
        from_client = [d for d in report["downloads"] if d["service"] == name]
        [download] = from_client
        if download["state"] == "stalled":
            break
        await asyncio.to_thread(time.sleep, 0.1)
    assert download["state"] == "stalled", torrent_daemon.torrents()
    assert download["progress"] == 0.0
    said = await say(hass, "what's downloading")
    assert download["name"] == "Breaking Bad S01E01"
    assert "1 needs attention: Breaking Bad season 1 episode 1, stalled" in said

    pause_switch = f"switch.{torrent_kind}_pause_downloads"
    assert hass.states.get(pause_switch).state == STATE_OFF
    paused = await say(hass, "pause the downloads")
    await switch_shows(hass, entry, pause_switch, STATE_ON)
    assert hass.states.get(f"sensor.{torrent_kind}_status").state == "paused"
    resumed = await say(hass, "resume the downloads")
    await switch_shows(hass, entry, pause_switch, STATE_OFF)
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
