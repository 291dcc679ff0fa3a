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
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.setup import async_setup_component
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
    _satellite,
    _say,
    _start,
    ollama,
)

__all__ = ["loopback_sockets", "ollama", "radarr", "setup_entry"]

PLAYER = "media_player.living_room"
PHONE = "notify.phone"
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
    entry, agent_id = await _start(
        hass,
        setup_entry,
        radarr,
        ollama,
        **{CONF_ANNOUNCE_READY: True, CONF_ANNOUNCE_TO: PLAYER},
    )
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
    sent = async_mock_service(hass, "notify", "send_message")
    hass.states.async_set(PHONE, "unknown")
    entry, agent_id = await _start(
        hass,
        setup_entry,
        radarr,
        ollama,
        **{CONF_ANNOUNCE_READY: True, CONF_ANNOUNCE_TO: PHONE},
    )
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    await _import_everything(hass, entry, radarr)
    assert [call.data for call in sent] == [
        {
            "entity_id": PHONE,
            "message": f"{MOVIE} is ready to watch.",
            "title": "AutoArr",
        }
    ]


@pytest.mark.parametrize("target", [PLAYER, PHONE])
async def test_a_target_that_is_gone_or_cannot_speak_ends_in_a_notification(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
    speech_flow: None,
    target: str,
) -> None:
    """A notify entity that is gone, or a media player with no engine to
    speak the request's language (English here; the engine speaks en-US,
    and no pipeline speaks English), leaves it to a notification."""
    hass = hass_core
    assert await async_setup_component(hass, "persistent_notification", {})
    played = async_mock_service(hass, "media_player", "play_media")
    sent = async_mock_service(hass, "notify", "send_message")
    hass.states.async_set(PLAYER, "idle")
    entry, agent_id = await _start(
        hass,
        setup_entry,
        radarr,
        ollama,
        **{CONF_ANNOUNCE_READY: True, CONF_ANNOUNCE_TO: target},
    )
    await _speech_engine(hass)
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    await _import_everything(hass, entry, radarr)
    assert (played, sent) == ([], [])
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    answered = await client.receive_json()
    assert [n["message"] for n in answered["result"]] == [f"{MOVIE} is ready to watch."]


async def test_a_media_player_without_text_to_speech_ends_in_a_notification(
    hass_core: HomeAssistant,
    setup_entry: Any,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """With no text-to-speech set up, a media player cannot say it."""
    hass = hass_core
    assert await async_setup_component(hass, "persistent_notification", {})
    played = async_mock_service(hass, "media_player", "play_media")
    hass.states.async_set(PLAYER, "idle")
    entry, agent_id = await _start(
        hass,
        setup_entry,
        radarr,
        ollama,
        **{CONF_ANNOUNCE_READY: True, CONF_ANNOUNCE_TO: PLAYER},
    )
    await _say(hass, agent_id, f"add the movie {MOVIE}")
    await _import_everything(hass, entry, radarr)
    assert played == []
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    answered = await client.receive_json()
    assert [n["message"] for n in answered["result"]] == [f"{MOVIE} is ready to watch."]
