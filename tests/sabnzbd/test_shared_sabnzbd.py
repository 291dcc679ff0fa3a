"""The session's shared SABnzbd really goes back to how it started.

Every package's tests share one SABnzbd (tests/conftest.py); they stay
independent only if `reset_sabnzbd` undoes what any of them may change.
"""

from __future__ import annotations

import asyncio

import pytest

from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from tests.conftest import SABNZBD_START, reset_sabnzbd
from tests.support.sabnzbd import RealSabnzbd, make_nzb

pytestmark = pytest.mark.sabnzbd


async def test_reset_undoes_every_change(
    sab_client: SabnzbdClient, sabnzbd: RealSabnzbd, request: pytest.FixtureRequest
) -> None:
    """Jobs, pause, limits, settings, categories and counters all go back."""
    start = request.config.stash[SABNZBD_START]
    # A job that fails (it moves the server's counters), then one kept queued.
    [failed] = await sab_client.add_file("Failed.Job.nzb", make_nzb("Failed.Job"))
    await asyncio.to_thread(sabnzbd.wait_for_failed_jobs, nzo_ids=[failed])
    await sab_client.pause()
    await sab_client.add_file("Queued.Job.nzb", make_nzb("Queued.Job"))
    await sab_client.set_config("misc", "bandwidth_max", "10M")
    await sab_client.set_config("misc", "direct_unpack", 1)
    sabnzbd.api("config", name="speedlimit", value="50")
    sabnzbd.api("set_config", section="categories", name="tv-extra")
    sabnzbd.api("del_config", section="categories", keyword="movies")
    assert sabnzbd.api("server_stats") != start.server_stats

    await asyncio.to_thread(reset_sabnzbd, sabnzbd, start)

    queue = await sab_client.queue()
    assert not queue.paused and not queue.slots
    assert queue.speed_limit_percent is None
    assert not (await sab_client.history()).slots
    assert await sab_client.categories() == start.categories
    misc = sabnzbd.api("get_config", section="misc")["config"]["misc"]
    assert misc == start.misc
    assert sabnzbd.api("server_stats") == start.server_stats
