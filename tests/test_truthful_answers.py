"""Answers under faults say what is known, and add failures say why.

While Sonarr does not answer, "is Severance in my library?" is not
answered "no"; an add the service refuses because the item is already
there, because it has no quality profile or no root folder, or with a
message of its own, gets its own answer and action error instead of
"not reachable".
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import loopback_sockets, radarr, setup_entry, sonarr
from tests.support.agent_fixtures import ollama
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.test_services import arrs_entry

__all__ = [
    "arrs_entry",
    "loopback_sockets",
    "ollama",
    "radarr",
    "setup_entry",
    "sonarr",
]

MEMENTO = {"title": "Memento", "kind": "movie", "search": False}


async def call(hass: HomeAssistant, action: str, data: dict[str, Any]) -> Any:
    """Call an AutoArr action and return its response."""
    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True
    )


@pytest.mark.usefixtures("arrs_entry")
@pytest.mark.parametrize(
    ("prompt", "language", "said"),
    [
        (
            "Is Severance in my library?",
            "en",
            "I can't tell whether Severance is in your library: Sonarr did not answer.",
        ),
        (
            "Ist Severance in meiner Bibliothek?",
            "de",
            (
                "Ich kann nicht sagen, ob Severance in deiner Bibliothek ist:"
                " Sonarr hat nicht geantwortet."
            ),
        ),
    ],
)
async def test_library_question_while_sonarr_is_down(
    hass_core: HomeAssistant,
    sonarr: SonarrSimulator,
    prompt: str,
    language: str,
    said: str,
) -> None:
    """Not "no, not in your library", but "I can't tell"."""
    sonarr.inject_fault("server_error", path="series")
    answer = await call(hass_core, "ask", {"prompt": prompt, "language": language})
    assert answer["provider"] == "instant"
    assert answer["answer"] == said


@pytest.mark.usefixtures("arrs_entry")
async def test_not_in_library_when_every_service_answered(
    hass_core: HomeAssistant,
) -> None:
    """With every service answering, "no" is still the answer."""
    answer = await call(hass_core, "ask", {"prompt": "Is Nosuchshow in my library?"})
    assert answer["answer"] == "No, Nosuchshow is not in your library."


@pytest.mark.usefixtures("arrs_entry")
async def test_already_added_meanwhile(
    hass_core: HomeAssistant, radarr: RadarrSimulator
) -> None:
    """Radarr's HTTP 400 "already been added" is "already in your library"."""
    radarr.inject_fault(
        "server_error",
        path="^/api/v3/movie$",
        method="POST",
        status=400,
        message="This movie has already been added",
    )
    outcome = await call(hass_core, "request_media", MEMENTO)
    assert outcome["status"] == "already_in_library"
    answer = await call(hass_core, "ask", {"prompt": "add the movie Memento"})
    assert answer["answer"] == "Memento (2000) is already in your library."


@pytest.mark.usefixtures("arrs_entry")
@pytest.mark.parametrize(
    ("setup", "key", "message"),
    [
        (
            "quality_profiles",
            "add_no_quality_profile",
            (
                "Radarr has no quality profile to add Memento (2000) with."
                " Add one in Radarr's settings."
            ),
        ),
        (
            "root_folders",
            "add_no_root_folder",
            (
                "Radarr has no root folder to put Memento (2000) in."
                " Add one in Radarr's media management settings."
            ),
        ),
    ],
)
async def test_no_quality_profile_or_root_folder(
    hass_core: HomeAssistant,
    radarr: RadarrSimulator,
    setup: str,
    key: str,
    message: str,
) -> None:
    """Each missing setting has its own error and answer, not "unreachable"."""
    setattr(radarr.state, setup, [])
    with pytest.raises(HomeAssistantError) as err:
        await call(hass_core, "request_media", MEMENTO)
    assert err.value.translation_key == key
    # (Home Assistant drops an error message's final full stop.)
    assert str(err.value) == message.removesuffix(".")
    answer = await call(hass_core, "ask", {"prompt": "add the movie Memento"})
    assert answer["answer"] == message


@pytest.mark.usefixtures("arrs_entry")
async def test_add_refused_with_the_services_words(
    hass_core: HomeAssistant, radarr: RadarrSimulator
) -> None:
    """Another refusal quotes the service."""
    radarr.inject_fault(
        "server_error",
        path="^/api/v3/movie$",
        method="POST",
        status=400,
        message="Folder '/movies' is not writable by user 'radarr'",
    )
    with pytest.raises(HomeAssistantError) as err:
        await call(hass_core, "request_media", MEMENTO)
    assert err.value.translation_key == "add_rejected"
    assert str(err.value) == (
        "Radarr refused to add Memento (2000):"
        " Folder '/movies' is not writable by user 'radarr'"
    )


@pytest.mark.usefixtures("arrs_entry")
async def test_add_while_radarr_fails_is_unavailable(
    hass_core: HomeAssistant, radarr: RadarrSimulator
) -> None:
    """A server error is still "not reachable right now"."""
    radarr.inject_fault("server_error", path="^/api/v3/movie$", method="POST")
    outcome = await call(hass_core, "request_media", MEMENTO)
    assert outcome["status"] == "unavailable"
