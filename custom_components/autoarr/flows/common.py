"""What the config flows share: names, forms and a service as typed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentryData
from homeassistant.const import CONF_API_KEY, CONF_NAME, CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from custom_components.autoarr.arr.kinds import spec_of
from custom_components.autoarr.const import CONF_ANTHROPIC_API_KEY, CONF_OLLAMA_URL
from custom_components.autoarr.validation import (
    async_check_service,
    normalize_url,
    service_unique_id,
)

HUB_TITLE: Final = "AutoArr"
# Example addresses the forms show (as placeholders: strings hold no URLs).
# (A service kind's example is its spec's example_url.)
OLLAMA_EXAMPLE_URL: Final = "http://192.168.1.10:11434"
EXAMPLE_URL: Final = "example_url"
# The hub's reauth queue holds service subentry ids and this marker for the
# hub's own Anthropic key.
REAUTH_ANTHROPIC: Final = "anthropic"
# Menu option of the hub's service menu that creates the entry.
STEP_FINISH: Final = "finish"


@dataclass(frozen=True, slots=True)
class ServiceInput:
    """A service instance as the user entered it, normalized."""

    kind: str
    title: str
    url: str
    api_key: str
    verify_ssl: bool

    @classmethod
    def parse(
        cls, kind: str, user_input: Mapping[str, Any], current_key: str | None = None
    ) -> ServiceInput:
        """Normalize a service form; an empty key means `current_key`.

        Raises ArrInvalidURLError when the URL is not an http(s) URL.
        """
        api_key = (user_input.get(CONF_API_KEY) or "").strip() or current_key or ""
        return cls(
            kind=kind,
            title=user_input[CONF_NAME].strip() or spec_of(kind).name,
            url=normalize_url(user_input[CONF_URL]),
            api_key=api_key,
            verify_ssl=user_input[CONF_VERIFY_SSL],
        )

    @property
    def unique_id(self) -> str:
        """Return the subentry's unique id (one per type and URL)."""
        return service_unique_id(self.kind, self.url)

    @property
    def data(self) -> dict[str, Any]:
        """Return the subentry's data."""
        return {
            CONF_URL: self.url,
            CONF_API_KEY: self.api_key,
            CONF_VERIFY_SSL: self.verify_ssl,
        }

    def as_subentry(self) -> ConfigSubentryData:
        """Return the subentry to create with the hub."""
        return ConfigSubentryData(
            subentry_type=self.kind,
            title=self.title,
            unique_id=self.unique_id,
            data=self.data,
        )

    async def async_check(
        self, hass: HomeAssistant
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Validate the service live; return the form's errors and placeholders."""
        return await async_check_service(hass, self.kind, self.data)


def service_schema(*, key_required: bool) -> probatio.Schema:
    """Return the form of a service instance (name, URL, key, TLS check)."""
    key_marker = probatio.Required if key_required else probatio.Optional
    return probatio.Schema(
        {
            # pylint: disable-next=home-assistant-config-flow-name-field
            probatio.Required(CONF_NAME): TextSelector(),
            probatio.Required(CONF_URL): TextSelector(
                TextSelectorConfig(type=TextSelectorType.URL)
            ),
            key_marker(CONF_API_KEY): TextSelector(
                TextSelectorConfig(type=TextSelectorType.PASSWORD)
            ),
            probatio.Required(CONF_VERIFY_SSL, default=True): BooleanSelector(),
        }
    )


def next_service_name(kind: str, taken: Sequence[str]) -> str:
    """Return a name for a new instance: "Radarr", then "Radarr 2"..."""
    base = spec_of(kind).name
    if base not in taken:
        return base
    number = 2
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


@callback
def async_finish_entry_change(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Reload an entry whose data a flow changed, unless its listener will."""
    if not entry.update_listeners:
        hass.config_entries.async_schedule_reload(entry.entry_id)


LLM_SCHEMA: Final = probatio.Schema(
    {
        probatio.Required(CONF_OLLAMA_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        ),
        probatio.Optional(CONF_ANTHROPIC_API_KEY): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)
REAUTH_SERVICE_SCHEMA: Final = probatio.Schema(
    {
        probatio.Required(CONF_API_KEY): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)
REAUTH_ANTHROPIC_SCHEMA: Final = probatio.Schema(
    {
        probatio.Required(CONF_ANTHROPIC_API_KEY): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)
REAUTH_SELECT_FIELD: Final = "target"
