"""The contract: clients and simulators against the official OpenAPI specs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from datetime import timedelta
import inspect
import json
from typing import Any

import aiohttp
import pytest

from custom_components.autoarr.arr.arr_base import ArrClient
from custom_components.autoarr.arr.lidarr import LidarrClient
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim import (
    SONARR_V3,
    ArrSimulator,
    LidarrState,
    RadarrSimulator,
    RadarrState,
    SonarrSimulator,
    SonarrState,
    start_simulator,
)
from tests.support.arr_sim.config_routes import (
    LidarrConfigSimulator,
    RadarrConfigSimulator,
    SonarrConfigSimulator,
)
from tests.support.clock import fixed_now
from tests.support.contract import (
    REPO_ROOT,
    SPEC_FILES,
    VENDORED_SPECS,
    ArrKind,
    Exchange,
    validator,
)

from .conftest import assert_contract_kept

SHARED_SPECS = REPO_ROOT.parent / "shared" / "specs"

# Every operation the clients call. A client change that calls another
# endpoint must add it here, and the test below then proves it is exercised
# and valid.
SONARR_OPERATIONS = {
    "GET /api/v3/system/status",
    "GET /api/v3/health",
    "GET /api/v3/diskspace",
    "GET /api/v3/rootfolder",
    "GET /api/v3/qualityprofile",
    "GET /api/v3/queue",
    "DELETE /api/v3/queue/{id}",
    "GET /api/v3/calendar",
    "GET /api/v3/wanted/missing",
    "GET /api/v3/history",
    "POST /api/v3/command",
    "GET /api/v3/command/{id}",
    "GET /api/v3/series",
    "POST /api/v3/series",
    "GET /api/v3/series/lookup",
    "GET /api/v3/episode",
    "GET /api/v3/languageprofile",
    "GET /api/v3/mediacover/{seriesId}/{filename}",
    # The audit's settings calls (arr/config_api.py).
    "GET /api/v3/config/mediamanagement",
    "GET /api/v3/config/naming",
    "PUT /api/v3/config/naming/{id}",
    "GET /api/v3/downloadclient",
    "GET /api/v3/indexer",
}
RADARR_OPERATIONS = {
    "GET /api/v3/system/status",
    "GET /api/v3/health",
    "GET /api/v3/diskspace",
    "GET /api/v3/rootfolder",
    "GET /api/v3/qualityprofile",
    "GET /api/v3/queue",
    "DELETE /api/v3/queue/{id}",
    "GET /api/v3/calendar",
    "GET /api/v3/wanted/missing",
    "GET /api/v3/history",
    "POST /api/v3/command",
    "GET /api/v3/command/{id}",
    "GET /api/v3/movie",
    "POST /api/v3/movie",
    "GET /api/v3/movie/lookup",
    "GET /api/v3/movie/lookup/tmdb",
    "GET /api/v3/movie/lookup/imdb",
    "GET /api/v3/config/mediamanagement",
    "GET /api/v3/config/naming",
    "PUT /api/v3/config/naming/{id}",
    "GET /api/v3/downloadclient",
    "GET /api/v3/indexer",
    "GET /api/v3/mediacover/{movieId}/{filename}",
}
LIDARR_OPERATIONS = {
    "GET /api/v1/system/status",
    "GET /api/v1/health",
    "GET /api/v1/diskspace",
    "GET /api/v1/rootfolder",
    "GET /api/v1/qualityprofile",
    "GET /api/v1/metadataprofile",
    "GET /api/v1/queue",
    "DELETE /api/v1/queue/{id}",
    "GET /api/v1/calendar",
    "GET /api/v1/wanted/missing",
    "GET /api/v1/history",
    "POST /api/v1/command",
    "GET /api/v1/command/{id}",
    "GET /api/v1/artist",
    "POST /api/v1/artist",
    "GET /api/v1/artist/lookup",
    "GET /api/v1/album",
    "POST /api/v1/album",
    "GET /api/v1/album/lookup",
    "GET /api/v1/config/mediamanagement",
    "GET /api/v1/config/naming",
    "PUT /api/v1/config/naming/{id}",
    "GET /api/v1/downloadclient",
    "GET /api/v1/indexer",
    "GET /api/v1/mediacover/artist/{artistId}/{filename}",
}

type Call = Callable[[Any, ArrSimulator], Awaitable[object]]


async def _remove_first(client: ArrClient, sim: ArrSimulator) -> None:
    await client.remove_queue_item(min(sim.state.queue), blocklist=True)


async def _command_status(client: ArrClient, sim: ArrSimulator) -> object:
    command = await client.command("RssSync")
    return await client.command_status(command.id)


async def _calendar(client: ArrClient, sim: ArrSimulator) -> object:
    now = sim.state.now
    return await client.calendar(now - timedelta(days=30), now + timedelta(days=30))


async def _episodes(client: SonarrClient, sim: ArrSimulator) -> object:
    series_id = min(sim.state.series)
    every = await client.episodes(series_id)
    one_season = await client.episodes(series_id, every[-1].season_number)
    assert every and one_season and len(one_season) <= len(every)
    return one_season


async def _add_series(client: SonarrClient, sim: ArrSimulator) -> object:
    lookup = (await client.lookup_series("tvdb:79126"))[0]
    return await client.add_series(
        lookup, quality_profile_id=1, root_folder_path="/tv/"
    )


async def _add_movie(client: RadarrClient, sim: ArrSimulator) -> object:
    lookup = (await client.lookup_movie("tmdb:1124"))[0]
    return await client.add_movie(
        lookup, quality_profile_id=1, root_folder_path="/movies/"
    )


async def _add_artist(client: LidarrClient, sim: ArrSimulator) -> object:
    lookup = (await client.lookup_artist("billie eilish"))[0]
    return await client.add_artist(
        lookup, quality_profile_id=1, root_folder_path="/music/"
    )


async def _add_album(client: LidarrClient, sim: ArrSimulator) -> object:
    lookup = (await client.lookup_album("brat charli"))[0]
    return await client.add_album(
        lookup, quality_profile_id=1, root_folder_path="/music/"
    )


async def _media_cover(client: ArrClient, sim: ArrSimulator) -> object:
    cover = await client.media_cover(min(sim.state.cover_ids()), "poster")
    assert cover.content_type == "image/jpeg"
    assert cover.content.startswith(b"\xff\xd8")
    return cover


SHARED_CALLS: dict[str, Call] = {
    "system_status": lambda c, s: c.system_status(),
    "health": lambda c, s: c.health(),
    "disk_space": lambda c, s: c.disk_space(),
    "root_folders": lambda c, s: c.root_folders(),
    "quality_profiles": lambda c, s: c.quality_profiles(),
    "queue": lambda c, s: c.queue(page=1, page_size=5),
    "queue_all": lambda c, s: c.queue_all(),
    "remove_queue_item": _remove_first,
    "calendar": _calendar,
    "wanted_missing": lambda c, s: c.wanted_missing(),
    "history": lambda c, s: c.history(event_type="downloadFailed"),
    "command": lambda c, s: c.command("RssSync"),
    "command_status": _command_status,
    "search_missing": lambda c, s: c.search_missing(),
    "config": lambda c, s: c.config("mediamanagement"),
    "update_config": lambda c, s: c.update_config(
        "naming", {"replaceIllegalCharacters": False}
    ),
    "download_clients": lambda c, s: c.download_clients(),
    "indexers": lambda c, s: c.indexers(),
    "quality_profile_resources": lambda c, s: c.quality_profile_resources(),
    "media_cover": _media_cover,
}
SONARR_CALLS: dict[str, Call] = {
    **SHARED_CALLS,
    "lookup": lambda c, s: c.lookup("breaking"),
    "series": lambda c, s: c.series(),
    "episodes": _episodes,
    "library": lambda c, s: c.library(),
    "lookup_series": lambda c, s: c.lookup_series("tvdb:81189"),
    "language_profiles": lambda c, s: c.language_profiles(),
    "add_series": _add_series,
    "series_search": lambda c, s: c.series_search(1),
    "season_search": lambda c, s: c.season_search(1, 1),
    "episode_search": lambda c, s: c.episode_search([1, 2]),
    "refresh_series": lambda c, s: c.refresh_series(1),
}
RADARR_CALLS: dict[str, Call] = {
    **SHARED_CALLS,
    "lookup": lambda c, s: c.lookup("matrix"),
    "movies": lambda c, s: c.movies(),
    "library": lambda c, s: c.library(),
    "lookup_movie": lambda c, s: c.lookup_movie("tmdb:603"),
    "add_movie": _add_movie,
    "movie_search": lambda c, s: c.movie_search([1]),
    "refresh_movie": lambda c, s: c.refresh_movie(1),
}
LIDARR_CALLS: dict[str, Call] = {
    **SHARED_CALLS,
    "lookup": lambda c, s: c.lookup("radiohead"),
    "artists": lambda c, s: c.artists(),
    "library": lambda c, s: c.library(),
    "albums": lambda c, s: c.albums(artist_id=1),
    "lookup_artist": lambda c, s: c.lookup_artist("kendrick"),
    "lookup_album": lambda c, s: c.lookup_album("gnx"),
    "metadata_profiles": lambda c, s: c.metadata_profiles(),
    "add_artist": _add_artist,
    "add_album": _add_album,
    "album_search": lambda c, s: c.album_search([1, 2]),
    "artist_search": lambda c, s: c.artist_search(1),
    "refresh_artist": lambda c, s: c.refresh_artist(1),
}


def public_coroutines(cls: type) -> set[str]:
    """Return the names of a client's public async methods."""
    return {
        name
        for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }


@pytest.mark.parametrize(
    ("cls", "calls"),
    [
        (SonarrClient, SONARR_CALLS),
        (RadarrClient, RADARR_CALLS),
        (LidarrClient, LIDARR_CALLS),
    ],
)
def test_call_table_covers_every_client_method(
    cls: type, calls: dict[str, Call]
) -> None:
    """A new client method without a contract call fails here."""
    assert public_coroutines(cls) == set(calls)


async def _exercise(
    session: aiohttp.ClientSession,
    sim: ArrSimulator,
    client_cls: type[ArrClient],
    calls: dict[str, Call],
) -> set[str]:
    client = client_cls(session, sim.service_config())
    for name, call in calls.items():
        await call(client, sim)
        assert sim.requests, name
    # The imdb lookup is only sent for an imdb term.
    if isinstance(client, RadarrClient):
        await client.lookup_movie("imdb:tt0133093")
    called = set()
    for request in sim.requests:
        operation = validator(sim.kind).find(request.method, request.path)
        assert operation is not None, (
            f"{request.method} {request.path} is not in the spec"
        )
        called.add(str(operation))
    assert_contract_kept(sim)
    assert {str(op) for op in sim.exercised} == called
    return called


@contextlib.asynccontextmanager
async def serve(sim: ArrSimulator) -> AsyncIterator[ArrSimulator]:
    """Serve a simulator built by the test."""
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()


async def test_sonarr_endpoints_exercised_and_valid(
    session: aiohttp.ClientSession,
) -> None:
    """Every Sonarr operation the client uses is exercised and validated (v4 and v3)."""
    called: set[str] = set()
    # With the settings writes the audit adds (config_routes.py).
    async with serve(SonarrConfigSimulator(SonarrState(now=fixed_now()))) as sim:
        called |= await _exercise(session, sim, SonarrClient, SONARR_CALLS)
    v3 = SonarrConfigSimulator(
        SonarrState(now=fixed_now(), version=SONARR_V3), url_base="/sonarr"
    )
    async with serve(v3) as sim:
        called |= await _exercise(session, sim, SonarrClient, SONARR_CALLS)
        # v3 fetches a language profile when adding a series.
        assert sim.requests_to("/api/v3/languageprofile")
    assert called == SONARR_OPERATIONS


async def test_radarr_endpoints_exercised_and_valid(
    session: aiohttp.ClientSession,
) -> None:
    """Every Radarr operation the client uses is exercised and validated."""
    async with serve(
        RadarrConfigSimulator(RadarrState(now=fixed_now()), url_base="/radarr")
    ) as sim:
        called = await _exercise(session, sim, RadarrClient, RADARR_CALLS)
    assert called == RADARR_OPERATIONS


async def test_lidarr_endpoints_exercised_and_valid(
    session: aiohttp.ClientSession,
) -> None:
    """Every Lidarr operation the client uses is exercised and validated."""
    async with serve(
        LidarrConfigSimulator(LidarrState(now=fixed_now()), url_base="/lidarr")
    ) as sim:
        called = await _exercise(session, sim, LidarrClient, LIDARR_CALLS)
    assert called == LIDARR_OPERATIONS


@pytest.mark.parametrize("kind", ["sonarr", "radarr", "lidarr"])
async def test_simulator_settings_endpoints_are_valid(
    session: aiohttp.ClientSession, kind: ArrKind
) -> None:
    """The settings the audit reads are served in the spec's shapes."""
    paths = [
        "config/mediamanagement",
        "config/naming",
        "config/downloadclient",
        "downloadclient",
        "indexer",
        "command",
    ]
    async with start_simulator(kind) as sim:
        headers = {"X-Api-Key": sim.api_key}
        for path in paths:
            url = f"{sim.url}/api/{sim.api_version}/{path}"
            async with session.get(url, headers=headers) as resp:
                assert resp.status == 200, path
                assert await resp.json() is not None
        assert_contract_kept(sim)
        assert len(sim.exercised) == len(paths)


def _exchange(
    method: str,
    path: str,
    *,
    query: list[tuple[str, str]] | None = None,
    body: Any = None,
    response: Any = None,
    status: int = 200,
    key: bool = True,
) -> Exchange:
    return Exchange(
        method=method,
        path=path,
        query=query or [],
        headers={"X-Api-Key": "test-api-key-0123456789abcdef"} if key else {},
        body=json.dumps(body).encode() if body is not None else None,
        content_type="application/json" if body is not None else "",
        status=status,
        response_body=json.dumps(response).encode() if response is not None else b"",
        response_content_type="application/json",
    )


@pytest.mark.parametrize(
    ("kind", "exchange", "expected"),
    [
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/health", response=[{"type": "fatal"}]),
            "is not one of",
            id="enum",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/diskspace", response=[{"path": "/", "bogus": 1}]),
            "Additional properties",
            id="extra-property",
        ),
        pytest.param(
            "radarr",
            _exchange(
                "GET",
                "/api/v3/queue",
                response={"records": [{"id": 1, "estimatedCompletionTime": "soon"}]},
            ),
            "date-time",
            id="date-time",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/queue", query=[("pagesize", "5")], response={}),
            "query parameters not in the spec",
            id="undeclared-query",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/queue", query=[("page", "first")], response={}),
            "request",
            id="query-type",
        ),
        pytest.param(
            "radarr",
            _exchange("GET", "/api/v3/series", response=[]),
            "no such operation",
            id="unknown-path",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/health", response=[], key=False),
            "Security",
            id="no-api-key",
        ),
        pytest.param(
            "sonarr",
            _exchange(
                "POST",
                "/api/v3/command",
                body={"name": "X", "movieIds": [1]},
                response={},
            ),
            "Additional properties",
            id="command-property-of-the-other-app",
        ),
        pytest.param(
            "radarr",
            _exchange(
                "POST",
                "/api/v3/movie",
                body={"title": "X", "tmdbId": "27205"},
                response={},
            ),
            "is not of type 'integer'",
            id="body-type",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/health", response=[{"wikiUrl": 5}]),
            "is not of type 'string'",
            id="wiki-url-allowance-is-narrow",
        ),
    ],
)
def test_validator_catches_violations(
    kind: ArrKind, exchange: Exchange, expected: str
) -> None:
    """Broken requests and responses are reported, each with its reason."""
    _, problems = validator(kind).check(exchange)
    assert problems
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("kind", "exchange"),
    [
        pytest.param(
            "sonarr",
            _exchange(
                "POST",
                "/api/v3/command",
                body={"name": "SeasonSearch", "seriesId": 1, "seasonNumber": 2},
                response={"id": 1, "name": "SeasonSearch", "body": {"seriesId": 1}},
                status=201,
            ),
            id="command-properties-and-201",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/health", response=[{"wikiUrl": "https://wiki"}]),
            id="wiki-url-string",
        ),
        pytest.param(
            "sonarr",
            _exchange(
                "POST",
                "/api/v3/series",
                body={"tvdbId": 1, "languageProfileId": 1},
                response={},
            ),
            id="v3-language-profile",
        ),
        pytest.param(
            "radarr",
            _exchange("GET", "/api/v3/queue", status=401, key=True),
            id="error-status-has-no-schema",
        ),
        pytest.param(
            "sonarr",
            _exchange("GET", "/api/v3/queue/status", response={"totalCount": 1}),
            id="literal-path-beats-template",
        ),
    ],
)
def test_documented_allowances(kind: ArrKind, exchange: Exchange) -> None:
    """What the servers really do, and the specs get wrong, passes."""
    _, problems = validator(kind).check(exchange)
    assert problems == []


def test_find_prefers_literal_paths() -> None:
    """/queue/status is its own operation, not /queue/{id}."""
    assert str(validator("sonarr").find("GET", "/api/v3/queue/status")) == (
        "GET /api/v3/queue/status"
    )
    assert str(validator("sonarr").find("DELETE", "/api/v3/queue/12")) == (
        "DELETE /api/v3/queue/{id}"
    )
    assert validator("sonarr").find("GET", "/") is None


@pytest.mark.parametrize("kind", ["sonarr", "radarr", "lidarr"])
def test_vendored_specs_match_shared(kind: ArrKind) -> None:
    """The vendored copies equal ../shared/specs when that folder exists."""
    shared = SHARED_SPECS / SPEC_FILES[kind]
    if not shared.exists():
        pytest.skip("no shared/specs folder beside the repository")
    vendored = VENDORED_SPECS / SPEC_FILES[kind]
    assert vendored.read_bytes() == shared.read_bytes()


def test_simulator_records_violations_it_serves(
    sonarr_sim: SonarrSimulator, radarr_sim: RadarrSimulator
) -> None:
    """Both simulators validate by default (the fixtures then check)."""
    assert sonarr_sim.validate_contract
    assert radarr_sim.validate_contract


async def test_bad_simulator_answer_is_caught(
    session: aiohttp.ClientSession, sonarr_sim: SonarrSimulator
) -> None:
    """Corrupting the simulator's state makes the contract check fail."""
    sonarr_sim.state.health.append({"source": "X", "type": "fatal", "message": "m"})
    client = SonarrClient(session, sonarr_sim.service_config())
    await client.disk_space()
    assert not sonarr_sim.contract_violations
    # The client leaves the record out; the contract check names it.
    assert "fatal" not in {check.type for check in await client.health()}
    assert len(sonarr_sim.contract_violations) == 1
    assert "'fatal' is not one of" in sonarr_sim.contract_violations[0]
    sonarr_sim.contract_violations.clear()


@pytest.mark.parametrize(
    "sim",
    [
        SonarrConfigSimulator(SonarrState(now=fixed_now())),
        RadarrConfigSimulator(RadarrState(now=fixed_now())),
    ],
    ids=["sonarr", "radarr"],
)
def test_every_simulator_route_is_a_spec_operation(sim: ArrSimulator) -> None:
    """The simulators serve nothing the official API does not have."""
    for method, path, _ in sim.routes():
        concrete = "/api/v3/" + path.replace("{id}", "1")
        operation = validator(sim.kind).find(method, concrete)
        assert operation is not None, f"{method} {path}"
        assert operation.template == "/api/v3/" + path
