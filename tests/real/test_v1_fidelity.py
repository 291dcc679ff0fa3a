"""The Lidarr and Prowlarr simulators answer as the real servers do, endpoint
by endpoint (their `/api/v1`).

For each Lidarr and Prowlarr answer of the corpus, the simulator is asked the
same endpoint as AutoArr asks it, and the two are compared on what AutoArr
depends on (`fidelity.py` says how): value types, the presence of what
AutoArr reads, and enum values. Most answers name no version of either
application (see PROVENANCE.md): they are compared with the simulator's own
version; a Lidarr 0.8.1 status with the simulator answering as that version.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from .corpus import REAL, Payload
from .fidelity import (
    Endpoint,
    SimKind,
    divergences,
    envelope,
    records,
    simulator_answer,
    type_divergences,
)

# The simulators are built around the present: swept with the clock tests.
pytestmark = pytest.mark.clock

_QUEUE_READ = frozenset({
    "id", "title", "status", "trackedDownloadStatus", "trackedDownloadState",
    "statusMessages", "errorMessage", "size", "sizeleft", "timeleft",
    "estimatedCompletionTime", "downloadId", "downloadClient", "protocol",
    "indexer", "outputPath", "added", "artistId", "albumId", "artist", "album",
})  # fmt: skip
_ALBUM_READ = frozenset({
    "id", "title", "artistId", "artist", "foreignAlbumId", "monitored",
    "albumType", "releaseDate", "statistics", "lastSearchTime", "images",
})  # fmt: skip
ENDPOINTS: dict[tuple[SimKind, str], Endpoint] = {
    ("lidarr", "queue"): Endpoint(
        "queue?page=1&pageSize=50&includeUnknownArtistItems=true"
        "&includeArtist=true&includeAlbum=true",
        _QUEUE_READ,
        {
            "trackedDownloadStatus": "TrackedDownloadStatus",
            "trackedDownloadState": "TrackedDownloadState",
            "protocol": "DownloadProtocol",
        },
    ),
    ("lidarr", "wanted-missing"): Endpoint(
        "wanted/missing?page=1&pageSize=50&includeArtist=true&monitored=true",
        _ALBUM_READ,
    ),
    ("lidarr", "calendar"): Endpoint(
        "calendar?start={start}&end={end}&unmonitored=false&includeArtist=true",
        _ALBUM_READ | {"overview"},
    ),
    ("lidarr", "album"): Endpoint("album", _ALBUM_READ),
    ("lidarr", "artist"): Endpoint(
        "artist",
        frozenset({
            "id", "artistName", "foreignArtistId", "status", "monitored", "path",
            "qualityProfileId", "metadataProfileId", "overview", "statistics",
            "added", "genres", "images",
        }),
        {"status": "ArtistStatusType"},
    ),
    ("lidarr", "system-status"): Endpoint(
        "system/status",
        frozenset({
            "appName", "version", "instanceName", "urlBase", "branch", "osName",
            "isDocker", "authentication", "databaseType", "startTime",
        }),
        version_shaped=frozenset({"appName", "instanceName"}),
    ),
    ("prowlarr", "indexer"): Endpoint(
        "indexer",
        frozenset({"id", "name", "enable", "protocol", "priority", "privacy"}),
        {"protocol": "DownloadProtocol", "privacy": "IndexerPrivacy"},
    ),
}  # fmt: skip


# The simulator version that stands for a version folder of the corpus (the
# simulator's own for a folder named for the API).
SIM_VERSIONS = {("lidarr", "0.8"): "0.8.1.2135"}


def _cases() -> list[Payload]:
    return [
        Payload(app, path.parent.name, path.stem, path)
        for app in ("lidarr", "prowlarr")
        for path in sorted((REAL / app).glob("*/*.json"))
    ]


def endpoint_of(payload: Payload) -> tuple[SimKind, str]:
    """Return the endpoint a corpus answer answers (its name, then its case)."""
    app: SimKind = "lidarr" if payload.app == "lidarr" else "prowlarr"
    name = payload.endpoint
    while (app, name) not in ENDPOINTS:
        assert "_" in name or "-" in name, f"no request for {payload.id}"
        name = name.rsplit("_" if "_" in name else "-", 1)[0]
    return app, name


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.mark.parametrize("payload", _cases(), ids=lambda payload: payload.id)
async def test_simulator_answers_as_the_real_server(
    session: aiohttp.ClientSession, payload: Payload
) -> None:
    """Types, presence of what AutoArr reads, and enum values agree."""
    app, name = endpoint_of(payload)
    endpoint = ENDPOINTS[(app, name)]
    real_answer = payload.json()
    sim_version = SIM_VERSIONS.get((app, payload.version))
    sim_answer = await simulator_answer(session, app, sim_version, endpoint.request)
    # A page's envelope (its counts) is compared too: one corpus answer is
    # a page reduced to its count.
    found = type_divergences(envelope(real_answer), envelope(sim_answer), name)
    real, sim = records(real_answer), records(sim_answer)
    assert real or envelope(real_answer), f"{payload.id} has nothing to compare"
    if real:
        assert sim, f"the {app} simulator has no {name} record to compare"
        found += divergences(app, payload.version, endpoint, name, real, sim)
    assert not found, "\n".join(found)
