"""What the config flows share: names, forms and a service as typed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentryData
from homeassistant.const import CONF_NAME, CONF_URL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from custom_components.autoarr.arr.kinds import spec_of
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_OLLAMA_URL,
    CONF_OPENAI_API_KEY,
    CONF_OPENAI_URL,
)
from custom_components.autoarr.service_kinds import (
    credential_fields,
    credentials_from_input,
    support_of,
)
from custom_components.autoarr.validation import (
    async_check_service,
    normalize_url,
    service_unique_id,
)

# Example addresses the forms show (as placeholders: strings hold no URLs).
# (A service kind's example is its spec's example_url.)
OLLAMA_EXAMPLE_URL: Final = "http://192.168.1.10:11434"
EXAMPLE_URL: Final = "example_url"
# The hub's reauth queue holds service subentry ids and these markers for the
# hub's own keys (Anthropic's, the OpenAI-compatible server's).
REAUTH_ANTHROPIC: Final = "anthropic"
REAUTH_OPENAI: Final = "openai_compat"
OPENAI_EXAMPLE_URL: Final = "http://192.168.1.10:8080/v1"
# Menu option of the hub's service menu that creates the entry.
STEP_FINISH: Final = "finish"
# The longest name an instance or an agent may have (it names devices and
# entities).
MAX_NAME_LENGTH: Final = 100


class NameTooLongError(ValueError):
    """A name longer than MAX_NAME_LENGTH."""


@dataclass(frozen=True, slots=True)
class ServiceInput:
    """A service instance as the user entered it, normalized."""

    kind: str
    title: str
    url: str
    # The subentry's credential fields for the kind's auth (an API key; a
    # user name and password; none).
    credentials: dict[str, str]
    verify_ssl: bool

    @classmethod
    def parse(
        cls,
        kind: str,
        user_input: Mapping[str, Any],
        current: Mapping[str, Any] | None = None,
    ) -> ServiceInput:
        """Normalize a service form; an empty secret keeps `current`'s.

        Raises ArrInvalidURLError when the URL is not an http(s) URL, and
        NameTooLongError for a name longer than MAX_NAME_LENGTH.
        """
        if len(user_input[CONF_NAME].strip()) > MAX_NAME_LENGTH:
            raise NameTooLongError
        return cls(
            kind=kind,
            title=user_input[CONF_NAME].strip() or spec_of(kind).name,
            url=normalize_url(user_input[CONF_URL]),
            credentials=credentials_from_input(kind, user_input, current),
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
            **self.credentials,
            CONF_VERIFY_SSL: self.verify_ssl,
        }

    def as_subentry(self) -> ConfigSubentryData:
        """Return the subentry to create with the hub (with its kind's extras)."""
        return ConfigSubentryData(
            subentry_type=self.kind,
            title=self.title,
            unique_id=self.unique_id,
            data={**self.data, **support_of(self.kind).extra_data(None)},
        )

    async def async_check(
        self, hass: HomeAssistant
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Validate the service live; return the form's errors and placeholders."""
        return await async_check_service(hass, self.kind, self.data)


def credential_schema(
    kind: str, *, secrets_required: bool, secrets_only: bool = False
) -> dict[Any, Any]:
    """Return the form fields of a kind's credentials.

    Secrets are password fields, optional unless `secrets_required` (an
    empty one keeps the stored value); `secrets_only` leaves out the others
    (a reauthentication asks only for what was rejected).
    """
    schema: dict[Any, Any] = {}
    for field in credential_fields(kind):
        if field.secret:
            marker = probatio.Required if secrets_required else probatio.Optional
            schema[marker(field.key)] = TextSelector(
                TextSelectorConfig(type=TextSelectorType.PASSWORD)
            )
        elif not secrets_only:
            schema[probatio.Required(field.key)] = TextSelector()
    return schema


def service_schema(kind: str, *, secrets_required: bool) -> probatio.Schema:
    """Return the form of a service instance (name, URL, credentials, TLS)."""
    return probatio.Schema(
        {
            # pylint: disable-next=home-assistant-config-flow-name-field
            probatio.Required(CONF_NAME): TextSelector(),
            probatio.Required(CONF_URL): TextSelector(
                TextSelectorConfig(type=TextSelectorType.URL)
            ),
            **credential_schema(kind, secrets_required=secrets_required),
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
        probatio.Optional(CONF_OLLAMA_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        ),
        probatio.Optional(CONF_OPENAI_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        ),
        probatio.Optional(CONF_OPENAI_API_KEY): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
        probatio.Optional(CONF_ANTHROPIC_API_KEY): TextSelector(
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
REAUTH_OPENAI_SCHEMA: Final = probatio.Schema(
    {
        probatio.Required(CONF_OPENAI_API_KEY): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)
REAUTH_SELECT_FIELD: Final = "target"
