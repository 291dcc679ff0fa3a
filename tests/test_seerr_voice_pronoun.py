"""Seerr by voice: "decline it" and "approve it", the request just talked about.

After an answer that names exactly one waiting request (the list of waiting
requests with one item, or a request just made that waits for approval),
"approve it" / "decline it" in the same conversation decides that request.
Through `conversation.async_converse` and an Assist pipeline, in English and
German; an administrator's action like deciding by title, and a clear
question when the conversation named no request.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.autoarr.assist_agent import named_requests
from tests.entities.conftest import loopback_sockets, service_subentry, setup_entry
from tests.support.llm_servers.scripted import refusing_url
from tests.support.seerr_fixtures import seerr, setup_agent
from tests.support.seerr_sim import APPROVED, DECLINED, PENDING, SeerrSimulator
from tests.test_assist_pipeline import _pipeline, _say as _pipeline_say, _speech

__all__ = ["loopback_sockets", "seerr", "setup_entry"]

pytestmark = pytest.mark.clock

WHICH = "Which request? Say: decline the request for Dune."
WELCHE = "Welche Anfrage? Sag: Lehne die Anfrage für Dune ab."


async def _agent(hass: HomeAssistant, setup_entry: Any, sim: SeerrSimulator) -> str:
    """Set AutoArr up with a Seerr and no reachable model; return its agent."""
    return await setup_agent(
        hass,
        setup_entry,
        service_subentry("seerr", "Seerr", sim.url, sim.api_key),
        ollama_url=refusing_url(),
    )


async def _say(
    hass: HomeAssistant,
    agent_id: str,
    text: str,
    user: User | None,
    conversation_id: str | None = None,
    language: str = "en",
) -> tuple[str, str]:
    """Say a text in a conversation; return the speech and the conversation."""
    result = await conversation.async_converse(
        hass,
        text,
        conversation_id,
        Context(user_id=user.id if user else None),
        language=language,
        agent_id=agent_id,
    )
    assert result.conversation_id is not None
    return str(result.response.speech["plain"]["speech"]), result.conversation_id


def _statuses(sim: SeerrSimulator) -> list[int]:
    return [r.status for r in sim.state.requests.values()]


async def test_decline_it_after_the_list(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_admin_user: User,
) -> None:
    """The list names one waiting request; "decline it" declines that one."""
    agent = await _agent(hass_core, setup_entry, seerr)
    admin = hass_admin_user
    # Two waiting: "decline it" would not know which.
    listed, chat = await _say(hass_core, agent, "what's been requested", admin)
    assert listed.startswith("2 requests are waiting")
    assert await _say(hass_core, agent, "decline it", admin, chat) == (WHICH, chat)
    assert _statuses(seerr) == [PENDING, PENDING, APPROVED]

    await _say(hass_core, agent, "approve the request for Dune Part Two", admin)
    listed, chat = await _say(hass_core, agent, "any pending requests", admin)
    assert listed == "One request is waiting for approval: Severance season 2 for Sam."
    said, _ = await _say(hass_core, agent, "decline it", admin, chat)
    assert said == "Declined the request for Severance."
    assert _statuses(seerr) == [APPROVED, DECLINED, APPROVED]
    # Decided: it waits no longer.
    said, _ = await _say(hass_core, agent, "approve it", admin, chat)
    assert said == "No request for Severance is waiting for approval."
    assert _statuses(seerr) == [APPROVED, DECLINED, APPROVED]


async def test_approve_it_after_a_request_in_german(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_admin_user: User,
) -> None:
    """A request just made waits for approval; "genehmige sie" approves it."""
    agent = await _agent(hass_core, setup_entry, seerr)
    seerr.state.key_user = seerr.state.users[2]  # Sam's key: his requests wait
    asked, chat = await _say(
        hass_core,
        agent,
        "Fordere Shōgun Staffel 1 an",
        hass_admin_user,
        language="de",
    )
    assert asked == "Shōgun (2024) Staffel 1 ist angefragt und wartet auf die Freigabe."
    made = max(seerr.state.requests.values(), key=lambda r: r.id)
    assert made.status == PENDING
    seerr.state.key_user = seerr.state.users[1]  # the admin's key decides
    said, _ = await _say(
        hass_core, agent, "Genehmige sie", hass_admin_user, chat, language="de"
    )
    assert said == "Die Anfrage für Shōgun ist freigegeben."
    assert made.status == APPROVED
    # The other waiting requests are untouched.
    assert seerr.state.requests[1].status == PENDING
    assert seerr.state.requests[2].status == PENDING

    # German list with one item, then "lehne ihn ab".
    await _say(hass_core, agent, "decline the request for Severance", hass_admin_user)
    listed, chat = await _say(
        hass_core, agent, "Gibt es offene Anfragen?", hass_admin_user, language="de"
    )
    assert listed == "Eine Anfrage wartet auf Freigabe: Dune: Part Two für Sam."
    said, _ = await _say(
        hass_core, agent, "Lehne ihn ab", hass_admin_user, chat, language="de"
    )
    assert said == "Die Anfrage für Dune: Part Two ist abgelehnt."
    assert seerr.state.requests[1].status == DECLINED


async def test_a_non_admin_cannot_decline_it(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_admin_user: User,
) -> None:
    """A household user hears the list but cannot decide the request it named."""
    household = await hass_core.auth.async_create_user(
        "Household", group_ids=["system-users"]
    )
    agent = await _agent(hass_core, setup_entry, seerr)
    await _say(
        hass_core, agent, "approve the request for Dune Part Two", hass_admin_user
    )
    before = _statuses(seerr)
    posts = len([r for r in seerr.requests if r.method == "POST"])
    refusal = "Sorry, only an administrator may approve or decline requests."
    for user in (household, None):
        listed, chat = await _say(hass_core, agent, "show the requests", user)
        assert listed.startswith("One request is waiting for approval: Severance")
        for text in ("decline it", "approve it", "reject that one"):
            assert await _say(hass_core, agent, text, user, chat) == (refusal, chat)
        said, _ = await _say(hass_core, agent, "lehne sie ab", user, chat, "de")
        assert said == (
            "Anfragen freigeben oder ablehnen darf leider nur ein Administrator."
        )
    assert _statuses(seerr) == before
    assert len([r for r in seerr.requests if r.method == "POST"]) == posts


async def test_no_request_in_context(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_admin_user: User,
) -> None:
    """Without a request named in the conversation the answer asks which one."""
    agent = await _agent(hass_core, setup_entry, seerr)
    admin = hass_admin_user
    assert (await _say(hass_core, agent, "decline it", admin))[0] == WHICH
    assert (await _say(hass_core, agent, "approve it", admin))[0] == WHICH
    said, _ = await _say(hass_core, agent, "Lehne es ab", admin, language="de")
    assert said == WELCHE
    said, _ = await _say(hass_core, agent, "Gib sie frei", admin, language="de")
    assert said == WELCHE
    # Another conversation's request is not this one's.
    await _say(hass_core, agent, "decline the request for Severance", admin)
    _, other = await _say(hass_core, agent, "what's been requested", admin)
    assert (await _say(hass_core, agent, "decline it", admin))[0] == WHICH
    # Nor is one whose time has run out.
    named_requests(hass_core)[other].expires = 0
    assert await _say(hass_core, agent, "decline it", admin, other) == (WHICH, other)
    assert _statuses(seerr) == [PENDING, DECLINED, APPROVED]


async def test_decline_it_through_a_pipeline(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_ws_client: Any,
) -> None:
    """AutoArr's sentence lists the requests; its agent then hears "decline it"."""
    assert await async_setup_component(hass_core, "assist_pipeline", {})
    assert await async_setup_component(hass_core, "intent", {})
    # AutoArr before the test client, which freezes the HTTP routes (Home
    # Assistant's own server never does): its views are added at its setup.
    agent = await _agent(hass_core, setup_entry, seerr)
    ws = await hass_ws_client(hass_core)
    seerr.state.requests[1].status = APPROVED
    pipeline_id = await _pipeline(ws, agent)
    listed = await _pipeline_say(ws, pipeline_id, "what's been requested")
    assert _speech(listed) == (
        "One request is waiting for approval: Severance season 2 for Sam."
    )
    declined = await _pipeline_say(
        ws, pipeline_id, "decline it", listed["conversation_id"]
    )
    assert _speech(declined) == "Declined the request for Severance."
    assert _statuses(seerr) == [APPROVED, DECLINED, APPROVED]


async def test_decline_it_without_seerr(
    hass_core: HomeAssistant, setup_entry: Any, hass_admin_user: User
) -> None:
    """Without a Seerr, "decline it" says there is none."""
    agent = await setup_agent(hass_core, setup_entry, ollama_url=refusing_url())
    said, _ = await _say(hass_core, agent, "decline it", hass_admin_user)
    assert said == "No Seerr is set up, so there are no requests to tell."
