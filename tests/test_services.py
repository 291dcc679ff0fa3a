"""Tests of AutoArr's actions, against the simulators and a scripted model.

Every action's response data is snapshot-tested; bad arguments and missing
services raise translated validation errors.
"""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import probatio
import pytest
from syrupy.assertion import SnapshotAssertion
from yarl import URL

from custom_components.autoarr.const import DOMAIN
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
from tests.support.agent_fixtures import hub_data, ollama
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers import Call, OllamaServer, Reply
from tests.support.sabnzbd import RealSabnzbd, make_nzb

__all__ = ["loopback_sockets", "ollama", "radarr", "sabnzbd", "setup_entry", "sonarr"]


@pytest.fixture
async def arrs_entry(
    setup_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> Any:
    """Set up AutoArr with Sonarr, Radarr and a model, without SABnzbd."""
    return await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        data=hub_data(ollama.url),
    )


async def call(
    hass: HomeAssistant, service: str, data: dict[str, Any] | None = None
) -> Any:
    """Call an AutoArr action and return its response."""
    return await hass.services.async_call(
        DOMAIN, service, data or {}, blocking=True, return_response=True
    )


@pytest.mark.usefixtures("arrs_entry")
async def test_reading_actions(
    hass_core: HomeAssistant, snapshot: SnapshotAssertion
) -> None:
    """get_downloads, get_upcoming and get_missing answer from the services."""
    assert await call(hass_core, "get_downloads") == snapshot(name="get_downloads")
    upcoming = await call(hass_core, "get_upcoming", {"days": 14})
    # Each release's poster: an address Home Assistant signed (new each run).
    posters = [URL(item.pop("poster")) for item in upcoming["items"]]
    assert posters
    assert all(
        poster.path.startswith("/api/autoarr/poster/") and "authSig" in poster.query
        for poster in posters
    )
    assert upcoming == snapshot(name="get_upcoming")
    assert await call(hass_core, "get_missing") == snapshot(name="get_missing")


@pytest.mark.usefixtures("arrs_entry")
async def test_request_media(
    hass_core: HomeAssistant, snapshot: SnapshotAssertion
) -> None:
    """request_media adds, reports the library, and lists candidates."""
    added = await call(
        hass_core,
        "request_media",
        {"title": "The Prestige", "kind": "movie", "search": False},
    )
    assert added == snapshot(name="added")
    assert added["status"] == "added"
    again = await call(hass_core, "request_media", {"title": "The Prestige 2006"})
    assert again["status"] == "already_in_library"
    ambiguous = await call(
        hass_core, "request_media", {"title": "Breaking", "kind": "series"}
    )
    assert ambiguous == snapshot(name="ambiguous")
    assert ambiguous["status"] == "ambiguous"


@pytest.mark.usefixtures("arrs_entry")
async def test_search_missing(
    hass_core: HomeAssistant, snapshot: SnapshotAssertion
) -> None:
    """search_missing reaches both arrs."""
    assert await call(hass_core, "search_missing") == snapshot


async def test_ask_names_the_provider(
    hass_core: HomeAssistant,
    arrs_entry: Any,
    ollama: OllamaServer,
    snapshot: SnapshotAssertion,
) -> None:
    """ask answers with the model and its tools, and names the provider."""
    ollama.script(
        Reply(tool_calls=[Call("autoarr__missing", {})]),
        Reply("Forty-two episodes are missing."),
    )
    answer = await call(hass_core, "ask", {"prompt": "How much am I missing?"})
    answer.pop("conversation_id")
    assert answer == snapshot
    first, second = ollama.chat_requests()
    assert first["messages"][-1] == {
        "role": "user",
        "content": "How much am I missing?",
    }
    assert second["messages"][-1]["role"] == "tool"


@pytest.mark.usefixtures("arrs_entry")
async def test_ask_instant_and_clarifying_question(
    hass_core: HomeAssistant, ollama: OllamaServer
) -> None:
    """ask answers the common requests itself, and continues a conversation."""
    answer = await call(
        hass_core, "ask", {"prompt": "Habe ich Severance?", "language": "de"}
    )
    assert answer["provider"] == "instant"
    assert answer["answer"].startswith("Ja, Severance (")
    question = await call(hass_core, "ask", {"prompt": "download the show Breaking"})
    assert question["question"] is True
    chosen = await call(
        hass_core,
        "ask",
        {"prompt": "the second one", "conversation_id": question["conversation_id"]},
    )
    assert chosen["answer"].startswith("Added Breaking Point (")
    assert ollama.chat_requests() == []


async def test_sabnzbd_actions(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sabnzbd: RealSabnzbd,
    ollama: OllamaServer,
    snapshot: SnapshotAssertion,
) -> None:
    """pause, resume and retry act on the real SABnzbd and say what they did."""
    entry = await setup_entry(
        sabnzbd_subentry(sabnzbd),
        data=hub_data(ollama.url),
    )
    paused = await call(hass_core, "pause_downloads", {"duration": {"minutes": 30}})
    assert paused == snapshot(name="pause_downloads")
    queue = await asyncio.to_thread(sabnzbd.api, "queue")
    assert queue["queue"]["paused"] is True
    resumed = await call(hass_core, "resume_downloads")
    assert resumed == snapshot(name="resume_downloads")
    queue = await asyncio.to_thread(sabnzbd.api, "queue")
    assert queue["queue"]["paused"] is False

    (service,) = entry.runtime_data.sabnzbd_services()
    await service.client.add_file("Broken.Job.nzb", make_nzb("Broken.Job"))
    await sabnzbd.async_wait_for_failed_jobs(1)
    await _until_retryable(sabnzbd)
    retried = await call(hass_core, "retry_failed")
    assert retried == snapshot(name="retry_failed")


async def _until_retryable(sab: RealSabnzbd) -> None:
    """Wait until SABnzbd has stored the failed job (then it can be retried)."""
    for _attempt in range(120):
        history = await asyncio.to_thread(sab.api, "history")
        if any(slot.get("retry") for slot in history["history"]["slots"]):
            return
        await asyncio.sleep(0.25)
    pytest.fail("SABnzbd never offered to retry the failed job")


@pytest.mark.usefixtures("arrs_entry")
@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        ("pause_downloads", {}, "no_download_client_configured"),
        # Checked before anything else: a day at most, as by voice.
        ("pause_downloads", {"duration": {"hours": 99_999}}, "duration_too_long"),
        ("pause_downloads", {"duration": {"minutes": 1441}}, "duration_too_long"),
        ("resume_downloads", {}, "no_download_client_configured"),
        ("retry_failed", {}, "no_download_client_configured"),
        ("get_missing", {"config_entry_id": "nope"}, "entry_not_found"),
    ],
)
async def test_translated_validation_errors(
    hass_core: HomeAssistant, service: str, data: dict[str, Any], key: str
) -> None:
    """Actions that cannot run say why, translated."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, service, data)
    assert err.value.translation_key == key
    assert err.value.translation_domain == DOMAIN


@pytest.mark.usefixtures("arrs_entry")
@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("request_media", {}),
        ("request_media", {"title": "x", "kind": "book"}),
        ("request_media", {"title": "x", "year": 3000}),
        ("get_upcoming", {"days": 0}),
        ("pause_downloads", {"duration": "soon"}),
        # Free text has bounds.
        ("request_media", {"title": "x" * 201}),
        ("request_media", {"title": ""}),
        ("ask", {"prompt": "x" * 2001}),
        ("ask", {"prompt": "hi", "conversation_id": "c" * 101}),
        ("get_downloads", {"name": "n" * 10_000}),
    ],
)
async def test_bad_arguments_are_rejected(
    hass_core: HomeAssistant, service: str, data: dict[str, Any]
) -> None:
    """The schemas reject bad arguments before anything runs."""
    with pytest.raises(probatio.Invalid):
        await call(hass_core, service, data)


async def test_actions_without_a_loaded_entry(hass_core: HomeAssistant) -> None:
    """Actions exist without an entry and say it is not loaded."""
    from homeassistant.setup import async_setup_component

    assert await async_setup_component(hass_core, DOMAIN, {})
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, "get_downloads")
    assert err.value.translation_key == "entry_not_loaded"


async def test_model_unreachable(
    hass_core: HomeAssistant, setup_entry: Any, sonarr: SonarrSimulator
) -> None:
    """ask with no reachable model raises a translated error."""
    from tests.support.llm_servers import refusing_url

    await setup_entry(
        sonarr_subentry(sonarr),
        data=hub_data(refusing_url()),
    )
    with pytest.raises(HomeAssistantError) as err:
        await call(hass_core, "ask", {"prompt": "hello"})
    assert err.value.translation_key == "model_unavailable"


async def test_actions_need_their_services(
    hass_core: HomeAssistant,
    setup_entry: Any,
    sabnzbd: RealSabnzbd,
    ollama: OllamaServer,
) -> None:
    """Arr actions without an arr, and a pause shorter than a minute, are refused."""
    await setup_entry(
        sabnzbd_subentry(sabnzbd),
        data=hub_data(ollama.url),
    )
    for service, data in [
        ("get_missing", {}),
        ("get_upcoming", {}),
        ("search_missing", {}),
        ("request_media", {"title": "Heat"}),
    ]:
        with pytest.raises(ServiceValidationError) as err:
            await call(hass_core, service, data)
        assert err.value.translation_key == "no_arr_configured"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, "pause_downloads", {"duration": {"seconds": 20}})
    assert err.value.translation_key == "duration_too_short"


async def test_unreachable_services_are_an_error(
    hass_core: HomeAssistant,
    arrs_entry: Any,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """When no service could act, the action fails with their names."""
    for sim in (sonarr, radarr):
        sim.inject_fault("server_error", path="command")
    with pytest.raises(HomeAssistantError) as err:
        await call(hass_core, "search_missing")
    assert err.value.translation_key == "services_unreachable"
    assert err.value.translation_placeholders == {"names": "Sonarr, Radarr"}
