"""Every language's near misses, torrent client and questions back, against
the services.

Through `conversation.async_converse` with the language set: a near miss of
each language is left to the model by AutoArr's agent and is no trigger of
AutoArr's for Home Assistant's agent; with a torrent client (the real
qBittorrent) both agents say what it holds and pause and resume it; with
"Confirm adds and pauses" on, the language's yes adds, its no drops a pause,
and its "the second one" picks from "Did you mean ...?". Answers are checked
against what the simulators and the real clients hold, changes against
their state after them.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager
import time
from typing import Any

from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import chat_session, entity_registry as er
from homeassistant.helpers.chat_session import ChatSession
import pytest

from custom_components.autoarr.agent.intents import InstantIntent as I
from custom_components.autoarr.agent.languages import REGISTRY
from custom_components.autoarr.const import (
    CONF_CONFIRM_CHANGES,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
)
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
from tests.support.agent_fixtures import conversation_subentry
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import refusing_url
from tests.support.qbittorrent import RealQbittorrent
from tests.support.sabnzbd import RealSabnzbd
from tests.support.torrents import make_torrent
from tests.test_every_language_answers import CODES, counted, phrase, sentence
from tests.test_instant_phrasings import _agents, _say
from tests.test_torrent_stack import client_subentry

__all__ = ["loopback_sockets", "radarr", "sabnzbd", "setup_entry", "sonarr"]

pytestmark = pytest.mark.clock


def _chat_session(hass: HomeAssistant) -> AbstractContextManager[ChatSession]:
    """Return a new chat session: for the request's context on Home Assistant
    2026.11, which asks for one; 2026.10 takes none."""
    try:
        return chat_session.async_get_chat_session(hass, context=Context())  # type: ignore[call-arg,unused-ignore]
    except TypeError:
        return chat_session.async_get_chat_session(hass)


@pytest.mark.parametrize("code", CODES)
async def test_near_misses_reach_the_model_in_every_language(
    hass_core: HomeAssistant, setup_entry: Any, code: str
) -> None:
    """A sentence close to an instant one is left to the model by AutoArr's
    agent (none is reachable: it says so) and is not one of AutoArr's
    sentence triggers for Home Assistant's own agent."""
    autoarr_agent, builtin = await _agents(hass_core, setup_entry)
    for text in phrasings(code).near_misses:
        said = await _say(hass_core, autoarr_agent, text, code)
        assert said == phrase(code, "model_unavailable"), text
        # No trigger of AutoArr's answers it (Home Assistant's own intents
        # may: "combien de temps..." asks its timers).
        with (
            _chat_session(hass_core) as session,
            conversation.async_get_chat_log(hass_core, session) as chat_log,
        ):
            heard = conversation.ConversationInput(
                text=text,
                context=Context(),
                conversation_id=session.conversation_id,
                device_id=None,
                satellite_id=None,
                language=code,
                agent_id=builtin,
            )
            answered = await conversation.async_handle_sentence_triggers(
                hass_core, heard, chat_log
            )
        assert answered is None, (text, answered)


def _in_state(qbittorrent: RealQbittorrent, *states: str) -> bool:
    """Wait until qBittorrent reports its one torrent in one of `states` (a
    thread: the test's clock is frozen)."""
    for _attempt in range(100):
        if [t["state"] for t in qbittorrent.torrents()] in [[s] for s in states]:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("code", CODES)
async def test_download_client_answers_in_every_language(
    hass_core: HomeAssistant,
    setup_entry: Any,
    qbittorrent: RealQbittorrent,
    code: str,
) -> None:
    """With a torrent client (the real qBittorrent) and no SABnzbd, both
    agents say in every language what it holds (a torrent nobody seeds,
    stalled), pause it and resume it."""
    qbittorrent.add_torrent(make_torrent("Orphan.Linux.Image.x64"))
    agents = await _agents(
        hass_core, setup_entry, client_subentry("qbittorrent", qbittorrent)
    )
    assert await asyncio.to_thread(_in_state, qbittorrent, "stalledDL")
    (entry,) = hass_core.config_entries.async_entries("autoarr")
    for runtime in entry.runtime_data.download_services():
        await runtime.queue.async_refresh()
    (torrent,) = qbittorrent.torrents()
    # Named as said (no dots), stalled, and why in the language's words.
    stalled = phrase(
        code,
        "with_reason",
        name=torrent["name"].replace(".", " "),
        state=phrase(code, "state_stalled"),
        reason=phrase(code, "reason_no_peers"),
    )
    for turn, agent in enumerate(agents):
        said = await _say(hass_core, agent, sentence(code, I.DOWNLOADS, turn), code)
        listed = counted(code, "need_attention", 1, items=stalled)
        assert said == f"{phrase(code, 'nothing_downloading')} {listed}", said

        said = await _say(hass_core, agent, sentence(code, I.PAUSE, 0), code)
        assert said == phrase(code, "paused_now")
        # Stopped (qBittorrent 5; "paused" before it).
        stopped = ("stoppedDL", "pausedDL")
        assert await asyncio.to_thread(_in_state, qbittorrent, *stopped)
        said = await _say(hass_core, agent, sentence(code, I.RESUME, turn), code)
        assert said == phrase(code, "resumed")
        assert await asyncio.to_thread(_in_state, qbittorrent, "stalledDL")


async def _talk(
    hass: HomeAssistant, agent_id: str, text: str, code: str, chat: str | None
) -> tuple[str, str | None]:
    """Say something in a conversation; return the answer and the conversation."""
    result = await conversation.async_converse(
        hass, text, chat, Context(), language=code, agent_id=agent_id
    )
    return str(result.response.speech["plain"]["speech"]), result.conversation_id


@pytest.mark.parametrize("code", CODES)
async def test_questions_back_in_every_language(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
    code: str,
) -> None:
    """With "Confirm adds and pauses" on, in every language: an add is asked
    about and made on the language's yes, a pause asked about and dropped on
    its no, and "Did you mean ...?" answered with its "the second one" adds
    that one, in Radarr, SABnzbd and Sonarr."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        sabnzbd_subentry(sabnzbd),
        conversation_subentry(**{CONF_CONFIRM_CHANGES: True}),
        data={CONF_OLLAMA_URL: refusing_url(), CONF_OLLAMA_MODEL: "qwen2.5:7b"},
    )
    agent = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(
            er.async_get(hass_core), entry.entry_id
        )
        if e.domain == "conversation"
    )
    language = REGISTRY[code]
    yes, no = language.yes_words.split("|")[0], language.no_words.split("|")[0]

    asked, chat = await _talk(
        hass_core, agent, sentence(code, I.ADD_MOVIE, 0, "Memento"), code, None
    )
    assert asked == phrase(code, "confirm_add", title="Memento (2000)")
    assert not [m for m in radarr.state.movies.values() if m.seed.title == "Memento"]
    said, _ = await _talk(hass_core, agent, yes, code, chat)
    assert said == phrase(code, "added_search", title="Memento (2000)")
    assert radarr.state.movie_by_title("Memento").monitored

    asked, chat = await _talk(hass_core, agent, sentence(code, I.PAUSE, 0), code, None)
    assert asked == phrase(code, "confirm_pause")
    said, _ = await _talk(hass_core, agent, no, code, chat)
    assert said == phrase(code, "not_confirmed")
    assert sabnzbd.api("queue")["queue"]["paused"] is False

    # Two series Sonarr's lookup finds, one of them in the library.
    asked, chat = await _talk(
        hass_core, agent, sentence(code, I.ADD_SERIES, 0, "Breaking"), code, None
    )
    options = [
        f"Breaking Bad (2008, {phrase(code, 'series_kind')}, {phrase(code, 'owned')})",
        f"Breaking Point (2019, {phrase(code, 'series_kind')})",
    ]
    joined = f"{options[0]} {phrase(code, 'or')} {options[1]}"
    assert asked == phrase(code, "did_you_mean", options=joined)
    kinds = {*language.series_words, *language.movie_words}
    second = next(
        text
        for text, chosen in phrasings(code).choices
        if chosen == 2 and not kinds & set(text.lower().split())
    )
    said, _ = await _talk(hass_core, agent, second, code, chat)
    assert said == phrase(code, "added_search", title="Breaking Point (2019)")
    assert sonarr.state.series_by_title("Breaking Point").monitored
