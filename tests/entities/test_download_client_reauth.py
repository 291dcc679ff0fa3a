"""Reauthentication of qBittorrent, Transmission, Deluge and NZBGet, end to end.

The real daemon on 127.0.0.1 refuses the stored password (it was changed):
the entry does not load and Home Assistant starts AutoArr's reauth flow for
that client, which asks its password (the user name stays), refuses a wrong one, stores the right one and reloads the entry,
whose client entities then work.
"""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_NAME, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from .conftest import SetupEntry
from .test_download_clients import Daemon, daemon, subentry

__all__ = ["daemon"]


async def test_rejected_password_renewed_by_reauth(
    hass: HomeAssistant, setup_entry: SetupEntry, daemon: Daemon
) -> None:
    real = daemon.daemon
    stale = subentry(daemon)
    stale_data = {**stale["data"], CONF_PASSWORD: "the-old-password"}
    entry = await setup_entry(
        {**stale, "data": stale_data}, expect=ConfigEntryState.SETUP_ERROR
    )
    (subentry_id,) = entry.subentries
    [flow] = hass.config_entries.flow.async_progress_by_handler(
        entry.domain, match_context={"source": SOURCE_REAUTH}
    )
    assert flow["step_id"] == "reauth_confirm"
    # The form as the user sees it, naming the client.
    result = await hass.config_entries.flow.async_configure(flow["flow_id"])
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"][CONF_NAME] == daemon.name
    # The secret only: the user name stays as stored.
    assert {str(key) for key in result["data_schema"].schema} == {CONF_PASSWORD}

    login = {CONF_PASSWORD: "still-wrong"}
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], login)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    login[CONF_PASSWORD] = real.password
    result = await hass.config_entries.flow.async_configure(flow["flow_id"], login)
    assert result["type"] is FlowResultType.ABORT, result
    assert result["reason"] == "reauth_successful"
    assert entry.subentries[subentry_id].data[CONF_PASSWORD] == real.password
    if daemon.kind != "deluge":
        assert entry.subentries[subentry_id].data[CONF_USERNAME] == real.username
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(f"switch.{daemon.kind}_pause_downloads") is not None
    assert hass.states.get(f"sensor.{daemon.kind}_status").state != "unavailable"
