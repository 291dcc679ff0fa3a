"""The audit of Prowlarr and of the arrs it should feed, against the simulators."""

from __future__ import annotations

import aiohttp

from custom_components.autoarr.arr.lidarr import LidarrClient
from custom_components.autoarr.arr.prowlarr import ProwlarrClient
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from custom_components.autoarr.audit.runner import ArrTarget, Auditor, ProwlarrTarget
from tests.support.arr_sim import start_simulator


async def test_failing_indexer_and_arrs_not_synced(socket_enabled: None) -> None:
    """An indexer failing for days, and every arr without Prowlarr's indexers."""
    async with (
        start_simulator("prowlarr") as prowlarr,
        start_simulator("sonarr") as sonarr,
        start_simulator("lidarr") as lidarr,
        aiohttp.ClientSession() as session,
    ):
        auditor = Auditor(
            arrs=[
                ArrTarget(
                    "sonarr",
                    "Sonarr",
                    "sonarr",
                    sonarr.url,
                    SonarrClient(session, sonarr.service_config()),
                ),
                ArrTarget(
                    "lidarr",
                    "Lidarr",
                    "lidarr",
                    lidarr.url,
                    LidarrClient(session, lidarr.service_config()),
                ),
            ],
            prowlarr=[
                ProwlarrTarget(
                    "prowlarr",
                    "Prowlarr",
                    prowlarr.url,
                    ProwlarrClient(session, prowlarr.service_config()),
                )
            ],
        )
        report = await auditor.audit()
        assert report.errors == {}
        failing = [
            f for f in report.findings if f.rule_id == "prowlarr.indexer_failing"
        ]
        assert [(f.service_id, f.subject, f.current) for f in failing] == [
            ("prowlarr", "NZBplanet", "failing for 2 days")
        ]
        unsynced = {
            f.service_id for f in report.findings if f.rule_id == "arr.prowlarr_sync"
        }
        assert unsynced == {"sonarr", "lidarr"}
        assert ("prowlarr.indexer_failing", "prowlarr") in report.checked

        # Sonarr gets its indexers from Prowlarr; the indexer works again.
        sonarr.state.indexers[0]["name"] = "NZBgeek (Prowlarr)"
        prowlarr.state.recover_indexer(2)
        report = await auditor.audit()
        assert {
            f.rule_id for f in report.findings if f.service_id == "prowlarr"
        } == set()
        unsynced = {
            f.service_id for f in report.findings if f.rule_id == "arr.prowlarr_sync"
        }
        assert unsynced == {"lidarr"}
        for sim in (prowlarr, sonarr, lidarr):
            assert not sim.contract_violations


async def test_no_prowlarr_no_sync_finding(socket_enabled: None) -> None:
    """Without a Prowlarr, an arr's own indexers are fine."""
    async with (
        start_simulator("radarr") as radarr,
        aiohttp.ClientSession() as session,
    ):
        auditor = Auditor(
            arrs=[
                ArrTarget(
                    "radarr",
                    "Radarr",
                    "radarr",
                    radarr.url,
                    RadarrClient(session, radarr.service_config()),
                )
            ]
        )
        report = await auditor.audit()
        assert not [f for f in report.findings if f.rule_id == "arr.prowlarr_sync"]
