"""Service instances: in the hub flow and as subentries, checked live.

Sonarr and Radarr are the shared simulators (with their fault injection),
SABnzbd is the real one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_API_KEY, CONF_NAME, CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.const import (
    CONF_OLLAMA_MODEL,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from tests.support.arr_sim import (
    FaultKind,
    RadarrSimulator,
    SonarrSimulator,
    start_simulator,
)
from tests.support.llm_servers.ollama import OllamaServer
from tests.support.llm_servers.scripted import refusing_url
from tests.support.sabnzbd import RealSabnzbd

from .conftest import INSTALLED_MODEL, hub_entry, service_subentry
from .helpers import connect, suggested

pytestmark = pytest.mark.usefixtures("hass_core", "setup_calls")

WRONG_KEY = "test-wrong-key-0123456789abcdef"


def form(
    name: str, url: str, api_key: str, *, verify_ssl: bool = True
) -> dict[str, Any]:
    """Return a service form's input."""
    return {
        CONF_NAME: name,
        CONF_URL: url,
        CONF_API_KEY: api_key,
        CONF_VERIFY_SSL: verify_ssl,
    }


async def services_menu(hass: HomeAssistant, ollama: OllamaServer) -> str:
    """Run the hub flow up to its services menu; return the flow id."""
    result = await connect(hass, ollama.url)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_MODEL: INSTALLED_MODEL}
    )
    assert result["step_id"] == "services"
    return str(result["flow_id"])


async def add_in_hub(
    hass: HomeAssistant, flow_id: str, kind: str, user_input: dict[str, Any]
) -> Any:
    """Choose a service in the hub's menu and submit its form."""
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": kind}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == kind
    return await hass.config_entries.flow.async_configure(flow_id, user_input)


@pytest.mark.sabnzbd
async def test_hub_with_the_whole_stack(
    hass: HomeAssistant,
    ollama: OllamaServer,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    real_sabnzbd: RealSabnzbd,
) -> None:
    """Sonarr, two Radarr and SABnzbd added in the hub flow become subentries."""
    flow_id = await services_menu(hass, ollama)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": ServiceKind.SONARR}
    )
    # A new instance is named after its application.
    assert suggested(result, CONF_NAME) == "Sonarr"
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("Sonarr", f"{sonarr.url}/", sonarr.api_key)
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "services"
    assert result["description_placeholders"]["services"] == (
        f"- Sonarr (Sonarr): {sonarr.url}"
    )
    result = await add_in_hub(
        hass, flow_id, ServiceKind.RADARR, form("Radarr 4K", radarr.url, radarr.api_key)
    )
    assert result["step_id"] == "services"

    # The same Radarr again: refused on the URL field, values kept.
    result = await add_in_hub(
        hass, flow_id, ServiceKind.RADARR, form("Again", radarr.url, radarr.api_key)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_URL: "already_configured"}
    assert suggested(result, CONF_NAME) == "Again"

    # Another URL base on the same host serves no Radarr.
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("HD", radarr.url.replace("/radarr", "/other"), radarr.api_key)
    )
    assert result["errors"] == {"base": "wrong_app"}
    # A second Radarr is a second instance.
    async with start_simulator("radarr") as radarr_hd:
        result = await hass.config_entries.flow.async_configure(
            flow_id, form("Radarr HD", radarr_hd.url, radarr_hd.api_key)
        )
    assert result["step_id"] == "services"

    result = await add_in_hub(
        hass,
        flow_id,
        ServiceKind.SABNZBD,
        form("SABnzbd", real_sabnzbd.url, real_sabnzbd.api_key),
    )
    assert result["step_id"] == "services"
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": "finish"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    subentries = sorted(
        (sub.subentry_type, sub.title, sub.unique_id, dict(sub.data))
        for sub in entry.subentries.values()
        if sub.subentry_type not in (SUBENTRY_CONVERSATION, SUBENTRY_AI_TASK)
    )
    assert subentries == [
        (
            ServiceKind.RADARR,
            "Radarr 4K",
            f"radarr:{radarr.url}",
            {CONF_URL: radarr.url, CONF_API_KEY: radarr.api_key, CONF_VERIFY_SSL: True},
        ),
        (
            ServiceKind.RADARR,
            "Radarr HD",
            f"radarr:{radarr_hd.url}",
            {
                CONF_URL: radarr_hd.url,
                CONF_API_KEY: radarr_hd.api_key,
                CONF_VERIFY_SSL: True,
            },
        ),
        (
            ServiceKind.SABNZBD,
            "SABnzbd",
            f"sabnzbd:{real_sabnzbd.url}",
            {
                CONF_URL: real_sabnzbd.url,
                CONF_API_KEY: real_sabnzbd.api_key,
                CONF_VERIFY_SSL: True,
            },
        ),
        (
            ServiceKind.SONARR,
            "Sonarr",
            f"sonarr:{sonarr.url}",
            {CONF_URL: sonarr.url, CONF_API_KEY: sonarr.api_key, CONF_VERIFY_SSL: True},
        ),
    ]


@pytest.mark.sabnzbd
async def test_sabnzbd_keys_and_mixups(
    hass: HomeAssistant,
    ollama: OllamaServer,
    sonarr: SonarrSimulator,
    real_sabnzbd: RealSabnzbd,
) -> None:
    """Only SABnzbd's API key is accepted, and only SABnzbd is taken for it."""
    flow_id = await services_menu(hass, ollama)
    # SABnzbd given as Sonarr.
    result = await add_in_hub(
        hass,
        flow_id,
        ServiceKind.SONARR,
        form("TV", real_sabnzbd.url, real_sabnzbd.api_key),
    )
    assert result["errors"] == {"base": "wrong_app"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", sonarr.url, sonarr.api_key)
    )
    # Sonarr given as SABnzbd.
    result = await add_in_hub(
        hass, flow_id, ServiceKind.SABNZBD, form("SABnzbd", sonarr.url, sonarr.api_key)
    )
    assert result["errors"] == {"base": "wrong_app"}
    # Its NZB key (enough for its version) and a wrong key.
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("SABnzbd", real_sabnzbd.url, real_sabnzbd.nzb_key)
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("SABnzbd", real_sabnzbd.url, WRONG_KEY)
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("SABnzbd", refusing_url(), real_sabnzbd.api_key)
    )
    assert result["errors"] == {"base": "cannot_connect"}
    # SABnzbd also serves its API below its URL base.
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("SABnzbd", real_sabnzbd.url_with_base, real_sabnzbd.api_key)
    )
    assert result["step_id"] == "services"


FAULTS = [
    (FaultKind.UNAUTHORIZED, "invalid_auth"),
    (FaultKind.WRONG_APP, "wrong_app"),
    (FaultKind.HTML_PAGE, "wrong_app"),
    (FaultKind.NOT_FOUND, "wrong_app"),
    (FaultKind.SERVER_ERROR, "api_error"),
    (FaultKind.MALFORMED_JSON, "invalid_response"),
    (FaultKind.DISCONNECT, "cannot_connect"),
]


@pytest.mark.parametrize(("fault", "error"), FAULTS)
async def test_hub_service_faults(
    hass: HomeAssistant,
    ollama: OllamaServer,
    sonarr: SonarrSimulator,
    fault: FaultKind,
    error: str,
) -> None:
    """Each way Sonarr can fail shows its own error, keeping the input."""
    sonarr.inject_fault(fault, path="system/status")
    flow_id = await services_menu(hass, ollama)
    result = await add_in_hub(
        hass, flow_id, ServiceKind.SONARR, form("TV", sonarr.url, sonarr.api_key)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert suggested(result, CONF_NAME) == "TV"
    assert suggested(result, CONF_URL) == sonarr.url
    if error == "api_error":
        assert "Simulated failure" in result["description_placeholders"]["error"]
    # Once the fault is gone, the same input works.
    sonarr.clear_faults()
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", sonarr.url, sonarr.api_key)
    )
    assert result["step_id"] == "services"


async def test_hub_service_wrong_key_timeout_and_url(
    hass: HomeAssistant,
    ollama: OllamaServer,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    fast_timeouts: Callable[[float], None],
) -> None:
    """Wrong key, another application, a slow server and a bad URL."""
    flow_id = await services_menu(hass, ollama)
    result = await add_in_hub(
        hass, flow_id, ServiceKind.SONARR, form("TV", sonarr.url, WRONG_KEY)
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", radarr.url, radarr.api_key)
    )
    assert result["errors"] == {"base": "wrong_app"}
    fast_timeouts(0.2)
    sonarr.inject_fault(FaultKind.LATENCY, delay=2, times=1)
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", sonarr.url, sonarr.api_key)
    )
    assert result["errors"] == {"base": "timeout"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", "sonarr.local:8989", sonarr.api_key)
    )
    assert result["errors"] == {CONF_URL: "invalid_url"}


async def test_hub_service_tls(
    hass: HomeAssistant, ollama: OllamaServer, https_sonarr: SonarrSimulator
) -> None:
    """A self-signed certificate: ssl_error, unless verification is turned off."""
    flow_id = await services_menu(hass, ollama)
    result = await add_in_hub(
        hass,
        flow_id,
        ServiceKind.SONARR,
        form("TV", https_sonarr.url, https_sonarr.api_key),
    )
    assert result["errors"] == {"base": "ssl_error"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", https_sonarr.url, https_sonarr.api_key, verify_ssl=False)
    )
    assert result["step_id"] == "services"


async def test_unexpected_error(
    hass: HomeAssistant, ollama: OllamaServer, sonarr: SonarrSimulator
) -> None:
    """A bug in a client is reported as unknown, not as a crashed flow."""
    flow_id = await services_menu(hass, ollama)
    with patch(
        "custom_components.autoarr.arr.sonarr.SonarrClient.system_status",
        side_effect=RuntimeError("a bug"),
    ):
        result = await add_in_hub(
            hass, flow_id, ServiceKind.SONARR, form("TV", sonarr.url, sonarr.api_key)
        )
    assert result["errors"] == {"base": "unknown"}


# Subentry flows on an existing hub.


async def test_add_subentries(
    hass: HomeAssistant, sonarr: SonarrSimulator, radarr: RadarrSimulator
) -> None:
    """Instances are added to an existing hub; names count up per type."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, "http://127.0.0.1:1", "k", "Sonarr"),
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.SONARR), context={"source": "user"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert suggested(result, CONF_NAME) == "Sonarr 2"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("Sonarr 2", sonarr.url, sonarr.api_key)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Sonarr 2"
    assert result["unique_id"] == f"sonarr:{sonarr.url}"

    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.RADARR), context={"source": "user"}
    )
    assert suggested(result, CONF_NAME) == "Radarr"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("  ", radarr.url, f" {radarr.api_key} ")
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # A blank name falls back to the application's; the key is trimmed.
    assert result["title"] == "Radarr"
    assert result["data"][CONF_API_KEY] == radarr.api_key
    kinds = sorted(sub.subentry_type for sub in entry.subentries.values())
    assert kinds == [ServiceKind.RADARR, ServiceKind.SONARR, ServiceKind.SONARR]


async def test_subentry_duplicate_aborts(
    hass: HomeAssistant, sonarr: SonarrSimulator
) -> None:
    """The same URL for the same type: already_configured."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.SONARR), context={"source": "user"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("Same", f"{sonarr.url}/", sonarr.api_key)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize(("fault", "error"), FAULTS)
async def test_subentry_faults(
    hass: HomeAssistant, sonarr: SonarrSimulator, fault: FaultKind, error: str
) -> None:
    """The subentry flow maps faults like the hub flow and keeps the input."""
    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    sonarr.inject_fault(fault, path="system/status")
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.SONARR), context={"source": "user"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("TV", sonarr.url, sonarr.api_key)
    )
    assert result["errors"] == {"base": error}
    assert suggested(result, CONF_URL) == sonarr.url
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("TV", "nonsense", sonarr.api_key)
    )
    assert result["errors"] == {CONF_URL: "invalid_url"}
    sonarr.clear_faults()
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("TV", sonarr.url, sonarr.api_key)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_reconfigure_subentry(
    hass: HomeAssistant,
    radarr: RadarrSimulator,
    sonarr: SonarrSimulator,
    setup_calls: list[str],
) -> None:
    """Reconfigure shows the current values; an empty key keeps the stored one."""
    old_url = radarr.url.replace("/radarr", "")
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.RADARR, old_url, radarr.api_key, "Radarr"),
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
    )
    entry.add_to_hass(hass)
    subentry = next(
        sub
        for sub in entry.subentries.values()
        if sub.subentry_type == ServiceKind.RADARR
    )
    result = await entry.start_subentry_reconfigure_flow(hass, subentry.subentry_id)
    assert result["step_id"] == "reconfigure"
    assert suggested(result, CONF_NAME) == "Radarr"
    assert suggested(result, CONF_URL) == old_url
    assert suggested(result, CONF_API_KEY) is None

    # The URL without its URL base does not serve the API.
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {CONF_NAME: "Radarr", CONF_URL: old_url, CONF_VERIFY_SSL: True},
    )
    assert result["errors"] == {"base": "wrong_app"}
    # A wrong new key is checked, not stored.
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("Movies", radarr.url, WRONG_KEY)
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Movies",
            CONF_URL: radarr.url,
            CONF_API_KEY: "",
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    subentry = entry.subentries[subentry.subentry_id]
    assert subentry.title == "Movies"
    assert subentry.unique_id == f"radarr:{radarr.url}"
    assert dict(subentry.data) == {
        CONF_URL: radarr.url,
        CONF_API_KEY: radarr.api_key,
        CONF_VERIFY_SSL: True,
    }
    await hass.async_block_till_done()
    assert setup_calls == [entry.entry_id]


async def test_reconfigure_onto_another_instance_aborts(
    hass: HomeAssistant, sonarr: SonarrSimulator
) -> None:
    """Moving an instance onto the URL of another of its type is refused."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
        service_subentry(ServiceKind.SONARR, "http://127.0.0.1:2", "k", "Sonarr 2"),
    )
    entry.add_to_hass(hass)
    second = next(sub for sub in entry.subentries.values() if sub.title == "Sonarr 2")
    result = await entry.start_subentry_reconfigure_flow(hass, second.subentry_id)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("Sonarr 2", sonarr.url, sonarr.api_key)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_loaded_entry_leaves_reload_to_its_listener(
    hass: HomeAssistant, sonarr: SonarrSimulator, setup_calls: list[str]
) -> None:
    """A loaded entry's update listener reloads it; the flow does not reload twice."""
    entry = hub_entry(
        "http://127.0.0.1:9",
        service_subentry(ServiceKind.SONARR, sonarr.url, sonarr.api_key, "Sonarr"),
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    listened: list[str] = []

    async def listener(hass: HomeAssistant, changed: Any) -> None:
        listened.append(changed.entry_id)

    entry.add_update_listener(listener)
    subentry = next(iter(entry.subentries.values()))
    result = await entry.start_subentry_reconfigure_flow(hass, subentry.subentry_id)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("Series", sonarr.url, "")
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert listened == [entry.entry_id]
    assert setup_calls == [entry.entry_id]


async def test_proxy_credentials_stay_in_the_data(
    hass: HomeAssistant, ollama: OllamaServer, sonarr: SonarrSimulator
) -> None:
    """A URL with a proxy's user and password: kept for requests, never shown."""
    with_credentials = sonarr.url.replace("http://", "http://viewer:hunter2@")
    flow_id = await services_menu(hass, ollama)
    result = await add_in_hub(
        hass, flow_id, ServiceKind.SONARR, form("TV", with_credentials, sonarr.api_key)
    )
    assert result["step_id"] == "services"
    assert "hunter2" not in result["description_placeholders"]["services"]
    # The proxy's credentials went along with the check.
    assert sonarr.requests[-1].headers.get("Authorization", "").startswith("Basic ")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"next_step_id": "finish"}
    )
    sonarr_entry = next(
        sub
        for sub in result["result"].subentries.values()
        if sub.subentry_type == ServiceKind.SONARR
    )
    assert sonarr_entry.data[CONF_URL] == with_credentials
    assert sonarr_entry.unique_id == f"sonarr:{sonarr.url}"


async def test_bounds_on_names_and_keys(
    hass: HomeAssistant, ollama: OllamaServer, sonarr: SonarrSimulator
) -> None:
    """A 10 kB name and a key with a line break each get their own form error."""
    flow_id = await services_menu(hass, ollama)
    result = await add_in_hub(
        hass,
        flow_id,
        ServiceKind.SONARR,
        form("N" * 10_000, sonarr.url, sonarr.api_key),
    )
    assert result["errors"] == {CONF_NAME: "name_too_long"}
    broken_key = f"{sonarr.api_key[:8]}\n{sonarr.api_key[8:]}"
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("TV", sonarr.url, broken_key)
    )
    assert result["errors"] == {"base": "invalid_api_key"}
    assert sonarr.requests_to("/api/v3/system/status", "GET") == []
    result = await hass.config_entries.flow.async_configure(
        flow_id, form("T" * 100, sonarr.url, sonarr.api_key)
    )
    assert result["step_id"] == "services"

    entry = hub_entry("http://127.0.0.1:9")
    entry.add_to_hass(hass)
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, ServiceKind.SONARR), context={"source": "user"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form("N" * 101, sonarr.url, sonarr.api_key)
    )
    assert result["errors"] == {CONF_NAME: "name_too_long"}
