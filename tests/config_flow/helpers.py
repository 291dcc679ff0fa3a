"""Helpers the config flow tests share."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant

from custom_components.autoarr.const import CONF_OLLAMA_URL, DOMAIN


def suggested(result: Any, field: str) -> Any:
    """Return the value a form suggests for a field."""
    for marker in result["data_schema"].schema:
        if str(marker) == field:
            return (marker.description or {}).get("suggested_value")
    raise AssertionError(f"the form has no field {field}")


def select_options(result: Any, field: str) -> list[Any]:
    """Return the options a form's select field offers."""
    for marker, selector in result["data_schema"].schema.items():
        if str(marker) == field:
            return list(selector.config["options"])
    raise AssertionError(f"the form has no field {field}")


async def start(hass: HomeAssistant) -> Any:
    """Start the hub flow."""
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )


async def connect(hass: HomeAssistant, url: str, **extra: Any) -> Any:
    """Start the hub flow and submit the first step."""
    result = await start(hass)
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_OLLAMA_URL: url, **extra}
    )
