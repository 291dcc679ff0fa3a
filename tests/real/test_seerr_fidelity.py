"""The Seerr simulator answers as real Overseerr and Seerr servers do.

For each Seerr answer of the corpus, the simulator is asked the same
endpoint and the two are compared on what AutoArr reads: every field AutoArr
reads that the real answer has (with a value) the simulator sends too, with
the same JSON type, and the enum-like numbers (request and media statuses)
are ones the real servers send.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.support.seerr_sim import SeerrSimulator, start_seerr

from .corpus import Payload, payloads

pytestmark = pytest.mark.clock

# The request of each endpoint, as AutoArr makes it, and where its records are.
REQUESTS: dict[str, tuple[str, str | None]] = {
    "requests": ("request?take=20&skip=0&filter=all&sort=added", "results"),
    "request-count": ("request/count", None),
    "issue-count": ("issue/count", None),
    "status": ("status", None),
    "search": ("search?query=e", "results"),
    "movie": ("movie/438631", None),
    "tv": ("tv/136315", None),
}
# The fields of each endpoint's records that AutoArr's parsers read, and
# those of the nested objects it reads ("media", "requestedBy", "mediaInfo").
READ: dict[str, set[str]] = {
    "requests": {"id", "status", "type", "media", "requestedBy", "createdAt", "seasons", "is4k"},
    "request-count": {
        "total", "movie", "tv", "pending", "approved", "declined", "processing",
        "available",
    },
    "issue-count": {"total", "open", "closed"},
    "status": {"version", "commitTag", "updateAvailable"},
    "search": {"id", "mediaType", "title", "name", "releaseDate", "firstAirDate", "mediaInfo"},
    "movie": {"id", "title", "releaseDate", "mediaInfo"},
    "tv": {"id", "name", "firstAirDate", "mediaInfo"},
}  # fmt: skip
NESTED: dict[str, set[str]] = {
    "media": {"tmdbId", "tvdbId", "status", "mediaType"},
    "mediaInfo": {"tmdbId", "tvdbId", "status"},
    "requestedBy": {"id", "displayName", "permissions"},
}


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _records(data: Any, key: str | None) -> list[dict[str, Any]]:
    records = data[key] if key else [data]
    return [r for r in records if r.get("mediaType") != "person"]


def _compare(
    real: list[dict[str, Any]], sim: list[dict[str, Any]], fields: set[str], where: str
) -> list[str]:
    """Return where the simulator's records differ from the real ones."""
    problems: list[str] = []
    for field in sorted(fields):
        real_types = {_type(r[field]) for r in real if r.get(field) is not None}
        if not real_types:
            continue
        sim_types = {_type(r[field]) for r in sim if r.get(field) is not None}
        if not sim_types:
            problems.append(f"{where}.{field}: never sent, real is {real_types}")
        elif sim_types != real_types:
            problems.append(f"{where}.{field}: {sim_types}, real is {real_types}")
        if field in NESTED:
            problems += _compare(
                [r[field] for r in real if isinstance(r.get(field), dict)],
                [r[field] for r in sim if isinstance(r.get(field), dict)],
                NESTED[field],
                f"{where}.{field}",
            )
    return problems


SEERR = [p for endpoint in REQUESTS for p in payloads("seerr", endpoint)]


@pytest.fixture
async def seerr(socket_enabled: None) -> AsyncIterator[SeerrSimulator]:
    """Serve a Seerr simulator."""
    async with start_seerr() as sim:
        yield sim
    assert not sim.contract_violations, sim.contract_violations


@pytest.mark.parametrize("payload", SEERR, ids=lambda p: p.id)
async def test_simulator_answers_like_real_seerr(
    seerr: SeerrSimulator, payload: Payload
) -> None:
    """Same types for the fields AutoArr reads; statuses the servers use."""
    endpoint = payload.endpoint.split("_")[0]
    path, key = REQUESTS[endpoint]
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            f"{seerr.url}/api/v1/{path}", headers={"X-Api-Key": seerr.api_key}
        ) as response,
    ):
        assert response.status == 200
        answer = await response.json()
    real = _records(payload.json(), key)
    sim = _records(answer, key)
    assert sim, f"the simulator answered {endpoint} with no record"
    assert _compare(real, sim, READ[endpoint], endpoint) == []
    if endpoint == "requests":
        # Request statuses 1-5 and media statuses 1-7 are what the servers send.
        assert {r["status"] for r in sim} <= {1, 2, 3, 4, 5}
        assert {r["media"]["status"] for r in sim} <= set(range(1, 8))
