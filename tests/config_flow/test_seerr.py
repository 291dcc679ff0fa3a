"""Seerr (Overseerr, Jellyseerr) as a subentry, checked live against the simulator.

The flow proves the address is Seerr (its public status) and the key works
(the key's user), tells the errors apart, keeps a stored key when
reconfigure leaves it empty, and asks for a new key when Seerr refuses it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from homeassistant.const import (
    CONF_API_KEY,
    CONF_NAME,
    CONF_URL,
    CONF_VERIFY_SSL,
    CONF_WEBHOOK_ID,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.const import REAUTH_SUBENTRY_ID
from tests.support.arr_sim import SonarrSimulator
from tests.support.seerr_sim import SeerrSimulator, start_seerr

from .conftest import hub_entry, service_subentry
from .helpers import suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls", "socket_enabled")

NEW_KEY = "test-new-seerr-key-0123456789abcdef"


@pytest.fixture
async def seerr() -> AsyncIterator[SeerrSimulator]:
    """Serve a simulated Seerr below the URL base /seerr."""
    async with start_seerr(url_base="/seerr") as sim:
        yield sim
        assert not sim.contract_violations, sim.contract_violations


def form(url: str, api_key: str, name: str = "Seerr") -> dict[str, Any]:
    """Return the Seerr form's input."""
    return {
        CONF_NAME: name,
        CONF_URL: url,
        CONF_API_KEY: api_key,
        CONF_VERIFY_SSL: True,
    }


async def test_add_check_and_reconfigure(
    hass: HomeAssistant, seerr: SeerrSimulator, sonarr: SonarrSimulator
) -> None:
    """Wrong key, another application, faults; then added and reconfigured."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.SEERR), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    assert suggested(result, CONF_NAME) == "Seerr"
    assert {str(key) for key in result["data_schema"].schema} == {
        CONF_NAME,
        CONF_URL,
        CONF_API_KEY,
        CONF_VERIFY_SSL,
    }
    # /status answers anyone: the key is proven by the key's user.
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(seerr.url, "test-wrong-key-0123456789abcdef")
    )
    assert result["errors"] == {"base": "invalid_auth"}
    # Sonarr at the address: its web UI answers /api/v1/status.
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(sonarr.url, seerr.api_key)
    )
    assert result["errors"] == {"base": "wrong_app"}
    seerr.inject_fault("server_error", path="auth/me", times=1)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(seerr.url, seerr.api_key)
    )
    assert result["errors"] == {"base": "api_error"}
    seerr.inject_fault("disconnect", path="status")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(seerr.url, seerr.api_key)
    )
    assert result["errors"] == {"base": "cannot_connect"}
    seerr.clear_faults()
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(f" {seerr.url}/ ", f" {seerr.api_key} ", "Requests")
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Requests"
    assert result["unique_id"] == f"seerr:{seerr.url}"
    # With the secret id of its webhook (shown on the form as its URL).
    webhook_id = result["data"][CONF_WEBHOOK_ID]
    assert len(webhook_id) == 64
    assert result["data"] == {
        CONF_URL: seerr.url,
        CONF_API_KEY: seerr.api_key,
        CONF_VERIFY_SSL: True,
        CONF_WEBHOOK_ID: webhook_id,
    }
    (subentry,) = entry.subentries.values()

    # The same Seerr again: already added.
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.SEERR), context={"source": "user"}
    )
    # Named "Requests", the first leaves the application's name free.
    assert suggested(result, CONF_NAME) == "Seerr"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(seerr.url, seerr.api_key)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"

    result = await entry.start_subentry_reconfigure_flow(hass, subentry.subentry_id)
    assert suggested(result, CONF_URL) == seerr.url
    assert suggested(result, CONF_API_KEY) is None
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(seerr.url, "", "Overseerr")
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[subentry.subentry_id]
    assert subentry.title == "Overseerr"
    assert subentry.data[CONF_API_KEY] == seerr.api_key
    assert subentry.data[CONF_WEBHOOK_ID] == webhook_id


async def test_refused_key_is_asked_for(
    hass: HomeAssistant, seerr: SeerrSimulator
) -> None:
    """Seerr's key was regenerated: the reauth flow asks for it and stores it."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SEERR, seerr.url, seerr.api_key, "Seerr"),
    )
    entry.add_to_hass(hass)
    (subentry_id,) = entry.subentries
    old_key = seerr.api_key
    seerr.api_key = NEW_KEY
    result = await entry.start_reauth_flow(hass, data={REAUTH_SUBENTRY_ID: subentry_id})
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"] == {
        CONF_NAME: "Seerr",
        "service": "Seerr",
        CONF_URL: seerr.url,
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: old_key}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: NEW_KEY}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.subentries[subentry_id].data[CONF_API_KEY] == NEW_KEY
