"""The hub's language model steps: which servers, which models, downloads.

Every model is optional. The first step asks for the servers (an Ollama
URL, an OpenAI-compatible server's URL with its optional key, an Anthropic
key) and lists the models of each one given; the next chooses a model per
server, offering to download a missing Ollama model. The hub's reconfigure
flow runs the same steps to add, change or remove models later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
import logging
from typing import Any, Final, override

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN
from homeassistant.helpers.selector import SelectSelector, SelectSelectorConfig
import probatio

from custom_components.autoarr import validation
from custom_components.autoarr.arr.errors import ArrInvalidURLError
from custom_components.autoarr.const import (
    CONF_ANTHROPIC_API_KEY,
    CONF_ANTHROPIC_MODEL,
    CONF_OLLAMA_MODEL,
    CONF_OLLAMA_URL,
    CONF_OPENAI_API_KEY,
    CONF_OPENAI_MODEL,
    CONF_OPENAI_URL,
    DOMAIN,
)
from custom_components.autoarr.llm_providers.errors import LLMError
from custom_components.autoarr.migrations import llm_defaults
from custom_components.autoarr.model_runtime import configured_providers
from custom_components.autoarr.validation import normalize_url

from .common import (
    EXAMPLE_URL,
    LLM_SCHEMA,
    OLLAMA_EXAMPLE_URL,
    OPENAI_EXAMPLE_URL,
    async_finish_entry_change,
)
from .providers import (
    anthropic_model_alias,
    async_create_anthropic,
    async_list_models,
    create_ollama,
    create_openai,
    ollama_model_name,
)
from .pull import ModelPull

_LOGGER = logging.getLogger(__name__)
OPENAI_EXAMPLE: Final = "openai_example_url"


def _url(user_input: Mapping[str, Any], field: str, errors: dict[str, str]) -> str:
    """Return a form's URL field normalized; "" when empty (an error when unusable)."""
    raw = (user_input.get(field) or "").strip()
    if not raw:
        return ""
    try:
        return normalize_url(raw)
    except ArrInvalidURLError:
        errors[field] = "invalid_url"
        return ""


def _keep(hub: dict[str, Any], key: str, value: str, *dependent: str) -> None:
    """Store a setting, or forget it (and what depends on it) when empty."""
    if value:
        hub[key] = value
        return
    for name in (key, *dependent):
        hub.pop(name, None)


class HubModelSteps(ConfigFlow):
    """The hub's language model steps (a base of AutoArrConfigFlow)."""

    _hub: dict[str, Any]
    _ollama_models: list[str]
    _openai_models: list[str]
    _anthropic_models: list[str]
    _pull: ModelPull | None
    # The next step of the first setup once the models are chosen.
    async_step_services: Callable[..., Awaitable[ConfigFlowResult]]

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
            description_placeholders={
                EXAMPLE_URL: OLLAMA_EXAMPLE_URL,
                OPENAI_EXAMPLE: OPENAI_EXAMPLE_URL,
            },
        )

    async def _async_connect(self, user_input: dict[str, Any]) -> dict[str, str]:
        """Reach the models given; keep their model lists, or return errors.

        Every field is optional: a model left out is one the hub has not.
        """
        errors: dict[str, str] = {}
        ollama_url = _url(user_input, CONF_OLLAMA_URL, errors)
        if ollama_url and (
            error := await async_list_models(
                create_ollama(self.hass, ollama_url), self._ollama_models
            )
        ):
            errors[CONF_OLLAMA_URL] = error
        openai_url = _url(user_input, CONF_OPENAI_URL, errors)
        openai_key = (user_input.get(CONF_OPENAI_API_KEY) or "").strip()
        if openai_key and not openai_url and CONF_OPENAI_URL not in errors:
            errors[CONF_OPENAI_URL] = "url_needed"
        if openai_url and (
            error := await async_list_models(
                create_openai(self.hass, openai_url, openai_key), self._openai_models
            )
        ):
            field = CONF_OPENAI_API_KEY if error == "invalid_auth" else CONF_OPENAI_URL
            errors[field] = error
        api_key = (user_input.get(CONF_ANTHROPIC_API_KEY) or "").strip()
        if api_key:
            anthropic = await async_create_anthropic(self.hass, api_key)
            if error := await async_list_models(anthropic, self._anthropic_models):
                errors[CONF_ANTHROPIC_API_KEY] = error
        if errors:
            return errors
        _keep(self._hub, CONF_OLLAMA_URL, ollama_url, CONF_OLLAMA_MODEL)
        _keep(self._hub, CONF_OPENAI_URL, openai_url, CONF_OPENAI_MODEL)
        _keep(self._hub, CONF_OPENAI_API_KEY, openai_url and openai_key)
        _keep(self._hub, CONF_ANTHROPIC_API_KEY, api_key, CONF_ANTHROPIC_MODEL)
        return {}

    async def async_step_models(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose the models, among those the servers offer or any other."""
        has_ollama = CONF_OLLAMA_URL in self._hub
        has_openai = CONF_OPENAI_URL in self._hub
        has_anthropic = CONF_ANTHROPIC_API_KEY in self._hub
        schema: dict[Any, Any] = {}
        if has_ollama:
            schema[probatio.Required(CONF_OLLAMA_MODEL)] = SelectSelector(
                SelectSelectorConfig(
                    options=self._ollama_models, custom_value=True, sort=True
                )
            )
        if has_openai:
            schema[probatio.Required(CONF_OPENAI_MODEL)] = SelectSelector(
                SelectSelectorConfig(
                    options=self._openai_models, custom_value=True, sort=True
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
            openai_model = (user_input.get(CONF_OPENAI_MODEL) or "").strip()
            if has_openai and not openai_model:
                errors[CONF_OPENAI_MODEL] = "model_needed"
            if not errors:
                if has_anthropic:
                    self._hub[CONF_ANTHROPIC_MODEL] = anthropic_model
                if has_openai:
                    self._hub[CONF_OPENAI_MODEL] = openai_model
                if not has_ollama:
                    return await self._async_models_chosen()
                ollama_model = ollama_model_name(user_input[CONF_OLLAMA_MODEL])
                self._hub[CONF_OLLAMA_MODEL] = ollama_model
                installed = {ollama_model_name(name) for name in self._ollama_models}
                if ollama_model not in installed:
                    self._pull = ModelPull(
                        self.hass, self._hub[CONF_OLLAMA_URL], ollama_model
                    )
                    return await self.async_step_pull_model()
                return await self._async_check_tools()
        suggested = user_input or {
            CONF_OLLAMA_MODEL: self._hub.get(CONF_OLLAMA_MODEL),
            # A server that serves one model (llama-server) needs no choice.
            CONF_OPENAI_MODEL: self._hub.get(CONF_OPENAI_MODEL)
            or next(iter(self._openai_models), None),
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
        assert self._pull is not None
        return self.async_show_menu(
            step_id="pull_model",
            menu_options=["download", "models"],
            description_placeholders=self._pull.placeholders(),
        )

    async def async_step_download(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Download the model, showing the pull stream's progress."""
        assert self._pull is not None
        return self._pull.progress_step(self, self._ollama_models.append)

    async def async_step_download_failed(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Say why the download failed; offer to retry or choose another model."""
        assert self._pull is not None
        return self._pull.failed_step(self, "models")

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
