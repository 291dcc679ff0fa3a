"""The simulators answer as the real servers do, endpoint by endpoint.

For each answer of the corpus, the simulator of the same application and
version is asked the same endpoint, and the two are compared on what AutoArr
depends on:

- value types: a field both send has the same JSON type (null aside);
- presence: a field AutoArr reads that every real record has, with a value,
  the simulator sends with a value too; a field AutoArr reads that no real
  record of that version has (Sonarr v3's queue records carry the season only
  in the embedded episode), the simulator leaves out too;
- enum values: what the simulator sends for an enum field is a value the real
  servers or the official document know, in the case the real servers use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from custom_components.autoarr.arr.fields import format_datetime
from tests.support.arr_sim import SONARR_V3, start_simulator
from tests.support.clock import fixed_now
from tests.support.contract import load_spec

from .corpus import REAL, Payload

# The simulators are built around the present: swept with the clock tests.
pytestmark = pytest.mark.clock

# The simulator version that stands for each version folder of the corpus.
SIM_VERSIONS = {
    ("sonarr", "v3"): SONARR_V3,
    ("sonarr", "v4"): None,
    ("radarr", "v4"): "4.7.5.7809",
    ("radarr", "v5"): "5.0.3.8127",
}
# The request of each endpoint, as AutoArr makes it.
REQUESTS = {
    "queue": "queue?includeSeries=true&includeEpisode=true&includeMovie=true"
    "&includeUnknownSeriesItems=true&includeUnknownMovieItems=true",
    "series": "series",
    "movie": "movie",
    "wanted-missing": "wanted/missing?includeSeries=true&monitored=true",
    "system-status": "system/status",
    "health": "health",
    "calendar": "calendar?includeSeries=true&unmonitored=false&start={start}&end={end}",
}
# The fields of each endpoint's records that AutoArr's parsers read.
READ = {
    "queue": {
        "id", "title", "status", "trackedDownloadStatus", "trackedDownloadState",
        "statusMessages", "errorMessage", "size", "sizeleft", "timeleft",
        "estimatedCompletionTime", "downloadId", "downloadClient", "protocol",
        "indexer", "outputPath", "added", "seriesId", "episodeId",
        "seasonNumber", "movieId", "series", "movie", "episode",
    },
    "series": {
        "id", "title", "year", "tvdbId", "status", "monitored", "path",
        "qualityProfileId", "titleSlug", "imdbId", "network", "overview",
        "statistics", "nextAiring", "previousAiring", "added", "seasons", "images",
    },
    "movie": {
        "id", "title", "year", "tmdbId", "status", "monitored", "hasFile", "path",
        "qualityProfileId", "minimumAvailability", "imdbId", "titleSlug",
        "overview", "sizeOnDisk", "statistics", "isAvailable", "inCinemas",
        "digitalRelease", "physicalRelease", "added", "images",
    },
    "wanted-missing": {
        "id", "title", "series", "monitored", "seasonNumber", "episodeNumber",
        "seriesId", "airDateUtc", "lastSearchTime",
    },
    "system-status": {
        "appName", "version", "instanceName", "urlBase", "branch", "osName",
        "isDocker", "authentication", "databaseType", "startTime",
    },
    "health": {"source", "type", "message", "wikiUrl"},
    "calendar": {
        "id", "title", "series", "monitored", "seasonNumber", "episodeNumber",
        "seriesId", "airDateUtc", "hasFile", "overview",
    },
}  # fmt: skip
# Enum fields of each endpoint and their schema in the official documents.
ENUMS = {
    "queue": {
        "status": "QueueStatus",
        "trackedDownloadStatus": "TrackedDownloadStatus",
        "trackedDownloadState": "TrackedDownloadState",
        "protocol": "DownloadProtocol",
    },
    "health": {"type": "HealthCheckResult"},
    "movie": {"status": "MovieStatusType", "minimumAvailability": "MovieStatusType"},
    "series": {"status": "SeriesStatusType"},
}
# Fields that differ by version: no real record of a version has them, so
# the simulator of that version must not send them either.
VERSION_SHAPED = {"queue": {"seasonNumber"}}


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
                (e for e in REQUESTS if path.stem == e or path.stem.startswith(e)),
                None,
            )
            assert endpoint is not None, f"no request for {payload.id}"
            cases.append(Case(payload, endpoint))
    return cases


def records(answer: Any) -> list[Mapping[str, Any]]:
    """Return the records of an answer (a page, a list or one object)."""
    if isinstance(answer, Mapping) and "records" in answer:
        return list(answer["records"])
    if isinstance(answer, list):
        return answer
    return [answer]


def json_type(value: Any) -> str:
    """Name a JSON value's type; integers and decimals are both numbers."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "null"


def type_divergences(
    real: Iterable[Mapping[str, Any]], sim: Iterable[Mapping[str, Any]], where: str
) -> list[str]:
    """Return the fields both send with different JSON types (null aside)."""
    real_types: dict[str, set[str]] = {}
    nested_real: dict[str, list[Mapping[str, Any]]] = {}
    for record in real:
        for key, value in record.items():
            real_types.setdefault(key, set()).add(json_type(value))
            if isinstance(value, Mapping):
                nested_real.setdefault(key, []).append(value)
    found = []
    nested_sim: dict[str, list[Mapping[str, Any]]] = {}
    for record in sim:
        for key, value in record.items():
            kind = json_type(value)
            if isinstance(value, Mapping):
                nested_sim.setdefault(key, []).append(value)
            known = real_types.get(key, set()) - {"null"}
            if kind != "null" and known and kind not in known:
                found.append(f"{where}.{key}: {kind}, real: {'/'.join(sorted(known))}")
    for key, values in nested_sim.items():
        if key in nested_real:
            found += type_divergences(nested_real[key], values, f"{where}.{key}")
    return found


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Return an HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


async def simulator_answer(
    session: aiohttp.ClientSession, app: str, version: str | None, endpoint: str
) -> Any:
    """Ask a simulator of an application version for one endpoint."""
    options = {"version": version} if version else {}
    now = fixed_now()
    request = REQUESTS[endpoint].format(
        start=format_datetime(now - timedelta(days=7)),
        end=format_datetime(now + timedelta(days=7)),
    )
    async with (
        start_simulator(app, now=fixed_now(), **options) as sim,  # type: ignore[call-overload]
        session.get(
            f"{sim.url}/api/v3/{request}",
            headers={"X-Api-Key": sim.api_key},
        ) as response,
    ):
        assert response.status == 200, await response.text()
        return await response.json()


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.id)
async def test_simulator_answers_as_the_real_server(
    session: aiohttp.ClientSession, case: Case
) -> None:
    """Types, presence of what AutoArr reads, and enum values agree."""
    payload = case.payload
    version = SIM_VERSIONS[(payload.app, payload.version)]
    real = records(payload.json())
    sim = records(await simulator_answer(session, payload.app, version, case.endpoint))
    assert real and sim, "both must have records to compare"
    divergences = type_divergences(real, sim, case.endpoint)

    read = READ[case.endpoint]
    for key in sorted(read):
        if all(record.get(key) is not None for record in real):
            divergences += [
                f"{case.endpoint}.{key}: real servers always send it, the "
                f"simulator not in record {record.get('id')}"
                for record in sim
                if record.get(key) is None
            ][:1]
    for key in sorted(VERSION_SHAPED.get(case.endpoint, set())):
        if not any(key in record for record in real) and any(
            key in record for record in sim
        ):
            divergences.append(
                f"{case.endpoint}.{key}: {payload.app} {payload.version} does not "
                "send it, the simulator does"
            )

    spec = load_spec(payload.app)
    for key, schema in ENUMS.get(case.endpoint, {}).items():
        known = {str(v) for v in spec["components"]["schemas"][schema]["enum"]}
        real_values = {str(r[key]) for r in real if isinstance(r.get(key), str)}
        allowed = {v.casefold() for v in known | real_values}
        for value in {str(r[key]) for r in sim if isinstance(r.get(key), str)}:
            if value.casefold() not in allowed:
                divergences.append(f"{case.endpoint}.{key}: unknown value {value!r}")
            elif real_values and value not in known | real_values:
                divergences.append(
                    f"{case.endpoint}.{key}: {value!r} in another case than "
                    f"the real servers' {sorted(real_values)}"
                )
    assert not divergences, "\n".join(divergences)
