"""The Seerr client against the spec-validated Seerr simulator.

Every endpoint the client calls is exercised here and every request and
answer is validated against Seerr's OpenAPI document (the simulator's
middleware); the fixture fails a test that recorded a violation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import inspect
from typing import Any

import aiohttp
import pytest

from custom_components.autoarr.arr.errors import (
    ArrApiError,
    ArrAuthError,
    ArrNotFoundError,
    ArrWrongAppError,
)
from custom_components.autoarr.arr.http import ApiKey
from custom_components.autoarr.arr.seerr import MAX_TAKE, SeerrClient
from custom_components.autoarr.arr.seerr_models import MediaStatus, RequestStatus
from tests.support.arr_sim import FaultKind, start_simulator
from tests.support.contract import SPEC_FILES, VENDORED_SPECS, validator
from tests.support.seerr_sim import (
    APPROVED,
    PENDING,
    REQUEST,
    SeerrSimulator,
    SimTitle,
    start_seerr,
)

from .conftest import assert_contract_kept
from .test_contract import SHARED_SPECS

type Call = Callable[[SeerrClient, SeerrSimulator], Awaitable[Any]]

# Every operation the client calls. A client method calling another endpoint
# must add it here; the test below proves each is exercised and valid.
SEERR_OPERATIONS = {
    "GET /api/v1/status",
    "GET /api/v1/auth/me",
    "GET /api/v1/request/count",
    "GET /api/v1/issue/count",
    "GET /api/v1/request",
    "POST /api/v1/request",
    "GET /api/v1/request/{requestId}",
    "POST /api/v1/request/{requestId}/{status}",
    "GET /api/v1/search",
    "GET /api/v1/movie/{movieId}",
    "GET /api/v1/tv/{tvId}",
}
SEERR_CALLS: dict[str, Call] = {
    "status": lambda c, s: c.status(),
    "me": lambda c, s: c.me(),
    "verify": lambda c, s: c.verify(),
    "request_counts": lambda c, s: c.request_counts(),
    "issue_counts": lambda c, s: c.issue_counts(),
    "requests": lambda c, s: c.requests("pending", take=5),
    "request": lambda c, s: c.request(1),
    "approve": lambda c, s: c.approve(1),
    "decline": lambda c, s: c.decline(2),
    "create_request": lambda c, s: c.create_request("movie", 872585),
    "search": lambda c, s: c.search("dune"),
    "details": lambda c, s: c.details("tv", 95396),
    "titled": lambda c, s: c.titled([]),
}


@pytest.fixture
async def seerr_sim() -> AsyncIterator[SeerrSimulator]:
    """Serve a simulated Seerr at the tests' present."""
    async with start_seerr() as sim:
        yield sim
        assert_contract_kept(sim)


@pytest.fixture
def seerr(session: aiohttp.ClientSession, seerr_sim: SeerrSimulator) -> SeerrClient:
    """Return a client of the simulated Seerr."""
    return SeerrClient(session, seerr_sim.service_config())


def test_call_table_covers_every_client_method() -> None:
    """A new client method without a contract call fails here."""
    public = {
        name
        for name, member in inspect.getmembers(SeerrClient)
        if not name.startswith("_") and inspect.iscoroutinefunction(member)
    }
    assert public == set(SEERR_CALLS)


async def test_every_endpoint_exercised_and_valid(
    session: aiohttp.ClientSession, seerr_sim: SeerrSimulator
) -> None:
    """Each call the client makes is an operation of the document, kept."""
    client = SeerrClient(session, seerr_sim.service_config())
    for name, call in SEERR_CALLS.items():
        await call(client, seerr_sim)
        assert seerr_sim.requests or name == "titled", name
    await client.details("movie", 438631)
    called = set()
    for request in seerr_sim.requests:
        operation = validator("seerr").find(request.method, request.path)
        assert operation is not None, f"{request.method} {request.path}"
        called.add(str(operation))
    assert called == SEERR_OPERATIONS
    assert_contract_kept(seerr_sim)
    assert {str(op) for op in seerr_sim.exercised} == SEERR_OPERATIONS
    # The key goes in its header, never in the query.
    assert all(
        r.headers.get("X-Api-Key") == seerr_sim.api_key
        and "apikey" not in dict(r.query)
        for r in seerr_sim.requests
    )


def test_every_simulator_route_is_a_spec_operation() -> None:
    """The simulator serves nothing Seerr's API does not have."""
    sim = SeerrSimulator.__new__(SeerrSimulator)
    for method, path, _ in SeerrSimulator.routes(sim):
        concrete = "/api/v1/" + path.replace("{id}", "1").replace("{status}", "approve")
        operation = validator("seerr").find(method, concrete)
        assert operation is not None, f"{method} {path}"


def test_vendored_spec_matches_shared() -> None:
    """The vendored copy equals ../shared/specs when that folder exists."""
    shared = SHARED_SPECS / SPEC_FILES["seerr"]
    if not shared.exists():
        pytest.skip("no shared/specs folder beside the repository")
    assert (VENDORED_SPECS / SPEC_FILES["seerr"]).read_bytes() == shared.read_bytes()


async def test_verify_reads_status_and_key(
    session: aiohttp.ClientSession, seerr_sim: SeerrSimulator, seerr: SeerrClient
) -> None:
    """verify() names the version and proves the key; a wrong key is refused."""
    status = await seerr.verify()
    assert status.version == seerr_sim.state.version
    me = await seerr.me()
    assert (me.id, me.name) == (1, "Alex")
    wrong = SeerrClient(session, seerr_sim.service_config(auth=ApiKey("wrong-key")))
    # /status is public: only the key check tells the key is wrong.
    await wrong.status()
    with pytest.raises(ArrAuthError):
        await wrong.verify()


async def test_another_application_is_not_seerr(
    session: aiohttp.ClientSession,
) -> None:
    """A Sonarr at the address (its web UI at /api/v1/status) is not Seerr."""
    async with start_simulator("sonarr") as sonarr:
        client = SeerrClient(session, sonarr.service_config())
        with pytest.raises(ArrWrongAppError, match="no /api/v1/status"):
            await client.verify()


async def test_wrong_shaped_status_is_another_application(
    seerr_sim: SeerrSimulator, seerr: SeerrClient
) -> None:
    """A JSON /status without a version is not Seerr's."""
    seerr_sim.inject_fault("wrong_shape", path="^/api/v1/status$")
    with pytest.raises(ArrWrongAppError, match="not Seerr"):
        await seerr.status()
    seerr_sim.clear_faults()
    seerr_sim.inject_fault("html_page", path="request/count")
    with pytest.raises(ArrWrongAppError, match="web page"):
        await seerr.request_counts()


async def test_requests_counts_and_pages(
    seerr_sim: SeerrSimulator, seerr: SeerrClient
) -> None:
    """Counts and pages follow the state; pending ones are named by title."""
    counts = await seerr.request_counts()
    assert (counts.total, counts.pending, counts.approved, counts.movie, counts.tv) == (
        3,
        2,
        1,
        1,
        2,
    )
    assert counts.processing == 1
    issues = await seerr.issue_counts()
    assert (issues.total, issues.open, issues.closed) == (2, 1, 1)
    page = await seerr.requests("pending")
    assert page.total == 2
    # Newest first: Severance (2 h ago) before Dune: Part Two (5 h ago).
    titled = await seerr.titled(page.requests)
    assert [(t.title, t.year, t.request.seasons) for t in titled] == [
        ("Severance", 2022, (2,)),
        ("Dune: Part Two", 2024, ()),
    ]
    assert titled[0].request.requested_by == "Sam"
    assert titled[0].request.status is RequestStatus.PENDING
    assert titled[0].as_dict()["status"] == "pending"
    assert titled[0].as_dict()["media_type"] == "tv"
    # take is bounded whatever the caller asks.
    await seerr.requests(take=10_000)
    assert seerr_sim.requests[-1].query.count(("take", str(MAX_TAKE))) == 1


async def test_approve_and_decline(
    seerr_sim: SeerrSimulator, seerr: SeerrClient
) -> None:
    """Approving sends the request on; declining refuses it; unknown ids are 404."""
    approved = await seerr.approve(1)
    assert approved.status is RequestStatus.APPROVED
    assert seerr_sim.state.requests[1].status == APPROVED
    assert approved.media is not None
    assert approved.media.status is MediaStatus.PROCESSING
    declined = await seerr.decline(2)
    assert declined.status is RequestStatus.DECLINED
    with pytest.raises(ArrNotFoundError):
        await seerr.approve(99)
    with pytest.raises(ArrNotFoundError):
        await seerr.request(99)


async def test_create_request_follows_seerr_rules(
    seerr_sim: SeerrSimulator, seerr: SeerrClient
) -> None:
    """An admin's request is approved at once; a user's waits for approval."""
    movie = await seerr.create_request("movie", 872585)
    assert movie.status is RequestStatus.APPROVED
    assert movie.media_type == "movie"
    assert seerr_sim.requests[-1].body == {"mediaType": "movie", "mediaId": 872585}
    seerr_sim.state.key_user = seerr_sim.state.users[2]
    assert seerr_sim.state.key_user.permissions == REQUEST
    series = await seerr.create_request("tv", 126308, seasons=[2, 2, 1])
    assert series.status is RequestStatus.PENDING
    assert series.seasons == (1, 2)
    assert seerr_sim.requests[-1].body["seasons"] == [1, 2]
    every = await seerr.create_request("tv", 136315)
    assert seerr_sim.requests[-1].body["seasons"] == "all"
    assert every.seasons == (1, 2, 3, 4)
    assert seerr_sim.state.requests[every.id].status == PENDING
    # A non-admin key cannot approve: Seerr's reason is kept, not read as a
    # rejected key (the key was good for what came before).
    with pytest.raises(ArrApiError, match="You do not have permission") as refused:
        await seerr.approve(every.id)
    assert refused.value.status == 403
    # A quota reached; declining refused.
    seerr_sim.state.key_user.movie_quota = 0
    seerr_sim.state.titles[27205] = SimTitle(27205, "movie", "Inception", 2010)
    with pytest.raises(ArrApiError, match="Movie Quota exceeded") as refused:
        await seerr.create_request("movie", 27205)
    assert refused.value.status == 403
    seerr_sim.inject_fault(
        FaultKind.SERVER_ERROR, path="decline$", status=403, message="No.", times=1
    )
    with pytest.raises(ArrApiError, match=r"HTTP 403: No\.$"):
        await seerr.decline(every.id)
    assert seerr_sim.state.requests[every.id].status == PENDING


async def test_search_says_what_is_available_or_requested(
    seerr: SeerrClient,
) -> None:
    """Search results carry Seerr's status: available, requested, or neither."""
    results = {result.title: result for result in await seerr.search("dune")}
    assert results["Dune"].available
    assert results["Dune"].year == 2021
    assert results["Dune: Part Two"].requested
    assert not results["Dune: Part Two"].available
    (oppenheimer,) = await seerr.search("oppenheimer")
    assert (oppenheimer.status, oppenheimer.media_type, oppenheimer.tmdb_id) == (
        MediaStatus.UNKNOWN,
        "movie",
        872585,
    )
    assert await seerr.search("nothing like it") == []


async def test_title_that_cannot_be_read_keeps_the_request(
    seerr_sim: SeerrSimulator, seerr: SeerrClient
) -> None:
    """A title Seerr cannot read names the request by its TMDB id."""
    page = await seerr.requests("pending")
    seerr_sim.inject_fault("not_found", path="^/api/v1/tv/")
    titled = await seerr.titled(page.requests)
    assert [t.title for t in titled] == ["TMDB 95396", "Dune: Part Two"]
