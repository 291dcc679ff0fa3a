"""Config flow for AutoArr: the hub, its services and its agents.

One hub entry per Home Assistant holds the language models (Ollama, and
Anthropic as an optional fallback). Every Sonarr, Radarr and SABnzbd instance
is a config subentry of it, and so is every agent (`conversation`,
`ai_task_data`). The hub's first flow sets the models, offers to download a
missing Ollama model, then lets the user add services before it finishes.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
import logging
from typing import Any, Final, override

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentry,
    ConfigSubentryData,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import (
    CONF_API_KEY,
    CONF_LLM_HASS_API,
    CONF_NAME,
    CONF_PROMPT,
    CONF_URL,
    CONF_VERIFY_SSL,
)
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN, HomeAssistant, callback
from homeassistant.helpers import llm
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.httpx_client import get_async_client
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TemplateSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from . import validation
from .arr.errors import ArrInvalidURLError
from .arr.kinds import SPECS, spec_of
from .const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    DOMAIN,
    MAX_MAX_TOOL_ITERATIONS,
    PROVIDER_ANTHROPIC,
    PROVIDER_AUTO,
    PROVIDER_OLLAMA,
    REAUTH_SUBENTRY_ID,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
)
from .llm_providers.base import LLMProvider
from .llm_providers.errors import LLMError, LLMTimeoutError
from .llm_providers.factory import default_factory
from .llm_providers.ollama import OllamaProvider
from .migrations import (
    ENTRY_MINOR_VERSION,
    ENTRY_VERSION,
    default_agent_subentries,
    llm_defaults,
)
from .validation import (
    UNKNOWN_ERROR,
    async_check_service,
    display_url,
    llm_error_key,
    normalize_url,
    service_unique_id,
)

_LOGGER = logging.getLogger(__name__)

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


def ollama_model_name(model: str) -> str:
    """Return an Ollama model name with its tag (Ollama's default is latest)."""
    model = model.strip()
    return model if ":" in model else f"{model}:latest"


def anthropic_model_alias(model_id: str) -> str:
    """Return a dated Claude model id's alias (claude-x-4-5-20250929 -> claude-x-4-5)."""
    base, _, version = model_id.rpartition("-")
    if len(version) == 8 and version.isdecimal():
        return base
    return model_id


def create_ollama(hass: HomeAssistant, url: str) -> OllamaProvider:
    """Build an Ollama provider for a server, on Home Assistant's session."""
    return OllamaProvider(
        async_get_clientsession(hass),
        url=url,
        connect_timeout=validation.FLOW_TIMEOUT,
        read_timeout=validation.FLOW_TIMEOUT,
    )


async def async_create_anthropic(hass: HomeAssistant, api_key: str) -> LLMProvider:
    """Build an Anthropic provider through the factory, on Home Assistant's httpx client.

    The SDK client loads certificates when it is built, so that runs in the
    executor, as Home Assistant core's anthropic integration does.
    """
    return await hass.async_add_executor_job(
        partial(
            default_factory.create_one,
            PROVIDER_ANTHROPIC,
            {
                CONF_ANTHROPIC_API_KEY: api_key,
                f"{PROVIDER_ANTHROPIC}_options": {"timeout": validation.FLOW_TIMEOUT},
            },
            http_client=get_async_client(hass),
            environ={},
        )
    )


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


class AutoArrConfigFlow(ConfigFlow, domain=DOMAIN):
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
        self._reauth_keys: dict[str, str] = {}

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
        """Ask where Ollama runs and, optionally, for an Anthropic key."""
        await self.async_set_unique_id(DOMAIN)
        self._abort_if_unique_id_configured()
        defaults = llm_defaults()
        if not self._hub:
            self._hub = {
                CONF_OLLAMA_MODEL: defaults[CONF_OLLAMA_MODEL],
                CONF_ANTHROPIC_MODEL: defaults[CONF_ANTHROPIC_MODEL],
            }
        return await self._async_step_connect(
            "user", user_input, {CONF_OLLAMA_URL: defaults[CONF_OLLAMA_URL]}
        )

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
                return await self.async_step_models()
            suggested = user_input
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(LLM_SCHEMA, suggested),
            errors=errors,
            description_placeholders={EXAMPLE_URL: OLLAMA_EXAMPLE_URL},
        )

    async def _async_connect(self, user_input: dict[str, Any]) -> dict[str, str]:
        """Reach Ollama and Anthropic; keep their model lists, or return errors."""
        errors: dict[str, str] = {}
        try:
            url = normalize_url(user_input[CONF_OLLAMA_URL])
        except ArrInvalidURLError:
            errors[CONF_OLLAMA_URL] = "invalid_url"
        else:
            ollama = create_ollama(self.hass, url)
            if error := await _async_list_models(ollama, self._ollama_models):
                errors[CONF_OLLAMA_URL] = error
        api_key = (user_input.get(CONF_ANTHROPIC_API_KEY) or "").strip()
        if api_key:
            anthropic = await async_create_anthropic(self.hass, api_key)
            if error := await _async_list_models(anthropic, self._anthropic_models):
                errors[CONF_ANTHROPIC_API_KEY] = error
        if errors:
            return errors
        self._hub[CONF_OLLAMA_URL] = url
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
        has_anthropic = CONF_ANTHROPIC_API_KEY in self._hub
        schema: dict[Any, Any] = {
            probatio.Required(CONF_OLLAMA_MODEL): SelectSelector(
                SelectSelectorConfig(
                    options=self._ollama_models, custom_value=True, sort=True
                )
            )
        }
        if has_anthropic:
            schema[probatio.Required(CONF_ANTHROPIC_MODEL)] = SelectSelector(
                SelectSelectorConfig(
                    options=self._anthropic_models, custom_value=True, sort=True
                )
            )
        errors: dict[str, str] = {}
        if user_input is not None:
            ollama_model = ollama_model_name(user_input[CONF_OLLAMA_MODEL])
            anthropic_model = (user_input.get(CONF_ANTHROPIC_MODEL) or "").strip()
            if has_anthropic and not self._anthropic_model_known(anthropic_model):
                errors[CONF_ANTHROPIC_MODEL] = "model_not_found"
            if not errors:
                self._hub[CONF_OLLAMA_MODEL] = ollama_model
                if has_anthropic:
                    self._hub[CONF_ANTHROPIC_MODEL] = anthropic_model
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
            description_placeholders={"url": self._hub[CONF_OLLAMA_URL]},
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
                service_schema(key_required=True), suggested
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

    # Reauthentication: new keys for whatever rejected its key.

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Find every key that is rejected now, the named service first."""
        entry = self._get_reauth_entry()
        hint = entry_data.get(REAUTH_SUBENTRY_ID)
        services = [
            subentry
            for subentry in entry.subentries.values()
            if subentry.subentry_type in SPECS
        ]
        results = await asyncio.gather(
            *(
                async_check_service(self.hass, subentry.subentry_type, subentry.data)
                for subentry in services
            )
        )
        queue: list[str] = []
        for subentry, (errors, _) in zip(services, results, strict=True):
            rejected = errors.get("base") == "invalid_auth"
            # The service that was seen rejecting its key may just be
            # unreachable now: ask for its key anyway.
            if rejected or (subentry.subentry_id == hint and errors):
                queue.append(subentry.subentry_id)
        queue.sort(key=lambda subentry_id: subentry_id != hint)
        if api_key := entry.data.get(CONF_ANTHROPIC_API_KEY):
            anthropic = await async_create_anthropic(self.hass, api_key)
            if await _async_list_models(anthropic, []) == "invalid_auth":
                queue.append(REAUTH_ANTHROPIC)
        self._reauth_queue = queue
        if not queue:
            return await self.async_step_reauth_select()
        return await self._async_reauth_next()

    async def async_step_reauth_select(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Nothing rejects its key right now: let the user say which changed."""
        entry = self._get_reauth_entry()
        options = [
            SelectOptionDict(
                value=subentry.subentry_id,
                label=f"{subentry.title} ({spec_of(subentry.subentry_type).name})",
            )
            for subentry in entry.subentries.values()
            if subentry.subentry_type in SPECS
        ]
        if CONF_ANTHROPIC_API_KEY in entry.data:
            options.append(SelectOptionDict(value=REAUTH_ANTHROPIC, label="Anthropic"))
        if not options:
            return self.async_abort(reason="nothing_to_reauth")
        if user_input is not None:
            self._reauth_queue = [user_input[REAUTH_SELECT_FIELD]]
            return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_select",
            data_schema=probatio.Schema(
                {
                    probatio.Required(REAUTH_SELECT_FIELD): SelectSelector(
                        SelectSelectorConfig(
                            options=options, mode=SelectSelectorMode.LIST
                        )
                    )
                }
            ),
        )

    async def _async_reauth_next(self) -> ConfigFlowResult:
        if not self._reauth_queue:
            return self._async_reauth_done()
        if self._reauth_queue[0] == REAUTH_ANTHROPIC:
            return await self.async_step_reauth_anthropic()
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a service's new key and check it."""
        entry = self._get_reauth_entry()
        subentry = entry.subentries[self._reauth_queue[0]]
        kind = subentry.subentry_type
        errors: dict[str, str] = {}
        placeholders = {
            CONF_NAME: subentry.title,
            "service": spec_of(kind).name,
            CONF_URL: display_url(subentry.data[CONF_URL]),
        }
        if user_input is not None:
            api_key = user_input[CONF_API_KEY].strip()
            errors, extra = await async_check_service(
                self.hass, kind, {**subentry.data, CONF_API_KEY: api_key}
            )
            placeholders |= extra
            if not errors:
                self._reauth_keys[subentry.subentry_id] = api_key
                self._reauth_queue.pop(0)
                return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_SERVICE_SCHEMA, user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth_anthropic(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new Anthropic key and check it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            api_key = user_input[CONF_ANTHROPIC_API_KEY].strip()
            anthropic = await async_create_anthropic(self.hass, api_key)
            if error := await _async_list_models(anthropic, []):
                errors[CONF_ANTHROPIC_API_KEY] = error
            else:
                self._reauth_keys[REAUTH_ANTHROPIC] = api_key
                self._reauth_queue.pop(0)
                return await self._async_reauth_next()
        return self.async_show_form(
            step_id="reauth_anthropic",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_ANTHROPIC_SCHEMA, user_input
            ),
            errors=errors,
        )

    @callback
    def _async_reauth_done(self) -> ConfigFlowResult:
        """Store every new key at once, so the entry reloads only once."""
        entry = self._get_reauth_entry()
        config_entries = self.hass.config_entries
        for subentry_id, api_key in self._reauth_keys.items():
            if subentry_id == REAUTH_ANTHROPIC:
                continue
            subentry = entry.subentries[subentry_id]
            config_entries.async_update_subentry(
                entry, subentry, data={**subentry.data, CONF_API_KEY: api_key}
            )
        if REAUTH_ANTHROPIC in self._reauth_keys:
            config_entries.async_update_entry(
                entry,
                data={
                    **entry.data,
                    CONF_ANTHROPIC_API_KEY: self._reauth_keys[REAUTH_ANTHROPIC],
                },
            )
        async_finish_entry_change(self.hass, entry)
        return self.async_abort(
            reason="reauth_successful", translation_domain=HOMEASSISTANT_DOMAIN
        )


async def _async_list_models(provider: LLMProvider, into: list[str]) -> str | None:
    """Fill `into` with the provider's models; return an error key on failure."""
    try:
        # A deadline of the flow's own: a provider's list timeout may be longer.
        async with asyncio.timeout(validation.FLOW_TIMEOUT):
            models = await provider.list_models()
    except TimeoutError:
        _LOGGER.debug("Listing the models of %s timed out", provider.name)
        return llm_error_key(LLMTimeoutError("no answer in time"))
    except LLMError as err:
        _LOGGER.debug("Listing the models of %s failed: %s", provider.name, err)
        return llm_error_key(err)
    except Exception:
        _LOGGER.exception("Unexpected error listing the models of %s", provider.name)
        return UNKNOWN_ERROR
    into[:] = models
    return None


class ServiceSubentryFlow(ConfigSubentryFlow):
    """Add or change a Sonarr, Radarr or SABnzbd instance."""

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add an instance, checked live."""
        return await self._async_step_form("user", user_input, None)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change an instance; an empty key keeps the current one."""
        return await self._async_step_form(
            "reconfigure", user_input, self._get_reconfigure_subentry()
        )

    async def _async_step_form(
        self,
        step_id: str,
        user_input: dict[str, Any] | None,
        current: ConfigSubentry | None,
    ) -> SubentryFlowResult:
        kind = self._subentry_type
        entry = self._get_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                service = ServiceInput.parse(
                    kind,
                    user_input,
                    current_key=None if current is None else current.data[CONF_API_KEY],
                )
            except ArrInvalidURLError:
                errors[CONF_URL] = "invalid_url"
            else:
                if any(
                    subentry.unique_id == service.unique_id and subentry is not current
                    for subentry in entry.subentries.values()
                ):
                    return self.async_abort(reason="already_configured")
                errors, placeholders = await service.async_check(self.hass)
            if not errors:
                if current is None:
                    return self.async_create_entry(
                        title=service.title,
                        data=service.data,
                        unique_id=service.unique_id,
                    )
                result = self.async_update_and_abort(
                    entry,
                    current,
                    title=service.title,
                    data=service.data,
                    unique_id=service.unique_id,
                )
                async_finish_entry_change(self.hass, entry)
                return result
        if user_input is not None:
            suggested: Mapping[str, Any] = user_input
        elif current is not None:
            suggested = {
                CONF_NAME: current.title,
                CONF_URL: current.data[CONF_URL],
                CONF_VERIFY_SSL: current.data[CONF_VERIFY_SSL],
            }
        else:
            suggested = {
                CONF_NAME: next_service_name(
                    kind,
                    [
                        subentry.title
                        for subentry in entry.subentries.values()
                        if subentry.subentry_type == kind
                    ],
                )
            }
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                service_schema(key_required=current is None), suggested
            ),
            errors=errors,
            description_placeholders={
                **placeholders,
                EXAMPLE_URL: spec_of(kind).example_url,
            },
        )


class AgentSubentryFlow(ConfigSubentryFlow):
    """Add or change a conversation agent or an AI task agent."""

    _options: dict[str, Any]

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add an agent, starting from the defaults."""
        defaults = next(
            subentry
            for subentry in default_agent_subentries()
            if subentry["subentry_type"] == self._subentry_type
        )
        self._options = {CONF_NAME: defaults["title"], **defaults["data"]}
        return await self.async_step_init()

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change an agent."""
        subentry = self._get_reconfigure_subentry()
        self._options = {CONF_NAME: subentry.title, **subentry.data}
        return await self.async_step_init()

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Set the agent's name, instructions, provider and limits."""
        entry = self._get_entry()
        has_anthropic = CONF_ANTHROPIC_API_KEY in entry.data
        # Claude is always offered: choosing it without a key says how to
        # add one, rather than hiding the choice.
        providers = [PROVIDER_AUTO, PROVIDER_OLLAMA, PROVIDER_ANTHROPIC]
        conversation = self._subentry_type == SUBENTRY_CONVERSATION
        # AutoArr's own tools (the LLM API registered under its domain) are
        # always given to its agent: only the others are a choice.
        apis = [
            SelectOptionDict(value=api.id, label=api.name)
            for api in llm.async_get_apis(self.hass)
            if api.id != DOMAIN
        ]
        known_apis = {api["value"] for api in apis}
        schema: dict[Any, Any] = {
            # pylint: disable-next=home-assistant-config-flow-name-field
            probatio.Required(CONF_NAME): TextSelector(),
        }
        if conversation:
            # AI tasks bring their instructions with each task.
            schema[probatio.Optional(CONF_PROMPT)] = TemplateSelector()
        schema |= {
            probatio.Required(CONF_PROVIDER): SelectSelector(
                SelectSelectorConfig(
                    options=providers,
                    translation_key=CONF_PROVIDER,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            ),
            probatio.Required(CONF_MAX_TOOL_ITERATIONS): probatio.All(
                NumberSelector(
                    NumberSelectorConfig(
                        min=1,
                        max=MAX_MAX_TOOL_ITERATIONS,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                    )
                ),
                probatio.Coerce(int),
            ),
        }
        if conversation:
            schema[probatio.Required(CONF_INSTANT_ANSWERS)] = BooleanSelector()
            schema[probatio.Optional(CONF_LLM_HASS_API)] = SelectSelector(
                SelectSelectorConfig(options=apis, multiple=True)
            )
            # Older data may hold one API as a string; drop APIs that are
            # gone (their integration was removed).
            stored = self._options.get(CONF_LLM_HASS_API) or []
            if isinstance(stored, str):
                stored = [stored]
            self._options[CONF_LLM_HASS_API] = [
                api for api in stored if api in known_apis
            ]
        errors: dict[str, str] = {}
        if user_input is not None:
            if user_input[CONF_PROVIDER] == PROVIDER_ANTHROPIC and not has_anthropic:
                errors[CONF_PROVIDER] = "provider_not_configured"
            if not errors:
                title = user_input.pop(CONF_NAME).strip() or self._options[CONF_NAME]
                data = dict(user_input)
                if conversation:
                    data.setdefault(CONF_LLM_HASS_API, [])
                if self.source == SOURCE_RECONFIGURE:
                    result = self.async_update_and_abort(
                        entry, self._get_reconfigure_subentry(), title=title, data=data
                    )
                    async_finish_entry_change(self.hass, entry)
                    return result
                return self.async_create_entry(title=title, data=data)
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(schema), user_input or self._options
            ),
            errors=errors,
        )
