"""The demo's real qBittorrent: its torrents on the dashboard, one stalled.

`scripts/develop` starts a real qBittorrent with a torrent Sonarr grabbed
that nobody seeds (it stalls: no seeds or peers) and a paused one, and sets
the stall timeout to its shortest, so recovery soon counts it as stuck.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.support.demo import PAUSED_TORRENT, STALLED_TORRENT, HomeAssistantClient
from tests.support.qbittorrent import RealQbittorrent

pytestmark = pytest.mark.skipif(
    not RealQbittorrent.available(), reason=RealQbittorrent.skip_reason()
)


async def _state(ha: HomeAssistantClient, entity_id: str) -> dict[str, Any]:
    state: dict[str, Any] = await ha.request("GET", f"/api/states/{entity_id}")
    return state


async def test_demo_shows_a_stalled_torrent(
    ha: HomeAssistantClient, demo: dict[str, Any]
) -> None:
    assert "qbittorrent" in demo["services"]
    # qBittorrent checks a new torrent first: wait for it to stall.
    for _ in range(120):
        queue = await _state(ha, "sensor.qbittorrent_queue")
        states = {
            item["name"]: item["state"] for item in queue["attributes"].get("items", [])
        }
        if states.get(f"{STALLED_TORRENT}.mkv") == "stalled":
            break
        await asyncio.sleep(0.5)
    assert states == {
        f"{STALLED_TORRENT}.mkv": "stalled",
        f"{PAUSED_TORRENT}.mkv": "paused",
    }
    assert queue["state"] == "2"
    timeout = await _state(ha, "number.autoarr_stalled_download_timeout")
    assert float(timeout["state"]) == 10
    # The one Sonarr grabbed is listed as Sonarr names it, stalled.
    report = await ha.request(
        "POST", "/api/services/autoarr/get_downloads?return_response", {}
    )
    downloads = report["service_response"]["downloads"]
    stalled = [d for d in downloads if d["service"] == "qBittorrent"]
    assert {d["state"] for d in stalled} >= {"stalled", "paused"}
