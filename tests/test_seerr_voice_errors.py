"""Seerr by voice when it says no, fails, or the answer is not one request.

Through `conversation.async_converse` with AutoArr's agent (no model): many
waiting requests are counted, not all read; several matching requests are
asked about; Seerr refusing (a quota, a request made meanwhile, no
permission to decide) is said with Seerr's reason, and Seerr failing is said
as Seerr not answering; nothing is claimed done that was not. The action
`autoarr.approve_request` reports Seerr's refusal as an error.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import loopback_sockets, service_subentry, setup_entry
from tests.support.arr_sim import FaultKind
from tests.support.llm_servers.scripted import refusing_url
from tests.support.seerr_fixtures import seerr, setup_agent
from tests.support.seerr_sim import APPROVED, PENDING, SeerrSimulator, SimTitle
from tests.test_confirmation import Talk

__all__ = ["loopback_sockets", "seerr", "setup_entry"]

pytestmark = pytest.mark.clock

_DUNE_TWO, _SEVERANCE = 1, 2
_NOT_ANSWERING = "Seerr is not answering right now: Seerr."


@pytest.fixture
async def talk(
    hass_core: HomeAssistant, setup_entry: Any, seerr: SeerrSimulator
) -> Talk:
    """Set AutoArr up with Seerr and an agent with no reachable model."""
    agent_id = await setup_agent(
        hass_core,
        setup_entry,
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key),
        ollama_url=refusing_url(),
    )
    return Talk(hass_core, agent_id)


def _fail(seerr: SeerrSimulator, path: str, method: str, **options: Any) -> None:
    """Make Seerr fail (500) the next matching request, or answer `status`."""
    seerr.inject_fault(
        FaultKind.SERVER_ERROR, path=path, method=method, times=1, **options
    )


def _posted(seerr: SeerrSimulator) -> list[str]:
    return [r.path for r in seerr.requests if r.method == "POST"]


async def test_listing_many_or_failing(talk: Talk, seerr: SeerrSimulator) -> None:
    """Three requests are read and the rest counted; a failing Seerr is said."""
    for tmdb_id, seasons, minutes in (
        (872585, None, 60),
        (126308, [1], 30),
        (136315, [2], 10),
    ):
        seerr.state.add_request(
            tmdb_id, requested_by=2, seasons=seasons, age=timedelta(minutes=minutes)
        )
    assert await talk.say("What's been requested?") == (
        "5 requests are waiting for approval: The Bear season 2 for Sam;"
        " Shōgun season 1 for Sam; Oppenheimer for Sam; and 2 more."
    )
    _fail(seerr, "^/api/v1/request$", "GET")
    assert await talk.say("What's been requested?") == _NOT_ANSWERING
    _fail(seerr, "^/api/v1/request$", "GET")
    assert await talk.say("Welche Anfragen sind offen?", "de") == (
        "Seerr antwortet gerade nicht: Seerr."
    )


async def test_deciding_when_seerr_says_no(
    talk: Talk, seerr: SeerrSimulator, hass_admin_user: User
) -> None:
    """Several matches are asked about; Seerr's refusal and failure are said."""
    admin = hass_admin_user
    seerr.state.titles[90228] = SimTitle(90228, "tv", "Dune: Prophecy", 2024, seasons=1)
    seerr.state.add_request(90228, requested_by=2, seasons=[1])
    assert await talk.say("approve the request for Dune", user=admin) == (
        "Several requests match: Dune: Prophecy and Dune: Part Two. Which one?"
    )
    # The key's user may request but not decide: Seerr says so.
    seerr.state.key_user = seerr.state.users[2]
    assert await talk.say("approve the request for Severance", user=admin) == (
        "Seerr did not decide the request for Severance:"
        " You do not have permission to do this."
    )
    seerr.state.key_user = seerr.state.users[1]
    _fail(seerr, "approve$", "POST")
    assert await talk.say("approve the request for Severance", user=admin) == (
        _NOT_ANSWERING
    )
    _fail(seerr, "^/api/v1/request$", "GET")
    assert await talk.say("decline the request for Severance", user=admin) == (
        _NOT_ANSWERING
    )
    assert seerr.state.requests[_SEVERANCE].status == PENDING
    assert not [p for p in _posted(seerr) if not p.endswith("/approve")]


async def test_deciding_it_when_seerr_says_no(
    talk: Talk, seerr: SeerrSimulator, hass_admin_user: User
) -> None:
    """ "Decline it": refused, failing, or decided meanwhile, it is said so."""
    admin = hass_admin_user
    seerr.state.set_status(seerr.state.requests[_DUNE_TWO], APPROVED)
    assert await talk.say("What's been requested?", user=admin) == (
        "One request is waiting for approval: Severance season 2 for Sam."
    )
    seerr.state.key_user = seerr.state.users[2]
    assert await talk.say("decline it", user=admin) == (
        "Seerr did not decide the request for Severance:"
        " You do not have permission to do this."
    )
    seerr.state.key_user = seerr.state.users[1]
    await talk.say("What's been requested?", user=admin)
    _fail(seerr, "decline$", "POST")
    assert await talk.say("decline it", user=admin) == _NOT_ANSWERING
    await talk.say("What's been requested?", user=admin)
    # Approved in Seerr's own page meanwhile.
    seerr.state.set_status(seerr.state.requests[_SEVERANCE], APPROVED)
    assert await talk.say("decline it", user=admin) == (
        "No request for Severance is waiting for approval."
    )
    assert seerr.state.requests[_SEVERANCE].status == APPROVED


async def test_requesting_when_seerr_says_no(talk: Talk, seerr: SeerrSimulator) -> None:
    """Which one; a quota; a request made meanwhile; Seerr failing."""
    seerr.state.titles[841] = SimTitle(841, "movie", "Dune", 1984)
    assert await talk.say("request the movie Dune") == (
        "Did you mean Dune (2021) or Dune (1984)?"
    )
    # Sam may request one movie, and has (Dune: Part Two).
    sam = seerr.state.users[2]
    sam.movie_quota = 1
    seerr.state.key_user = sam
    assert await talk.say("request the movie Oppenheimer") == (
        "Seerr refused the request for Oppenheimer (2023): Movie Quota exceeded."
    )
    assert await talk.say("Fordere Oppenheimer an", "de") == (
        "Seerr hat die Anfrage für Oppenheimer (2023) abgelehnt: Movie Quota exceeded."
    )
    seerr.state.key_user = seerr.state.users[1]
    _fail(
        seerr,
        "^/api/v1/request$",
        "POST",
        status=409,
        message="Request for this media already exists.",
    )
    assert await talk.say("request the movie Oppenheimer") == (
        "Seerr refused the request for Oppenheimer (2023):"
        " Request for this media already exists."
    )
    _fail(seerr, "^/api/v1/request$", "POST")
    assert await talk.say("request the movie Oppenheimer") == _NOT_ANSWERING
    _fail(seerr, "search", "GET")
    assert await talk.say("request the movie Oppenheimer") == _NOT_ANSWERING
    assert not [r for r in seerr.state.requests.values() if r.tmdb_id == 872585]


async def test_the_action_reports_seerrs_refusal(
    hass_core: HomeAssistant,
    talk: Talk,
    seerr: SeerrSimulator,
    hass_admin_user: User,
) -> None:
    """`autoarr.approve_request` says why Seerr did not decide."""
    seerr.state.key_user = seerr.state.users[2]
    with pytest.raises(HomeAssistantError) as err:
        await hass_core.services.async_call(
            DOMAIN,
            "approve_request",
            {"title": "Severance"},
            blocking=True,
            return_response=True,
            context=Context(user_id=hass_admin_user.id),
        )
    assert str(err.value) == (
        "Seerr did not decide the request for Severance:"
        " You do not have permission to do this."
    )
    assert seerr.state.requests[_SEVERANCE].status == PENDING


async def test_deciding_without_seerr(
    hass_core: HomeAssistant, setup_entry: Any, hass_admin_user: User
) -> None:
    """With no Seerr set up, approving or declining says so."""
    talk = Talk(
        hass_core,
        await setup_agent(hass_core, setup_entry, ollama_url=refusing_url()),
    )
    for text in ("approve the request for Dune", "decline it"):
        assert await talk.say(text, user=hass_admin_user) == (
            "No Seerr is set up, so there are no requests to tell."
        )
