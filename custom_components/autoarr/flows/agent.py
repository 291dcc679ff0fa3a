"""Adding or changing a conversation agent or an AI task agent."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_LLM_HASS_API, CONF_NAME, CONF_PROMPT
from homeassistant.helpers import llm
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TemplateSelector,
    TextSelector,
)
import probatio

from custom_components.autoarr.announce import TARGET_DOMAINS
from custom_components.autoarr.const import (
    CONF_ADD_DIRECTLY,
    CONF_ANNOUNCE_READY,
    CONF_ANNOUNCE_TO,
    CONF_CONFIRM_CHANGES,
    CONF_FOLLOWUP_DAYS,
    CONF_INSTANT_ANSWERS,
    CONF_MAX_TOOL_ITERATIONS,
    CONF_OLLAMA_URL,
    CONF_PROVIDER,
    CONF_PROVIDER_ORDER,
    CONF_VOICE_CONTROL,
    DEFAULT_CONFIRM_CHANGES,
    DEFAULT_FOLLOWUP_DAYS,
    DEFAULT_VOICE_CONTROL,
    DOMAIN,
    MAX_FOLLOWUP_DAYS,
    MAX_MAX_TOOL_ITERATIONS,
    PROVIDER_AUTO,
    PROVIDER_OLLAMA,
    SUBENTRY_AI_TASK,
    SUBENTRY_CONVERSATION,
    VOICE_ALLOW,
    VOICE_READ_ONLY,
)
from custom_components.autoarr.migrations import default_agent_subentries
from custom_components.autoarr.model_runtime import configured_providers

from .agent_models import (
    async_model_lists,
    clean_models,
    model_defaults,
    model_errors,
    model_key,
    model_schema,
)
from .common import MAX_NAME_LENGTH, async_finish_entry_change
from .providers import PROVIDERS
from .pull import ModelPull


class AgentSubentryFlow(ConfigSubentryFlow):
    """Add or change a conversation agent or an AI task agent.

    An Ollama model that is not on the server is offered for download (with
    its progress, as the hub's model step does); the agent is saved once it
    is there.
    """

    _options: dict[str, Any]
    _model_lists: dict[str, list[str]] | None = None
    _pull: ModelPull | None = None
    # The form's answers, kept while the agent's Ollama model downloads.
    _pending: dict[str, Any] | None = None

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Add an agent, starting from the defaults."""
        defaults = next(
            subentry
            for subentry in default_agent_subentries()
            if subentry["subentry_type"] == self._subentry_type
        )
        self._options = {
            **model_defaults(
                self._get_entry().data,
                ai_task=self._subentry_type == SUBENTRY_AI_TASK,
            ),
            CONF_NAME: defaults["title"],
            **defaults["data"],
        }
        return await self.async_step_init()

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change an agent."""
        subentry = self._get_reconfigure_subentry()
        self._options = {
            **model_defaults(
                self._get_entry().data,
                ai_task=self._subentry_type == SUBENTRY_AI_TASK,
            ),
            CONF_NAME: subentry.title,
            **subentry.data,
        }
        return await self.async_step_init()

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Set the agent's name, instructions, provider, models and limits."""
        entry = self._get_entry()
        if self._model_lists is None:
            self._model_lists = await async_model_lists(self.hass, entry.data)
        unconfigured = {p.name for p in PROVIDERS if not p.configured(entry.data)}
        providers = [PROVIDER_AUTO, *(provider.name for provider in PROVIDERS)]
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
        }
        if len(configured := configured_providers(entry.data)) > 1:
            # The full order, when the preferred one then the hub's will not
            # do; a multiple dropdown keeps the values in the order chosen.
            schema[probatio.Optional(CONF_PROVIDER_ORDER)] = SelectSelector(
                SelectSelectorConfig(
                    options=configured,
                    multiple=True,
                    translation_key=CONF_PROVIDER_ORDER,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            )
        schema |= {
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
        schema |= model_schema(entry.data, self._model_lists)
        if conversation:
            schema[probatio.Required(CONF_INSTANT_ANSWERS)] = BooleanSelector()
            schema[
                probatio.Optional(CONF_VOICE_CONTROL, default=DEFAULT_VOICE_CONTROL)
            ] = SelectSelector(
                SelectSelectorConfig(
                    options=[VOICE_ALLOW, VOICE_READ_ONLY],
                    translation_key=CONF_VOICE_CONTROL,
                    mode=SelectSelectorMode.LIST,
                )
            )
            schema[
                probatio.Optional(CONF_CONFIRM_CHANGES, default=DEFAULT_CONFIRM_CHANGES)
            ] = BooleanSelector()
            schema[probatio.Optional(CONF_ADD_DIRECTLY, default=False)] = (
                BooleanSelector()
            )
            schema[probatio.Optional(CONF_ANNOUNCE_READY, default=False)] = (
                BooleanSelector()
            )
            schema[
                probatio.Optional(CONF_FOLLOWUP_DAYS, default=DEFAULT_FOLLOWUP_DAYS)
            ] = probatio.All(
                NumberSelector(
                    NumberSelectorConfig(
                        min=1,
                        max=MAX_FOLLOWUP_DAYS,
                        step=1,
                        mode=NumberSelectorMode.BOX,
                        unit_of_measurement="d",
                    )
                ),
                probatio.Coerce(int),
            )
            # Absent: the satellite that asked says it.
            schema[probatio.Optional(CONF_ANNOUNCE_TO)] = EntitySelector(
                EntitySelectorConfig(domain=TARGET_DOMAINS)
            )
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
            if user_input[CONF_PROVIDER] in unconfigured:
                errors[CONF_PROVIDER] = "provider_not_configured"
            if len(user_input[CONF_NAME].strip()) > MAX_NAME_LENGTH:
                errors[CONF_NAME] = "name_too_long"
            clean_models(user_input)
            errors |= model_errors(user_input, self._model_lists)
            ollama_model = model_key(PROVIDER_OLLAMA)
            if errors == {ollama_model: "model_not_installed"}:
                # All else is right: offer to download it.
                self._pending = dict(user_input)
                self._pull = ModelPull(
                    self.hass, entry.data[CONF_OLLAMA_URL], user_input[ollama_model]
                )
                return await self.async_step_pull_model()
            if not errors:
                return self._async_save(user_input)
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(schema), user_input or self._options
            ),
            errors=errors,
        )

    def _async_save(self, user_input: dict[str, Any]) -> SubentryFlowResult:
        """Create or update the agent from the form's answers."""
        entry = self._get_entry()
        title = user_input.pop(CONF_NAME).strip() or self._options[CONF_NAME]
        data = dict(user_input)
        if self._subentry_type == SUBENTRY_CONVERSATION:
            data.setdefault(CONF_LLM_HASS_API, [])
        if self.source == SOURCE_RECONFIGURE:
            result = self.async_update_and_abort(
                entry, self._get_reconfigure_subentry(), title=title, data=data
            )
            async_finish_entry_change(self.hass, entry)
            return result
        return self.async_create_entry(title=title, data=data)

    async def async_step_pull_model(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Offer to download the agent's Ollama model, or to change the options."""
        assert self._pull is not None
        return self.async_show_menu(
            step_id="pull_model",
            menu_options=["download", "change"],
            description_placeholders=self._pull.placeholders(),
        )

    async def async_step_change(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Show the options again, as they were answered."""
        assert self._pending is not None
        self._options |= self._pending
        return await self.async_step_init()

    async def async_step_download(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Download the model, showing the pull stream's progress."""
        assert self._pull is not None and self._model_lists is not None
        lists = self._model_lists
        return self._pull.progress_step(
            self, lambda model: lists.setdefault(PROVIDER_OLLAMA, []).append(model)
        )

    async def async_step_download_failed(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Say why the download failed; offer to retry or change the options."""
        assert self._pull is not None
        return self._pull.failed_step(self, "change")

    async def async_step_download_done(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Save the agent now that its model is on the server."""
        assert self._pending is not None
        return self._async_save(dict(self._pending))
