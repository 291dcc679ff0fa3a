"""The audit against the real SABnzbd and the Sonarr/Radarr simulators."""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass

import aiohttp
import pytest

from custom_components.autoarr.arr.http import ApiKey, ServiceConfig
from custom_components.autoarr.arr.radarr import RadarrClient
from custom_components.autoarr.arr.sabnzbd import SabnzbdClient
from custom_components.autoarr.arr.sonarr import SonarrClient
from custom_components.autoarr.audit.models import FixTarget
from custom_components.autoarr.audit.runner import (
    ArrTarget,
    Auditor,
    NotFixableError,
    SabTarget,
)
from tests.support.arr_sim import ArrSimulator
from tests.support.arr_sim.config_routes import start_config_simulator
from tests.support.sabnzbd import RealSabnzbd


@dataclass
class Stack:
    """The services under audit and an auditor over them."""

    sab: SabnzbdClient
    sonarr_sim: ArrSimulator
    radarr_sim: ArrSimulator
    auditor: Auditor


@contextlib.asynccontextmanager
async def _stack(real_sabnzbd: RealSabnzbd) -> AsyncIterator[Stack]:
    async with (
        start_config_simulator("sonarr") as sonarr_sim,
        start_config_simulator("radarr") as radarr_sim,
        aiohttp.ClientSession() as session,
    ):
        sab = SabnzbdClient(
            session,
            ServiceConfig(real_sabnzbd.url_with_base, ApiKey(real_sabnzbd.api_key)),
        )
        auditor = Auditor(
            [SabTarget("sab", "SABnzbd", real_sabnzbd.url_with_base, sab)],
            [
                ArrTarget(
                    "sonarr",
                    "Sonarr",
                    "sonarr",
                    sonarr_sim.url,
                    SonarrClient(session, sonarr_sim.service_config()),
                ),
                ArrTarget(
                    "radarr",
                    "Radarr",
                    "radarr",
                    radarr_sim.url,
                    RadarrClient(session, radarr_sim.service_config()),
                ),
            ],
        )
        yield Stack(sab, sonarr_sim, radarr_sim, auditor)
        assert not sonarr_sim.contract_violations
        assert not radarr_sim.contract_violations


@pytest.fixture
async def stack(
    real_sabnzbd: RealSabnzbd, socket_enabled: None
) -> AsyncIterator[Stack]:
    """Return the real SABnzbd and the simulators, audited together."""
    async with _stack(real_sabnzbd) as value:
        yield value


async def test_real_sabnzbd_configuration_audited(stack: Stack) -> None:
    """The real SABnzbd's own configuration is read and judged."""
    report = await stack.auditor.audit()
    assert report.errors == {}
    sab_findings = {f.rule_id: f for f in report.findings if f.service_id == "sab"}
    # A fresh SABnzbd: no direct unpack.
    assert sab_findings["sabnzbd.direct_unpack"].current is False
    # Every category the arrs send to and SABnzbd lacks is reported.
    categories = (await stack.sab.get_config("categories")).get("categories", [])
    missing = {"tv", "movies"} - {c["name"] for c in categories}
    assert {
        f.subject for f in report.findings if f.rule_id == "sabnzbd.categories_match"
    } == missing
    # Its defaults for these are good.
    for rule_id in (
        "sabnzbd.separate_folders",
        "sabnzbd.fail_hopeless",
        "sabnzbd.safe_postproc",
        "sabnzbd.https",
        "sabnzbd.par2_download_all",
    ):
        assert rule_id not in sab_findings
    assert 0 < report.score < 100
    assert report.as_dict()["score"] == report.score


async def test_real_sabnzbd_fix_applied_and_read_back(
    stack: Stack, real_sabnzbd: RealSabnzbd
) -> None:
    """dry_run changes nothing; applying turns direct unpack on in SABnzbd itself."""
    finding_id = "sabnzbd.direct_unpack:sab"
    try:
        planned = await stack.auditor.apply(finding_id, dry_run=True)
        assert planned.dry_run and not planned.applied
        assert planned.before == 0 and planned.after == 1
        misc = (await stack.sab.get_config("misc"))["misc"]
        assert misc["direct_unpack"] == 0

        result = await stack.auditor.apply(finding_id)
        assert result.applied and result.resolved
        assert (result.before, result.after) == (0, 1)
        # Read back independently of the auditor.
        misc = (await stack.sab.get_config("misc"))["misc"]
        assert misc["direct_unpack"] == 1
        assert (await stack.auditor.audit()).finding(finding_id) is None
        assert result.as_dict()["change"] == {
            "target": "sab_config",
            "service": "sab",
            "section": "misc",
            "key": "direct_unpack",
            "value": 1,
        }
    finally:
        await stack.sab.set_config("misc", "direct_unpack", 0)


async def test_real_sabnzbd_category_created(
    stack: Stack, real_sabnzbd: RealSabnzbd
) -> None:
    """The missing category Sonarr sends to is created in SABnzbd."""
    category = "tv-autoarr"
    [client] = stack.sonarr_sim.state.download_clients
    for field in client["fields"]:
        if field["name"] == "tvCategory":
            field["value"] = category
    finding_id = f"sabnzbd.categories_match:sab:{category}"
    try:
        report = await stack.auditor.audit()
        finding = report.finding(finding_id)
        assert finding is not None and finding.fix is not None
        assert finding.fix.target is FixTarget.SAB_CATEGORY
        assert "Sonarr" in finding.why
        result = await stack.auditor.apply(finding_id)
        assert result.applied and result.resolved
        assert category not in result.before and category in result.after
        categories = (await stack.sab.get_config("categories"))["categories"]
        assert category in {c["name"] for c in categories}
    finally:
        real_sabnzbd.api("del_config", section="categories", keyword=category)


async def test_arr_fix_applied_through_config_api(stack: Stack) -> None:
    """Sonarr's minimum free space is raised through PUT /config/mediamanagement."""
    finding_id = "arr.minimum_free_space:sonarr:minimumFreeSpaceWhenImporting"
    state = stack.sonarr_sim.state
    planned = await stack.auditor.apply(finding_id, dry_run=True)
    assert (planned.before, planned.after) == (100, 1024)
    assert state.config["mediamanagement"]["minimumFreeSpaceWhenImporting"] == 100

    result = await stack.auditor.apply(finding_id)
    assert result.applied and result.resolved and result.after == 1024
    assert state.config["mediamanagement"]["minimumFreeSpaceWhenImporting"] == 1024
    # Only that field changed.
    assert state.config["mediamanagement"]["recycleBin"] == ""
    [put] = stack.sonarr_sim.requests_to("/api/v3/config/mediamanagement/1", "PUT")
    assert put.body["minimumFreeSpaceWhenImporting"] == 1024

    renaming = await stack.auditor.apply("arr.renaming:radarr")
    assert (
        renaming.resolved
        and stack.radarr_sim.state.config["naming"]["renameMovies"] is True
    )


async def test_unfixable_and_unknown_findings(stack: Stack) -> None:
    """Findings without a safe fix, and unknown ids, are refused."""
    with pytest.raises(NotFixableError, match="no safe automatic fix"):
        await stack.auditor.apply("arr.recycle_bin:sonarr")
    with pytest.raises(NotFixableError, match="no current finding"):
        await stack.auditor.apply("sabnzbd.https:sab")


async def test_unreachable_service_reported_not_fatal(
    real_sabnzbd: RealSabnzbd, socket_enabled: None
) -> None:
    """A service that cannot be read is listed in errors; the rest is audited."""
    async with aiohttp.ClientSession() as session:
        sab = SabnzbdClient(
            session,
            ServiceConfig(real_sabnzbd.url_with_base, ApiKey(real_sabnzbd.api_key)),
        )
        dead = SonarrClient(
            session,
            ServiceConfig(
                "http://127.0.0.1:9", ApiKey("test-api-key-0123456789abcdef"), timeout=2
            ),
        )
        dead_sab = SabnzbdClient(
            session,
            ServiceConfig(
                "http://127.0.0.1:9", ApiKey("test-api-key-0123456789abcdef"), timeout=2
            ),
        )
        auditor = Auditor(
            [
                SabTarget("sab", "SABnzbd", real_sabnzbd.url, sab),
                SabTarget("sab2", "Old SABnzbd", "http://127.0.0.1:9", dead_sab),
            ],
            [ArrTarget("sonarr", "Sonarr", "sonarr", "http://127.0.0.1:9", dead)],
        )
        report = await auditor.audit()
    assert set(report.errors) == {"sonarr", "sab2"}
    assert {f.service_id for f in report.findings} == {"sab"}
