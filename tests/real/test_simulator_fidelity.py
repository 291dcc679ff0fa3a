"""The Sonarr and Radarr simulators answer as the real servers do, endpoint
by endpoint.

For each answer of the corpus, the simulator of the same application and
version is asked the same endpoint, and the two are compared on what AutoArr
depends on (`fidelity.py` says how): value types, the presence of what
AutoArr reads (Sonarr v3's queue records carry the season only in the
embedded episode, so its simulator leaves `seasonNumber` out too) and enum
values.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from tests.support.arr_sim import SONARR_V3, start_simulator
from tests.support.clock import fixed_now

from .corpus import REAL, Payload, load
from .fidelity import Endpoint, SimKind, divergences, records, simulator_answer

# The simulators are built around the present: swept with the clock tests.
pytestmark = pytest.mark.clock

# The simulator version that stands for each version folder of the corpus.
SIM_VERSIONS = {
    ("sonarr", "3.0"): "3.0.6.1196",
    ("sonarr", "v3"): SONARR_V3,
    ("sonarr", "v4"): None,
    ("radarr", "3.2"): "3.2.2.5080",
    ("radarr", "v4"): "4.7.5.7809",
    ("radarr", "v5"): "5.0.3.8127",
}
ENDPOINTS = {
    "queue": Endpoint(
        "queue?includeSeries=true&includeEpisode=true&includeMovie=true"
        "&includeUnknownSeriesItems=true&includeUnknownMovieItems=true",
        frozenset({
            "id", "title", "status", "trackedDownloadStatus", "trackedDownloadState",
            "statusMessages", "errorMessage", "size", "sizeleft", "timeleft",
            "estimatedCompletionTime", "downloadId", "downloadClient", "protocol",
            "indexer", "outputPath", "added", "seriesId", "episodeId",
            "seasonNumber", "movieId", "series", "movie", "episode",
        }),
        {
            "status": "QueueStatus",
            "trackedDownloadStatus": "TrackedDownloadStatus",
            "trackedDownloadState": "TrackedDownloadState",
            "protocol": "DownloadProtocol",
        },
        frozenset({"seasonNumber"}),
    ),
    "series": Endpoint(
        "series",
        frozenset({
            "id", "title", "year", "tvdbId", "status", "monitored", "path",
            "qualityProfileId", "titleSlug", "imdbId", "network", "overview",
            "statistics", "nextAiring", "previousAiring", "added", "seasons", "images",
        }),
        {"status": "SeriesStatusType"},
    ),
    "movie": Endpoint(
        "movie",
        frozenset({
            "id", "title", "year", "tmdbId", "status", "monitored", "hasFile", "path",
            "qualityProfileId", "minimumAvailability", "imdbId", "titleSlug",
            "overview", "sizeOnDisk", "statistics", "isAvailable", "inCinemas",
            "digitalRelease", "physicalRelease", "added", "images",
        }),
        {"status": "MovieStatusType", "minimumAvailability": "MovieStatusType"},
    ),
    "wanted-missing": Endpoint(
        "wanted/missing?includeSeries=true&monitored=true",
        frozenset({
            "id", "title", "series", "monitored", "seasonNumber", "episodeNumber",
            "seriesId", "airDateUtc", "lastSearchTime",
        }),
    ),
    "system-status": Endpoint(
        "system/status",
        frozenset({
            "appName", "version", "instanceName", "urlBase", "branch", "osName",
            "isDocker", "authentication", "databaseType", "startTime",
        }),
        version_shaped=frozenset({"appName", "instanceName"}),
    ),
    "health": Endpoint(
        "health",
        frozenset({"source", "type", "message", "wikiUrl"}),
        {"type": "HealthCheckResult"},
    ),
    "episode": Endpoint(
        "episode?seriesId=1",
        frozenset({
            "id", "seriesId", "seasonNumber", "episodeNumber", "title",
            "airDateUtc", "hasFile", "monitored", "absoluteEpisodeNumber",
        }),
    ),
    "calendar": Endpoint(
        "calendar?includeSeries=true&unmonitored=false&start={start}&end={end}",
        frozenset({
            "id", "title", "series", "monitored", "seasonNumber", "episodeNumber",
            "seriesId", "airDateUtc", "hasFile", "overview",
        }),
    ),
}  # fmt: skip
# Where an application asks an endpoint otherwise, or reads other fields.
APP_ENDPOINTS = {
    ("radarr", "calendar"): Endpoint(
        "calendar?start={start}&end={end}&unmonitored=false",
        frozenset({
            "id", "title", "year", "tmdbId", "monitored", "hasFile", "overview",
            "inCinemas", "digitalRelease", "physicalRelease", "titleSlug",
        }),
        {"status": "MovieStatusType"},
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Case:
    """One corpus answer and the endpoint it answers."""

    payload: Payload
    endpoint: str

    @property
    def id(self) -> str:
        """Return the test id."""
        return self.payload.id


def _cases() -> list[Case]:
    cases = []
    for app in ("sonarr", "radarr"):
        for path in sorted((REAL / app).glob("*/*.json")):
            payload = Payload(app, path.parent.name, path.stem, path)
            endpoint = next(
                (e for e in ENDPOINTS if path.stem == e or path.stem.startswith(e)),
                None,
            )
            assert endpoint is not None, f"no request for {payload.id}"
            cases.append(Case(payload, endpoint))
    return cases


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.id)
async def test_simulator_answers_as_the_real_server(
    session: aiohttp.ClientSession, case: Case
) -> None:
    """Types, presence of what AutoArr reads, and enum values agree."""
    payload = case.payload
    app: SimKind = "sonarr" if payload.app == "sonarr" else "radarr"
    endpoint = APP_ENDPOINTS.get((app, case.endpoint), ENDPOINTS[case.endpoint])
    real = records(payload.json())
    answer = await simulator_answer(
        session, app, SIM_VERSIONS[(app, payload.version)], endpoint.request
    )
    sim = records(answer)
    assert real and sim, "both must have records to compare"
    found = divergences(app, payload.version, endpoint, case.endpoint, real, sim)
    assert not found, "\n".join(found)


async def test_simulator_leaves_out_the_estimate_a_torrent_client_cannot_give(
    session: aiohttp.ClientSession,
) -> None:
    """A real Sonarr v4 lists torrents stalled before their first byte, and a
    finished one, with no `timeleft` or `estimatedCompletionTime`: its
    torrent client gives no estimate. The simulator's records of the same
    downloads leave them out too; a download SABnzbd holds keeps its time
    left (00:00:00 when paused)."""
    real = load("sonarr", "v4", "queue")["records"]
    async with start_simulator("sonarr", now=fixed_now()) as sim:
        sim.state.queue.clear()
        episode = next(iter(sim.state.episodes.values()))
        media = sim.state.episode_media(episode)
        for record in real:
            sim.state.add_queue_item(
                record["title"],
                media,
                size=int(record["size"]),
                done=1 - record["sizeleft"] / record["size"],
                status=record["status"],
                tracked_download_status=record["trackedDownloadStatus"],
                tracked_download_state=record["trackedDownloadState"],
                download_id=record["downloadId"],
                download_client=record["downloadClient"],
                protocol=record["protocol"],
            )
        sim.state.add_queue_item("Paused.Show.S01E01", media, status="paused")
        async with session.get(
            f"{sim.url}/api/v3/queue?pageSize=50",
            headers={"X-Api-Key": sim.api_key},
        ) as response:
            assert response.status == 200
            answer = (await response.json())["records"]

    by_title = {record["title"]: record for record in real}
    estimates = ("timeleft", "estimatedCompletionTime")
    for record in answer:
        sent = [key for key in estimates if key in record]
        if record["title"] in by_title:
            assert sent == [k for k in estimates if k in by_title[record["title"]]]
        else:
            assert (sent, record["timeleft"]) == (list(estimates), "00:00:00")
    assert len(answer) == len(real) + 1
