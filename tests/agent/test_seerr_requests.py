"""Requests through Seerr in the agent's layer: operations, the add tool, seasons.

The agent's operations run on the real Seerr client against the
spec-validated simulator: a title Seerr says is available or requested is
not requested again; the model's add tool goes through Seerr unless the
agent adds directly; seasons said after a title are read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from custom_components.autoarr.agent.media import MediaRequest
from custom_components.autoarr.agent.operations.requests import (
    SeerrChoice,
    choose_result,
    decide_request,
    find_through_seerr,
    list_requests,
    make_seerr_request,
    request_through_seerr,
)
from custom_components.autoarr.agent.requests_voice import seerr_speech, split_seasons
from custom_components.autoarr.agent.stack import Instance, Stack
from custom_components.autoarr.agent.tools import call_tool
from custom_components.autoarr.arr.seerr import SeerrClient
from custom_components.autoarr.arr.seerr_models import MediaStatus, SearchResult
from tests.support.arr_sim import FaultKind
from tests.support.clock import fixed_now
from tests.support.seerr_sim import APPROVED, PENDING, SeerrSimulator, start_seerr


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let the tests open sockets (still limited to 127.0.0.1)."""


@pytest.fixture
async def seerr() -> AsyncIterator[SeerrSimulator]:
    """Serve a Seerr simulator."""
    async with start_seerr() as sim:
        yield sim
    assert not sim.contract_violations, sim.contract_violations


@pytest.fixture
async def stack(seerr: SeerrSimulator) -> AsyncIterator[Stack]:
    """Return a stack with the simulated Seerr only."""
    async with aiohttp.ClientSession() as session:
        client = SeerrClient(session, seerr.service_config())
        yield Stack(seerr=(Instance("Seerr", client),))


@pytest.mark.parametrize(
    ("said", "title", "seasons"),
    [
        ("The Bear season 2", "The Bear", [2]),
        ("The Bear seasons 1 and 3", "The Bear", [1, 3]),
        ("Shōgun Staffel 2", "Shōgun", [2]),
        ("The Bear Staffeln 2, 1 und 2", "The Bear", [1, 2]),
        ("Dune", "Dune", []),
        ("Season of the Witch", "Season of the Witch", []),
    ],
)
def test_seasons_said_after_the_title(
    said: str, title: str, seasons: list[int]
) -> None:
    """Seasons at the end of what was said are read; a title keeps its words."""
    assert split_seasons(said) == (title, seasons)


def test_choosing_among_search_results() -> None:
    """An exact title wins; a year or kind narrows; several are asked about."""

    def result(title: str, year: int, media_type: str = "movie") -> SearchResult:
        return SearchResult(1, media_type, title, year, MediaStatus.UNKNOWN)  # type: ignore[arg-type]

    remakes = [result("Dune", 2021), result("Dune", 1984), result("Dune Drifter", 2020)]
    assert choose_result(remakes, MediaRequest("dune", year=1984)) == remakes[1]
    assert choose_result(remakes, MediaRequest("Dune")) == remakes[:2]
    assert choose_result(remakes, MediaRequest("Dune", kind="series")) is None
    assert choose_result(remakes, MediaRequest("drifter")) == remakes[2]
    assert choose_result([], MediaRequest("Dune")) is None


async def test_operations_list_decide_and_request(
    stack: Stack, seerr: SeerrSimulator
) -> None:
    """List the waiting requests; decide one by title; request new titles."""
    listed = await list_requests(stack)
    assert [item["title"] for item in listed.items] == ["Severance", "Dune: Part Two"]
    ambiguous = await decide_request(stack, approve=True, title="e")
    assert ambiguous.status == "ambiguous"
    assert len(ambiguous.candidates) == 2
    approved = await decide_request(stack, approve=True, title="Severance")
    assert approved.status == "approved"
    assert seerr.state.requests[2].status == APPROVED
    assert (await decide_request(stack, approve=False, request_id=2)).status == (
        "not_pending"
    )

    available = await request_through_seerr(stack, MediaRequest("Dune", "movie"))
    assert available.status == "already_available"
    assert seerr_speech("en", available) == "Dune (2021) is already available."
    # The Bear's first season is there: another season may be asked for.
    bear = await request_through_seerr(stack, MediaRequest("The Bear"), seasons=[3])
    assert (bear.status, bear.seasons) == ("requested", [3])
    every = await request_through_seerr(stack, MediaRequest("The Bear"))
    assert (every.status, every.media) == ("already_available", bear.media)


async def test_add_tool_goes_through_seerr(stack: Stack, seerr: SeerrSimulator) -> None:
    """The model's add tool asks Seerr; added directly it would need an arr."""
    seerr.state.key_user = seerr.state.users[2]
    data = await call_tool(
        stack,
        "autoarr__add_media",
        {"title": "Shōgun season 2", "kind": "series"},
        now=fixed_now(),
    )
    result = data
    assert (result["status"], result["via"], result["request_status"]) == (
        "requested",
        "seerr",
        "pending",
    )
    made = seerr.state.requests[result["request_id"]]
    assert (made.tmdb_id, made.seasons, made.status) == (126308, [2], PENDING)
    by_id = await call_tool(
        stack,
        "autoarr__add_media",
        {"title": "Oppenheimer", "id": "tmdb:872585"},
        now=fixed_now(),
    )
    assert by_id["media"]["tmdb_id"] == 872585
    direct = await call_tool(
        replace(stack, add_directly=True),
        "autoarr__add_media",
        {"title": "Severance"},
        now=fixed_now(),
    )
    assert direct["status"] == "no_service"


def test_a_title_found_by_another_name() -> None:
    """Seerr's search finds a title by another of its names: the one result."""
    spirited = SearchResult(129, "movie", "Spirited Away", 2001, MediaStatus.UNKNOWN)
    request = MediaRequest("Sen to Chihiro no Kamikakushi")
    assert choose_result([spirited], request) == spirited


async def test_one_seerr_down_another_answers(
    stack: Stack, seerr: SeerrSimulator
) -> None:
    """Of two Seerrs, the one answering lists and takes the request; the
    other is named as not answering."""
    async with (
        start_seerr() as other,
        aiohttp.ClientSession() as session,
    ):
        other.inject_fault(FaultKind.SERVER_ERROR)
        down = Instance("Upstairs", SeerrClient(session, other.service_config()))
        both = Stack(seerr=(down, *stack.seerr))
        listed = await list_requests(both)
        assert [item["instance"] for item in listed.items] == ["Seerr", "Seerr"]
        assert listed.as_dict()["unavailable"] == ["Upstairs"]
        made = await request_through_seerr(both, MediaRequest("Oppenheimer", "movie"))
        assert (made.status, made.instance, made.unavailable) == (
            "requested",
            "Seerr",
            ["Upstairs"],
        )
        decided = await decide_request(both, approve=True, title="Severance")
        assert decided.status == "approved"
        only_down = Stack(seerr=(down,))
        assert (
            await decide_request(only_down, approve=True, request_id=2)
        ).as_dict() == {
            "status": "unavailable",
            "query": "#2",
            "unavailable": ["Upstairs"],
        }


async def test_a_held_request_whose_seerr_is_gone(stack: Stack) -> None:
    """A request asked about, its Seerr removed before the yes: not made."""
    found = await find_through_seerr(stack, MediaRequest("Oppenheimer", "movie"))
    assert isinstance(found, SeerrChoice)
    gone = await make_seerr_request(Stack(), found)
    assert (gone.status, gone.unavailable) == ("unavailable", ["Seerr"])
    assert seerr_speech("en", gone) == "Seerr is not answering right now: Seerr."
