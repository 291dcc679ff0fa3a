"""The demo's arr downloads are jobs of the real SABnzbd, in the arr's states.

`scripts/develop` links the Sonarr, Radarr and Lidarr simulators' SABnzbd
downloads to a real SABnzbd (`demo.link_queues_to_sabnzbd`): here the same
linking, without Home Assistant. A downloading or stalled job stands at the
arr's share for good (the stub news server serves that share at once, then
paces the rest for ever or holds it silent), so the assertions need no
waiting on SABnzbd's progress: the linking returns once every job shows its
share, and nothing moves after that.
"""

from __future__ import annotations

import asyncio
from collections import Counter
import contextlib

import aiohttp
import pytest

from custom_components.autoarr.agent.operations.downloads import downloads
from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.agent.vocabulary import queue_entries
from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.lidarr import LidarrClient
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sabnzbd_downloads import SabnzbdDownloads
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim import start_simulator
from tests.support.demo import (
    SABNZBD_MISC,
    SABNZBD_PROGRESS_ROLES,
    SABNZBD_STATUS,
    link_queues_to_sabnzbd,
    sabnzbd_items,
    sabnzbd_mb_left,
    sabnzbd_progress_jobs,
    sabnzbd_share,
)
from tests.support.sabnzbd import SKIP_REASON, RealSabnzbd, sabnzbd_available

# The simulators' queues are built around the tests' present.
pytestmark = [
    pytest.mark.clock,
    pytest.mark.skipif(not sabnzbd_available(), reason=SKIP_REASON),
]


async def test_demo_arr_downloads_are_sabnzbd_jobs(
    http_session: aiohttp.ClientSession,
) -> None:
    """Each arr download SABnzbd has is its job, under its id, in its state.

    The queued one waits, the paused one is held, the downloading ones stand
    at the arr's share and the stalled one too, with no byte coming; AutoArr
    lists each once, by the arr's name, with SABnzbd's progress and the word
    the arr and SABnzbd agree on (downloading; stalled, as the arr warns).
    """
    async with contextlib.AsyncExitStack() as stack:
        simulators = [
            await stack.enter_async_context(start_simulator(kind))
            for kind in ("sonarr", "radarr", "lidarr")
        ]
        sab = await stack.enter_async_context(
            RealSabnzbd(
                misc=SABNZBD_MISC, progress_jobs=sabnzbd_progress_jobs(simulators)
            )
        )
        linked = [pair for sim in simulators for pair in sabnzbd_items(sim)]
        # Each state SABnzbd has a job in is among the demo's downloads.
        assert {role for _, role in linked} == set(SABNZBD_STATUS)
        await asyncio.to_thread(link_queues_to_sabnzbd, sab, simulators)

        slots = (await asyncio.to_thread(sab.api, "queue"))["queue"]["slots"]
        jobs = {slot["nzo_id"]: slot for slot in slots}
        for item, role in linked:
            job = jobs[item.download_id]
            assert (job["filename"], job["status"]) == (
                item.title,
                SABNZBD_STATUS[role],
            )
            if role in SABNZBD_PROGRESS_ROLES:
                assert job["mbleft"] == sabnzbd_mb_left(sabnzbd_share(item))

        sonarr, radarr, lidarr = (
            client(http_session, sim.service_config())
            for client, sim in zip(
                (SonarrClient, RadarrClient, LidarrClient), simulators, strict=True
            )
        )
        # What each arr calls its downloads, by download id.
        arr_names = {
            entry.download_id: entry.name
            for client in (sonarr, radarr, lidarr)
            for entry in queue_entries(await client.queue_all())
        }
        sab_client = SabnzbdClient(
            http_session,
            ServiceConfig(url=sab.url, auth=ApiKey(sab.api_key), timeout=15.0),
        )
        report = await downloads(
            Stack(
                sonarr=(Instance("Sonarr", sonarr),),
                radarr=(Instance("Radarr", radarr),),
                lidarr=(Instance("Lidarr", lidarr),),
                download_clients=(Instance("SABnzbd", SabnzbdDownloads(sab_client)),),
            )
        )

    assert not report.unavailable
    names = Counter(download.name for download in report.downloads)
    listed = {download.name: download for download in report.downloads}
    for item, role in linked:
        name = arr_names[item.download_id]
        # Listed once, by the arr's name, never by the job's release name.
        assert (names[name], names[item.title]) == (1, 0), report.downloads
        download = listed[name]
        assert (download.service, str(download.state)) == ("SABnzbd", role), download
        if role in SABNZBD_PROGRESS_ROLES:
            assert download.progress == float(jobs[item.download_id]["percentage"])
