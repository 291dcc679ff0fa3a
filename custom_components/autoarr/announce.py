"""Say a follow-up's sentence where the agent's options send it.

An agent may name where "Dune: Part Two is ready to watch." is said
(`announce_to`): a media player, which plays it as an announcement spoken by
Home Assistant's default text-to-speech engine in the language of the
request (`media_player.play_media` with `announce`, the call
`tts.speak` makes), or a notify entity, which gets it as a message
(`notify.send_message`). Without one, the Assist satellite that heard the
request says it (`assist_satellite.announce`). Whatever cannot be said
there ends in a persistent notification (followups.py).
"""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant, split_entity_id
from homeassistant.exceptions import HomeAssistantError

from .const import LOGGER

SATELLITE: Final = "assist_satellite"
MEDIA_PLAYER: Final = "media_player"
NOTIFY: Final = "notify"
TTS: Final = "tts"
PIPELINES: Final = "assist_pipeline"
# What the agent's option may name.
TARGET_DOMAINS: Final = [MEDIA_PLAYER, NOTIFY]


async def async_say(
    hass: HomeAssistant, entity_id: str, message: str, language: str
) -> bool:
    """Say `message` on the satellite, media player or notify entity.

    Return whether it was said (False: the entity or what it needs, a
    text-to-speech engine for a media player, is missing, or refused).
    """
    try:
        await _async_call(hass, entity_id, message, language)
    except HomeAssistantError as err:
        LOGGER.warning("%s could not announce: %s", entity_id, err)
        return False
    return True


async def _async_call(
    hass: HomeAssistant, entity_id: str, message: str, language: str
) -> None:
    """Call the entity's service saying `message`; raise when it cannot."""
    domain = split_entity_id(entity_id)[0]
    data: dict[str, object]
    if domain == SATELLITE:
        service, data = "announce", {"message": message}
    elif domain == NOTIFY:
        service, data = "send_message", {"message": message, "title": "AutoArr"}
    elif domain == MEDIA_PLAYER:
        service, data = "play_media", _spoken(hass, message, language)
    else:
        raise HomeAssistantError(f"cannot announce on a {domain} entity")
    # (A satellite is found in the entity registry: followups.py.)
    if domain != SATELLITE and hass.states.get(entity_id) is None:
        raise HomeAssistantError("no such entity")
    if not hass.services.has_service(domain, service):
        raise HomeAssistantError(f"{domain}.{service} is not available")
    await hass.services.async_call(
        domain, service, {"entity_id": entity_id, **data}, blocking=True
    )


def _spoken(hass: HomeAssistant, message: str, language: str) -> dict[str, object]:
    """Return play_media's data: the message spoken, as an announcement.

    Spoken as the Assist satellite would say it: with the text-to-speech
    engine, language and voice of an Assist pipeline of the request's
    language, else with the default engine in that language.
    """
    if TTS not in hass.config.components:
        raise HomeAssistantError("no text-to-speech engine is set up")
    # Imported here: Home Assistant loads them only where they are set up.
    from homeassistant.components import tts

    engine: str | None = None
    options: dict[str, str] | None = None
    if PIPELINES in hass.config.components:
        from homeassistant.components import assist_pipeline

        primary = language.replace("_", "-").split("-")[0].casefold()
        for pipeline in assist_pipeline.async_get_pipelines(hass):
            spoken = pipeline.language.replace("_", "-").split("-")[0].casefold()
            if spoken == primary and pipeline.tts_engine:
                engine = pipeline.tts_engine
                language = pipeline.tts_language or language
                if pipeline.tts_voice:
                    options = {"voice": pipeline.tts_voice}
                break
    return {
        "media_content_id": tts.generate_media_source_id(
            hass, message, engine=engine, language=language, options=options
        ),
        "media_content_type": "music",
        "announce": True,
    }
