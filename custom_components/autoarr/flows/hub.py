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

import asyncio
from collections.abc import Mapping
from functools import partial
import logging
from typing import Any, override

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryData,
    ConfigSubentryFlow,
)
from homeassistant.const import CONF_NAME, CONF_URL
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN, callback
from homeassistant.helpers.selector import SelectSelector, SelectSelectorConfig
import probatio

from custom_components.autoarr import validation
from custom_components.autoarr.arr.errors import ArrInvalidURLError
from custom_components.autoarr.arr.kinds import SPECS, spec_of
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    DOMAIN,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from custom_components.autoarr.llm_providers.errors import LLMError
from custom_components.autoarr.migrations import (
    ENTRY_MINOR_VERSION,
    ENTRY_VERSION,
    default_agent_subentries,
    llm_defaults,
)
from custom_components.autoarr.model_runtime import configured_providers
from custom_components.autoarr.validation import display_url, normalize_url

from .agent import AgentSubentryFlow
from .common import (
    EXAMPLE_URL,
    HUB_TITLE,
    LLM_SCHEMA,
    OLLAMA_EXAMPLE_URL,
    STEP_FINISH,
    NameTooLongError,
    ServiceInput,
    async_finish_entry_change,
    next_service_name,
    service_schema,
)
from .providers import (
    anthropic_model_alias,
    async_create_anthropic,
    async_list_models,
    create_ollama,
    ollama_model_name,
)
from .reauth import HubReauthSteps
from .service import ServiceSubentryFlow

_LOGGER = logging.getLogger(__name__)


class AutoArrConfigFlow(HubReauthSteps, domain=DOMAIN):
    """Set up the AutoArr hub: language models first, then services."""

    # 1: services kept in entry.data as lists (see migrate_v1).
    # 2: services and agents as config subentries.
    VERSION = ENTRY_VERSION
    MINOR_VERSION = ENTRY_MINOR_VERSION

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._hub: dict[str, Any] = {}
        self._ollama_models: list[str] = []
        self._anthropic_models: list[str] = []
        self._pull_model = ""
        self._pull_task: asyncio.Task[None] | None = None
        self._pull_percent = -1
        self._pull_error = ""
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

    # The language models: user / reconfigure, models, download.

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the language models, all optional: none is needed."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        defaults = llm_defaults()
        if not self._hub:
            self._hub = {
                CONF_OLLAMA_MODEL: defaults[CONF_OLLAMA_MODEL],
                CONF_ANTHROPIC_MODEL: defaults[CONF_ANTHROPIC_MODEL],
            }
        return await self._async_step_connect("user", user_input, {})

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the language models of the hub."""
        entry = self._get_reconfigure_entry()
        if not self._hub:
            self._hub = dict(entry.data)
        return await self._async_step_connect("reconfigure", user_input, entry.data)

    async def _async_step_connect(
        self,
        step_id: str,
        user_input: dict[str, Any] | None,
        suggested: Mapping[str, Any],
    ) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = await self._async_connect(user_input)
            if not errors:
                if not configured_providers(self._hub):
                    # No model: the hub runs its services alone.
                    return await self._async_models_chosen()
                return await self.async_step_models()
            suggested = user_input
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(LLM_SCHEMA, suggested),
            errors=errors,
            description_placeholders={EXAMPLE_URL: OLLAMA_EXAMPLE_URL},
        )

    async def _async_connect(self, user_input: dict[str, Any]) -> dict[str, str]:
        """Reach the models given; keep their model lists, or return errors.

        Every field is optional: a model left out is one the hub has not.
        """
        errors: dict[str, str] = {}
        url = ""
        try:
            if raw_url := (user_input.get(CONF_OLLAMA_URL) or "").strip():
                url = normalize_url(raw_url)
        except ArrInvalidURLError:
            errors[CONF_OLLAMA_URL] = "invalid_url"
        else:
            ollama = create_ollama(self.hass, url) if url else None
            if ollama and (
                error := await async_list_models(ollama, self._ollama_models)
            ):
                errors[CONF_OLLAMA_URL] = error
        api_key = (user_input.get(CONF_ANTHROPIC_API_KEY) or "").strip()
        if api_key:
            anthropic = await async_create_anthropic(self.hass, api_key)
            if error := await async_list_models(anthropic, self._anthropic_models):
                errors[CONF_ANTHROPIC_API_KEY] = error
        if errors:
            return errors
        if url:
            self._hub[CONF_OLLAMA_URL] = url
        else:
            self._hub.pop(CONF_OLLAMA_URL, None)
            self._hub.pop(CONF_OLLAMA_MODEL, None)
        if api_key:
            self._hub[CONF_ANTHROPIC_API_KEY] = api_key
        else:
            self._hub.pop(CONF_ANTHROPIC_API_KEY, None)
            self._hub.pop(CONF_ANTHROPIC_MODEL, None)
        return {}

    async def async_step_models(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the models, among those the servers offer or any other."""
        has_ollama = CONF_OLLAMA_URL in self._hub
        has_anthropic = CONF_ANTHROPIC_API_KEY in self._hub
        schema: dict[Any, Any] = {}
        if has_ollama:
            schema[probatio.Required(CONF_OLLAMA_MODEL)] = SelectSelector(
                SelectSelectorConfig(
                    options=self._ollama_models, custom_value=True, sort=True
                )
            )
        if has_anthropic:
            schema[probatio.Required(CONF_ANTHROPIC_MODEL)] = SelectSelector(
                SelectSelectorConfig(
                    options=self._anthropic_models, custom_value=True, sort=True
                )
            )
        errors: dict[str, str] = {}
        if user_input is not None:
            anthropic_model = (user_input.get(CONF_ANTHROPIC_MODEL) or "").strip()
            if has_anthropic and not self._anthropic_model_known(anthropic_model):
                errors[CONF_ANTHROPIC_MODEL] = "model_not_found"
            if not errors:
                if has_anthropic:
                    self._hub[CONF_ANTHROPIC_MODEL] = anthropic_model
                if not has_ollama:
                    return await self._async_models_chosen()
                ollama_model = ollama_model_name(user_input[CONF_OLLAMA_MODEL])
                self._hub[CONF_OLLAMA_MODEL] = ollama_model
                installed = {ollama_model_name(name) for name in self._ollama_models}
                if ollama_model not in installed:
                    self._pull_model = ollama_model
                    return await self.async_step_pull_model()
                return await self._async_check_tools()
        suggested = user_input or {
            CONF_OLLAMA_MODEL: self._hub.get(CONF_OLLAMA_MODEL),
            CONF_ANTHROPIC_MODEL: self._hub.get(CONF_ANTHROPIC_MODEL),
        }
        return self.async_show_form(
            step_id="models",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(schema), suggested
            ),
            errors=errors,
        )

    def _anthropic_model_known(self, model: str) -> bool:
        return any(
            model in (known, anthropic_model_alias(known))
            for known in self._anthropic_models
        )

    async def async_step_pull_model(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer to download the chosen model, or to choose another."""
        return self.async_show_menu(
            step_id="pull_model",
            menu_options=["download", "models"],
            description_placeholders=self._pull_placeholders(),
        )

    def _pull_placeholders(self) -> dict[str, str]:
        return {"model": self._pull_model, "url": self._hub[CONF_OLLAMA_URL]}

    async def async_step_download(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Download the model, showing the pull stream's progress."""
        if self._pull_task is None:
            self._pull_percent = -1
            self._pull_task = self.hass.async_create_background_task(
                self._async_pull(), f"AutoArr: download {self._pull_model}"
            )
        if not self._pull_task.done():
            return self.async_show_progress(
                step_id="download",
                progress_action="download",
                description_placeholders=self._pull_placeholders(),
                progress_task=self._pull_task,
            )
        task, self._pull_task = self._pull_task, None
        if (err := task.exception()) is not None:
            if isinstance(err, LLMError):
                _LOGGER.warning("Downloading %s failed: %s", self._pull_model, err)
            else:
                _LOGGER.error(
                    "Unexpected error downloading %s",
                    self._pull_model,
                    exc_info=err,
                )
            self._pull_error = str(err) or type(err).__name__
            return self.async_show_progress_done(next_step_id="download_failed")
        self._ollama_models.append(self._pull_model)
        return self.async_show_progress_done(next_step_id="download_done")

    async def _async_pull(self) -> None:
        """Pull the model, reporting its overall progress to the frontend.

        Ollama reports each layer (digest) of the model apart; the overall
        share is the bytes done over the bytes of every layer seen so far,
        reported in whole percent steps and never backwards (a new layer
        would otherwise make it drop).
        """
        ollama = create_ollama(self.hass, self._hub[CONF_OLLAMA_URL])
        layers: dict[str, tuple[int, int]] = {}
        async for progress in ollama.pull(self._pull_model):
            if not progress.digest or not progress.total:
                continue
            layers[progress.digest] = (progress.completed or 0, progress.total)
            done = sum(completed for completed, _ in layers.values())
            total = sum(size for _, size in layers.values())
            percent = min(100, 100 * done // total)
            if percent > self._pull_percent:
                self._pull_percent = percent
                self.async_update_progress(percent / 100)

    async def async_step_download_failed(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say why the download failed; offer to retry or choose another model."""
        return self.async_show_menu(
            step_id="download_failed",
            menu_options=["download", "models"],
            description_placeholders={
                **self._pull_placeholders(),
                "error": self._pull_error,
            },
        )

    async def async_step_download_done(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Carry on once the model is on the server."""
        return await self._async_check_tools()

    async def _async_check_tools(self) -> ConfigFlowResult:
        """Warn when the Ollama model cannot call tools, which the agent needs.

        A model that Ollama cannot describe right now is not held against it:
        the check is advice, and the entry's setup checks the model again.
        """
        model = self._hub[CONF_OLLAMA_MODEL]
        ollama = create_ollama(self.hass, self._hub[CONF_OLLAMA_URL])
        try:
            async with asyncio.timeout(validation.FLOW_TIMEOUT):
                info = await ollama.show(model)
        except (LLMError, TimeoutError) as err:
            _LOGGER.debug("Cannot check whether %s supports tools: %s", model, err)
            return await self._async_models_chosen()
        if not info.supports_tools:
            return await self.async_step_no_tools()
        return await self._async_models_chosen()

    async def async_step_no_tools(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Offer to keep a model without tool support, or to choose another."""
        return self.async_show_menu(
            step_id="no_tools",
            menu_options=["use_model", "models"],
            description_placeholders={"model": self._hub[CONF_OLLAMA_MODEL]},
        )

    async def async_step_use_model(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Keep the model without tool support."""
        return await self._async_models_chosen()

    async def _async_models_chosen(self) -> ConfigFlowResult:
        if self.source == SOURCE_RECONFIGURE:
            entry = self._get_reconfigure_entry()
            self.hass.config_entries.async_update_entry(entry, data=self._hub)
            async_finish_entry_change(self.hass, entry)
            return self.async_abort(
                reason="reconfigure_successful",
                translation_domain=HOMEASSISTANT_DOMAIN,
            )
        return await self.async_step_services()

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
            title=HUB_TITLE,
            data=self._hub,
            subentries=[*self._services, *default_agent_subentries()],
        )
