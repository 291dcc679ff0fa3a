"""qBittorrent, Transmission, Deluge and NZBGet entities against the real daemons.

Each is added as a service subentry with its user and password (Deluge: its
Web UI password), gets its device, the status, speed, queue, size left and
free space sensors, and the switch that pauses every download (plus the
alternative speeds switch where the client has them).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import json

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
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.diagnostics import async_get_config_entry_diagnostics
from tests.support.daemon import RealDaemon
from tests.support.deluge import RealDeluge
from tests.support.nzbget import RealNzbget
from tests.support.qbittorrent import RealQbittorrent
from tests.support.sabnzbd import make_nzb
from tests.support.torrents import make_torrent
from tests.support.transmission import RealTransmission

from .conftest import SetupEntry

# Who makes each client: its device's manufacturer.
MAKERS = {
    "qbittorrent": "qBittorrent project",
    "transmission": "Transmission Project",
    "deluge": "Deluge Team",
    "nzbget": "nzbget-ng",
}


@dataclass
class Daemon:
    """A real download client and how AutoArr names it."""

    kind: str
    name: str
    daemon: RealDaemon
    alt_speed: bool


@pytest.fixture(params=["qbittorrent", "transmission", "deluge", "nzbget"])
def daemon(request: pytest.FixtureRequest) -> Daemon:
    """Each real download client in turn, reset for the test."""
    names = {
        "qbittorrent": ("qBittorrent", True),
        "transmission": ("Transmission", True),
        "deluge": ("Deluge", False),
        "nzbget": ("NZBGet", False),
    }
    name, alt_speed = names[request.param]
    return Daemon(
        request.param, name, request.getfixturevalue(request.param), alt_speed
    )


def subentry(daemon: Daemon) -> ConfigSubentryData:
    data = {
        CONF_URL: daemon.daemon.url,
        CONF_PASSWORD: daemon.daemon.password,
        CONF_VERIFY_SSL: True,
    }
    if daemon.kind != "deluge":
        data[CONF_USERNAME] = daemon.daemon.username
    return ConfigSubentryData(
        data=data, subentry_type=daemon.kind, title=daemon.name, unique_id=None
    )


def add_download(daemon: Daemon) -> None:
    """Add a torrent nobody seeds (or an NZB held paused) behind AutoArr's back."""
    real = daemon.daemon
    if isinstance(real, RealNzbget):
        real.add_nzb("Some.Show.S01E01", make_nzb("Some.Show.S01E01"), paused=True)
    elif isinstance(real, RealQbittorrent | RealTransmission | RealDeluge):
        real.add_torrent(make_torrent("Some.Show.S01E01"))


async def settle(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    subentry_id: str,
    entity_id: str,
    state: str,
) -> None:
    """Refresh the client's coordinator until the entity shows `state`."""
    for _ in range(50):
        if hass.states.get(entity_id).state == state:
            return
        await asyncio.sleep(0.1)
        await entry.runtime_data.services[subentry_id].queue.async_refresh()
        await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == state


async def test_entities_and_pause(
    hass: HomeAssistant, setup_entry: SetupEntry, daemon: Daemon
) -> None:
    add_download(daemon)
    entry = await setup_entry(subentry(daemon))
    (subentry_id,) = entry.subentries
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    assert device.manufacturer == MAKERS[daemon.kind]
    assert device.model == daemon.name
    assert device.sw_version

    slug = daemon.kind
    queue = hass.states.get(f"sensor.{slug}_queue")
    assert queue is not None
    assert queue.state == "1"
    [item] = queue.attributes["items"]
    assert item["name"].startswith("Some.Show.S01E01")
    assert item["progress"] == 0.0
    assert float(hass.states.get(f"sensor.{slug}_size_left").state) > 0
    assert float(hass.states.get(f"sensor.{slug}_speed").state) == 0
    free = hass.states.get(f"sensor.{slug}_free_disk_space").state
    if isinstance(daemon.daemon, RealNzbget) and (
        daemon.daemon.call("status")["FreeDiskSpaceLo"] == 0xFFFFFFFF
    ):
        assert free == "unknown"  # NZBGet has not measured it yet
    else:
        assert float(free) > 0
    assert hass.states.get(f"sensor.{slug}_status").state in ("stalled", "idle")

    switch = f"switch.{slug}_pause_downloads"
    assert hass.states.get(switch).state == STATE_OFF
    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: switch}, blocking=True
    )
    # Torrent clients stop their torrents a moment after being asked.
    await settle(hass, entry, subentry_id, switch, STATE_ON)
    assert hass.states.get(f"sensor.{slug}_status").state == "paused"
    await hass.services.async_call(
        "switch", "turn_off", {ATTR_ENTITY_ID: switch}, blocking=True
    )
    await settle(hass, entry, subentry_id, switch, STATE_OFF)

    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert daemon.daemon.password not in json.dumps(diagnostics, default=str)
    assert diagnostics["services"][subentry_id]["coordinators"]["queue"][
        "last_update_success"
    ]

    alt = hass.states.get(f"switch.{slug}_alternative_speed_limits")
    assert (alt is not None) is daemon.alt_speed
    if alt is not None:
        assert alt.state == STATE_OFF
        await hass.services.async_call(
            "switch",
            "turn_on",
            {ATTR_ENTITY_ID: f"switch.{slug}_alternative_speed_limits"},
            blocking=True,
        )
        assert (
            hass.states.get(f"switch.{slug}_alternative_speed_limits").state == STATE_ON
        )
