"""Seerr's actions through Home Assistant: list, approve, decline and request.

`autoarr.requests` lists the waiting requests with their titles;
`autoarr.approve_request` and `autoarr.decline_request` decide one (an
administrator only: a household user is refused and nothing changes);
`autoarr.request_media` asks Seerr when one is configured, which says when a
title is already available or requested, and adds straight to Radarr with
`direct`.
"""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
import pytest

from custom_components.autoarr.const import DOMAIN
from tests.entities.conftest import (
    loopback_sockets,
    radarr,
    radarr_subentry,
    service_subentry,
    setup_entry,
)
from tests.support.arr_sim import RadarrSimulator
from tests.support.seerr_fixtures import seerr
from tests.support.seerr_sim import APPROVED, DECLINED, PENDING, SeerrSimulator

__all__ = ["loopback_sockets", "radarr", "seerr", "setup_entry"]

pytestmark = pytest.mark.clock


@pytest.fixture
async def loaded(
    setup_entry: Any, seerr: SeerrSimulator, radarr: RadarrSimulator
) -> Any:
    """Set AutoArr up with Seerr and Radarr."""
    return await setup_entry(
        service_subentry("seerr", "Seerr", seerr.url, seerr.api_key),
        radarr_subentry(radarr),
    )


@pytest.fixture
async def household(hass_core: HomeAssistant, hass_owner_user: User) -> User:
    """Return a household user (the "Users" group, not an administrator)."""
    assert hass_owner_user.is_owner
    return await hass_core.auth.async_create_user(
        "Household", group_ids=["system-users"]
    )


async def call(
    hass: HomeAssistant, action: str, data: dict[str, Any], user: User | None = None
) -> Any:
    """Call an AutoArr action, as a user."""
    return await hass.services.async_call(
        DOMAIN,
        action,
        data,
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id if user else None),
    )


@pytest.mark.usefixtures("loaded")
async def test_list_and_approve_as_admin(
    hass_core: HomeAssistant, hass_admin_user: User, seerr: SeerrSimulator
) -> None:
    """The waiting requests are listed; an admin approves one by title."""
    listed = await call(hass_core, "requests", {})
    assert listed["count"] == 2
    assert [
        (r["title"], r["requested_by"], r["status"], r["instance"])
        for r in listed["requests"]
    ] == [
        ("Severance", "Sam", "pending", "Seerr"),
        ("Dune: Part Two", "Sam", "pending", "Seerr"),
    ]
    every = await call(hass_core, "requests", {"status": "all", "limit": 2})
    assert every["count"] == 2

    approved = await call(
        hass_core, "approve_request", {"title": "dune part two"}, hass_admin_user
    )
    assert approved["status"] == "approved"
    assert approved["request"]["title"] == "Dune: Part Two"
    assert approved["request"]["status"] == "approved"
    assert seerr.state.requests[1].status == APPROVED
    # The sensors follow at once.
    assert hass_core.states.get("sensor.seerr_pending_requests").state == "1"

    declined = await call(
        hass_core, "decline_request", {"request_id": 2}, hass_admin_user
    )
    assert declined["request"]["title"] == "Severance"
    assert seerr.state.requests[2].status == DECLINED
    assert hass_core.states.get("sensor.seerr_pending_requests").state == "0"


@pytest.mark.usefixtures("loaded")
async def test_household_user_cannot_decide(
    hass_core: HomeAssistant, household: User, seerr: SeerrSimulator
) -> None:
    """Approving and declining are refused to a non-admin; listing is not."""
    for action in ("approve_request", "decline_request"):
        with pytest.raises(Unauthorized):
            await call(hass_core, action, {"title": "Severance"}, household)
    assert [r.status for r in seerr.state.requests.values()] == [
        PENDING,
        PENDING,
        APPROVED,
    ]
    assert not [r for r in seerr.requests if r.method == "POST"]
    listed = await call(hass_core, "requests", {}, household)
    assert listed["count"] == 2


@pytest.mark.usefixtures("loaded")
async def test_deciding_what_is_not_waiting(
    hass_core: HomeAssistant, hass_admin_user: User
) -> None:
    """Unknown titles and ids, and no name at all, are the caller's errors."""
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, "approve_request", {"title": "Cats"}, hass_admin_user)
    assert err.value.translation_key == "request_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, "approve_request", {"request_id": 3}, hass_admin_user)
    assert err.value.translation_key == "request_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, "decline_request", {}, hass_admin_user)
    assert err.value.translation_key == "request_not_named"


@pytest.mark.usefixtures("loaded")
async def test_request_media_goes_through_seerr(
    hass_core: HomeAssistant, seerr: SeerrSimulator, radarr: RadarrSimulator
) -> None:
    """Seerr is asked first: available, requested, or a new request."""
    available = await call(
        hass_core, "request_media", {"title": "Dune", "kind": "movie"}
    )
    assert available["status"] == "already_available"
    assert available["via"] == "seerr"
    assert available["media"]["year"] == 2021
    waiting = await call(hass_core, "request_media", {"title": "Dune: Part Two"})
    assert waiting["status"] == "already_requested"

    made = await call(hass_core, "request_media", {"title": "Oppenheimer"})
    assert made["status"] == "requested"
    # The key's user is an admin: Seerr approves at once.
    assert made["request_status"] == "approved"
    assert seerr.state.requests[made["request_id"]].tmdb_id == 872585
    series = await call(
        hass_core, "request_media", {"title": "Shōgun", "kind": "series", "seasons": 2}
    )
    assert (series["status"], series["seasons"]) == ("requested", [2])
    assert hass_core.states.get("sensor.seerr_total_requests").state == "5"
    # Nothing went to Radarr directly.
    assert not [r for r in radarr.requests if r.method == "POST"]

    direct = await call(
        hass_core,
        "request_media",
        {"title": "The Prestige", "kind": "movie", "direct": True, "search": False},
    )
    assert direct["status"] == "added"
    assert "via" not in direct


async def test_requests_without_seerr(
    hass_core: HomeAssistant, setup_entry: Any, radarr: RadarrSimulator
) -> None:
    """Without a Seerr the request actions say so; request_media adds directly."""
    await setup_entry(radarr_subentry(radarr))
    with pytest.raises(ServiceValidationError) as err:
        await call(hass_core, "requests", {})
    assert err.value.translation_key == "no_seerr_configured"
    added = await call(
        hass_core, "request_media", {"title": "The Prestige", "search": False}
    )
    assert added["status"] == "added"
