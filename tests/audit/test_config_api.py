"""The arr clients' configuration calls the audit relies on."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.autoarr.arr.errors import ArrMalformedResponseError
from custom_components.autoarr.arr.sonarr import SonarrClient
from tests.support.arr_sim.config_routes import start_config_simulator


async def test_config_calls(socket_enabled: None) -> None:
    """Read sections, lists and raw profiles; change one field only."""
    async with (
        start_config_simulator("sonarr") as sim,
        aiohttp.ClientSession() as session,
    ):
        client = SonarrClient(session, sim.service_config())
        naming = await client.config("naming")
        assert naming["renameEpisodes"] is True
        assert [c["name"] for c in await client.download_clients()] == ["SABnzbd"]
        assert len(await client.indexers()) == 2
        profiles = await client.quality_profile_resources()
        assert all("items" in p and "cutoff" in p for p in profiles)

        updated = await client.update_config("naming", {"renameEpisodes": False})
        assert updated["renameEpisodes"] is False
        assert updated["standardEpisodeFormat"] == naming["standardEpisodeFormat"]
        assert sim.state.config["naming"]["renameEpisodes"] is False

        with pytest.raises(ValueError, match="unknown configuration section"):
            await client.config("secrets")

        sim.inject_fault("wrong_shape", path="config/naming", times=1)
        with pytest.raises(ArrMalformedResponseError):
            await client.config("naming")
        sim.inject_fault("wrong_shape", path="indexer", times=1)
        with pytest.raises(ArrMalformedResponseError):
            await client.indexers()
        assert not sim.contract_violations
