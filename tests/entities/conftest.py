"""Fixtures setting up a whole AutoArr entry against real local services.

SABnzbd is the real program (`tests/support/sabnzbd.py`), started once per
session by tests/conftest.py and reset between tests; Sonarr and Radarr are
the simulators of `tests/support/arr_sim`. Nothing here mocks a client: the
entry talks HTTP to these servers on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigSubentryData
from homeassistant.const import CONF_API_KEY, CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.config_flow import AutoArrConfigFlow
from custom_components.autoarr.const import CONF_OLLAMA_MODEL, CONF_OLLAMA_URL, DOMAIN
from tests.support.arr_sim import (
    LidarrSimulator,
    ProwlarrSimulator,
    RadarrSimulator,
    SonarrSimulator,
    start_simulator,
)
from tests.support.replay import ReplayServer
from tests.support.sabnzbd import RealSabnzbd

# An address nothing listens on: the language models are not used here.
OLLAMA_URL = "http://127.0.0.1:9"
HUB_DATA = {CONF_OLLAMA_URL: OLLAMA_URL, CONF_OLLAMA_MODEL: "qwen2.5:7b"}


def service_subentry(
    kind: str, title: str, url: str, api_key: str, *, verify_ssl: bool = True
) -> ConfigSubentryData:
    """Return the data of a service subentry, as the config flow stores it."""
    return ConfigSubentryData(
        data={CONF_URL: url, CONF_API_KEY: api_key, CONF_VERIFY_SSL: verify_ssl},
        subentry_type=kind,
        title=title,
        unique_id=None,
    )


def make_entry(
    *subentries: ConfigSubentryData, data: dict[str, Any] | None = None
) -> MockConfigEntry:
    """Return an AutoArr hub entry of the current version with subentries."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="AutoArr",
        data=data if data is not None else HUB_DATA,
        version=AutoArrConfigFlow.VERSION,
        minor_version=AutoArrConfigFlow.MINOR_VERSION,
        unique_id=DOMAIN,
        subentries_data=subentries,
    )


type SetupEntry = Callable[..., Awaitable[MockConfigEntry]]


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Let these tests open sockets (Home Assistant's plugin still limits
    connections to 127.0.0.1)."""


@pytest.fixture
async def setup_entry(hass_core: HomeAssistant) -> SetupEntry:
    """Return a function adding and setting up an entry with subentries."""

    async def setup(
        *subentries: ConfigSubentryData,
        data: dict[str, Any] | None = None,
        expect: ConfigEntryState = ConfigEntryState.LOADED,
    ) -> MockConfigEntry:
        entry = make_entry(*subentries, data=data)
        entry.add_to_hass(hass_core)
        await hass_core.config_entries.async_setup(entry.entry_id)
        await hass_core.async_block_till_done()
        assert entry.state is expect
        return entry

    return setup


@pytest.fixture
async def sonarr(frozen_now: datetime) -> AsyncIterator[SonarrSimulator]:
    """Serve a Sonarr v4 simulator below the URL base /sonarr."""
    async with start_simulator("sonarr", now=frozen_now, url_base="/sonarr") as sim:
        yield sim
    assert not sim.contract_violations


@pytest.fixture
async def radarr(frozen_now: datetime) -> AsyncIterator[RadarrSimulator]:
    """Serve a Radarr simulator."""
    async with start_simulator("radarr", now=frozen_now) as sim:
        yield sim
    assert not sim.contract_violations


@pytest.fixture
async def lidarr(frozen_now: datetime) -> AsyncIterator[LidarrSimulator]:
    """Serve a Lidarr simulator below the URL base /lidarr."""
    async with start_simulator("lidarr", now=frozen_now, url_base="/lidarr") as sim:
        yield sim
    assert not sim.contract_violations


def sonarr_subentry(sim: SonarrSimulator, title: str = "Sonarr") -> ConfigSubentryData:
    """Return a subentry for a Sonarr simulator."""
    return service_subentry("sonarr", title, sim.url, sim.api_key)


def radarr_subentry(sim: RadarrSimulator, title: str = "Radarr") -> ConfigSubentryData:
    """Return a subentry for a Radarr simulator."""
    return service_subentry("radarr", title, sim.url, sim.api_key)


@pytest.fixture
async def prowlarr(frozen_now: datetime) -> AsyncIterator[ProwlarrSimulator]:
    """Serve a Prowlarr simulator (NZBplanet failing for three days)."""
    async with start_simulator("prowlarr", now=frozen_now) as sim:
        yield sim
    assert not sim.contract_violations


def prowlarr_subentry(
    sim: ProwlarrSimulator, title: str = "Prowlarr"
) -> ConfigSubentryData:
    """Return a subentry for a Prowlarr simulator."""
    return service_subentry("prowlarr", title, sim.url, sim.api_key)


def lidarr_subentry(sim: LidarrSimulator, title: str = "Lidarr") -> ConfigSubentryData:
    """Return a subentry for a Lidarr simulator."""
    return service_subentry("lidarr", title, sim.url, sim.api_key)


@pytest.fixture
def sabnzbd(sabnzbd: RealSabnzbd) -> RealSabnzbd:
    """Return the session's SABnzbd, reset, with a maximum line speed.

    A maximum line speed makes percentage speed limits take effect.
    """
    sabnzbd.api("set_config", section="misc", keyword="bandwidth_max", value="10M")
    return sabnzbd


def sabnzbd_subentry(sab: RealSabnzbd, title: str = "SABnzbd") -> ConfigSubentryData:
    """Return a subentry for the real SABnzbd."""
    return service_subentry("sabnzbd", title, sab.url_with_base, sab.api_key)


def entity_summary(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    *,
    volatile: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Describe the service and calendar entities of an entry for a snapshot.

    Subentry and entry ids (random) are replaced by their titles; the states
    of entities whose unique ID ends with one of `volatile` (free disk space,
    versions...) are replaced by their type, so snapshots stay stable.
    """
    names = {sid: sub.title for sid, sub in entry.subentries.items()}
    names[entry.entry_id] = "<entry>"

    def stable(text: str) -> str:
        for identifier, name in names.items():
            text = text.replace(identifier, f"<{name}>")
        return text

    registry = er.async_get(hass)
    summary: dict[str, Any] = {}
    # The services' entities and the calendar; the hub's recovery and audit
    # entities are snapshot by their own tests.
    mine = [
        reg
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
        if reg.config_subentry_id in entry.subentries
        or reg.unique_id == f"{entry.entry_id}_upcoming"
    ]
    for reg in sorted(mine, key=lambda item: item.entity_id):
        state = hass.states.get(reg.entity_id)
        described: dict[str, Any] = {
            "unique_id": stable(reg.unique_id),
            "subentry": names.get(reg.config_subentry_id or ""),
            "translation_key": reg.translation_key,
            "device_class": reg.original_device_class,
            "entity_category": reg.entity_category,
            "disabled_by": reg.disabled_by,
            "unit": reg.unit_of_measurement,
        }
        if state is not None:
            value: Any = state.state
            if reg.unique_id.endswith(volatile) and volatile:
                value = _kind_of(value)
            described["state"] = value
            described["attributes"] = {
                # An image entity's access token is random, and its picture's
                # address carries it.
                key: "<token>" if key in _TOKENED else attribute
                for key, attribute in state.attributes.items()
            }
        summary[reg.entity_id] = described
    return summary


_TOKENED = frozenset({"access_token", "entity_picture"})


def _kind_of(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return f"<{value if value in ('unknown', 'unavailable') else 'text'}>"
    return "<number>"


@pytest.fixture
async def replay() -> AsyncIterator[type[ReplayServer]]:
    """Let a test start replay servers (they are stopped after it)."""
    servers: list[ReplayServer] = []

    class Started(ReplayServer):
        def __init__(self, routes: Mapping[str, Any]) -> None:
            super().__init__(routes)
            servers.append(self)

    yield Started
    for server in servers:
        await server.__aexit__(None, None, None)


def state(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state
