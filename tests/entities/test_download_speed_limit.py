"""The download speed limit numbers of every download client.

Against the real daemons on 127.0.0.1: an administrator sets the global
download limit of qBittorrent, Transmission, Deluge and NZBGet in KiB/s (0
lifts it) and the daemon keeps it in its own units, the upload limit it had
untouched; a household user who is not an administrator, and a read-only
user, are refused and change nothing. SABnzbd's limit as a percentage of its
line speed is for administrators alike. The `autoarr.set_speed_limit` action
does the same for administrators.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized, UnknownUser
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.arr.download_client import SpeedLimits
from custom_components.autoarr.arr.downloads import TransferStatus
from custom_components.autoarr.const import DOMAIN
from tests.support.arr_sim import SonarrSimulator
from tests.support.deluge import RealDeluge
from tests.support.nzbget import RealNzbget
from tests.support.qbittorrent import RealQbittorrent
from tests.support.sabnzbd import RealSabnzbd
from tests.support.transmission import RealTransmission

from .conftest import SetupEntry, sabnzbd_subentry, sonarr, sonarr_subentry
from .test_download_clients import Daemon, daemon, subentry

__all__ = ["daemon", "sonarr"]

KIB = 1024


def daemons_own_limit(daemon: Daemon) -> float | None:
    """Return the download limit as the daemon itself keeps it (its units)."""
    real = daemon.daemon
    if isinstance(real, RealQbittorrent):
        # bytes/s, as text.
        return int(real.api("transfer/downloadLimit")) or None
    if isinstance(real, RealTransmission):
        session = real.rpc("session-get")
        # kB/s of 1000 bytes.
        enabled = session["speed-limit-down-enabled"]
        return float(session["speed-limit-down"]) if enabled else None
    if isinstance(real, RealDeluge):
        value = float(real.call("core.get_config_value", "max_download_speed"))
        return value if value > 0 else None  # KiB/s
    assert isinstance(real, RealNzbget)
    return int(real.call("status")["DownloadLimit"]) or None  # bytes/s


# What 500 KiB/s is in each daemon's own units.
FIVE_HUNDRED = {
    "qbittorrent": 512_000,
    "transmission": 512.0,
    "deluge": 500.0,
    "nzbget": 512_000,
}


async def _status(entry: MockConfigEntry) -> TransferStatus:
    [runtime] = entry.runtime_data.download_services()
    return await runtime.downloads.status()


async def _set(
    hass: HomeAssistant, entity_id: str, value: float, user: User | None
) -> None:
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
        context=Context(user_id=user.id if user else None),
    )


async def test_download_speed_limit(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    daemon: Daemon,
    hass_admin_user: User,
    hass_read_only_user: User,
) -> None:
    entry = await setup_entry(subentry(daemon))
    [runtime] = entry.runtime_data.download_services()
    assert isinstance(runtime.downloads, SpeedLimits)
    uploads = daemon.kind != "nzbget"
    if uploads:
        # An upload limit the user set in the client: it stays.
        await runtime.downloads.set_speed_limits(upload=100 * KIB)
        await runtime.queue.async_refresh()
    # As the client keeps it (in its own units).
    upload = (await _status(entry)).upload_limit
    assert (upload is not None) is uploads
    number = f"number.{daemon.kind}_download_speed_limit"
    state = hass.states.get(number)
    assert state is not None
    assert state.state == "0"
    assert state.attributes["unit_of_measurement"] == "KiB/s"

    await _set(hass, number, 500, hass_admin_user)
    assert hass.states.get(number).state == "500"
    assert daemons_own_limit(daemon) == FIVE_HUNDRED[daemon.kind]
    status = await _status(entry)
    assert status.download_limit == 500 * KIB
    assert status.upload_limit == upload

    # Not an administrator: refused, nothing changes.
    await _refused(hass, number, hass_read_only_user)
    assert daemons_own_limit(daemon) == FIVE_HUNDRED[daemon.kind]
    assert hass.states.get(number).state == "500"

    # An automation (no user) may; 0 lifts the limit.
    await _set(hass, number, 0, None)
    assert hass.states.get(number).state == "0"
    assert daemons_own_limit(daemon) is None
    status = await _status(entry)
    assert status.download_limit is None
    assert status.upload_limit == upload


async def _refused(hass: HomeAssistant, number: str, read_only: User) -> None:
    """Check that no one but an administrator (or an automation) may set it."""
    household = await hass.auth.async_create_user("Kid", group_ids=["system-users"])
    for user in (household, read_only):
        with pytest.raises(Unauthorized):
            await _set(hass, number, 10, user)
    with pytest.raises(UnknownUser):
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: number, ATTR_VALUE: 10},
            blocking=True,
            context=Context(user_id="no-such-user"),
        )


@pytest.mark.sabnzbd
async def test_sabnzbd_speed_limit_is_for_administrators(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sabnzbd: RealSabnzbd,
    hass_admin_user: User,
    hass_read_only_user: User,
) -> None:
    """SABnzbd's percentage: set by an administrator, refused to anyone else."""
    await setup_entry(sabnzbd_subentry(sabnzbd))
    number = "number.sabnzbd_speed_limit"
    assert hass.states.get(number).state == "100"

    await _set(hass, number, 40, hass_admin_user)
    assert sabnzbd.api("queue")["queue"]["speedlimit"] == "40"
    assert hass.states.get(number).state == "40"

    await _refused(hass, number, hass_read_only_user)
    assert sabnzbd.api("queue")["queue"]["speedlimit"] == "40"
    assert hass.states.get(number).state == "40"

    # An automation (no user) may; 100 lifts the limit.
    await _set(hass, number, 100, None)
    assert hass.states.get(number).state == "100"
    assert sabnzbd.api("queue")["queue"]["speedlimit"] in ("0", "100")


async def test_set_speed_limit_action(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    daemon: Daemon,
    hass_admin_user: User,
) -> None:
    """`autoarr.set_speed_limit`, for administrators, through the same seam."""
    entry = await setup_entry(subentry(daemon))
    number = f"number.{daemon.kind}_download_speed_limit"

    async def call(user: User | None, **data: Any) -> Any:
        return await hass.services.async_call(
            DOMAIN,
            "set_speed_limit",
            data,
            blocking=True,
            return_response=True,
            context=Context(user_id=user.id if user else None),
        )

    answer = await call(hass_admin_user, limit=500, instance=daemon.name.upper())
    assert answer == {"clients": [{"name": daemon.name, "limit": 500}]}
    assert daemons_own_limit(daemon) == FIVE_HUNDRED[daemon.kind]
    await hass.async_block_till_done()
    assert hass.states.get(number).state == "500"

    household = await hass.auth.async_create_user("Kid", group_ids=["system-users"])
    with pytest.raises(Unauthorized):
        await call(household, limit=10)
    with pytest.raises(ServiceValidationError) as unknown:
        await call(None, limit=10, instance="Nobody")
    assert unknown.value.translation_key == "unknown_instance"
    assert daemons_own_limit(daemon) == FIVE_HUNDRED[daemon.kind]

    # Every client when none is named; 0 lifts the limit.
    assert await call(None, limit=0) == {"clients": [{"name": daemon.name, "limit": 0}]}
    assert daemons_own_limit(daemon) is None
    assert (await _status(entry)).download_limit is None


async def test_set_speed_limit_needs_a_download_client(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    await setup_entry(sonarr_subentry(sonarr))
    with pytest.raises(ServiceValidationError) as none:
        await hass.services.async_call(
            DOMAIN, "set_speed_limit", {"limit": 10}, blocking=True
        )
    assert none.value.translation_key == "no_download_client_configured"
