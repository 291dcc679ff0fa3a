"""Everyday phrasings answered without a model, by AutoArr's agent and by
Home Assistant's own agent (through AutoArr's sentence triggers).

Real HTTP on 127.0.0.1: the Sonarr and Radarr simulators and the real
SABnzbd; the language model's address refuses connections, so any answer
here came from the instant path.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest

from custom_components.autoarr.agent.languages import REGISTRY
from custom_components.autoarr.const import CONF_OLLAMA_MODEL, CONF_OLLAMA_URL
from tests.agent.phrasings import phrasings
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
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import refusing_url
from tests.support.sabnzbd import RealSabnzbd
from tests.test_conversation import conversation_subentry

__all__ = ["loopback_sockets", "radarr", "sabnzbd", "setup_entry", "sonarr"]

# Stands for the minutes from the frozen present to 7 in the morning.
UNTIL_SEVEN = -1

# Home Assistant's own agent, which knows AutoArr's sentences as triggers.
BUILTIN_AGENT = conversation.HOME_ASSISTANT_AGENT


async def _agents(hass: HomeAssistant, setup_entry: Any, *subentries: Any) -> list[str]:
    """Set AutoArr up with no reachable model; return both agents' ids."""
    entry = await setup_entry(
        *subentries,
        conversation_subentry(),
        data={CONF_OLLAMA_URL: refusing_url(), CONF_OLLAMA_MODEL: "qwen2.5:7b"},
    )
    registry = er.async_get(hass)
    autoarr_agent = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == "conversation"
    )
    return [autoarr_agent, BUILTIN_AGENT]


async def _say(hass: HomeAssistant, agent_id: str, text: str, language: str) -> str:
    result = await conversation.async_converse(
        hass, text, None, Context(), language=language, agent_id=agent_id
    )
    return str(result.response.speech["plain"]["speech"])


def _pause_minutes_left(sab: RealSabnzbd) -> float:
    """Return the minutes left of SABnzbd's timed pause (0 when none)."""
    text = str(sab.api("queue")["queue"]["pause_int"])
    if text == "0":
        return 0.0
    minutes, seconds = text.split(":")
    return int(minutes) + int(seconds) / 60


def _pause_cases() -> list[tuple[str, str, str, int]]:
    """Return each language's pause "for an hour" and "for the night"."""
    cases = [
        ("pause the downloads for 2 hours", "en", "Downloads paused for 2 hours.", 120)
    ]
    for code in sorted(REGISTRY):
        spoken = phrasings(code).spoken
        cases.append((spoken["pause_hour"][0], code, spoken["pause_hour"][1], 60))
        # Until 7 o'clock on Home Assistant's clock (UNTIL_SEVEN: worked out
        # from the frozen present in the test).
        cases.append(
            (spoken["pause_night"][0], code, spoken["pause_night"][1], UNTIL_SEVEN)
        )
    return cases


@pytest.mark.parametrize(("text", "language", "spoken", "minutes"), _pause_cases())
async def test_pause_for_a_spoken_time(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sabnzbd: RealSabnzbd,
    frozen_now: datetime,
    text: str,
    language: str,
    spoken: str,
    minutes: int,
) -> None:
    """ "For an hour", "until tomorrow": both agents pause SABnzbd for that long."""
    if minutes == UNTIL_SEVEN:
        local = dt_util.as_local(frozen_now)
        seven = local.replace(hour=7, minute=0, second=0)
        if seven <= local:
            seven += timedelta(days=1)
        minutes = round((seven.timestamp() - local.timestamp()) / 60)
    for agent_id in await _agents(hass_core, setup_entry, sabnzbd_subentry(sabnzbd)):
        assert await _say(hass_core, agent_id, text, language) == spoken
        left = _pause_minutes_left(sabnzbd)
        assert minutes - 1 <= left <= minutes, agent_id
        sabnzbd.api("resume")
        await hass_core.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("code", sorted(REGISTRY))
async def test_missing_is_answered_from_the_services(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    code: str,
) -> None:
    """ "What's missing?", in every language, counts what Sonarr and Radarr list."""
    total = len(sonarr.state.missing_episodes()) + len(radarr.state.missing_movies())
    assert total > 1
    question, start = phrasings(code).spoken["missing"]
    agents = await _agents(
        hass_core, setup_entry, sonarr_subentry(sonarr), radarr_subentry(radarr)
    )
    for agent_id in agents:
        said = await _say(hass_core, agent_id, question, code)
        assert said.startswith(start.format(total=total)), said


async def test_builtin_agent_asks_for_a_length_it_cannot_read(
    hass_core: HomeAssistant, setup_entry: Any, sabnzbd: RealSabnzbd
) -> None:
    """ "Pause downloads for a while": asked how long, nothing paused."""
    await _agents(hass_core, setup_entry, sabnzbd_subentry(sabnzbd))
    spoken = await _say(hass_core, BUILTIN_AGENT, "pause downloads for a while", "en")
    assert (
        spoken == "For how long? Say for example: pause the downloads for 30 minutes."
    )
    assert sabnzbd.api("queue")["queue"]["paused"] is False


@pytest.mark.parametrize(
    ("language", "spoken"),
    [
        (
            "pt-BR",
            "Por quanto tempo? Diga por exemplo: pause os downloads por 30 minutos.",
        ),
        (
            "pt",
            (
                "Durante quanto tempo? Diga por exemplo: pausa as transferências "
                "durante 30 minutos."
            ),
        ),
    ],
)
async def test_builtin_agent_answers_a_shared_sentence_in_the_users_language(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sabnzbd: RealSabnzbd,
    language: str,
    spoken: str,
) -> None:
    """A sentence Brazil's and Portugal's Portuguese share, whichever
    language's trigger Home Assistant picks, is answered in the user's."""
    await _agents(hass_core, setup_entry, sabnzbd_subentry(sabnzbd))
    said = await _say(
        hass_core, BUILTIN_AGENT, "Pausa os downloads por um tempo", language
    )
    assert said == spoken
    assert sabnzbd.api("queue")["queue"]["paused"] is False


@pytest.mark.parametrize("language", ["pt", "pt-BR"])
async def test_builtin_agent_makes_a_shared_sentences_change_once(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    language: str,
) -> None:
    """A sentence Portugal's and Brazil's Portuguese share (both languages'
    triggers match it) adds the movie once, and says so in the user's
    language."""
    await _agents(hass_core, setup_entry, radarr_subentry(radarr))
    said = await _say(hass_core, BUILTIN_AGENT, "Adicione o filme Memento", language)
    searching = "pesquisa" if language == "pt" else "busca"
    assert said == f"Memento (2000) adicionado; a {searching} já começou."
    assert len(radarr.requests_to("/api/v3/movie", "POST")) == 1
