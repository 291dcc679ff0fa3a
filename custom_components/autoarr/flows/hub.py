"""The hub's config flow: language models first, then services.

One hub entry per Home Assistant holds the language models (Ollama and
Anthropic, each optional: a hub without a model runs its services, actions
and instant answers). Every Sonarr, Radarr and SABnzbd instance is a config
subentry of it, and so is every agent (`conversation`, `ai_task_data`). The
hub's first flow sets the models, offers to download a missing Ollama model,
then lets the user add services before it finishes. The hub's reconfigure
flow (the place Home Assistant gives for changing an entry's connection
data) adds, changes or removes the models later.

Reloading: this module changes entries (reauth, reconfigure, subentries) and
leaves the reload to the entry's update listener, which `async_setup_entry`
registers; when the entry has none (it is not loaded, for instance because
its setup failed on a rejected key) the flow schedules the reload itself.

Reauthentication: a coordinator that sees a service reject its key raises
`ConfigEntryAuthFailed`, which starts the hub's reauth flow. It may start the
flow itself first with `entry.async_start_reauth(hass, data={
REAUTH_SUBENTRY_ID: subentry_id})` to name the service; either way the flow
probes every service (and the Anthropic key) with its stored key and asks for
a new key for each one rejected, the named one first.
"""

from __future__ import annotations

from functools import partial
import logging
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryData,
    ConfigSubentryFlow,
)
from homeassistant.const import CONF_NAME, CONF_URL
from homeassistant.core import callback

from custom_components.autoarr.arr.errors import ArrInvalidURLError
from custom_components.autoarr.arr.kinds import SPECS, spec_of
from custom_components.autoarr.const import (
    DOMAIN,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from custom_components.autoarr.migrations import (
    ENTRY_MINOR_VERSION,
    ENTRY_VERSION,
    default_agent_subentries,
    hub_title,
)
from custom_components.autoarr.validation import display_url

from .agent import AgentSubentryFlow
from .common import (
    EXAMPLE_URL,
    STEP_FINISH,
    NameTooLongError,
    ServiceInput,
    next_service_name,
    service_schema,
)
from .models import HubModelSteps
from .pull import ModelPull
from .reauth import HubReauthSteps
from .service import ServiceSubentryFlow

_LOGGER = logging.getLogger(__name__)


class AutoArrConfigFlow(HubModelSteps, HubReauthSteps, domain=DOMAIN):
    """Set up the AutoArr hub: language models first, then services."""

    # 1: services kept in entry.data as lists (see migrate_v1).
    # 2: services and agents as config subentries.
    VERSION = ENTRY_VERSION
    MINOR_VERSION = ENTRY_MINOR_VERSION

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._hub: dict[str, Any] = {}
        self._ollama_models: list[str] = []
        self._openai_models: list[str] = []
        self._anthropic_models: list[str] = []
        self._pull: ModelPull | None = None
        self._services: list[ConfigSubentryData] = []
        self._reauth_queue: list[str] = []
        self._reauth_keys: dict[str, dict[str, str]] = {}

    @classmethod
    @callback
    @override
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Return the subentry types the hub accepts."""
        return {
            **dict.fromkeys(SPECS, ServiceSubentryFlow),
            SUBENTRY_CONVERSATION: AgentSubentryFlow,
            SUBENTRY_AI_TASK: AgentSubentryFlow,
        }

    # The services added while setting up the hub.

    async def async_step_services(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer to add services, or to finish."""
        added = (
            "\n".join(
                f"- {service['title']} ({spec_of(service['subentry_type']).name}): "
                f"{display_url(service['data'][CONF_URL])}"
                for service in self._services
            )
            or "-"
        )
        return self.async_show_menu(
            step_id="services",
            menu_options=[*SPECS, STEP_FINISH],
            description_placeholders={"services": added},
        )

    def __getattr__(self, name: str) -> Any:
        """Return the step adding a service of a kind: `async_step_<kind>`.

        The services menu offers every kind of the registry; each choice is
        this one generic step, so a new kind needs no step of its own.
        """
        kind = name.removeprefix("async_step_")
        if kind != name and kind in SPECS:
            return partial(self._async_step_service, kind)
        raise AttributeError(name)

    async def _async_step_service(
        self, kind: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                service = ServiceInput.parse(kind, user_input)
            except ArrInvalidURLError:
                errors[CONF_URL] = "invalid_url"
            except NameTooLongError:
                errors[CONF_NAME] = "name_too_long"
            else:
                if any(s["unique_id"] == service.unique_id for s in self._services):
                    errors[CONF_URL] = "already_configured"
                else:
                    errors, placeholders = await service.async_check(self.hass)
                if not errors:
                    self._services.append(service.as_subentry())
                    return await self.async_step_services()
        suggested = user_input or {
            CONF_NAME: next_service_name(
                kind, [service["title"] for service in self._services]
            )
        }
        return self.async_show_form(
            step_id=kind,
            data_schema=self.add_suggested_values_to_schema(
                service_schema(kind, secrets_required=True), suggested
            ),
            errors=errors,
            description_placeholders={
                **placeholders,
                EXAMPLE_URL: spec_of(kind).example_url,
            },
        )

    async def async_step_finish(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Create the hub with its services and default agents."""
        return self.async_create_entry(
            title=hub_title(s["data"][CONF_URL] for s in self._services),
            data=self._hub,
            subentries=[*self._services, *default_agent_subentries()],
        )
