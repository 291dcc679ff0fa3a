"""A new kind of library manager, built from the registry alone.

The test adds a throwaway kind, "Testarr", to the registry: its spec, its
client (Sonarr's API under another name) and its Home Assistant support, and
nothing else. A subentry of that kind then gets a running client,
coordinators, a device and the library manager's entities, as Sonarr does.
"""

from __future__ import annotations

from typing import ClassVar

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.autoarr.arr.kinds import SPECS, ServiceSpec, library_manager_spec
from custom_components.autoarr.arr.sonarr import SonarrClient
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.data import ArrRuntime
from custom_components.autoarr.llm_api import stack_of
from custom_components.autoarr.service_kinds import KINDS, library_manager
from tests.support.arr_sim import SonarrSimulator

from .conftest import SetupEntry, service_subentry

# The unique id suffixes of a library manager's entities.
LIBRARY_MANAGER_KEYS = frozenset(
    {
        "queue",
        "upcoming",
        "missing",
        "next_up",
        "next_release",
        "library",
        "health",
        "search_missing",
        "downloads",
        "next_release_poster",
        "downloading_poster",
        "latest_import_poster",
    }
)

TESTARR = library_manager_spec(
    "testarr", "Testarr", api_version="v3", default_port=9999, vendor=None
)


class NewKindClient(SonarrClient):
    """A library manager speaking Sonarr's API under its own name."""

    spec: ClassVar[ServiceSpec] = TESTARR


@pytest.fixture
def testarr(
    monkeypatch: pytest.MonkeyPatch, sonarr: SonarrSimulator
) -> SonarrSimulator:
    """Register the throwaway kind; serve it with a simulator calling itself Testarr."""
    monkeypatch.setitem(SPECS, TESTARR.kind, TESTARR)
    monkeypatch.setitem(KINDS, TESTARR.kind, library_manager(NewKindClient, "series"))
    monkeypatch.setattr(type(sonarr.state), "app_name", "Testarr")
    return sonarr


async def test_new_kind_end_to_end(
    hass: HomeAssistant, setup_entry: SetupEntry, testarr: SonarrSimulator
) -> None:
    """Config subentry -> client and coordinators -> device and entities."""
    entry = await setup_entry(
        service_subentry("testarr", "My Testarr", testarr.url, testarr.api_key)
    )
    (subentry_id,) = entry.subentries
    runtime = entry.runtime_data.services[subentry_id]
    assert isinstance(runtime, ArrRuntime)
    assert isinstance(runtime.client, NewKindClient)
    assert runtime.kind == "testarr"
    assert runtime.queue.last_update_success
    assert runtime.library.data is not None
    assert runtime.library.data.status.app_name == "Testarr"

    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    # A kind with no known maker names none: not "Testarr / Testarr".
    assert (device.manufacturer, device.model) == (None, "Testarr")
    assert device.config_subentry_id == subentry_id

    registry = er.async_get(hass)
    keys = {
        reg.unique_id.removeprefix(f"{subentry_id}_")
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
        if reg.config_subentry_id == subentry_id
    }
    # The library manager's entities, as Sonarr gets them (root folders
    # depend on the server: the simulator has one).
    assert keys == LIBRARY_MANAGER_KEYS | {
        f"root_folder_{folder['id']}" for folder in testarr.state.root_folders
    }
    library = registry.async_get_entity_id("sensor", DOMAIN, f"{subentry_id}_library")
    assert library is not None
    state = hass.states.get(library)
    assert state is not None
    assert int(state.state) == len(testarr.state.series)

    # It speaks Sonarr's API, so the agent's series tools reach it too.
    stack = stack_of(entry.runtime_data)
    assert [instance.name for instance in stack.sonarr] == ["My Testarr"]
    assert stack.radarr == ()
