"""Hostile servers through Home Assistant: the integration keeps running.

A nested-bracket bomb or a decompression bomb from Sonarr gives a clear
answer in the actions and the agent (no traceback), a redirect to another
server is not followed (so the key never goes there), and a key or password a
server echoes back never reaches a user: not the log, a state, an event, an
action's response, a repair or the diagnostics.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
import json
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from yarl import URL

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.diagnostics import (
    async_get_config_entry_diagnostics,
    async_get_device_diagnostics,
)
from tests.arr_http.servers import running_app
from tests.arr_http.test_hostile import Recorder
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    service_subentry,
    setup_entry,
)
from tests.support.agent_fixtures import (
    conversation_agent,
    conversation_subentry,
    hub_data,
    ollama,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator, start_simulator
from tests.support.hostile import CANARY_KEY, CANARY_PASSWORD
from tests.support.llm_servers import OllamaServer

__all__ = ["loopback_sockets", "ollama", "radarr", "setup_entry"]


@pytest.fixture
async def canary_sonarr(frozen_now: Any) -> AsyncIterator[SonarrSimulator]:
    """Serve a Sonarr whose key is the canary."""
    async with start_simulator(
        "sonarr", now=frozen_now, url_base="/sonarr", api_key=CANARY_KEY
    ) as sim:
        yield sim


@pytest.fixture
async def entry(
    setup_entry: Any,
    canary_sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    ollama: OllamaServer,
) -> Any:
    """Set up AutoArr with the canary Sonarr (a password in its URL) and Radarr."""
    url = URL(canary_sonarr.url).with_user("admin").with_password(CANARY_PASSWORD)
    return await setup_entry(
        service_subentry("sonarr", "Sonarr", str(url), CANARY_KEY),
        radarr_subentry(radarr),
        conversation_subentry(),
        data=hub_data(ollama.url),
    )


async def _ask(hass: HomeAssistant, entry: Any, text: str) -> str:
    result = await conversation.async_converse(
        hass,
        text,
        None,
        Context(),
        language="en",
        agent_id=conversation_agent(hass, entry),
    )
    return str(result.response.speech["plain"]["speech"])


async def _refresh(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let every coordinator poll again: move the frozen clock on 10 minutes."""
    freezer.tick(timedelta(minutes=10))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.mark.parametrize("fault", ["nested_json", "gzip_bomb"])
async def test_bombs_give_a_clear_error_and_the_integration_runs(
    hass_core: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entry: Any,
    canary_sonarr: SonarrSimulator,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """A bomb on Sonarr's queue: Sonarr is reported unavailable, nothing crashes."""
    canary_sonarr.inject_fault(fault, path="queue")
    caplog.clear()
    downloads = await hass_core.services.async_call(
        DOMAIN, "get_downloads", {}, blocking=True, return_response=True
    )
    assert downloads is not None
    assert downloads["unavailable"] == ["Sonarr"]
    said = await _ask(hass_core, entry, "What is downloading?")
    assert "Sonarr" in said
    await _refresh(hass_core, freezer)
    assert entry.state is ConfigEntryState.LOADED
    # (The test server's own debug records of the connection AutoArr cut
    # short are not AutoArr's.)
    shown = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert not [r for r in shown if r.exc_info or r.levelno >= logging.ERROR]
    assert "RecursionError" not in "\n".join(r.getMessage() for r in shown)
    # And once Sonarr answers properly again, so does AutoArr.
    canary_sonarr.clear_faults()
    downloads = await hass_core.services.async_call(
        DOMAIN, "get_downloads", {}, blocking=True, return_response=True
    )
    assert downloads is not None
    assert downloads["unavailable"] == []


async def test_canary_never_reaches_a_user(
    hass_core: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entry: Any,
    canary_sonarr: SonarrSimulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A server echoing the key and a URL password: neither is shown anywhere."""
    caplog.set_level(logging.DEBUG)
    events: list[Event] = []
    hass_core.bus.async_listen("*", events.append)
    echoed = (
        f"bad request to http://admin:{CANARY_PASSWORD}@nas:8989/sonarr"
        f"?apikey={CANARY_KEY} with key {CANARY_KEY}"
    )
    canary_sonarr.inject_fault("server_error", message=echoed)
    responses = [
        await hass_core.services.async_call(
            DOMAIN, action, data, blocking=True, return_response=True
        )
        for action, data in (
            ("get_downloads", {}),
            ("audit", {}),
            ("recover", {"dry_run": True}),
        )
    ]
    answer = await _ask(hass_core, entry, "Is Severance in my library?")
    await _refresh(hass_core, freezer)
    diagnostics = await async_get_config_entry_diagnostics(hass_core, entry)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass_core), entry.entry_id)
    device_diagnostics = [
        await async_get_device_diagnostics(hass_core, entry, device)
        for device in devices
    ]
    assert any("service" in d for d in device_diagnostics)
    issues = [
        issue.translation_placeholders
        for issue in ir.async_get(hass_core).issues.values()
        if issue.domain == DOMAIN
    ]
    shown = json.dumps(
        {
            "responses": responses,
            "answer": answer,
            "states": [s.as_dict() for s in hass_core.states.async_all()],
            "events": [
                {"type": e.event_type, "data": e.data}
                for e in events
                if e.event_type != "call_service"
            ],
            "issues": issues,
            "diagnostics": diagnostics,
            "device_diagnostics": device_diagnostics,
            "log": caplog.text,
        },
        default=str,
    )
    assert "Sonarr" in shown
    assert CANARY_KEY not in shown
    assert CANARY_PASSWORD not in shown


async def test_cross_origin_redirect_never_carries_the_key(
    hass_core: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entry: Any,
    canary_sonarr: SonarrSimulator,
) -> None:
    """Sonarr redirects every request to another server: the actions, the
    agent and the polling report Sonarr unavailable, and the other server
    never receives a request, so never the key."""
    elsewhere = Recorder()
    async with running_app(elsewhere.app) as other:
        canary_sonarr.inject_fault("redirect", location=other)
        downloads = await hass_core.services.async_call(
            DOMAIN, "get_downloads", {}, blocking=True, return_response=True
        )
        assert downloads is not None
        assert downloads["unavailable"] == ["Sonarr"]
        said = await _ask(hass_core, entry, "Is Severance in my library?")
        assert "Sonarr" in said
        await _refresh(hass_core, freezer)
    assert entry.state is ConfigEntryState.LOADED
    assert elsewhere.requests == []
    # The redirects did reach Sonarr's own server: the fault was served.
    assert canary_sonarr.requests
