"""The demo's Sonarr and Radarr downloads are the real SABnzbd's jobs.

What they have queued, paused, downloading or stalled in SABnzbd is a job of
the real SABnzbd under the arr's downloadId, in that state; a downloading or
stalled one stands at the arr's share of it for good (the demo's stub news
server serves that share and never the rest), so nothing here waits for
SABnzbd to get anywhere.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import aiohttp
import pytest

from tests.support.demo import (
    SABNZBD_PROGRESS_ROLES,
    SABNZBD_STATUS,
    HomeAssistantClient,
    sabnzbd_mb_left,
    sabnzbd_role,
)

from .conftest import E2E_TIMEOUT
from .ui import arr_get

# The first test also waits for the demo to start, the last for it to stop.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(E2E_TIMEOUT)]


def spoken_name(record: dict[str, Any]) -> str:
    """How AutoArr names an arr queue record: "Series S01E02" or the movie."""
    if "movie" in record:
        title: str = record["movie"]["title"]
        return title
    episode = record["episode"]
    return (
        f"{record['series']['title']} "
        f"S{episode['seasonNumber']:02d}E{episode['episodeNumber']:02d}"
    )


def role(record: dict[str, Any]) -> str | None:
    """What an arr queue record's download is in the demo's SABnzbd."""
    return sabnzbd_role(
        record["downloadClient"], record["status"], record["trackedDownloadState"]
    )


async def sabnzbd_records(
    http: aiohttp.ClientSession, demo: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The Sonarr and Radarr downloads that are SABnzbd jobs, by downloadId."""
    records: dict[str, dict[str, Any]] = {}
    for kind in ("sonarr", "radarr"):
        queue = await arr_get(
            http,
            demo["services"][kind],
            "queue",
            pageSize="200",
            includeSeries="true",
            includeEpisode="true",
            includeMovie="true",
        )
        records |= {
            record["downloadId"]: record
            for record in queue["records"]
            if role(record) is not None
        }
    return records


async def test_arr_queues_are_sabnzbd_jobs(
    demo: dict[str, Any], http: aiohttp.ClientSession, ha: HomeAssistantClient
) -> None:
    """What Sonarr and Radarr have in SABnzbd is there, under its id, as they say.

    AutoArr sees each arr item and its SABnzbd job as one download: "what's
    downloading?" and the downloads action name it once, by the arr's name,
    never also by the job's release name.
    """
    if "sabnzbd" not in demo["services"]:
        pytest.skip("SABnzbd is not installed, so the demo runs without it")
    records = await sabnzbd_records(http, demo)
    assert {role(record) for record in records.values()} == set(SABNZBD_STATUS)
    sab = demo["services"]["sabnzbd"]
    async with http.get(
        f"{sab['url']}/api",
        params={"mode": "queue", "output": "json", "apikey": sab["api_key"]},
    ) as resp:
        slots = (await resp.json())["queue"]["slots"]
    jobs = {slot["nzo_id"]: slot for slot in slots}
    # The same job, as the arr says: queued, held (paused), or at the arr's
    # share of it, downloading or stalled.
    assert {
        nzo_id: (jobs[nzo_id]["filename"], jobs[nzo_id]["status"])
        for nzo_id in records
        if nzo_id in jobs
    } == {
        nzo_id: (record["title"], SABNZBD_STATUS[str(role(record))])
        for nzo_id, record in records.items()
    }
    for nzo_id, record in records.items():
        if role(record) in SABNZBD_PROGRESS_ROLES:
            share = 1 - record["sizeleft"] / record["size"]
            assert jobs[nzo_id]["mbleft"] == sabnzbd_mb_left(share), record

    response = await ha.request(
        "POST", "/api/services/autoarr/get_downloads?return_response", {}
    )
    downloads = response["service_response"]["downloads"]
    # Other tests may add a second Sonarr, with a queue like the first one's.
    ours = [
        download
        for download in downloads
        if download["service"] in ("Sonarr", "Radarr", "SABnzbd")
    ]
    names = Counter(download["name"] for download in ours)
    listed = {download["name"]: download for download in ours}
    for nzo_id, record in records.items():
        name = spoken_name(record)
        assert names[name] == 1, (record, downloads)
        assert names[record["title"]] == 0, (record, downloads)
        # AutoArr's word for it is its role: what SABnzbd and the arr agree on.
        assert listed[name]["state"] == role(record), (record, listed[name])
        if role(record) in SABNZBD_PROGRESS_ROLES:
            assert listed[name]["progress"] == float(jobs[nzo_id]["percentage"])

    result = await ha.request(
        "POST",
        "/api/conversation/process",
        {"text": "what's downloading?", "language": "en"},
    )
    speech: str = result["response"]["speech"]["plain"]["speech"]
    counts = Counter(download["state"] for download in downloads)
    assert speech.startswith(f"{counts['downloading']} downloading: "), speech
    assert f"{counts['queued']} waiting, {counts['paused']} paused" in speech
    assert not [record for record in records.values() if record["title"] in speech]
