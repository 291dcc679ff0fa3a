"""Diagnostics for AutoArr: settings, service states and the model chain.

Every secret is redacted: API keys by key name, credentials and query
strings out of every URL, and finally any secret value wherever it might
still appear (an error message quoting a URL, a prompt quoting a key).
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date, datetime, timedelta
from enum import Enum
import json
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_API_KEY, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceEntry
from yarl import URL

from .arr.errors import REDACTED as ARR_REDACTED, redact
from .const import CONF_ANTHROPIC_API_KEY, DOMAIN
from .data import AutoArrConfigEntry, ServiceRuntime
from .llm_providers.base import LLMProvider

TO_REDACT = {CONF_API_KEY, CONF_ANTHROPIC_API_KEY, CONF_PASSWORD, CONF_USERNAME}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AutoArrConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry, with every secret redacted."""
    secrets = _secrets(entry)
    runtime = entry.runtime_data
    diagnostics = {
        "entry": {
            "title": entry.title,
            "version": f"{entry.version}.{entry.minor_version}",
            "state": entry.state.value,
            "data": _redact_urls(async_redact_data(dict(entry.data), TO_REDACT)),
            "options": _redact_urls(async_redact_data(dict(entry.options), TO_REDACT)),
        },
        "subentries": {
            subentry.subentry_id: {
                "title": subentry.title,
                "subentry_type": subentry.subentry_type,
                "data": _redact_urls(async_redact_data(dict(subentry.data), TO_REDACT)),
            }
            for subentry in entry.subentries.values()
        },
        "llm": _llm(runtime.llm),
        # The chains of agents with model options of their own.
        "agent_llms": [_llm(chain) for chain in runtime.agent_llms.values()],
        "services": {
            service_id: _service(service)
            for service_id, service in runtime.services.items()
        },
    }
    scrubbed: dict[str, Any] = _scrub(_jsonable(diagnostics), secrets)
    return scrubbed


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: AutoArrConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """Return the diagnostics of one device: a service instance, or the hub."""
    ids = {identifier for domain, identifier in device.identifiers if domain == DOMAIN}
    runtime = entry.runtime_data
    found: dict[str, Any] = {"device": {"name": device.name, "model": device.model}}
    for service_id, service in runtime.services.items():
        if service.subentry_id in ids:
            found["service"] = {"id": service_id, **_service(service)}
            subentry = entry.subentries.get(service.subentry_id)
            if subentry is not None:
                found["subentry"] = _redact_urls(
                    async_redact_data(dict(subentry.data), TO_REDACT)
                )
            break
    else:
        # The hub or an agent: the entry's diagnostics tell it all.
        found["entry"] = await async_get_config_entry_diagnostics(hass, entry)
    scrubbed: dict[str, Any] = _scrub(_jsonable(found), _secrets(entry))
    return scrubbed


def _llm(llm: LLMProvider | None) -> dict[str, Any] | None:
    """Return the model chain's state; None when the hub has no model."""
    if llm is None:
        return None
    return {
        "type": type(llm).__name__,
        "name": llm.name,
        "model": llm.model,
        "last_provider": getattr(llm, "last_provider", None),
    }


def _service(runtime: ServiceRuntime) -> dict[str, Any]:
    coordinators = runtime.coordinators()
    return {
        "kind": str(runtime.kind),
        "name": runtime.name,
        "url": redact_url(runtime.url),
        "available": runtime.availability.available,
        "unavailable_since": runtime.availability.unavailable_since,
        "last_error": runtime.availability.last_error,
        "coordinators": {
            role: {
                "last_update_success": coordinator.last_update_success,
                "update_interval": coordinator.update_interval,
                "last_exception": (
                    repr(coordinator.last_exception)
                    if coordinator.last_exception
                    else None
                ),
                "data": coordinator.data,
            }
            for role, coordinator in coordinators.items()
        },
    }


def redact_url(url: str) -> str:
    """Return a URL without credentials, query or fragment."""
    try:
        parsed = URL(url)
    except ValueError:
        return REDACTED
    if not parsed.absolute:
        return url
    parsed = parsed.with_query(None).with_fragment(None)
    if parsed.user or parsed.password:
        parsed = parsed.with_user(None)
    return str(parsed)


def _redact_urls(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: redact_url(value)
        if isinstance(value, str) and key.endswith("url")
        else value
        for key, value in data.items()
    }


def _secrets(entry: AutoArrConfigEntry) -> set[str]:
    """Return every secret value of the entry and its subentries."""
    found: set[str] = set()
    sources = [entry.data, *(subentry.data for subentry in entry.subentries.values())]
    for data in sources:
        for key, value in data.items():
            if not isinstance(value, str) or not value:
                continue
            if key in TO_REDACT:
                found.add(value)
            elif key.endswith("url"):
                parsed = URL(value)
                found.update(part for part in (parsed.password,) if part)
                found.update(value for _, value in parsed.query.items() if value)
    # Too short to search for without redacting unrelated text.
    return {secret for secret in found if len(secret) >= 6}


def _jsonable(value: Any) -> Any:
    """Turn dataclasses, datetimes and the like into JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return _jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _scrub(value: Any, secrets: set[str]) -> Any:
    """Replace any secret left anywhere in the (JSON-ready) diagnostics."""
    text = redact(json.dumps(value), *(json.dumps(secret)[1:-1] for secret in secrets))
    return json.loads(text.replace(ARR_REDACTED, REDACTED))
