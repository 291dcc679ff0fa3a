"""Follow-ups said where the agent's options send them (`announce_to`).

A media player plays the sentence as an announcement, spoken with the
text-to-speech engine, language and voice of the Assist pipeline of the
request's language (as `tts.speak` does: `media_player.play_media` with
`announce`); a notify entity gets it as a message. The target is kept with
the follow-up, so it holds across a restart. Without one, the satellite that
asked says it; a target that is gone, or a media player with nothing to speak
it, ends in a notification.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from homeassistant.components import tts
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.setup import async_setup_component
import probatio
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    async_mock_service,
    mock_config_flow,
    mock_integration,
    mock_platform,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.autoarr.const import CONF_ANNOUNCE_READY, CONF_ANNOUNCE_TO
from tests.entities.conftest import loopback_sockets, radarr, setup_entry
from tests.support.arr_sim import RadarrSimulator
from tests.support.llm_servers import OllamaServer
from tests.test_followups import (
    MOVIE,
    _import_everything,
    _notified,
    _satellite,
    _say,
    _start,
    ollama,
)

__all__ = ["loopback_sockets", "ollama", "radarr", "setup_entry"]

PLAYER = "media_player.living_room"
PHONE = "notify.phone"
GONE = "notify.old_phone"
SPEECH = "tts.test_speech"


class _Speech(tts.TextToSpeechEntity):
    """A text-to-speech engine speaking American English and German."""

    _attr_name = "Test speech"
    _attr_default_language = "en-US"

    def __init__(self) -> None:
        self._attr_supported_languages = ["en-US", "de-DE"]
        self._attr_supported_options = ["voice"]

    async def async_get_tts_audio(
        self, message: str, language: str, options: dict[str, Any]
    ) -> tts.TtsAudioType:
        return "mp3", b""


class _SpeechFlow(ConfigFlow):
    """The engine's integration has entries, hence a flow."""


@pytest.fixture
def speech_flow() -> Iterator[None]:
    """Let the engine's entry be set up."""
    with mock_config_flow("speech", _SpeechFlow):
        yield


async def _speech_engine(hass: HomeAssistant) -> None:
    """Set up Assist (tts with it) and a text-to-speech engine entity."""
    assert await async_setup_component(hass, "assist_pipeline", {})

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.TTS])
        return True

    async def add_engine(
        hass: HomeAssistant,
        entry: ConfigEntry,
        add: AddConfigEntryEntitiesCallback,
    ) -> None:
        add([_Speech()])

    # A custom integration: one may still return a boolean from its setup
    # (from 2026.11 on, a built-in one returns None; 2026.10 wants True).
    mock_integration(
        hass, MockModule("speech", async_setup_entry=setup_entry), built_in=False
    )
    mock_platform(hass, "speech.config_flow")
    mock_platform(hass, "speech.tts", MockPlatform(async_setup_entry=add_engine))
    engine = MockConfigEntry(domain="speech")
    engine.add_to_hass(hass)
    assert await hass.config_entries.async_setup(engine.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(SPEECH) is not None


async def _german_pipeline(hass: HomeAssistant, ws: WebSocketGenerator) -> None:
    """An Assist pipeline speaking German with a voice of its engine."""
    client = await ws(hass)
    await client.send_json_auto_id(
        {
            "type": "assist_pipeline/pipeline/create",
            "conversation_engine": "conversation.home_assistant",
            "conversation_language": "de",
            "language": "de",
            "name": "Deutsch",
            "stt_engine": None,
            "stt_language": None,
            "tts_engine": SPEECH,
            "tts_language": "de-DE",
            "tts_voice": "Greta",
            "wake_word_entity": None,
            "wake_word_id": None,
        }
    )
    answer = await client.receive_json()
    assert answer["success"], answer


async def _targets(
    hass: HomeAssistant,
) -> tuple[list[ServiceCall], list[ServiceCall]]:
    """Set up the living room's media player and the phone's notify entity
    (their actions recorded) and notifications; return the calls of each."""
    assert await async_setup_component(hass, "persistent_notification", {})
    played = async_mock_service(hass, "media_player", "play_media")
    sent = async_mock_service(hass, "notify", "send_message")
    hass.states.async_set(PLAYER, "idle")
    hass.states.async_set(PHONE, "unknown")
    return played, sent


async def _start_saying_on(
    hass: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    target: str,
) -> tuple[MockConfigEntry, str]:
    """Start an agent that follows up and says it on `target`."""
    return await _start(
        hass,
        setup_entry,
        radarr,
        ollama,
        **{CONF_ANNOUNCE_READY: True, CONF_ANNOUNCE_TO: target},
    )


def _spoken(media_content_id: str) -> tuple[str, dict[str, list[str]]]:
    """Return the engine and the query of a text-to-speech media source id."""
    assert media_content_id.startswith("media-source://tts/")
    parts = urlsplit(media_content_id.removeprefix("media-source://tts/"))
    return parts.path, parse_qs(parts.query)


async def test_a_media_player_announces_it_in_the_pipelines_voice_after_a_restart(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
    speech_flow: None,
) -> None:
    """Asked for in German at the kitchen satellite, said on the living
    room's media player (not the satellite), in the German pipeline's
    language and voice, though AutoArr restarted in between."""
    hass = hass_core
    device_id, _ = _satellite(hass)
    satellite = async_mock_service(hass, "assist_satellite", "announce")
    played = async_mock_service(hass, "media_player", "play_media")
    hass.states.async_set(PLAYER, "idle")
    entry, agent_id = await _start_saying_on(hass, setup_entry, radarr, ollama, PLAYER)
    await _speech_engine(hass)
    await _german_pipeline(hass, hass_ws_client)

    await _say(hass, agent_id, f"füge den Film {MOVIE} hinzu", "de", device_id)
    listed = await hass.services.async_call(
        "autoarr", "get_followups", {}, blocking=True, return_response=True
    )
    assert listed is not None
    followups = cast("list[dict[str, Any]]", listed["followups"])
    assert [followup["target"] for followup in followups] == [PLAYER]
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await _import_everything(hass, entry, radarr)

    assert satellite == []
    (call,) = played
    assert call.data["entity_id"] == PLAYER
    assert (call.data["media_content_type"], call.data["announce"]) == ("music", True)
    engine, query = _spoken(call.data["media_content_id"])
    assert engine == SPEECH
    assert query["message"] == [f"{MOVIE} ist da und kann angeschaut werden."]
    assert query["language"] == ["de-DE"]
    assert query["tts_options"] == ['{"voice":"Greta"}']


async def test_a_notify_entity_gets_the_message(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> None:
    """A notify entity as the target gets the sentence as a message."""
    hass = hass_core
    _, sent = await _targets(hass)
    entry, agent_id = await _start_saying_on(hass, setup_entry, radarr, ollama, PHONE)
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    await _import_everything(hass, entry, radarr)
    assert [call.data for call in sent] == [
        {
            "entity_id": PHONE,
            "message": f"{MOVIE} is ready to watch.",
            "title": "AutoArr",
        }
    ]


@pytest.mark.parametrize(
    ("target", "speech"), [(PLAYER, True), (GONE, True), (PLAYER, False)]
)
async def test_a_target_that_is_gone_or_cannot_speak_ends_in_a_notification(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
    speech_flow: None,
    target: str,
    speech: bool,
) -> None:
    """A notify entity that is gone, a media player with no engine to speak
    the request's language (English here; the engine speaks en-US, and no
    pipeline speaks English), or with no text-to-speech set up at all,
    leaves it to a notification."""
    hass = hass_core
    played, sent = await _targets(hass)
    entry, agent_id = await _start_saying_on(hass, setup_entry, radarr, ollama, target)
    if speech:
        await _speech_engine(hass)
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    await _import_everything(hass, entry, radarr)
    assert (played, sent) == ([], [])
    notifications = await _notified(hass, hass_ws_client)
    assert [n["message"] for n in notifications] == [f"{MOVIE} is ready to watch."]


@pytest.mark.parametrize(
    ("target", "played_on", "sent_to", "notified"),
    [(PLAYER, [PLAYER], [], 0), (PHONE, [], [PHONE], 0), (GONE, [], [], 1)],
)
async def test_the_request_media_action_says_it_on_its_target_in_its_language(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
    speech_flow: None,
    target: str,
    played_on: list[str],
    sent_to: list[str],
    notified: int,
) -> None:
    """request_media with announce_ready, a target and a language goes the
    agent's "Say it on" way: the media player speaks it in the German
    pipeline's voice, the notify entity gets it, and a target that is gone
    leaves it to a notification; all in German, not Home Assistant's
    English."""
    hass = hass_core
    played, sent = await _targets(hass)
    entry, _ = await _start(hass, setup_entry, radarr, ollama)
    await _speech_engine(hass)
    await _german_pipeline(hass, hass_ws_client)
    await hass.services.async_call(
        "autoarr",
        "request_media",
        {
            "title": MOVIE,
            "kind": "movie",
            "announce_ready": True,
            "target": target,
            "language": "de",
        },
        blocking=True,
        return_response=True,
    )
    listed = await hass.services.async_call(
        "autoarr", "get_followups", {}, blocking=True, return_response=True
    )
    assert listed is not None
    (followup,) = cast("list[dict[str, Any]]", listed["followups"])
    assert (followup["target"], followup["language"]) == (target, "de")
    await _import_everything(hass, entry, radarr)

    german = f"{MOVIE} ist da und kann angeschaut werden."
    assert [call.data["entity_id"] for call in played] == played_on
    for call in played:
        engine, query = _spoken(call.data["media_content_id"])
        assert (engine, query["message"], query["tts_options"]) == (
            SPEECH,
            [german],
            ['{"voice":"Greta"}'],
        )
    assert [call.data for call in sent] == [
        {"entity_id": phone, "message": german, "title": "AutoArr"} for phone in sent_to
    ]
    notifications = await _notified(hass, hass_ws_client)
    assert [n["message"] for n in notifications] == [german] * notified


@pytest.mark.parametrize(
    "wrong", [{"target": "light.kitchen"}, {"language": "Deutsch"}]
)
async def test_the_request_media_action_refuses_a_target_or_language_it_cannot_use(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    wrong: dict[str, str],
) -> None:
    """Only a media player or a notify entity, and a language code, are
    taken; nothing is added or followed up otherwise."""
    hass = hass_core
    entry, _ = await _start(hass, setup_entry, radarr, ollama)
    with pytest.raises(probatio.Invalid):
        await hass.services.async_call(
            "autoarr",
            "request_media",
            {"title": MOVIE, "kind": "movie", "announce_ready": True, **wrong},
            blocking=True,
            return_response=True,
        )
    assert entry.runtime_data.followups.pending == []
    assert [m.seed.title for m in radarr.state.movies.values()].count(MOVIE) == 0
