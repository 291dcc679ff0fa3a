"""Stalled torrents found from the torrent client's own state, through Home Assistant.

Sonarr lists the download as plainly "downloading" (it has not noticed), but
the real qBittorrent, Transmission or Deluge on 127.0.0.1 says what is wrong:
a torrent nobody seeds has no seeds or peers, a magnet link with no peers
never gets its metadata. After the stall timeout, set on the hub's number,
recovery names the client's reason and replaces the release.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

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
from tests.support.torrents import make_torrent
from tests.test_torrent_stack import (
    TORRENT_KINDS,
    TorrentDaemon,
    client_subentry,
    torrent_daemon,
    torrent_kind,
)

__all__ = [
    "loopback_sockets",
    "radarr",
    "setup_entry",
    "sonarr",
    "torrent_daemon",
    "torrent_kind",
]

# What the client's state makes of each: (its state, recovery's reason).
CASES = {
    "torrent": ("stalled", "no progress for 45 minutes at 0%: no seeds or peers"),
    "magnet": ("metadata", "no progress for 45 minutes: the metadata never arrived"),
}


async def _recover(hass: HomeAssistant, *, dry_run: bool = False) -> dict[str, Any]:
    report = await hass.services.async_call(
        DOMAIN, "recover", {"dry_run": dry_run}, blocking=True, return_response=True
    )
    assert report is not None
    return dict(report)


@pytest.mark.parametrize("source", list(CASES))
async def test_stall_found_from_the_clients_state(
    hass_core: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    torrent_kind: str,
    torrent_daemon: TorrentDaemon,
    freezer: FrozenDateTimeFactory,
    source: str,
) -> None:
    hass = hass_core
    state, reason = CASES[source]
    torrent = make_torrent("Quiet.Show.S01E02.1080p")
    if source == "magnet":
        torrent = replace(torrent, content=b"")
    torrent_daemon.add_torrent(torrent)
    sonarr.state.queue.clear()
    radarr.state.queue.clear()
    episode = next(iter(sonarr.state.episodes.values()))
    grabbed = sonarr.state.add_queue_item(
        "Quiet.Show.S01E02.1080p",
        sonarr.state.episode_media(episode),
        size=torrent.size,
        download_id=torrent.info_hash.upper(),
        download_client=TORRENT_KINDS[torrent_kind],
        protocol="torrent",
        status="downloading",
        tracked_download_status="ok",
        tracked_download_state="downloading",
    )
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        client_subentry(torrent_kind, torrent_daemon),
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

    # The client checks a new torrent for a moment: wait until its queue
    # sensor shows the client's state.
    queue = f"sensor.{torrent_kind}_queue"
    for _ in range(50):
        items = hass.states.get(queue).attributes.get("items") or [{}]
        if items[0].get("state") == state:
            break
        # The clock is frozen (the simulators' present): wait in a thread.
        await asyncio.to_thread(time.sleep, 0.1)
        for client in entry.runtime_data.download_services():
            await client.queue.async_refresh()
        await hass.async_block_till_done()
    [item] = hass.states.get(queue).attributes["items"]
    assert item["state"] == state, torrent_daemon.torrents()
    assert (item["progress"], item["seeds"], item["peers"]) == (0, 0, 0)

    # Seen now; not stuck until the timeout has passed.
    assert (await _recover(hass, dry_run=True))["failed_downloads"] == []
    await _recover(hass)
    freezer.tick(timedelta(minutes=44))
    assert (await _recover(hass, dry_run=True))["failed_downloads"] == []
    freezer.tick(timedelta(minutes=1))
    plan = await _recover(hass, dry_run=True)
    [failure] = plan["failed_downloads"]
    assert failure["cause"] == "stalled"
    assert failure["download_id"].lower() == torrent.info_hash
    assert failure["message"] == reason[0].upper() + reason[1:]
    [action] = plan["actions"]
    assert (action["action"], action["executed"]) == ("replace", False)
    assert grabbed.id not in [r["id"] for r in sonarr.state.removed_queue_items]

    report = await _recover(hass)
    [action] = report["actions"]
    assert (action["action"], action["executed"]) == ("replace", True)
    [removed] = [r for r in sonarr.state.removed_queue_items if r["id"] == grabbed.id]
    assert removed["blocklist"] is True
    assert removed["removeFromClient"] is True
