"""Reauthentication: new keys for the services (and Anthropic) that reject theirs."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import CONF_API_KEY, CONF_NAME, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.const import CONF_ANTHROPIC_API_KEY, REAUTH_SUBENTRY_ID
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator
from tests.support.llm_servers.anthropic import AnthropicServer
from tests.support.llm_servers.scripted import refusing_url

from .conftest import ANTHROPIC_KEY, hub_entry, service_subentry

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")

NEW_KEY = "test-new-key-0123456789abcdef"
OLD_KEY = "test-old-key-0123456789abcdef"


def subentry_id(entry: MockConfigEntry, title: str) -> str:
    """Return the id of the subentry with that title."""
    return next(
        sub.subentry_id for sub in entry.subentries.values() if sub.title == title
    )


async def start_reauth(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> Any:
    """Start the hub's reauth flow with optional data, as Home Assistant does."""
    return await entry.start_reauth_flow(hass, data=data)


async def test_rotated_key_named_by_the_coordinator(
    hass: HomeAssistant,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    setup_calls: list[str],
) -> None:
    """Sonarr's key was rotated: the flow asks for it, checks it and stores it."""
    sonarr.api_key = NEW_KEY
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, OLD_KEY, "Sonarr"),
        service_subentry(ServiceKind.RADARR, radarr.url, radarr.api_key, "Radarr"),
    )
    entry.add_to_hass(hass)
    sonarr_id = subentry_id(entry, "Sonarr")
    result = await start_reauth(hass, entry, **{REAUTH_SUBENTRY_ID: sonarr_id})
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"] == {
        CONF_NAME: "Sonarr",
        "service": "Sonarr",
        CONF_URL: sonarr.url,
    }

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: OLD_KEY}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: f" {NEW_KEY} "}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.subentries[sonarr_id].data[CONF_API_KEY] == NEW_KEY
    radarr_id = subentry_id(entry, "Radarr")
    assert entry.subentries[radarr_id].data[CONF_API_KEY] == radarr.api_key
    await hass.async_block_till_done()
    # The entry was not loaded (no update listener): the flow reloads it once.
    assert setup_calls == [entry.entry_id]


async def test_every_rejected_key_is_asked_for(
    hass: HomeAssistant,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    anthropic: AnthropicServer,
    setup_calls: list[str],
) -> None:
    """Without a name, the flow finds every rejected key itself, Anthropic's too."""
    sonarr.api_key = NEW_KEY
    radarr.api_key = NEW_KEY
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, OLD_KEY, "Sonarr"),
        service_subentry(ServiceKind.RADARR, radarr.url, OLD_KEY, "Radarr"),
        anthropic_key="test-old-anthropic-key-0123456789",
    )
    entry.add_to_hass(hass)
    result = await start_reauth(hass, entry)
    asked = []
    while result["type"] is FlowResultType.FORM:
        assert result["step_id"] in ("reauth_confirm", "reauth_anthropic")
        if result["step_id"] == "reauth_confirm":
            asked.append(result["description_placeholders"][CONF_NAME])
            user_input = {CONF_API_KEY: NEW_KEY}
        else:
            asked.append("Anthropic")
            # A wrong key first: refused on its field.
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], {CONF_ANTHROPIC_API_KEY: "test-still-wrong-0123"}
            )
            assert result["errors"] == {CONF_ANTHROPIC_API_KEY: "invalid_auth"}
            user_input = {CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input
        )
    assert result["reason"] == "reauth_successful"
    assert sorted(asked[:2]) == ["Radarr", "Sonarr"]
    assert asked[2] == "Anthropic"
    assert all(sub.data[CONF_API_KEY] == NEW_KEY for sub in entry.subentries.values())
    assert entry.data[CONF_ANTHROPIC_API_KEY] == ANTHROPIC_KEY
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_started_the_way_a_coordinator_does(
    hass: HomeAssistant, sonarr: SonarrSimulator
) -> None:
    """entry.async_start_reauth(data=...) names the service the flow asks about."""
    sonarr.api_key = NEW_KEY
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, OLD_KEY, "Sonarr"),
    )
    entry.add_to_hass(hass)
    entry.async_start_reauth(
        hass, data={REAUTH_SUBENTRY_ID: subentry_id(entry, "Sonarr")}
    )
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(
        entry.domain, match_context={"source": SOURCE_REAUTH}
    )
    assert [flow["step_id"] for flow in flows] == ["reauth_confirm"]
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_API_KEY: NEW_KEY}
    )
    assert result["reason"] == "reauth_successful"


async def test_named_service_unreachable_is_still_asked(
    hass: HomeAssistant, sonarr: SonarrSimulator
) -> None:
    """The service that rejected its key may be down now: ask for it anyway."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
        service_subentry(ServiceKind.RADARR, refusing_url(), OLD_KEY, "Radarr"),
    )
    entry.add_to_hass(hass)
    radarr_id = subentry_id(entry, "Radarr")
    result = await start_reauth(hass, entry, **{REAUTH_SUBENTRY_ID: radarr_id})
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"][CONF_NAME] == "Radarr"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: NEW_KEY}
    )
    # The new key cannot be checked while Radarr is down.
    assert result["errors"] == {"base": "cannot_connect"}


async def test_nothing_rejected_lets_the_user_choose(
    hass: HomeAssistant, sonarr: SonarrSimulator, anthropic: AnthropicServer
) -> None:
    """Every key works right now: the user says which one changed."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
        anthropic_key=ANTHROPIC_KEY,
    )
    entry.add_to_hass(hass)
    sonarr_id = subentry_id(entry, "Sonarr")
    result = await start_reauth(hass, entry)
    assert result["step_id"] == "reauth_select"
    options = result["data_schema"].schema["target"].config["options"]
    assert options == [
        {"value": sonarr_id, "label": "Sonarr (Sonarr)"},
        {"value": "anthropic", "label": "Anthropic"},
    ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"target": sonarr_id}
    )
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_API_KEY: sonarr.api_key}
    )
    assert result["reason"] == "reauth_successful"


async def test_nothing_to_reauthenticate(hass: HomeAssistant) -> None:
    """A hub without services or Anthropic key has no key to renew."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    entry.async_start_reauth(hass)
    await hass.async_block_till_done()
    # The flow aborted at once: nothing is left in progress.
    assert not hass.config_entries.flow.async_progress_by_handler(entry.domain)
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "nothing_to_reauth"
