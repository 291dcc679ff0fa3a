"""The demo's Sonarr and Radarr send their waiting downloads to the real SABnzbd."""

from __future__ import annotations

from collections import Counter
from typing import Any

import aiohttp
import pytest

from tests.support.demo import SABNZBD_WAITING_STATES, HomeAssistantClient

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


async def sabnzbd_records(
    http: aiohttp.ClientSession, demo: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The Sonarr and Radarr downloads waiting in SABnzbd, by downloadId."""
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
            if record["downloadClient"] == "SABnzbd"
            and record["status"] in SABNZBD_WAITING_STATES
        }
    return records


async def test_arr_queues_are_sabnzbd_jobs(
    demo: dict[str, Any], http: aiohttp.ClientSession, ha: HomeAssistantClient
) -> None:
    """What Sonarr and Radarr have waiting in SABnzbd is there, under its id.

    AutoArr sees each arr item and its SABnzbd job as one download: "what's
    downloading?" and the downloads action name it once, by the arr's name,
    never also by the job's release name.
    """
    if "sabnzbd" not in demo["services"]:
        pytest.skip("SABnzbd is not installed, so the demo runs without it")
    records = await sabnzbd_records(http, demo)
    assert {record["status"] for record in records.values()} == set(
        SABNZBD_WAITING_STATES
    )
    sab = demo["services"]["sabnzbd"]
    async with http.get(
        f"{sab['url']}/api",
        params={"mode": "queue", "output": "json", "apikey": sab["api_key"]},
    ) as resp:
        slots = (await resp.json())["queue"]["slots"]
    jobs = {slot["nzo_id"]: slot for slot in slots}
    # The same job, waiting as the arr says: queued or held (paused).
    assert {
        nzo_id: (jobs[nzo_id]["filename"], jobs[nzo_id]["status"])
        for nzo_id in records
        if nzo_id in jobs
    } == {
        nzo_id: (
            record["title"],
            "Paused" if SABNZBD_WAITING_STATES[record["status"]] else "Propagating",
        )
        for nzo_id, record in records.items()
    }

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
    states = {download["name"]: download["state"] for download in ours}
    for record in records.values():
        assert names[spoken_name(record)] == 1, (record, downloads)
        assert states[spoken_name(record)] == record["status"]
        assert names[record["title"]] == 0, (record, downloads)

    result = await ha.request(
        "POST",
        "/api/conversation/process",
        {"text": "what's downloading?", "language": "en"},
    )
    speech: str = result["response"]["speech"]["plain"]["speech"]
    counts = Counter(download["state"] for download in downloads)
    assert f"{counts['queued']} waiting, {counts['paused']} paused" in speech
    assert not [record for record in records.values() if record["title"] in speech]
