"""The audit of a Lidarr, against the Lidarr simulator."""

from __future__ import annotations

import aiohttp

from custom_components.autoarr.arr.lidarr import LidarrClient
from custom_components.autoarr.audit.runner import ArrTarget, Auditor
from tests.support.arr_sim.config_routes import start_config_simulator


async def test_lidarr_settings_audited_and_renaming_fixed(socket_enabled: None) -> None:
    """Lidarr's own settings names are read; turning renaming on is applied."""
    async with (
        start_config_simulator("lidarr") as sim,
        aiohttp.ClientSession() as session,
    ):
        client = LidarrClient(session, sim.service_config())
        auditor = Auditor(
            [], [ArrTarget("lidarr", "Lidarr", "lidarr", sim.url, client)]
        )
        report = await auditor.audit()
        assert report.errors == {}
        found = {f.rule_id for f in report.findings if f.service_id == "lidarr"}
        # renameTracks is off and the minimum free space is low in the seed.
        assert {"arr.renaming", "arr.minimum_free_space"} <= found

        result = await auditor.apply("arr.renaming:lidarr")
        assert result.applied and result.resolved
        assert sim.state.config["naming"]["renameTracks"] is True
        [put] = sim.requests_to("/api/v1/config/naming/1", "PUT")
        assert put.body["renameTracks"] is True
        assert not sim.contract_violations
