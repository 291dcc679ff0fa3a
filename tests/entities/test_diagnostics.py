"""Diagnostics: everything useful, no secret anywhere."""

from __future__ import annotations

from datetime import date, timedelta
import json

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from custom_components.autoarr.arr.kinds import ServiceKind
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
)
from custom_components.autoarr.diagnostics import (
    _jsonable,
    async_get_config_entry_diagnostics,
    async_get_device_diagnostics,
    redact_url,
)
from tests.support.arr_sim import RadarrSimulator, SonarrSimulator, start_simulator
from tests.support.sabnzbd import RealSabnzbd

from .conftest import (
    SetupEntry,
    radarr_subentry,
    sabnzbd_subentry,
    service_subentry,
    sonarr_subentry,
)

ANTHROPIC_KEY = "test-anthropic-key-0123456789abcdef"
OLLAMA_PASSWORD = "ollama-proxy-password-42"


async def test_no_secret_in_diagnostics(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
    sabnzbd: RealSabnzbd,
) -> None:
    """API keys, the Anthropic key and URL credentials are all redacted."""
    entry = await setup_entry(
        sonarr_subentry(sonarr),
        radarr_subentry(radarr),
        sabnzbd_subentry(sabnzbd),
        data={
            CONF_OLLAMA_URL: f"http://proxy:{OLLAMA_PASSWORD}@127.0.0.1:9/ollama",
            CONF_OLLAMA_MODEL: "qwen2.5:7b",
            CONF_ANTHROPIC_API_KEY: ANTHROPIC_KEY,
            CONF_ANTHROPIC_MODEL: "claude-sonnet-5-5",
        },
    )
    # An error message quoting a key must be scrubbed as well.
    runtime = next(iter(entry.runtime_data.services.values()))
    runtime.availability.last_error = f"echoed {sonarr.api_key} back"

    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = json.dumps(diagnostics)
    for secret in (
        sonarr.api_key,
        radarr.api_key,
        sabnzbd.api_key,
        sabnzbd.nzb_key,
        ANTHROPIC_KEY,
        OLLAMA_PASSWORD,
    ):
        assert secret not in text

    assert diagnostics["entry"]["data"][CONF_ANTHROPIC_API_KEY] == "**REDACTED**"
    assert diagnostics["entry"]["data"][CONF_OLLAMA_URL] == (
        "http://127.0.0.1:9/ollama"
    )
    assert diagnostics["llm"]["model"] == "qwen2.5:7b"
    services = diagnostics["services"]
    assert {service["kind"] for service in services.values()} == {
        "sonarr",
        "radarr",
        "sabnzbd",
    }
    sonarr_diag = next(s for s in services.values() if s["kind"] == "sonarr")
    assert sonarr_diag["available"] is True
    library = sonarr_diag["coordinators"]["library"]
    assert library["last_update_success"] is True
    assert library["data"]["status"]["version"] == sonarr.state.version
    assert library["update_interval"] == 300.0


async def test_diagnostics_of_a_failing_service(
    hass: HomeAssistant, setup_entry: SetupEntry, sonarr: SonarrSimulator
) -> None:
    """A service that failed shows its error, with the key scrubbed."""
    async with start_simulator(
        "radarr", api_key="other-key-0123456789abcdef"
    ) as radarr:
        entry = await setup_entry(
            sonarr_subentry(sonarr),
            service_subentry(
                "radarr", "Radarr", radarr.url, "wrong-key-abcdef0123456789"
            ),
        )
        diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = json.dumps(diagnostics)
    assert "wrong-key-abcdef0123456789" not in text
    radarr_diag = next(
        s for s in diagnostics["services"].values() if s["kind"] == "radarr"
    )
    queue = radarr_diag["coordinators"]["queue"]
    assert queue["last_update_success"] is False
    assert "ConfigEntryAuthFailed" in queue["last_exception"]
    assert queue["data"] is None


def test_redact_url() -> None:
    """Credentials, queries and fragments go; plain text stays."""
    assert redact_url("https://u:p@host:8989/sonarr?apikey=x#f") == (
        "https://host:8989/sonarr"
    )
    assert redact_url("not a url") == "not a url"


def test_redact_unparsable_url() -> None:
    """A URL that cannot be parsed is redacted whole (it may hold a secret)."""
    assert redact_url("http://user:secret@[::1") == "**REDACTED**"


def test_jsonable_values() -> None:
    """Dates, durations, enums and unknown objects become JSON values."""
    value = {
        "day": date(2026, 11, 20),
        "span": timedelta(minutes=2),
        "kind": ServiceKind.SABNZBD,
        "set": frozenset({1}),
        "other": object,
    }
    assert _jsonable(value) == {
        "day": "2026-11-20",
        "span": 120.0,
        "kind": "sabnzbd",
        "set": [1],
        "other": "<class 'object'>",
    }


async def test_device_diagnostics(
    hass: HomeAssistant,
    setup_entry: SetupEntry,
    sonarr: SonarrSimulator,
    radarr: RadarrSimulator,
) -> None:
    """Each service device has its own diagnostics; the hub's are the entry's."""
    entry = await setup_entry(sonarr_subentry(sonarr), radarr_subentry(radarr))
    registry = dr.async_get(hass)
    by_name = {
        device.name: device
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
    }
    sonarr_diag = await async_get_device_diagnostics(hass, entry, by_name["Sonarr"])
    assert sonarr_diag["service"]["kind"] == "sonarr"
    assert sonarr_diag["service"]["available"] is True
    assert sonarr_diag["subentry"]["api_key"] == "**REDACTED**"
    assert "entry" not in sonarr_diag
    radarr_diag = await async_get_device_diagnostics(hass, entry, by_name["Radarr"])
    assert radarr_diag["service"]["kind"] == "radarr"
    hub = await async_get_device_diagnostics(hass, entry, by_name["AutoArr"])
    assert "service" not in hub
    assert hub["entry"]["llm"]["model"] == "qwen2.5:7b"
    text = json.dumps([sonarr_diag, radarr_diag, hub])
    assert sonarr.api_key not in text
    assert radarr.api_key not in text
