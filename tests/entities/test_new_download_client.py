"""A new kind of download client, built from the registry alone.

The test adds a throwaway kind, "Testload", to the registry: its spec, its
client (one that speaks the download-client seam, `DownloadClient`, here
over downloads it keeps itself) and its Home Assistant support, and nothing
else. A subentry of that kind then gets a running client, the download
coordinator, a device and the download client's entities; what it downloads
is listed and said, it pauses and resumes with the others, and recovery
sees its failed downloads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import aiohttp
from homeassistant.components import conversation
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.autoarr.arr.downloads import (
    DownloadItem,
    DownloadState,
    TransferStatus,
)
from custom_components.autoarr.arr.errors import ArrApiError
from custom_components.autoarr.arr.http import ServiceConfig
from custom_components.autoarr.arr.kinds import SPECS, AuthKind, download_client_spec
from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.service_kinds import KINDS, download_client

from .conftest import SetupEntry, service_subentry

# The unique id suffixes of a download client's entities (no alternative
# speeds: this client has none).
DOWNLOAD_CLIENT_KEYS = frozenset(
    {
        "status",
        "speed",
        "upload_speed",
        "queue_count",
        "size_left",
        "free_disk",
        "pause",
    }
)

TESTLOAD = download_client_spec(
    "testload",
    "Testload",
    vendor=None,
    api_path="api",
    auth=AuthKind.NONE,
    default_port=9998,
)


def _download(
    item_id: str, name: str, state: DownloadState, **extra: int
) -> DownloadItem:
    return DownloadItem(
        id=item_id,
        name=name,
        state=state,
        client_state=state.value,
        progress=0.25,
        size=4000,
        size_left=3000,
        **extra,
    )


class LoaderClient:
    """A download client of no real application: it keeps its downloads itself."""

    # Every instance's downloads and pause, as the "server" holds them.
    downloads: ClassVar[list[DownloadItem]] = []
    paused: ClassVar[bool] = False

    def __init__(self, session: aiohttp.ClientSession, config: ServiceConfig) -> None:
        """Bind the client to its address (nothing is sent anywhere)."""
        self.base_url = config.url

    async def verify(self) -> str:
        """Return the version."""
        return "1.0"

    async def status(self) -> TransferStatus:
        """Return the speeds and the pause state."""
        return TransferStatus(
            version="1.0",
            download_speed=0 if LoaderClient.paused else 2048,
            upload_speed=0,
            download_limit=None,
            upload_limit=None,
            alt_speed=None,
            paused=LoaderClient.paused,
            free_space=10**9,
        )

    async def queue(self) -> list[DownloadItem]:
        """Return the downloads."""
        return list(LoaderClient.downloads)

    async def history(self) -> list[DownloadItem]:
        """Return the finished downloads: none."""
        return []

    async def pause_all(self) -> None:
        """Pause everything."""
        LoaderClient.paused = True

    async def resume_all(self) -> None:
        """Resume everything."""
        LoaderClient.paused = False

    async def set_alt_speed(self, enabled: bool) -> None:
        """Refuse: no alternative speeds here."""
        raise ArrApiError("Testload has no alternative speeds")

    async def remove(self, ids: Iterable[str], *, delete_data: bool = False) -> None:
        """Forget downloads."""
        gone = set(ids)
        LoaderClient.downloads = [d for d in LoaderClient.downloads if d.id not in gone]

    async def free_space(self) -> int | None:
        """Return the free space."""
        return 10**9


@pytest.fixture
def testload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the throwaway kind with its client's downloads."""
    monkeypatch.setitem(SPECS, TESTLOAD.kind, TESTLOAD)
    monkeypatch.setitem(
        KINDS, TESTLOAD.kind, download_client(TESTLOAD.kind, LoaderClient)
    )
    monkeypatch.setattr(
        LoaderClient,
        "downloads",
        [
            _download("t1", "Some.Show.S01E01", DownloadState.DOWNLOADING, eta=90),
            _download("t2", "Broken.Movie.2024", DownloadState.FAILED),
        ],
    )
    monkeypatch.setattr(LoaderClient, "paused", False)


async def _say(hass: HomeAssistant, text: str) -> str:
    result = await conversation.async_converse(
        hass, text, None, Context(), language="en"
    )
    return str(result.response.speech["plain"]["speech"])


@pytest.mark.usefixtures("testload")
async def test_new_download_client_end_to_end(
    hass_core: HomeAssistant, setup_entry: SetupEntry
) -> None:
    """Config subentry -> coordinator -> device and entities -> what's downloading."""
    hass = hass_core
    entry = await setup_entry(
        service_subentry("testload", "My Loader", "http://127.0.0.1:9998", "")
    )
    (subentry_id,) = entry.subentries
    runtime = entry.runtime_data.services[subentry_id]
    assert runtime.kind == "testload"
    assert isinstance(runtime.downloads, LoaderClient)
    assert runtime.queue.last_update_success

    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, subentry_id), entry.entry_id
    )
    assert device is not None
    # A kind with no known maker names none.
    assert (device.manufacturer, device.model, device.sw_version) == (
        None,
        "Testload",
        "1.0",
    )
    registry = er.async_get(hass)
    entities = {
        reg.unique_id.removeprefix(f"{subentry_id}_"): reg.entity_id
        for reg in er.async_entries_for_config_entry(registry, entry.entry_id)
        if reg.config_subentry_id == subentry_id
    }
    assert set(entities) == DOWNLOAD_CLIENT_KEYS
    assert hass.states.get(entities["queue_count"]).state == "2"
    assert hass.states.get(entities["status"]).state == "downloading"

    # What's downloading: the action and the built-in sentence list it.
    report = await hass.services.async_call(
        DOMAIN, "get_downloads", {}, blocking=True, return_response=True
    )
    assert report is not None
    assert [
        (d["name"], d["service"], d["state"], d["progress"])
        for d in report["downloads"]
    ] == [
        ("Some.Show.S01E01", "My Loader", "downloading", 25.0),
        ("Broken.Movie.2024", "My Loader", "failed", 25.0),
    ]
    said = await _say(hass, "what's downloading")
    assert "1 downloading: Some Show season 1 episode 1" in said
    assert "Broken Movie, failed" in said

    # It pauses and resumes with every download client.
    assert await _say(hass, "pause the downloads") == "Downloads paused."
    assert LoaderClient.paused
    await runtime.queue.async_refresh()
    assert hass.states.get(entities["pause"]).state == STATE_ON
    await hass.services.async_call(
        "switch", "turn_off", {ATTR_ENTITY_ID: entities["pause"]}, blocking=True
    )
    assert not LoaderClient.paused
    assert hass.states.get(entities["pause"]).state == STATE_OFF

    # Recovery finds its failed download; no arr owns it and the client
    # cannot download it again, so there is nothing to do but give up.
    plan = await hass.services.async_call(
        DOMAIN, "recover", {"dry_run": True}, blocking=True, return_response=True
    )
    assert plan is not None
    [failed] = plan["failed_downloads"]
    assert (failed["download_id"], failed["title"]) == ("t2", "Broken.Movie.2024")
    assert [action["action"] for action in plan["actions"]] == ["give_up"]
