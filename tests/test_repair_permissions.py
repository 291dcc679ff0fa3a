"""The repair flows change a service's configuration: administrators only.

An audit fix (creating SABnzbd's missing category), the repair of an
unreachable service (a new address or key) and the check again of an arr's
health are repair fix flows, which Home Assistant's repairs HTTP API runs
for administrators only. A household user
and a read-only user can neither start nor complete one, and nothing
changes; an admin can. Through the HTTP API, so a change of that rule fails
here.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from aiohttp.test_utils import TestClient
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import CLIENT_ID
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.autoarr.const import DOMAIN
from custom_components.autoarr.issues import (
    UNREACHABLE_ISSUE_AFTER,
    async_update_unreachable_issue,
)
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    sabnzbd,
    sabnzbd_subentry,
    service_subentry,
    setup_entry,
    sonarr,
    sonarr_subentry,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.sabnzbd import RealSabnzbd

__all__ = ["loopback_sockets", "radarr", "sabnzbd", "setup_entry", "sonarr"]

FIX = "/api/repairs/issues/fix"
ADMIN = "admin"


async def _token(hass: HomeAssistant, user: User) -> str:
    refresh = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    return hass.auth.async_create_access_token(refresh)


@pytest.fixture
async def tokens(
    hass_core: HomeAssistant,
    hass_owner_user: User,
    hass_admin_user: User,
    hass_read_only_user: User,
    frozen_now: datetime,
) -> dict[str, str]:
    """Return access tokens of an admin, a household user and a read-only user.

    (Made at the tests' frozen present, which the token's times must fit.)
    """
    household = await hass_core.auth.async_create_user(
        "Household", group_ids=["system-users"]
    )
    assert hass_owner_user.is_owner and not household.is_admin
    return {
        ADMIN: await _token(hass_core, hass_admin_user),
        "household": await _token(hass_core, household),
        "read_only": await _token(hass_core, hass_read_only_user),
    }


async def _client(
    hass: HomeAssistant, aiohttp_client: ClientSessionGenerator, token: str
) -> TestClient:
    """Return a client of Home Assistant's HTTP API signed in with a token.

    (No access log: aiohttp's cannot read the local zone of a frozen clock.)
    """
    client = await aiohttp_client(
        hass.http.app,
        server_kwargs={"access_log": None},
        headers={"Authorization": f"Bearer {token}"},
    )
    # The token is good: what follows is refused for the user, not the token.
    assert (await client.get("/api/")).status == 200
    return client


def _others(tokens: dict[str, str]) -> list[str]:
    """Return the tokens of the users who are not admins."""
    return [token for user, token in tokens.items() if user != ADMIN]


async def _refused_to_others(
    hass: HomeAssistant,
    aiohttp_client: ClientSessionGenerator,
    tokens: dict[str, str],
    path: str,
    body: dict[str, Any],
) -> None:
    """Check that no user but the admin may post this step of a fix flow."""
    for token in _others(tokens):
        client = await _client(hass, aiohttp_client, token)
        assert (await client.post(path, json=body)).status == 401


async def _started_by_admin_only(
    hass: HomeAssistant,
    aiohttp_client: ClientSessionGenerator,
    tokens: dict[str, str],
    issue: ir.IssueEntry,
) -> tuple[TestClient, dict[str, Any]]:
    """Start an issue's fix flow as the admin, once the others were refused.

    Return the admin's client and the flow's first step.
    """
    assert await async_setup_component(hass, "repairs", {})
    assert await async_setup_component(hass, "api", {})
    start = {"handler": DOMAIN, "issue_id": issue.issue_id}
    await _refused_to_others(hass, aiohttp_client, tokens, FIX, start)
    admin = await _client(hass, aiohttp_client, tokens[ADMIN])
    started = await admin.post(FIX, json=start)
    assert started.status == 200
    return admin, await started.json()


def _fixable(hass: HomeAssistant, key: str) -> ir.IssueEntry:
    (issue,) = [
        issue
        for (domain, _), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN and issue.translation_key == key and issue.is_fixable
    ]
    return issue


async def _categories(sab: RealSabnzbd) -> set[str]:
    return set((await asyncio.to_thread(sab.api, "get_cats"))["categories"])


async def test_audit_fix_is_admin_only(
    hass_core: HomeAssistant,
    aiohttp_client: ClientSessionGenerator,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    sabnzbd: RealSabnzbd,
    tokens: dict[str, str],
) -> None:
    """Only an admin starts and completes the fix creating SABnzbd's category."""
    # Sonarr sends to "tv", which this SABnzbd lacks (put back after the test).
    await asyncio.to_thread(
        sabnzbd.api, "del_config", section="categories", keyword="tv"
    )
    entry = await setup_entry(sonarr_subentry(sonarr), sabnzbd_subentry(sabnzbd))
    await entry.runtime_data.recovery.async_audit()
    issue = _fixable(hass_core, "audit_finding")
    assert issue.translation_placeholders is not None
    category = issue.translation_placeholders["recommended"]
    assert category not in await _categories(sabnzbd)
    admin, flow = await _started_by_admin_only(hass_core, aiohttp_client, tokens, issue)
    assert flow["step_id"] == "confirm"
    await _refused_to_others(
        hass_core, aiohttp_client, tokens, f"{FIX}/{flow['flow_id']}", {}
    )
    assert category not in await _categories(sabnzbd)

    done = await admin.post(f"{FIX}/{flow['flow_id']}", json={})
    assert done.status == 200
    assert (await done.json())["type"] == "create_entry"
    assert category in await _categories(sabnzbd)


async def test_unreachable_service_fix_is_admin_only(
    hass_core: HomeAssistant,
    aiohttp_client: ClientSessionGenerator,
    setup_entry: Any,
    sonarr: SonarrSimulator,
    tokens: dict[str, str],
    frozen_now: datetime,
) -> None:
    """The repair asking a service's new address is not for household users."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        service_subentry("radarr", "Radarr", "http://127.0.0.1:9", "old-key-0123"),
    )
    subentry_id = next(
        s.subentry_id for s in entry.subentries.values() if s.title == "Radarr"
    )
    async_update_unreachable_issue(
        hass_core,
        entry,
        subentry_id,
        "Radarr",
        since=frozen_now - UNREACHABLE_ISSUE_AFTER,
        now=frozen_now,
        error="refused",
    )
    issue = _fixable(hass_core, "service_unreachable")
    _, flow = await _started_by_admin_only(hass_core, aiohttp_client, tokens, issue)
    assert flow["step_id"] == "reconfigure"


async def test_health_check_again_is_admin_only(
    hass_core: HomeAssistant,
    aiohttp_client: ClientSessionGenerator,
    setup_entry: Any,
    radarr: RadarrSimulator,
    tokens: dict[str, str],
) -> None:
    """Only an admin starts and runs the check of an arr's health."""
    await setup_entry(radarr_subentry(radarr))
    issue = _fixable(hass_core, "health_error")
    admin, flow = await _started_by_admin_only(hass_core, aiohttp_client, tokens, issue)
    assert flow["step_id"] == "confirm"
    reads = len([r for r in radarr.requests if r.path.endswith("/health")])
    await _refused_to_others(
        hass_core, aiohttp_client, tokens, f"{FIX}/{flow['flow_id']}", {}
    )
    assert len([r for r in radarr.requests if r.path.endswith("/health")]) == reads

    radarr.state.health.clear()
    done = await admin.post(f"{FIX}/{flow['flow_id']}", json={})
    assert done.status == 200
    assert (await done.json())["type"] == "create_entry"
    assert ir.async_get(hass_core).async_get_issue(DOMAIN, issue.issue_id) is None
