"""Asking before a change, with a Seerr: the held add is a Seerr request.

With the agent's `confirm_changes` option on and a Seerr configured, "request
the movie Oppenheimer" is answered "Shall I request Oppenheimer (2023)?";
a yes requests it from Seerr (its users, quotas and approval rules apply),
never straight from Radarr or Sonarr; a no leaves everything as it was. An
agent set to add directly asks "Add ...?" and adds to Radarr. Through
`conversation.async_converse`, by the instant answers and by the model's
tools, in English and German.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.auth.models import User
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
import pytest

from custom_components.autoarr.const import (
    CONF_ADD_DIRECTLY,
    CONF_CONFIRM_CHANGES,
    CONF_INSTANT_ANSWERS,
)
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    service_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply
from tests.support.seerr_fixtures import ollama, seerr, setup_agent
from tests.support.seerr_sim import APPROVED, PENDING, SeerrSimulator
from tests.test_confirmation import Talk, has_movie, service_data

__all__ = ["loopback_sockets", "ollama", "radarr", "seerr", "setup_entry", "sonarr"]

pytestmark = pytest.mark.clock

_OPPENHEIMER = 872585
_THE_BEAR = 136315

type Start = Callable[..., Awaitable[Talk]]


@pytest.fixture
def start(
    hass_core: HomeAssistant,
    setup_entry: Any,
    ollama: OllamaServer,
    seerr: SeerrSimulator,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> Start:
    """Return how to set up Seerr, Sonarr and Radarr with an agent that asks first."""

    async def start(*, instant: bool = True, add_directly: bool = False) -> Talk:
        options: dict[str, Any] = {CONF_CONFIRM_CHANGES: True}
        if not instant:
            options[CONF_INSTANT_ANSWERS] = False
        if add_directly:
            options[CONF_ADD_DIRECTLY] = True
        services: list[ConfigSubentryData] = [
            service_subentry("seerr", "Seerr", seerr.url, seerr.api_key),
            sonarr_subentry(sonarr),
            radarr_subentry(radarr),
        ]
        agent_id = await setup_agent(
            hass_core, setup_entry, *services, ollama_url=ollama.url, **options
        )
        return Talk(hass_core, agent_id)

    return start


def _posted(*sims: Any) -> list[str]:
    """Return the paths POSTed to the simulators."""
    return [r.path for sim in sims for r in sim.requests if r.method == "POST"]


def _requested(seerr: SeerrSimulator, tmdb_id: int) -> list[Any]:
    return [r for r in seerr.state.requests.values() if r.tmdb_id == tmdb_id]


async def test_instant_request_waits_for_a_yes(
    start: Start,
    seerr: SeerrSimulator,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    hass_admin_user: User,
) -> None:
    """Asked first; a no requests nothing; a yes requests from Seerr only."""
    talk = await start()
    assert await talk.say("request the movie Oppenheimer") == (
        "Shall I request Oppenheimer (2023)?"
    )
    assert await talk.say("no, leave it") == "OK, I left everything as it was."
    assert _posted(seerr, sonarr, radarr) == []
    assert _requested(seerr, _OPPENHEIMER) == []

    assert await talk.say("add the movie Oppenheimer") == (
        "Shall I request Oppenheimer (2023)?"
    )
    assert _posted(seerr, sonarr, radarr) == []
    assert await talk.say("yes please") == (
        "Requested Oppenheimer (2023); it is approved and on its way."
    )
    [made] = _requested(seerr, _OPPENHEIMER)
    assert made.status == APPROVED
    assert _posted(sonarr, radarr) == []

    # Nothing to request: answered at once, nothing held.
    assert await talk.say("add the movie Dune") == "Dune (2021) is already available."
    assert await talk.say("download Dune: Part Two") == (
        "Dune: Part Two (2024) has already been requested."
    )
    assert await talk.say("request Nothing Like It") == (
        "Seerr did not find Nothing Like It."
    )

    # In German, with Seerr acting for a member whose requests wait for
    # approval; the request a yes made is "it" for the administrator next.
    admin = hass_admin_user
    seerr.state.key_user = seerr.state.users[2]
    german = talk.another()
    assert await german.say("Fordere The Bear Staffel 2 an", "de", admin) == (
        "Soll ich The Bear (2022) Staffel 2 anfragen?"
    )
    assert await german.say("Ja, gerne", "de", admin) == (
        "The Bear (2022) Staffel 2 ist angefragt und wartet auf die Freigabe."
    )
    made = max(_requested(seerr, _THE_BEAR), key=lambda r: r.id)
    assert (made.seasons, made.status) == ([2], PENDING)
    seerr.state.key_user = seerr.state.users[1]
    assert await german.say("Gib sie frei", "de", admin) == (
        "Die Anfrage für The Bear ist freigegeben."
    )
    assert made.status == APPROVED
    assert _posted(sonarr, radarr) == []


async def test_model_request_waits_for_a_yes(
    start: Start,
    seerr: SeerrSimulator,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """The model's add is held as a Seerr request; the yes needs no model."""
    talk = await start(instant=False)
    ollama.script(
        Reply(
            tool_calls=[
                Call("autoarr__add_media", {"title": "Oppenheimer", "kind": "movie"}),
                Call("autoarr__add_media", {"title": "The Bear season 3"}),
            ]
        ),
        Reply("I will ask."),
    )
    asked = await talk.say("Get me Oppenheimer and the third season of The Bear")
    assert asked == (
        "Shall I request Oppenheimer (2023)? Shall I request The Bear (2022) season 3?"
    )
    _, second = ollama.chat_requests()
    results = service_data(second)
    assert [r["status"] for r in results] == ["needs_confirmation"] * 2
    assert _posted(seerr, sonarr, radarr) == []

    said = await talk.say("yes")
    assert said == (
        "Requested Oppenheimer (2023); it is approved and on its way."
        " Requested The Bear (2022) season 3; it is approved and on its way."
    )
    assert len(_requested(seerr, _OPPENHEIMER)) == 1
    assert max(_requested(seerr, _THE_BEAR), key=lambda r: r.id).seasons == [3]
    assert _posted(sonarr, radarr) == []
    assert len(ollama.chat_requests()) == 2

    # A no requests nothing.
    ollama.script(
        Reply(tool_calls=[Call("autoarr__add_media", {"title": "Shōgun"})]),
        Reply("I will ask."),
    )
    talk = talk.another()
    assert await talk.say("get me Shogun") == "Shall I request Shōgun (2024)?"
    assert await talk.say("nein") == "OK, I left everything as it was."
    assert _requested(seerr, 126308) == []
    # What Seerr already has is told to the model, nothing is held.
    ollama.script(
        Reply(tool_calls=[Call("autoarr__add_media", {"title": "Dune", "year": 2021})]),
        Reply("Dune is already there."),
    )
    assert await talk.another().say("add Dune") == "Dune is already there."
    *_, last = ollama.chat_requests()
    assert service_data(last)[0]["status"] == "already_available"
    assert _posted(seerr, sonarr, radarr) == [
        "/api/v1/request",
        "/api/v1/request",
    ]


@pytest.mark.parametrize("instant", [True, False])
async def test_set_to_add_directly(
    start: Start,
    seerr: SeerrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    *,
    instant: bool,
) -> None:
    """An agent set to add directly asks "Add ...?" and adds to Radarr."""
    talk = await start(instant=instant, add_directly=True)
    ollama.script(
        Reply(
            tool_calls=[
                Call("autoarr__add_media", {"title": "The Prestige", "kind": "movie"})
            ]
        ),
        Reply("I will ask."),
    )
    assert await talk.say("add the movie The Prestige") == "Add The Prestige (2006)?"
    assert not has_movie(radarr, "The Prestige")
    said = await talk.say("yes")
    assert said.startswith("Added The Prestige (2006)")
    assert has_movie(radarr, "The Prestige")
    assert _posted(seerr) == []
