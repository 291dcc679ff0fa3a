"""The demo's promise: a voice request is announced once its import completes.

The demo's stack (its simulators and model server, as `scripts/develop`
starts them, at the tests' fixed present) and the demo's own configuration
steps, run over Home Assistant's HTTP API as the demo runs them: AutoArr set
up through its config flow, then its agent's "Say when it is ready" turned
on. A kitchen satellite asks for a movie through `conversation.async_converse`;
the simulated Radarr downloads and imports it (its clock advanced, never
the wall clock's), AutoArr's next poll of the queue sees the import, and
the satellite announces it.
"""

from __future__ import annotations

from datetime import datetime

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.autoarr import PLATFORMS
from custom_components.autoarr.const import CONF_ANNOUNCE_READY, DOMAIN
from custom_components.autoarr.coordinator import QUEUE_INTERVAL_IDLE
from tests.entities.conftest import loopback_sockets
from tests.support.demo import (
    HomeAssistantClient,
    announce_when_ready,
    configure_autoarr,
    demo_stack,
)
from tests.test_conversation import speech_of
from tests.test_followups import _satellite

__all__ = ["loopback_sockets"]

MOVIE = "The Prestige"


async def test_a_voice_request_in_the_demo_is_announced_when_imported(
    # Frozen first: the access token is issued at the fixed present.
    frozen_now: datetime,
    freezer: FrozenDateTimeFactory,
    hass_core: HomeAssistant,
    hass_client: ClientSessionGenerator,
    hass_access_token: str,
) -> None:
    """Asked for at the kitchen satellite in the demo; announced there when
    the simulated Radarr has imported it, once."""
    hass = hass_core
    # Home Assistant's own server sets integrations up before it serves;
    # the test client freezes the routes AutoArr's views, and those of the
    # platforms it adds entities to, are added to.
    for component in (DOMAIN, "config", "websocket_api", *PLATFORMS):
        assert await async_setup_component(hass, component, {})
    device_id, satellite = _satellite(hass)
    announced = async_mock_service(hass, "assist_satellite", "announce")
    http = await hass_client()
    async with demo_stack(
        with_sabnzbd=False, with_qbittorrent=False, now=frozen_now
    ) as stack:
        client = HomeAssistantClient(http.session, str(http.make_url("")).rstrip("/"))
        client.token = hass_access_token
        entry_id = await configure_autoarr(client, stack)
        await hass.async_block_till_done()
        await announce_when_ready(client, entry_id)
        await hass.async_block_till_done()
        entry = hass.config_entries.async_get_entry(entry_id)
        assert entry is not None and entry.state is ConfigEntryState.LOADED
        (agent,) = [
            s for s in entry.subentries.values() if s.subentry_type == "conversation"
        ]
        assert agent.data[CONF_ANNOUNCE_READY] is True
        agent_id = next(
            e.entity_id
            for e in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
            if e.domain == "conversation"
        )

        result = await conversation.async_converse(
            hass,
            f"add the movie {MOVIE}",
            None,
            Context(),
            language="en",
            agent_id=agent_id,
            device_id=device_id,
        )
        assert speech_of(result).startswith(f"Added {MOVIE}")
        await hass.async_block_till_done()
        assert announced == []

        # Radarr downloads and imports it; AutoArr reads the queue at its
        # next poll.
        stack.radarr.state.advance(24 * 3600)
        freezer.tick(QUEUE_INTERVAL_IDLE)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()

        assert [call.data for call in announced] == [
            {"entity_id": satellite, "message": f"{MOVIE} is ready to watch."}
        ]
