"""Seerr by voice, without a model: what is requested, approve, decline, request.

Through `conversation.async_converse`, in English and German, by AutoArr's
agent and by Home Assistant's own agent (its sentence triggers). Approving
and declining are for an administrator: a household user and a request
without a user are refused, and nothing changes in Seerr.
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
import pytest

from custom_components.autoarr.agent.intents import InstantIntent as I
from custom_components.autoarr.agent.languages import REGISTRY
from custom_components.autoarr.const import CONF_ADD_DIRECTLY
from tests.agent.phrasings import phrasings
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    service_subentry,
    setup_entry,
)
from tests.support.arr_sim import RadarrSimulator
from tests.support.llm_servers.scripted import refusing_url
from tests.support.seerr_fixtures import seerr, setup_agent
from tests.support.seerr_sim import APPROVED, DECLINED, PENDING, SeerrSimulator
from tests.test_instant_phrasings import BUILTIN_AGENT

__all__ = ["loopback_sockets", "radarr", "seerr", "setup_entry"]

pytestmark = pytest.mark.clock


async def _agent(
    hass: HomeAssistant, setup_entry: Any, *subentries: Any, **options: Any
) -> str:
    """Set AutoArr up with no reachable model; return its agent's id."""
    return await setup_agent(
        hass, setup_entry, *subentries, ollama_url=refusing_url(), **options
    )


async def _say(
    hass: HomeAssistant,
    agent_id: str,
    text: str,
    user: User | None = None,
    language: str = "en",
) -> str:
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(user_id=user.id if user else None),
        language=language,
        agent_id=agent_id,
    )
    return str(result.response.speech["plain"]["speech"])


def _seerr(sim: SeerrSimulator) -> Any:
    return service_subentry("seerr", "Seerr", sim.url, sim.api_key)


async def test_what_is_requested_and_deciding(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_admin_user: User,
) -> None:
    """The waiting requests are said; an admin approves and declines by voice."""
    agent = await _agent(hass_core, setup_entry, _seerr(seerr))
    said = await _say(hass_core, agent, "What's been requested?")
    assert said == (
        "2 requests are waiting for approval: Severance season 2 for Sam;"
        " Dune: Part Two for Sam."
    )
    assert await _say(hass_core, BUILTIN_AGENT, "what requests are pending") == said
    german = await _say(hass_core, agent, "Welche Anfragen sind offen?", language="de")
    assert german == (
        "2 Anfragen warten auf Freigabe: Severance Staffel 2 für Sam;"
        " Dune: Part Two für Sam."
    )

    approved = await _say(
        hass_core, agent, "Approve the request for Dune Part Two", hass_admin_user
    )
    assert approved == "Approved the request for Dune: Part Two."
    assert seerr.state.requests[1].status == APPROVED
    declined = await _say(
        hass_core,
        BUILTIN_AGENT,
        "Lehne die Anfrage für Severance ab",
        hass_admin_user,
        language="de",
    )
    assert declined == "Die Anfrage für Severance ist abgelehnt."
    assert seerr.state.requests[2].status == DECLINED
    assert await _say(hass_core, agent, "any pending requests") == (
        "No request is waiting for approval."
    )
    missing = await _say(
        hass_core, agent, "approve the request for Cats", hass_admin_user
    )
    assert missing == "No request for Cats is waiting for approval."


@pytest.mark.parametrize("code", sorted(REGISTRY))
async def test_requests_in_every_language(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_admin_user: User,
    code: str,
) -> None:
    """In every language: the waiting requests are said; an admin approves
    one and declines another by title; a request made by voice waits for
    approval, and "approve it" / "decline it" decides it. Each answer names
    the titles Seerr holds, and each decision is Seerr's state after it."""
    agent = await _agent(hass_core, setup_entry, _seerr(seerr))
    book = REGISTRY[code].requests
    spoken = phrasings(code).spoken
    question, listed = spoken["requests"]
    assert await _say(hass_core, agent, question, language=code) == listed

    dune = seerr.state.requests[1]
    title = seerr.state.titles[dune.tmdb_id].title
    asked = _sentence(code, I.APPROVE_REQUEST, title.replace(":", ""))
    said = await _say(hass_core, agent, asked, hass_admin_user, language=code)
    assert said == book["approved"].format(title=title)
    assert dune.status == APPROVED
    question, declined = spoken["decline"]
    said = await _say(hass_core, agent, question, hass_admin_user, language=code)
    assert said == declined
    assert seerr.state.requests[2].status == DECLINED

    # Sam's key: what the agent requests waits; the admin's decides. (One
    # user talks: Home Assistant keeps a conversation to its user.)
    admin = hass_admin_user
    for intent, wanted, pronoun, status in (
        (I.ADD_MOVIE, "Oppenheimer", I.APPROVE_IT, APPROVED),
        (I.ADD_SERIES, "Shōgun", I.DECLINE_IT, DECLINED),
    ):
        seerr.state.key_user = seerr.state.users[2]
        before = set(seerr.state.requests)
        said, chat = await _talk(
            hass_core, agent, _sentence(code, intent, wanted), code, None, admin
        )
        (made,) = (seerr.state.requests[i] for i in set(seerr.state.requests) - before)
        media = seerr.state.titles[made.tmdb_id]
        assert (media.title, made.status) == (wanted, PENDING)
        label = f"{media.title} ({media.year})"
        if media.media_type == "tv":
            # Every season Seerr asks for, the word in the count's plural form.
            assert len(made.seasons) == media.seasons > 1
            label = _seasons(code, label, made.seasons)
        assert said == book["requested_pending"].format(title=label)
        seerr.state.key_user = seerr.state.users[1]
        said, _ = await _talk(
            hass_core, agent, _sentence(code, pronoun), code, chat, admin
        )
        key = "approved" if status == APPROVED else "declined"
        assert said == book[key].format(title=media.title)
        assert made.status == status


def _seasons(code: str, title: str, seasons: list[int]) -> str:
    """Return "The Bear (2022) seasons 1 and 2" in a language, the season
    word in the form CLDR's plural rules give the seasons' count."""
    language = REGISTRY[code]
    category = Locale.parse(language.locale).plural_form(len(seasons))
    numbers = [str(season) for season in seasons]
    said = numbers[0]
    if len(numbers) > 1:
        said = f"{', '.join(numbers[:-1])} {language.phrases['and']} {numbers[-1]}"
    phrase = language.requests[f"title_seasons_{category}"]
    return phrase.format(title=title, seasons=said)


def _sentence(code: str, intent: I, title: str = "") -> str:
    """Return a language's first phrasing of an intent, its title replaced."""
    said = phrasings(code).matches[intent][0]
    return said.text.replace(said.title, title) if said.title else said.text


async def _talk(
    hass: HomeAssistant,
    agent_id: str,
    text: str,
    language: str,
    conversation_id: str | None = None,
    user: User | None = None,
) -> tuple[str, str | None]:
    """Say something in a conversation; return the answer and the conversation."""
    result = await conversation.async_converse(
        hass,
        text,
        conversation_id,
        Context(user_id=user.id if user else None),
        language=language,
        agent_id=agent_id,
    )
    return str(result.response.speech["plain"]["speech"]), result.conversation_id


async def test_only_an_admin_may_decide(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    hass_owner_user: User,
) -> None:
    """A household user, or a request without a user, cannot approve or decline."""
    assert hass_owner_user.is_owner
    household = await hass_core.auth.async_create_user(
        "Household", group_ids=["system-users"]
    )
    agent = await _agent(hass_core, setup_entry, _seerr(seerr))
    refusal = "Sorry, only an administrator may approve or decline requests."
    for agent_id in (agent, BUILTIN_AGENT):
        for user in (household, None):
            for text in (
                "approve the request for Dune Part Two",
                "decline the request for Severance",
            ):
                assert await _say(hass_core, agent_id, text, user) == refusal
    assert [r.status for r in seerr.state.requests.values()] == [
        PENDING,
        PENDING,
        APPROVED,
    ]
    assert not [r for r in seerr.requests if r.method == "POST"]
    # Listing is open to them.
    assert (await _say(hass_core, agent, "show the requests", household)).startswith(
        "2 requests are waiting"
    )


async def test_adds_go_through_seerr(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """With a Seerr, adds ask it: available, requested, or a new request."""
    agent = await _agent(hass_core, setup_entry, _seerr(seerr), radarr_subentry(radarr))
    assert await _say(hass_core, agent, "add the movie Dune") == (
        "Dune (2021) is already available."
    )
    assert await _say(hass_core, agent, "download Dune: Part Two") == (
        "Dune: Part Two (2024) has already been requested."
    )
    # The key's user is Seerr's admin: approved at once.
    assert await _say(hass_core, agent, "request the movie Oppenheimer") == (
        "Requested Oppenheimer (2023); it is approved and on its way."
    )
    seerr.state.key_user = seerr.state.users[2]
    assert await _say(hass_core, agent, "request The Bear season 2") == (
        "Requested The Bear (2022) season 2; it waits for an administrator's approval."
    )
    made = max(seerr.state.requests.values(), key=lambda r: r.id)
    assert (made.tmdb_id, made.seasons, made.status) == (136315, [2], PENDING)
    german = await _say(hass_core, agent, "Fordere Shōgun Staffel 1 an", language="de")
    assert german == (
        "Shōgun (2024) Staffel 1 ist angefragt und wartet auf die Freigabe."
    )
    assert await _say(hass_core, agent, "request Nothing Like It") == (
        "Seerr did not find Nothing Like It."
    )
    # Nothing was added to Radarr behind Seerr's back.
    assert not [r for r in radarr.requests if r.method == "POST"]


async def test_agent_set_to_add_directly(
    hass_core: HomeAssistant,
    setup_entry: Any,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """An agent set to add directly adds to Radarr, not through Seerr."""
    agent = await _agent(
        hass_core,
        setup_entry,
        _seerr(seerr),
        radarr_subentry(radarr),
        **{CONF_ADD_DIRECTLY: True},
    )
    said = await _say(hass_core, agent, "add the movie The Prestige")
    assert said.startswith("Added The Prestige")
    assert any(m.seed.title == "The Prestige" for m in radarr.state.movies.values())
    assert not [r for r in seerr.requests if r.method == "POST"]


async def test_requests_without_seerr(
    hass_core: HomeAssistant, setup_entry: Any
) -> None:
    """Without a Seerr the answer says so."""
    agent = await _agent(hass_core, setup_entry)
    assert await _say(hass_core, agent, "what has been requested") == (
        "No Seerr is set up, so there are no requests to tell."
    )
