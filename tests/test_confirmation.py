"""The optional confirmation turn: an add or a pause is asked about first.

With the agent's `confirm_changes` option on, "add the movie The Prestige"
is answered "Add The Prestige (2006)?" and nothing is added until the next
turn of the same conversation says yes; a no, or another request, drops it.
The instant answers and the model's tools hold their changes alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import json
from typing import Any

from homeassistant.auth.models import User
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Context, HomeAssistant
import pytest

from custom_components.autoarr.agent.confirm import hold_tool_call, is_no, is_yes
from custom_components.autoarr.agent.stack import Stack
from custom_components.autoarr.const import CONF_CONFIRM_CHANGES, CONF_INSTANT_ANSWERS
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    sabnzbd,
    sabnzbd_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.agent_fixtures import ollama, setup_agent
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply
from tests.support.sabnzbd import RealSabnzbd
from tests.test_conversation import speech_of

__all__ = ["loopback_sockets", "ollama", "radarr", "sabnzbd", "setup_entry", "sonarr"]

# No services at all: a call that is not held never reaches one.
_NO_STACK = Stack()


class Talk:
    """One conversation with AutoArr's agent."""

    def __init__(self, hass: HomeAssistant, agent_id: str) -> None:
        """Start a conversation (its id comes with the first answer)."""
        self.hass = hass
        self.agent_id = agent_id
        self.conversation_id: str | None = None

    async def say(
        self, text: str, language: str = "en", user: User | None = None
    ) -> str:
        """Say one thing (as a user, or as a satellite); return the answer."""
        result = await conversation.async_converse(
            self.hass,
            text,
            self.conversation_id,
            Context(user_id=user.id if user else None),
            language=language,
            agent_id=self.agent_id,
        )
        self.conversation_id = result.conversation_id
        await self.hass.async_block_till_done()
        return speech_of(result)

    def another(self) -> Talk:
        """Return a new conversation with the same agent."""
        return Talk(self.hass, self.agent_id)


type Start = Callable[..., Awaitable[Talk]]


@pytest.fixture
def start(hass_core: HomeAssistant, setup_entry: Any, ollama: OllamaServer) -> Start:
    """Return how to set up services with an agent that asks before changing.

    `confirm=None` leaves the option out (its default); `instant=False`
    sends every request to the scripted model.
    """

    async def start(
        *services: ConfigSubentryData,
        confirm: bool | None = True,
        instant: bool = True,
    ) -> Talk:
        options: dict[str, Any] = {}
        if confirm is not None:
            options[CONF_CONFIRM_CHANGES] = confirm
        if not instant:
            options[CONF_INSTANT_ANSWERS] = False
        agent_id = await setup_agent(
            hass_core, setup_entry, *services, ollama_url=ollama.url, **options
        )
        return Talk(hass_core, agent_id)

    return start


def service_data(request: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the tool results a request to the model carried."""
    return [
        json.loads(m["content"])["service_data"]
        for m in request["messages"]
        if m["role"] == "tool"
    ]


def has_movie(radarr: RadarrSimulator, title: str) -> bool:
    """Return whether Radarr's library has a movie."""
    return any(m.seed.title == title for m in radarr.state.movies.values())


async def paused(sab: RealSabnzbd) -> bool:
    """Return whether the real SABnzbd is paused."""
    queue = await asyncio.to_thread(sab.api, "queue")
    return bool(queue["queue"]["paused"])


async def test_instant_add_waits_for_a_yes(
    start: Start,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """ "Add The Prestige (2006)?"; a no keeps the library; a yes adds."""
    talk = await start(sonarr_subentry(sonarr), radarr_subentry(radarr))
    assert await talk.say("add the movie The Prestige") == "Add The Prestige (2006)?"
    assert not has_movie(radarr, "The Prestige")
    assert await talk.say("no, leave it") == "OK, I left everything as it was."
    assert not has_movie(radarr, "The Prestige")
    # A yes with nothing held is no command.
    await talk.say("add the movie The Prestige")
    said = await talk.say("Yes please")
    assert has_movie(radarr, "The Prestige")
    assert "The Prestige" in said
    # Another conversation's yes does nothing.
    other = talk.another()
    await other.say("add the movie Memento")
    assert not has_movie(radarr, "Memento")
    await talk.another().say("yes")
    assert not has_movie(radarr, "Memento")


@pytest.mark.parametrize(
    ("request_text", "language", "question", "yes", "done"),
    [
        (
            "pause the downloads for an hour",
            "en",
            "Pause all downloads for 1 hour?",
            "sure",
            "Downloads paused for 1 hour.",
        ),
        (
            "Pausiere die Downloads",
            "de",
            "Alle Downloads anhalten?",
            "Ja, gerne",
            "Downloads pausiert.",
        ),
    ],
)
async def test_instant_pause_asks_first(
    start: Start,
    sabnzbd: RealSabnzbd,
    request_text: str,
    language: str,
    question: str,
    yes: str,
    done: str,
) -> None:
    """The question and the answer in the request's language; a yes pauses."""
    talk = await start(sabnzbd_subentry(sabnzbd))
    assert await talk.say(request_text, language) == question
    assert not await paused(sabnzbd)
    assert await talk.say(yes, language) == done
    assert await paused(sabnzbd)


async def test_another_request_drops_the_pause(
    start: Start, sabnzbd: RealSabnzbd
) -> None:
    """Something else asked instead of a yes: the pause is dropped."""
    talk = await start(sabnzbd_subentry(sabnzbd))
    asked = await talk.say("Pausiere die Downloads für 2 Stunden", "de")
    assert asked == "Alle Downloads für 2 Stunden anhalten?"
    await talk.say("Was wird heruntergeladen?", "de")
    await talk.say("ja", "de")
    assert not await paused(sabnzbd)


async def test_model_changes_wait_for_a_yes(
    start: Start,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
    ollama: OllamaServer,
) -> None:
    """A model's add and pause are asked about; the yes needs no model."""
    talk = await start(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        sabnzbd_subentry(sabnzbd),
        instant=False,
    )
    ollama.script(
        Reply(
            tool_calls=[
                Call("autoarr__add_media", {"title": "The Prestige", "kind": "movie"}),
                Call("autoarr__control_downloads", {"action": "pause", "minutes": 30}),
            ]
        ),
        Reply("Done!"),
    )
    asked = await talk.say("Get me The Prestige and pause the downloads for a bit")
    assert asked == "Add The Prestige (2006)? Pause all downloads for 30 minutes?"
    assert not has_movie(radarr, "The Prestige")
    assert not await paused(sabnzbd)
    _, second = ollama.chat_requests()
    results = service_data(second)
    assert [r["status"] for r in results] == ["needs_confirmation"] * 2
    assert results[0]["question"] == "Add The Prestige (2006)?"

    said = await talk.say("yes")
    assert has_movie(radarr, "The Prestige")
    assert await paused(sabnzbd)
    assert said.startswith("Added The Prestige (2006)")
    assert len(ollama.chat_requests()) == 2


async def test_off_by_default(
    start: Start,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Without the option (the default) the add is made at once."""
    talk = await start(sonarr_subentry(sonarr), radarr_subentry(radarr), confirm=None)
    await talk.say("add the movie The Prestige")
    assert has_movie(radarr, "The Prestige")


@pytest.mark.parametrize(
    ("text", "yes", "no"),
    [
        ("yes", True, False),
        ("Yes, please.", True, False),
        ("sure", True, False),
        ("OK", True, False),
        ("ja", True, False),
        ("Ja, gerne!", True, False),
        ("no", False, True),
        ("No thanks", False, True),
        ("yes, but not now", False, True),
        ("nein", False, True),
        ("lieber nicht", False, True),
        ("what is downloading?", False, False),
        ("yesterday's episode", False, False),
    ],
)
def test_yes_and_no(text: str, *, yes: bool, no: bool) -> None:
    """Yes and no in English and German; anything else is neither."""
    assert (is_yes(text), is_no(text)) == (yes, no)


async def test_what_is_not_held(
    start: Start,
    hass_core: HomeAssistant,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
    hass_owner_user: User,
) -> None:
    """Nothing to add is answered at once; the night is a pause until the
    morning; a yes needs the permission to make the change."""
    talk = await start(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        sabnzbd_subentry(sabnzbd),
    )
    assert (
        await talk.say("add the movie Dune")
        == "Dune (2021) is already in your library."
    )
    said = await talk.say("pause the downloads for the night")
    assert said == "Pause all downloads until 7 in the morning?"
    assert await talk.say("yes") == "Downloads paused until 7 in the morning."
    assert await paused(sabnzbd)
    await asyncio.to_thread(sabnzbd.api, "resume")
    # A yes is judged by the permission its user has when saying it: here
    # the household member was made read-only after the question.
    member = await hass_core.auth.async_create_user(
        "Household", group_ids=["system-users"]
    )
    talk = talk.another()
    said = await talk.say("pause the downloads", user=member)
    assert said == "Pause all downloads?"
    await hass_core.auth.async_update_user(member, group_ids=["system-read-only"])
    said = await talk.say("yes", user=member)
    assert said.startswith("Sorry, you are not allowed")
    assert not await paused(sabnzbd)


async def test_model_calls_that_are_not_held(
    start: Start,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
    ollama: OllamaServer,
) -> None:
    """A resume runs at once; an add of what is there adds nothing and asks
    nothing; the model's answer stands."""
    talk = await start(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        sabnzbd_subentry(sabnzbd),
        instant=False,
    )
    await asyncio.to_thread(sabnzbd.api, "pause")
    ollama.script(
        Reply(
            tool_calls=[
                Call("autoarr__control_downloads", {"action": "resume"}),
                Call("autoarr__add_media", {"title": "Dune", "kind": "movie"}),
            ]
        ),
        Reply("Resumed; Dune is already there."),
    )
    said = await talk.say("Resume the downloads and add Dune")
    assert said == "Resumed; Dune is already there."
    assert not await paused(sabnzbd)
    _, second = ollama.chat_requests()
    results = service_data(second)
    assert results[0]["action"] == "resume"
    assert results[1]["status"] == "already_in_library"


async def test_other_tools_are_never_held() -> None:
    """Only an add or a pause is held (the reading tools are never asked about)."""
    assert await hold_tool_call(_NO_STACK, "autoarr__downloads", {}, "en") is None
